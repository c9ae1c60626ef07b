"""The `sources` table (watched folders and files) and the reads a sync needs from the import log and the messages.

A source row says what to watch and how its last sync went: counts and an
error line, never memory text. The two reads at the end look at what an
earlier import stored from under a source's path (`imports.path`,
`messages.source_file`), so the watcher can tell which files it has never
seen and which notes lost their file while it was not running.
"""
from __future__ import annotations

from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.store.driver import sqlite

_COLUMNS = "path, format, folder, paused, added_at, last_sync, synced_until, last_error, files, added, updated, archived"


class SourceRow(NamedTuple):
    path: str
    format: str
    folder: int
    paused: int
    added_at: str
    last_sync: str | None
    synced_until: str | None
    last_error: str | None
    files: int
    added: int
    updated: int
    archived: int


class SyncCounts(NamedTuple):
    """What one sync did, as the row keeps it."""

    files: int
    added: int
    updated: int
    archived: int


def insert_source(conn: sqlite.Connection, path: str, fmt: str, folder: bool, added_at: str) -> bool:
    """Add a source; False (and nothing changed) when the path is already watched."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO sources (path, format, folder, added_at) VALUES (?, ?, ?, ?)", (path, fmt, int(folder), added_at)
    )
    return cursor.rowcount > 0


def source_rows(db: sqlite_utils.Database) -> list[SourceRow]:
    """Every source, in the order they were added."""
    return [SourceRow(*row) for row in db.execute(f"SELECT {_COLUMNS} FROM sources ORDER BY rowid").fetchall()]


def source_row(db: sqlite_utils.Database | sqlite.Connection, path: str) -> SourceRow | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM sources WHERE path = ?", (path,)).fetchone()
    return SourceRow(*row) if row else None


def delete_source(conn: sqlite.Connection, path: str) -> bool:
    """Stop watching `path` (the row only: what was imported stays)."""
    return conn.execute("DELETE FROM sources WHERE path = ?", (path,)).rowcount > 0


def set_paused(conn: sqlite.Connection, path: str, paused: bool) -> bool:
    return conn.execute("UPDATE sources SET paused = ? WHERE path = ?", (int(paused), path)).rowcount > 0


def set_sync(
    conn: sqlite.Connection, path: str, synced_at: str, counts: SyncCounts, error: str | None, synced_until: str | None
) -> None:
    """The outcome of one sync; `synced_until` (None: left as it was) is how far every change is known to be stored."""
    conn.execute(
        "UPDATE sources SET last_sync = ?, last_error = ?, files = ?, added = ?, updated = ?, archived = ?, "
        "synced_until = coalesce(?, synced_until) WHERE path = ?",
        (synced_at, error, counts.files, counts.added, counts.updated, counts.archived, synced_until, path),
    )


def _under(prefix: str) -> tuple[str, str]:
    """`path = prefix OR path LIKE 'prefix/%'`, with LIKE's wildcards in the prefix escaped."""
    escaped = prefix.rstrip("/").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return prefix, escaped + "/%"


def imported_files_under(db: sqlite_utils.Database, prefix: str) -> set[str]:
    """The files (as the import log names them) an import has read at or under `prefix`."""
    exact, pattern = _under(prefix)
    rows = db.execute("SELECT DISTINCT path FROM imports WHERE path = ? OR path LIKE ? ESCAPE '\\'", (exact, pattern)).fetchall()
    return {path for (path,) in rows}


def current_note_files_under(db: sqlite_utils.Database, prefix: str) -> set[str]:
    """The files at or under `prefix` that current (not archived) notes were read from."""
    exact, pattern = _under(prefix)
    rows = db.execute(
        "SELECT DISTINCT source_file FROM messages WHERE kind = 'note' AND archived = 0 AND (source_file = ? OR source_file LIKE ? ESCAPE '\\')",
        (exact, pattern),
    ).fetchall()
    return {path for (path,) in rows}
