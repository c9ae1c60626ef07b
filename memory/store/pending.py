"""Rebuilds owed after facts were written: which conversations' scenes and which people's persona.

Fact extraction commits facts (and the messages' `extracted` marks) first and
rebuilds scenes and persona afterwards, in their own transactions. A process
killed in between used to leave scenes and profiles that never saw the new
facts until the same conversation was imported again. The extraction's
transaction now also records what it owes here, and the rebuild clears only
the rows it read, so a crash at any moment leaves either the debt or its
payment, and the next open (or `consolidate`) pays what is left.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlite_utils

from remembrancer.memory.store.driver import sqlite


@dataclass
class PendingRebuilds:
    """What is owed, up to `last_rowid` (rows added later are someone else's and stay)."""

    last_rowid: int = 0
    conversations: set[str] = field(default_factory=set)
    subjects: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.conversations or self.subjects)


def mark_pending(conn: sqlite.Connection, conversations: Iterable[str], subjects: Iterable[str]) -> None:
    """Inside the transaction that writes the facts."""
    rows = [("scenes", c) for c in sorted(set(conversations))] + [("persona", s) for s in sorted(set(subjects))]
    conn.executemany("INSERT INTO pending_rebuilds (kind, key) VALUES (?, ?)", rows)


def read_pending(db: sqlite_utils.Database) -> PendingRebuilds:
    pending = PendingRebuilds()
    for rowid, kind, key in db.execute("SELECT rowid, kind, key FROM pending_rebuilds ORDER BY rowid"):
        pending.last_rowid = rowid
        (pending.conversations if kind == "scenes" else pending.subjects).add(key)
    return pending


def clear_pending(conn: sqlite.Connection, upto_rowid: int) -> None:
    conn.execute("DELETE FROM pending_rebuilds WHERE rowid <= ?", (upto_rowid,))


def work_pending(db: sqlite_utils.Database) -> bool:
    """Messages not yet through the extractor, or rebuilds owed: one indexed look-up each, cheap on every open."""
    unextracted = db.execute("SELECT 1 FROM messages WHERE extracted = 0 LIMIT 1").fetchone()
    return bool(unextracted or db.execute("SELECT 1 FROM pending_rebuilds LIMIT 1").fetchone())
