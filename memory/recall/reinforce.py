"""Recall as review: returned items get stronger (the spacing effect)."""
from __future__ import annotations

import logging
from memory.store.driver import sqlite
from collections.abc import Mapping, Sequence
from datetime import datetime

import sqlite_utils

from memory.forgetting import FADED, reinforced_stability, retention
from memory.store.database import transaction
from memory.timeutil import to_iso

logger = logging.getLogger(__name__)

_TABLES = ("messages", "facts", "persona", "scenes")
# Tables without learned_at count from when they were built.
_LEARNED = {"messages": "learned_at", "facts": "learned_at", "persona": "built_at", "scenes": "built_at"}


def reinforce_rows(db: sqlite_utils.Database, ids_by_table: Mapping[str, Sequence[str]], now: datetime) -> None:
    updates: dict[str, list[tuple]] = {}
    for table, ids in ids_by_table.items():
        if table not in _TABLES or not ids:
            continue
        marks = ",".join("?" * len(ids))
        rows = db.execute(f"SELECT rowid, stability_days, last_review, {_LEARNED[table]} FROM {table} WHERE id IN ({marks})", list(ids)).fetchall()
        updates[table] = [
            (reinforced_stability(stability, retention(stability, last, learned, now)), to_iso(now), rowid) for rowid, stability, last, learned in rows
        ]
    if not any(updates.values()):
        return
    try:
        _write(db, updates)
    except sqlite.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        # A writer held the lock past busy_timeout (a huge file's import): the
        # recall still answers; only this review goes uncounted.
        logger.warning("recall not counted as a review: the store stayed busy (%s)", exc)


def _write(db: sqlite_utils.Database, updates: dict[str, list[tuple]]) -> None:
    with transaction(db) as conn:
        for table, rows in updates.items():
            # A review brings a faded memory back (archived 1); one the user forgot (2) stays forgotten.
            conn.executemany(
                f"UPDATE {table} SET stability_days = ?, last_review = ?, reviews = reviews + 1,"
                f" archived = CASE archived WHEN {FADED} THEN 0 ELSE archived END WHERE rowid = ?",
                rows,
            )
