"""The forgetting curve: retention R = exp(-t / S), reviews raise S.

t is the time since the memory was last reviewed (or learned), S its
stability in days. A review after a longer gap raises S more (the spacing
effect), as in MemoryBank and SM-2/FSRS-style schedulers.

The clock is the time the store learned a memory, not the time it was said:
importing a chat from 2019 today must not make it instantly faded.

Important memories start more stable: a note the user wrote on purpose more
than a passing chat turn; a fact about where someone lives or who their family
is more than one about lunch; a fact said several times more than one said
once. A memory whose retention falls below `ARCHIVE_THRESHOLD` is archived:
left out of default recall, never deleted. Pinned memories never fade.
"""
from __future__ import annotations

import functools
import math
from datetime import datetime

from remembrancer.memory.timeutil import parse_time, to_iso

DEFAULT_STABILITY_DAYS = 30.0
MAX_STABILITY_DAYS = 36500.0
# Below this retention a memory is archived. With S = 60 days that is after
# ~235 days without a review; each review pushes it further out.
ARCHIVE_THRESHOLD = 0.02
# In ranking, a memory's score is scaled by FLOOR + (1 - FLOOR) * R: a faded
# memory ranks lower than a fresh one that matches as well, but it still comes
# back when it is the only match.
RANK_FLOOR = 0.5

# The `archived` column: 0 live, FADED by the forgetting curve (a review brings
# it back), FORGOTTEN by the user (only the user brings it back), REMOVED from
# the note file it came from (a deleted paragraph or note: only the file brings
# it back, when a re-import finds it there again; `memory.note_sync`). Not
# FADED: a removed paragraph must not come back because it was opened, and a
# re-import must not revive a paragraph that merely faded.
FADED = 1
FORGOTTEN = 2
REMOVED = 3

MESSAGE_STABILITY_DAYS = 60.0
NOTE_STABILITY_DAYS = 120.0
FACT_STABILITY_DAYS = 60.0
SCENE_STABILITY_DAYS = 90.0
PERSONA_STABILITY_DAYS = 180.0
# Attributes that describe who a person is: remembered longer than preferences.
CORE_ATTRIBUTES = frozenset({"home", "origin", "work", "occupation", "education", "family", "relationship", "health", "birthday", "identity",
                             "name", "email", "phone", "address"})


def retention(stability_days: float, last_review: str | None, learned_at: str, now: datetime, pinned: bool = False) -> float:
    if pinned:
        return 1.0
    anchor = _stored_time(last_review or learned_at)
    elapsed_days = max(0.0, (now - anchor).total_seconds() / 86400.0)
    return math.exp(-elapsed_days / max(stability_days, 1e-6))


@functools.lru_cache(maxsize=16384)
def _stored_time(value: str) -> datetime:
    """A stored time, parsed once: recall weighs hundreds of candidates whose
    times repeat (one import stamps one `learned_at` on all its rows); stored
    times carry their offset, so the result does not depend on the zone."""
    return parse_time(value)


def reinforced_stability(stability_days: float, current_retention: float) -> float:
    """New stability after a review: the more it had faded, the bigger the gain."""
    gain = 1.0 + 1.5 * (1.0 - current_retention) + 0.1
    return min(MAX_STABILITY_DAYS, stability_days * gain)


def fact_importance(attribute: str | None, confidence: float) -> float:
    """0..1: how much a fact matters to who someone is, weighed by how sure we are of it."""
    kind = 1.0 if attribute in CORE_ATTRIBUTES else 0.5 if attribute else 0.0
    return kind * min(1.0, max(0.0, confidence))


def initial_fact_stability(attribute: str | None, confidence: float) -> float:
    """60 days for an ordinary fact, up to 180 for a sure fact about who someone is."""
    return FACT_STABILITY_DAYS * (1.0 + 2.0 * fact_importance(attribute, confidence))


def initial_message_stability(kind: str) -> float:
    return NOTE_STABILITY_DAYS if kind == "note" else MESSAGE_STABILITY_DAYS


def rank_weight(current_retention: float) -> float:
    return RANK_FLOOR + (1.0 - RANK_FLOOR) * current_retention


def not_faded_sql(alias: str, learned_column: str, now: datetime, threshold: float = ARCHIVE_THRESHOLD) -> tuple[str, list]:
    """A SQL condition true for rows of `alias` that are pinned or still above `threshold` at `now`.

    R >= threshold  <=>  elapsed days <= S * -ln(threshold): no exp() needed in SQL.
    """
    condition = (
        f"({alias}.pinned = 1 OR julianday(?) - julianday(coalesce({alias}.last_review, {alias}.{learned_column}))"
        f" <= {alias}.stability_days * ?)"
    )
    return condition, [to_iso(now), -math.log(threshold)]
