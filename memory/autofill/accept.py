"""Recording the suggestions the user kept: the one way autofill reinforces memory.

Suggesting a value is not remembering it, so `autofill` never touches the
forgetting curve. When the user keeps a value (the browser extension reports
the fields submitted unchanged, the desktop app a confirmed fill), the
memories it cited count as reviewed, exactly as a recall would: their
stability grows and a faded one comes back. A kept value is evidence that
the memory is still right.

Callers pass the suggestions the user accepted; values they edited or
cleared must not be passed (the memory may be outdated: a later import or
the conflict queue settles that).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from remembrancer.memory.autofill.types import FieldSuggestion
from remembrancer.memory.review import review
from remembrancer.memory.timeutil import ensure_aware

if TYPE_CHECKING:
    from remembrancer.memory.core import Memory

logger = logging.getLogger(__name__)

def accept(memory: Memory, accepted: Iterable[FieldSuggestion], now: datetime | None = None) -> int:
    """Count the memories cited by `accepted` (suggestions with a value) as reviewed; returns how many ids."""
    ids = list(dict.fromkeys(s for suggestion in accepted if suggestion.value is not None for s in suggestion.sources))
    if not ids:
        return 0
    review(memory.db, ids, ensure_aware(now))  # ids are unique across levels: each row is found in its own table
    logger.info("autofill: %d memories reinforced by accepted suggestions", len(ids))
    return len(ids)
