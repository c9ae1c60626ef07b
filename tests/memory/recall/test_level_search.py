"""Full-text search of an upper level filters the best matches first, and must rank exactly as filtering all of them."""
from __future__ import annotations

from pathlib import Path

import pytest

from remembrancer.memory.recall import level_search
from remembrancer.memory.recall.level_search import RowFilter, level_lexical
from remembrancer.memory.store.database import open_database


@pytest.fixture
def db(tmp_path: Path):
    db = open_database(tmp_path / "memory.sqlite3")
    with db.conn:
        for i in range(60):
            # more "kite" for lower i: BM25 ranks them first; every third row is archived
            text = "kite " * (1 + (60 - i) // 10) + f"on the beach, day {i}."
            db.execute(
                "INSERT INTO facts (id, text, norm, subject, time_said, learned_at, confidence, extractor, archived)"
                " VALUES (?, ?, ?, 'Ana', '2024-01-01', '2024-01-01', 0.9, 'test', ?)",
                (f"f{i}", text, f"n{i}", int(i % 3 == 0 or i < 12)),
            )
    return db


def every_match_filtered(db, limit: int) -> list[int]:  # type: ignore[no-untyped-def]
    sql = "SELECT f.rowid FROM facts_fts f JOIN facts b ON b.rowid = f.rowid WHERE facts_fts MATCH ? AND b.archived = 0 ORDER BY bm25(facts_fts), f.rowid LIMIT ?"
    return [r for (r,) in db.execute(sql, ['"kite"', limit])]


@pytest.mark.parametrize("limit", [1, 3, 5, 20, 50])
def test_filtering_the_best_first_ranks_as_filtering_all(db, limit: int, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With the 12 best archived, a small over-fetch holds too few that pass: the search must widen, not return short."""
    monkeypatch.setattr(level_search, "OVERFETCH", 2)
    alive = RowFilter("AND b.archived = 0")
    assert level_lexical(db, "facts", '"kite"', limit, alive) == every_match_filtered(db, limit)


def test_no_filter_is_plain_bm25(db) -> None:  # type: ignore[no-untyped-def]
    assert len(level_lexical(db, "facts", '"kite"', 100)) == 60
    assert level_lexical(db, "facts", None, 10) == []
