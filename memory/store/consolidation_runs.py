"""The `consolidation_runs` log: one row per consolidation, dry runs included."""
from __future__ import annotations

import sqlite_utils

from remembrancer.memory.store.database import transaction


def record_run(db: sqlite_utils.Database, started_at: str, seconds: float, dry_run: bool, report_json: str) -> None:
    with transaction(db) as conn:
        conn.execute(
            "INSERT INTO consolidation_runs (started_at, seconds, dry_run, report) VALUES (?, ?, ?, ?)",
            (started_at, seconds, int(dry_run), report_json),
        )


def last_run(db: sqlite_utils.Database) -> str | None:
    """When the last real (not dry) run started, or None."""
    row = db.execute("SELECT max(started_at) FROM consolidation_runs WHERE dry_run = 0").fetchone()
    return row[0] if row else None
