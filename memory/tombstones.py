"""Tombstones: what `forget --hard` deleted, remembered without its text, so a re-import cannot bring it back.

A hard forget deletes messages for good; the file they came from is still on
disk, and importing it again would store them anew (ids are free again) and
extract the same facts. So each hard forget leaves one tombstone: for every
message it deleted, a hash of the message id and a hash of its normalised
text, never the text. An import skips a parsed message whose id hash, or
(for messages from a file) whose text hash, a tombstone holds, and counts
it as "forgotten" in its summary, so the skip is never silent. The text hash
catches the same words under another id (a chat log renamed, whose ids hash
the file name; the same chat exported by another tool). What the user tells
the assistant after the forget is new speech, not a re-import: only its id
is checked.

Hashes are SHA-256 under a fixed label, of the id and of the text reduced to
lower-case words (NFKC, punctuation and spacing dropped), so re-rendering
does not dodge them. A hash of a short text can be confirmed by whoever
guesses the exact words; it lives in the encrypted store (and in an export,
which is plaintext by design and holds everything else in clear).

`forget --unforget ID` (or `--unforget-all`) deletes a tombstone on purpose:
the store then holds no trace of those messages, and the next import of the
file brings them back.
"""
from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from remembrancer.memory.errors import InputError
from remembrancer.memory.store import tombstones as store
from remembrancer.memory.store.database import transaction
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.types import ImportSummary, ParsedMessage

logger = logging.getLogger(__name__)

_LABEL = "remembrancer-tombstone-v1"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Tombstone:
    """One hard forget, as `forget --list-tombstones` shows it: no text, only when and how many."""

    id: str
    forgotten_at: str
    messages: int

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "forgotten_at": self.forgotten_at, "messages": self.messages}


def normalised_text(text: str) -> str:
    """The words of `text`, case-folded: the same message re-rendered (spacing, punctuation, width) hashes alike."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def message_hash(message_id: str) -> str:
    return hashlib.sha256(f"{_LABEL}\x1fid\x1f{message_id}".encode()).hexdigest()


def text_hash(text: str) -> str | None:
    """None for a message without words (an attachment alone): an empty hash would match every such message."""
    words = normalised_text(text)
    return hashlib.sha256(f"{_LABEL}\x1ftext\x1f{words}".encode()).hexdigest() if words else None


def record(conn: sqlite.Connection, messages: Sequence[tuple[str, str]], forgotten_at: str) -> str | None:
    """Inside the forget's transaction: one tombstone for these (message id, text) pairs; returns its id."""
    if not messages:
        return None
    hashes = sorted({(message_hash(mid), text_hash(text)) for mid, text in messages}, key=repr)
    digest = hashlib.sha256(f"{forgotten_at}\x1f{hashes!r}".encode()).hexdigest()[:12]
    tombstone = f"t-{digest}"
    store.insert_tombstone(conn, tombstone, forgotten_at, hashes)
    logger.info("tombstone %s: %d messages", tombstone, len({m for m, _ in hashes}))
    return tombstone


def list_tombstones(db: sqlite_utils.Database) -> list[Tombstone]:
    return [Tombstone(t.id, t.forgotten_at, t.messages) for t in store.tombstone_summaries(db)]


def unforget(db: sqlite_utils.Database, ids: Iterable[str] | None) -> list[Tombstone]:
    """Delete the named tombstones (all when `ids` is None); an unknown id changes nothing and is an input error."""
    known = {t.id: t for t in list_tombstones(db)}
    wanted = list(known) if ids is None else list(dict.fromkeys(ids))
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise InputError(f"--unforget: no tombstone {unknown[0]!r} (see `forget --list-tombstones`)")
    with transaction(db) as conn:
        store.delete_tombstones(conn, wanted)
    logger.info("unforgot %d tombstones", len(wanted))
    return [known[i] for i in wanted]


def skip_forgotten(db: sqlite_utils.Database, source: Path | str, items: list[ParsedMessage], summary: ImportSummary) -> list[ParsedMessage]:
    """The import filter: `items` without the messages a tombstone holds, counted in `summary.messages_forgotten`.

    A message whose id is stored already with the same text is left to the
    import (a no-op, "already stored"); one whose new text is a forgotten
    one is skipped like a new message (a re-import would otherwise edit the
    forgotten words back in under a live id). Costs one query when the store
    has no tombstones.
    """
    if not items or not store.any_tombstone(db):
        return items
    stored = store.stored_texts(db, [m.id for m in items])
    fresh = [m for m in items if stored.get(m.id) != m.text]
    by_text = isinstance(source, Path)  # a file re-imported, not new words said to the assistant
    keys = {m.id: (message_hash(m.id), text_hash(m.text) if by_text else None) for m in fresh}
    ids_hit = store.present_message_hashes(db, {k[0] for k in keys.values()})
    texts_hit = store.present_text_hashes(db, {k[1] for k in keys.values() if k[1]})
    forgotten = {mid for mid, (h, t) in keys.items() if h in ids_hit or (t is not None and t in texts_hit)}
    if not forgotten:
        return items
    summary.messages_forgotten += len(forgotten)
    logger.info("import: %d messages skipped, forgotten by a tombstone", len(forgotten))
    return [m for m in items if m.id not in forgotten]

