"""The conversation with the assistant is itself a memory.

What the user tells the assistant ("my sister is called Ana") is as much a
statement about their life as a line in an imported chat, so each exchange is
stored as messages of the conversation `assistant-chat` through the normal
import pipeline (`store_batches`): the user's turns get facts extracted, the
assistant's answers are kept with role `assistant` for context. Ids are
content hashes with the time, so storing the same exchange twice adds nothing.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
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

CONVERSATION = "assistant-chat"
SOURCE_LABEL = "assistant-chat"
ROLES = ("user", "assistant")


@dataclass(frozen=True)
class ChatTurn:
    """One turn of the conversation with the assistant; `time` None means `now`."""

    role: str
    text: str
    time: datetime | None = None


def _message_id(role: str, stamp: str, text: str) -> str:
    digest = hashlib.sha1(f"{role}\x1f{stamp}\x1f{text}".encode()).hexdigest()[:16]
    return f"chat-{digest}"


def to_messages(turns: Sequence[ChatTurn], user_name: str, now: datetime) -> list[ParsedMessage]:
    """The turns as messages: the user's under their name, the assistant's as "Remembrancer"."""
    if not user_name.strip():
        raise InputError("assistant chat: the user's name is empty")
    out = []
    for number, turn in enumerate(turns, 1):
        if turn.role not in ROLES:
            raise InputError(f"assistant chat turn {number}: role must be user or assistant, not {turn.role!r}")
        text = turn.text.strip()
        if not text:
            continue
        stamp = to_iso(ensure_aware(turn.time or now))
        speaker = user_name.strip() if turn.role == "user" else "Remembrancer"
        out.append(ParsedMessage(_message_id(turn.role, stamp, text), CONVERSATION, stamp, speaker, text, role=turn.role, line=number))
    return out


def record_turns(memory: Memory, turns: Sequence[ChatTurn], user_name: str = "me", now: datetime | None = None) -> ImportSummary:
    """Store the turns and extract facts from what the user said, never from the assistant.

    The assistant's answers restate memories; extracting from them would count
    the store's own words as new evidence (a restatement reinforces a fact).
    They are stored for context with extraction marked done.
    """
    now = ensure_aware(now)
    messages = to_messages(turns, user_name, now)
    said = [m for m in messages if m.role == "user"]
    answers = [m for m in messages if m.role == "assistant"]
    summary = ImportSummary()
    if said:
        summary = store_batches(memory.db, memory.indexes, memory.embedder, [(SOURCE_LABEL, "assistant-chat", said)], now, extractor=memory.extractor)
    if answers:
        stored = store_batches(memory.db, memory.indexes, memory.embedder, [(SOURCE_LABEL, "assistant-chat", answers)], now,
                               extractor=None, mark_extracted=True)
        summary.messages_added += stored.messages_added
        summary.messages_skipped += stored.messages_skipped
        summary.files = 1
    logger.info("assistant chat: %d turns stored, %d facts", summary.messages_added, summary.facts_created)
    return summary
