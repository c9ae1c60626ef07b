"""The extraction queue: messages' `extracted` marks.

A message is stored with `extracted = 0` and marked 1 in the transaction
that stores its facts (or stored marked, when it must never yield facts: the
assistant's replies), so an import interrupted in between resumes where it
stopped.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.store.database import select_in
from remembrancer.memory.store.driver import sqlite


class Unextracted(NamedTuple):
    """What the extractor reads of a message."""

    rowid: int
    id: str
    conversation: str
    speaker: str
    time: str
    text: str
    role: str
    heading: str | None = None  # a note item's heading, which its text starts with ("Garden: ...")
    time_utc: str = ""  # with `conversation` and `rowid`: where the next chunk starts (`next_unextracted`'s `after`)


def count_unextracted(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM messages WHERE extracted = 0").fetchone()[0]


def next_unextracted(db: sqlite_utils.Database, limit: int, after: Unextracted | None = None) -> list[Unextracted]:
    """Up to `limit` messages not yet extracted, grouped by conversation in the order they were said.

    `after`: only messages that come after that one in this order (the next
    chunk, read while the one before is still being extracted and not yet marked).
    """
    start = " AND (conversation, time_utc, rowid) > (?, ?, ?)" if after is not None else ""
    rows = db.execute(
        "SELECT rowid, id, conversation, speaker, time, text, role,"
        " CASE WHEN kind = 'note' AND json_valid(metadata) THEN json_extract(metadata, '$.heading') END, time_utc"
        f" FROM messages WHERE extracted = 0{start} ORDER BY conversation, time_utc, rowid LIMIT ?",
        [after.conversation, after.time_utc, after.rowid, limit] if after is not None else [limit],
    )
    return [Unextracted(*row) for row in rows]


def extracted_among(conn: sqlite.Connection, rowids: Sequence[int]) -> set[str]:
    """The ids of those of these messages already marked extracted (read under the write lock, in the caller's transaction)."""
    return {i for (i,) in select_in(conn, "SELECT id FROM messages WHERE extracted = 1 AND rowid IN ({})", rowids)}


def mark_extracted(conn: sqlite.Connection, rowids: Sequence[int]) -> None:
    """These messages are through the extractor (inside the transaction that stores their facts)."""
    conn.executemany("UPDATE messages SET extracted = 1 WHERE rowid = ?", [(r,) for r in rowids])
