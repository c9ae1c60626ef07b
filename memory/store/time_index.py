"""What was said, or mentioned, in a span of time: the reads behind recall's time-span list (`memory.recall.time_span`)."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal, NamedTuple

import sqlite_utils

from remembrancer.memory.store.database import select_in


def said_between(db: sqlite_utils.Database, low: str, high: str, limit: int) -> dict[int, str]:
    """Up to `limit` messages (rowid -> id) said at `low` <= time_utc < `high`."""
    return dict(db.execute("SELECT rowid, id FROM messages WHERE time_utc >= ? AND time_utc < ? LIMIT ?", [low, high, limit]))


class Mention(NamedTuple):
    fact: int  # rowid
    time_mentioned: str


def mentions(db: sqlite_utils.Database, condition: str, params: Sequence[str], batch: int) -> Iterator[list[Mention]]:
    """Facts whose `time_mentioned` meets `condition`, `batch` at a time, read lazily: a busy year holds thousands."""
    cursor = db.execute(f"SELECT rowid, time_mentioned FROM facts WHERE {condition}", params)
    while rows := cursor.fetchmany(batch):
        yield list(map(Mention._make, rows))


class MessageRef(NamedTuple):
    rowid: int
    id: str


def cited_messages(db: sqlite_utils.Database, facts: Sequence[int]) -> list[MessageRef]:
    """The messages these fact rowids cite (one statement: a batch of mentions is small)."""
    sql = f"SELECT m.rowid, m.id FROM fact_sources fs JOIN messages m ON m.id = fs.message_id WHERE fs.fact_rowid IN ({','.join('?' * len(facts))})"
    return list(map(MessageRef._make, db.execute(sql, facts).fetchall()))


def said_between_among(
    db: sqlite_utils.Database, column: Literal["rowid", "id"], values: Sequence[int | str], low: str, high: str
) -> dict[int, str]:
    """Messages (rowid -> id) whose `column` is in `values` and that were said at `low` <= time_utc < `high`."""
    sql = f"SELECT rowid, id FROM messages WHERE {column} IN ({{}}) AND time_utc >= ? AND time_utc < ?"
    return dict(select_in(db, sql, values, (low, high)))
