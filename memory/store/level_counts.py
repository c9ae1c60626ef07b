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
    def count(sql: str) -> int:
        return db.execute(sql).fetchone()[0]

    levels = {level: count(f"SELECT count(*) FROM {table}" + ("" if level == "message" else " WHERE archived = 0")) for level, table in TABLES.items()}
    archived = {level: count(f"SELECT count(*) FROM {table} WHERE archived != 0") for level, table in TABLES.items()}
    kinds = {kind: db.execute("SELECT count(*) FROM messages WHERE kind = ?", [kind]).fetchone()[0] for kind in ("message", "note")}
    return LevelCounts(levels, archived, kinds, count("SELECT count(DISTINCT conversation) FROM messages"))
