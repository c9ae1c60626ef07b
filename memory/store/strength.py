"""The forgetting curve's columns at every level: reviews that strengthen a memory, and archiving what faded.

Keyed by level name; the table of each comes from the level registry
(`memory.store.levels.TABLES`). Every level keeps `stability_days`,
`last_review`, `reviews`, `pinned` and `archived`; the curve starts from when
a memory was learned, or for the levels built from others when it was built.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.forgetting import FADED, not_faded_sql
from remembrancer.memory.store.database import select_in, transaction
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.levels import TABLES

# When the curve starts, per level: learned, or built (scenes and persona).
LEARNED_COLUMN = {"message": "learned_at", "fact": "learned_at", "scene": "built_at", "persona": "built_at"}


class Strength(NamedTuple):
    rowid: int
    stability_days: float
    last_review: str | None
    learned_at: str  # or built_at


class Review(NamedTuple):
    """A review to write: the new stability, when it happened, of which row."""

    stability_days: float
    last_review: str
    rowid: int


def strengths(db: sqlite_utils.Database, level: str, ids: Sequence[str]) -> list[Strength]:
    """The curve's state of those of `ids` stored at `level`."""
    sql = f"SELECT rowid, stability_days, last_review, {LEARNED_COLUMN[level]} FROM {TABLES[level]} WHERE id IN ({{}})"
    return [Strength(*row) for row in select_in(db, sql, ids)]


def write_reviews(db: sqlite_utils.Database, reviews: Mapping[str, Sequence[Review]]) -> None:
    """Count one review of each row (per level), in one transaction.

    A review brings a faded memory back (archived FADED); one the user forgot stays forgotten.
    """
    with transaction(db) as conn:
        for level, rows in reviews.items():
            conn.executemany(
                f"UPDATE {TABLES[level]} SET stability_days = ?, last_review = ?, reviews = reviews + 1,"
                f" archived = CASE archived WHEN {FADED} THEN 0 ELSE archived END WHERE rowid = ?",
                rows,
            )


def faded(db: sqlite_utils.Database, level: str, now: datetime) -> list[int]:
    """Rowids at `level` not yet archived whose retention is below the threshold at `now` (pinned never)."""
    condition, params = not_faded_sql("b", LEARNED_COLUMN[level], now)
    return [r for (r,) in db.execute(f"SELECT rowid FROM {TABLES[level]} b WHERE b.archived = 0 AND NOT {condition}", params)]


def archive_faded(conn: sqlite.Connection, level: str, rowids: Sequence[int]) -> None:
    """Archive these rows as faded, inside the caller's transaction (a review brings them back)."""
    conn.executemany(f"UPDATE {TABLES[level]} SET archived = {FADED} WHERE rowid = ?", [(r,) for r in rowids])
