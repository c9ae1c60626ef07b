"""A memory is reviewed (strengthened, the spacing effect) when it is *used*, never because a search returned it.

Uses are: the person opens it, it is cited in an answer they were shown,
an autofill value resting on it is kept, they pin it. Recall is a read: a
wrong match that was merely returned must not grow stronger and crowd the
ranking toward what was returned before (systems that ship a forgetting
curve dropped reinforcement-on-retrieval for this reason). This module is
the one writer of the review columns (their SQL is `memory.store.strength`).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

import sqlite_utils

from remembrancer.memory.forgetting import reinforced_stability, retention
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.levels import TABLES
from remembrancer.memory.store.strength import Review, strengths, write_reviews
from remembrancer.memory.timeutil import to_iso

logger = logging.getLogger(__name__)


def review(db: sqlite_utils.Database, ids: Iterable[str], now: datetime) -> int:
    """Count these memories (of any level: ids are unique across tables) as reviewed at `now`; returns how many were found."""
    wanted = sorted(set(ids))
    if not wanted:
        return 0
    reviews: dict[str, list[Review]] = {}
    for level in TABLES:
        reviews[level] = [
            Review(reinforced_stability(row.stability_days, retention(row.stability_days, row.last_review, row.learned_at, now)), to_iso(now), row.rowid)
            for row in strengths(db, level, wanted)
        ]
    found = sum(len(rows) for rows in reviews.values())
    if not found:
        return 0
    try:
        write_reviews(db, reviews)  # a review brings a faded memory back; one the user forgot stays forgotten
    except sqlite.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        # A writer held the lock past busy_timeout (a huge file's import): what
        # the person did still stands; only this review goes uncounted.
        logger.warning("use not counted as a review: the store stayed busy (%s)", exc)
        return 0
    return found
