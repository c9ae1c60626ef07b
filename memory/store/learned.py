"""What the store learned after a moment: facts and messages by `learned_at` (the SQL of `memory.recent`)."""
from __future__ import annotations

from typing import NamedTuple

import sqlite_utils


class LearnedRow(NamedTuple):
    rowid: int
    id: str
    text: str
    who: str            # a fact's subject, a message's speaker
    said_at: str | None  # when it was said (a fact: the message's time)
    learned_at: str
    conversation: str | None


def learned_facts(db: sqlite_utils.Database, since: str, limit: int) -> list[LearnedRow]:
    """Current, readable facts learned at or after `since` (any offset: compared as instants), newest first."""
    rows = db.execute(
        "SELECT rowid, id, text, subject, time_said, learned_at, NULL FROM facts"
        " WHERE julianday(learned_at) >= julianday(?) AND archived = 0 AND superseded_at IS NULL AND standalone = 1"
        " ORDER BY julianday(learned_at) DESC, rowid DESC LIMIT ?",
        [since, int(limit)],
    ).fetchall()
    return [LearnedRow(*row) for row in rows]


def learned_messages(db: sqlite_utils.Database, since: str, limit: int) -> list[LearnedRow]:
    """Live messages and notes stored at or after `since`, newest first."""
    rows = db.execute(
        "SELECT rowid, id, text, speaker, time, learned_at, conversation FROM messages"
        " WHERE julianday(learned_at) >= julianday(?) AND archived = 0"
        " ORDER BY julianday(learned_at) DESC, time_utc DESC, rowid DESC LIMIT ?",
        [since, int(limit)],
    ).fetchall()
    return [LearnedRow(*row) for row in rows]
