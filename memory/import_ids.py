"""What an imported id means: new, the same message again, an edit, or a mistake.

The contract makes ids unique in the data dir and a re-import of the same id a
no-op. Before, any id already stored was dropped as "already stored", even
with other text, or from another conversation: an edited note, or two exports
whose ids happen to collide, lost data without a word. Now:

- the same id with the same speaker and text: a no-op (idempotent re-import);
- the same id, same conversation, other text: an *edit*: the new text is
  stored, the old one kept in `message_history`, and the facts resting on it
  derived again (`memory.store.messages.replace_messages`);
- the same id in another conversation, or twice in one import with different
  text: an error naming the file and line, raised before anything is written,
  so the import stays all-or-nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from remembrancer.memory.errors import InputError
from remembrancer.memory.store import messages as repo
from remembrancer.memory.types import ParsedMessage


@dataclass(frozen=True)
class _Seen:
    message: ParsedMessage
    file: Path | str


def check_ids(db: sqlite_utils.Database, batches: list[tuple[Path | str, str, list[ParsedMessage]]]) -> None:
    """Raise `InputError` (FILE:LINE) for an id that would take another message's place."""
    seen: dict[str, _Seen] = {}
    for file, _, items in batches:
        for item in items:
            first = seen.get(item.id)
            if first is None:
                seen[item.id] = _Seen(item, file)
            elif (first.message.conversation, first.message.speaker, first.message.text) != (item.conversation, item.speaker, item.text):
                where = f"{first.file}:{first.message.line}" if first.message.line else str(first.file)
                raise InputError(f"id {item.id!r} is used twice in this import with different messages (first at {where}); "
                                 "ids must be unique in the data dir", file, item.line)
    stored = repo.conversations_of(db, list(seen))
    for message_id, conversation in stored.items():
        item = seen[message_id]
        if conversation != item.message.conversation:
            raise InputError(f"id {message_id!r} already belongs to a message of another conversation; ids must be unique in "
                             "the data dir (give this conversation's messages their own ids, e.g. prefixed with its name)",
                             item.file, item.message.line)
