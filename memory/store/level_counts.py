"""How many memories each level holds, for `stats`."""
from __future__ import annotations

from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.store.levels import TABLES


class LevelCounts(NamedTuple):
    levels: dict[str, int]    # per level: every message; live (not archived) facts, scenes, persona
    archived: dict[str, int]  # per level: archived (faded or forgotten)
    kinds: dict[str, int]     # messages and note items
    conversations: int


def level_counts(db: sqlite_utils.Database) -> LevelCounts:
    """Read from indexes only: the rare rows (archived, notes) from their partial indexes (migration 20),
    the rest as the table's size less those. The conditions are literals, as a partial index needs."""
    def count(sql: str) -> int:
        return db.execute(sql).fetchone()[0]

    totals = {level: count(f"SELECT count(*) FROM {table}") for level, table in TABLES.items()}
    archived = {level: count(f"SELECT count(*) FROM {table} WHERE archived != 0") for level, table in TABLES.items()}
    levels = {level: totals[level] - (0 if level == "message" else archived[level]) for level in TABLES}
    notes = count("SELECT count(*) FROM messages WHERE kind = 'note'")
    kinds = {"message": totals["message"] - notes, "note": notes}  # a message row is a message or a note item
    return LevelCounts(levels, archived, kinds, count("SELECT count(DISTINCT conversation) FROM messages"))
