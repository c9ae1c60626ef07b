"""The `access_log` table: one row per call an outside tool made (the SQL of `memory.access_log`)."""
from __future__ import annotations

from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.store.driver import sqlite


class AccessRow(NamedTuple):
    rowid: int
    time: str
    via: str
    client: str
    tool: str
    arguments: str  # a JSON object
    returned: str   # a JSON list of memory ids
    outcome: str
    detail: str | None


def insert_access(conn: sqlite.Connection, time: str, via: str, client: str, tool: str, arguments: str, returned: str,
                  outcome: str, detail: str | None) -> int:
    """Append one call; returns its rowid."""
    cursor = conn.execute(
        "INSERT INTO access_log (time, via, client, tool, arguments, returned, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (time, via, client, tool, arguments, returned, outcome, detail),
    )
    return int(cursor.lastrowid or 0)


def trim_access(conn: sqlite.Connection, keep: int) -> None:
    """Keep only the newest `keep` rows (the log must not grow without end)."""
    conn.execute("DELETE FROM access_log WHERE rowid <= (SELECT max(rowid) FROM access_log) - ?", (int(keep),))


def access_rows(db: sqlite_utils.Database, limit: int | None, client: str | None) -> list[AccessRow]:
    """The newest `limit` rows (all when None), of one client (any case) or all, oldest first."""
    where, params = ("WHERE lower(client) = lower(?)", [client]) if client else ("", [])
    sql = f"SELECT rowid, time, via, client, tool, arguments, returned, outcome, detail FROM access_log {where} ORDER BY rowid DESC"
    if limit:
        sql += " LIMIT ?"
        params.append(int(limit))
    rows = [AccessRow(*row) for row in db.execute(sql, params).fetchall()]
    return rows[::-1]
