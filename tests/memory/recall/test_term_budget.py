"""Full-text queries leave out their commonest words when they would match too many rows of a table."""
from __future__ import annotations

from pathlib import Path

import pytest

from memory.recall.term_budget import TermBudget
from memory.store.database import open_database


@pytest.fixture
def db(tmp_path: Path):
    db = open_database(tmp_path / "memory.sqlite3")
    with db.conn:
        texts = ["Ana saw a kestrel in 2023."] + [f"Ana went out on {i % 28 + 1} May 2023." for i in range(1, 60)]
        for i, text in enumerate(texts):
            db.execute(
                "INSERT INTO facts (id, text, norm, subject, time_said, learned_at, confidence, extractor) VALUES (?, ?, ?, 'Ana', '2024-01-01', '2024-01-01', 0.9, 'test')",
                (f"f{i}", text, f"x{i}"),
            )
    return db


def test_common_words_are_left_out_over_the_budget(db) -> None:
    budget = TermBudget(db, "facts", 20)
    assert budget.match("kestrel 2023") == '"kestrel"'


def test_rare_words_stay_and_the_rarest_always_stays(db) -> None:
    assert TermBudget(db, "facts", 20).match("2023 may") in ('"2023"', '"may"')
    assert TermBudget(db, "facts", 1000).match("kestrel 2023") == '"kestrel" OR "2023"'
    assert TermBudget(db, "facts", 0).match("kestrel 2023") == '"kestrel" OR "2023"'


def test_each_table_counts_its_own_rows(db) -> None:
    """A year is common in facts (dates resolved) but may be rare in messages."""
    assert TermBudget(db, "messages", 20).match("kestrel 2023") == '"kestrel" OR "2023"'
