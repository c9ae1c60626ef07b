"""Reading and writing the `conflicts` queue: two facts the store would not order alone, for the user to settle."""
from __future__ import annotations

from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.store.driver import sqlite


class ConflictRow(NamedTuple):
    rowid: int
    fact_a: int  # facts rowids
    fact_b: int
    reason: str
    created_at: str
    resolved_at: str | None
    resolution: str | None


_COLUMNS = "rowid, fact_a, fact_b, reason, created_at, resolved_at, resolution"


def queue(conn: sqlite.Connection, fact_a: int, fact_b: int, reason: str, created_at: str) -> int:
    """Queue the pair (once: a pair already queued stays as it is); returns how many were added (0 or 1)."""
    cursor = conn.execute("INSERT OR IGNORE INTO conflicts (fact_a, fact_b, reason, created_at) VALUES (?, ?, ?, ?)", (fact_a, fact_b, reason, created_at))
    return cursor.rowcount


def conflicts(db: sqlite_utils.Database, include_resolved: bool = False) -> list[ConflictRow]:
    """The open conflicts (all with `include_resolved`) in the order they were queued."""
    where = "" if include_resolved else " WHERE resolved_at IS NULL"
    return [ConflictRow(*row) for row in db.execute(f"SELECT {_COLUMNS} FROM conflicts{where} ORDER BY rowid")]


def conflict(db: sqlite_utils.Database, rowid: int) -> ConflictRow | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM conflicts WHERE rowid = ?", [rowid]).fetchone()
    return ConflictRow(*row) if row else None


def mark_resolved(conn: sqlite.Connection, rowid: int, resolved_at: str, resolution: str) -> None:
    conn.execute("UPDATE conflicts SET resolved_at = ?, resolution = ? WHERE rowid = ?", (resolved_at, resolution, rowid))
