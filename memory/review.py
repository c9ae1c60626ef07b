"""A memory is reviewed (strengthened, the spacing effect) when it is *used*, never because a search returned it.

Uses are: the person opens it, it is cited in an answer they were shown,
an autofill value resting on it is kept, they pin it. Recall is a read: a
wrong match that was merely returned must not grow stronger and crowd the
ranking toward what was returned before (systems that ship a forgetting
curve dropped reinforcement-on-retrieval for this reason). This module is
the one writer of the review columns.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

import sqlite_utils

from remembrancer.memory.forgetting import FADED, reinforced_stability, retention
from remembrancer.memory.store.database import select_in, transaction
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.levels import TABLES
from remembrancer.memory.timeutil import to_iso

logger = logging.getLogger(__name__)

_TABLES = tuple(TABLES.values())
# Tables without learned_at count from when they were built.
_LEARNED = {"messages": "learned_at", "facts": "learned_at", "persona": "built_at", "scenes": "built_at"}


def review(db: sqlite_utils.Database, ids: Iterable[str], now: datetime) -> int:
    """Count these memories (of any level: ids are unique across tables) as reviewed at `now`; returns how many were found."""
    wanted = sorted(set(ids))
    if not wanted:
        return 0
    updates: dict[str, list[tuple]] = {}
    for table in _TABLES:
        rows = list(select_in(db, f"SELECT rowid, stability_days, last_review, {_LEARNED[table]} FROM {table} WHERE id IN ({{}})", wanted))
        updates[table] = [
            (reinforced_stability(stability, retention(stability, last, learned, now)), to_iso(now), rowid) for rowid, stability, last, learned in rows
        ]
    found = sum(len(rows) for rows in updates.values())
    if not found:
        return 0
    try:
        _write(db, updates)
    except sqlite.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        # A writer held the lock past busy_timeout (a huge file's import): what
        # the person did still stands; only this review goes uncounted.
        logger.warning("use not counted as a review: the store stayed busy (%s)", exc)
        return 0
    return found


def _write(db: sqlite_utils.Database, updates: dict[str, list[tuple]]) -> None:
    with transaction(db) as conn:
        for table, rows in updates.items():
            # A review brings a faded memory back (archived 1); one the user forgot (2) stays forgotten.
            conn.executemany(
                f"UPDATE {table} SET stability_days = ?, last_review = ?, reviews = reviews + 1,"
                f" archived = CASE archived WHEN {FADED} THEN 0 ELSE archived END WHERE rowid = ?",
                rows,
            )
