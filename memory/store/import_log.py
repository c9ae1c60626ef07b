"""The `imports` log: one row per file (or batch) an import stored."""
from __future__ import annotations

from remembrancer.memory.store.driver import sqlite


def record_import(conn: sqlite.Connection, path: str, format: str, imported_at: str, added: int, skipped: int) -> None:
    """Inside the file's own transaction: the row exists exactly when the file's messages do."""
    conn.execute(
        "INSERT INTO imports (path, format, imported_at, added, skipped) VALUES (?, ?, ?, ?, ?)",
        (path, format, imported_at, added, skipped),
    )
