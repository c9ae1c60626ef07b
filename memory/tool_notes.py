"""Notes an outside tool was asked to remember ("remember that my dentist is Dr Okafor").

When the person tells an AI tool to remember something and that tool may
write (an MCP client they allowed to), the note is what the person said,
through that tool: it is stored as a message of the tool's own
conversation (`mcp:<client>`), spoken by the person, with the tool's name
as its source, through the normal import pipeline, so its facts are
extracted, it is searchable at once, and `forget` treats it like any other
message. The id hashes the tool, the time and the text: the same note sent
twice in the same second is stored once.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from remembrancer.memory.errors import InputError
from remembrancer.memory.ingest import store_batches
from remembrancer.memory.timeutil import ensure_aware, to_iso
from remembrancer.memory.types import ImportSummary, ParsedMessage

if TYPE_CHECKING:
    from remembrancer.memory.core import Memory

logger = logging.getLogger(__name__)

MAX_NOTE_CHARS = 4000
CONVERSATION_PREFIX = "mcp:"


@dataclass(frozen=True)
class StoredNote:
    """The message a note became, and what the import made of it."""

    id: str
    conversation: str
    summary: ImportSummary


def conversation_of(tool: str) -> str:
    return f"{CONVERSATION_PREFIX}{tool}"


def record_note(memory: Memory, text: str, tool: str, speaker: str, about: str | None = None, now: datetime | None = None) -> StoredNote:
    """Store `text` as `speaker`'s message in the tool's conversation; `about` (a person) is kept as metadata."""
    text = text.strip()
    if not text:
        raise InputError("remember: the note is empty")
    if len(text) > MAX_NOTE_CHARS:
        raise InputError(f"remember: a note holds at most {MAX_NOTE_CHARS} characters, not {len(text)}")
    stamp = to_iso(ensure_aware(now))
    digest = hashlib.sha1(f"{tool}\x1f{stamp}\x1f{text}".encode()).hexdigest()[:16]
    metadata = {"source": tool, "via": "mcp", **({"about": about.strip()} if about and about.strip() else {})}
    message = ParsedMessage(f"mcp-{digest}", conversation_of(tool), stamp, speaker.strip() or "me", text, role="user", metadata=metadata)
    summary = store_batches(memory.db, memory.indexes, memory.embedder, [(tool, "mcp", [message])], ensure_aware(now),
                            extractor=memory.extractor)
    logger.info("a note from %s stored: %d facts", tool, summary.facts_created)
    return StoredNote(message.id, message.conversation, summary)
