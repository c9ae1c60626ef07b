"""Full-text queries leave out their commonest words when they would match too many rows of a table."""
from __future__ import annotations

from pathlib import Path

import pytest

from remembrancer.memory.recall.term_budget import TermBudget
from remembrancer.memory.store.database import open_database


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


def test_the_window_list_counts_windows(tmp_path: Path) -> None:
    """A message is in five 5-turn windows: the window query meets its budget at a fifth of the turns' matches."""
    from remembrancer.memory import Memory
    from tests.helpers import record, write_jsonl

    chat = [record(f"m{i}", f"{'kestrel' if i % 10 == 0 else 'heron'} seen at dawn, turn {i}", time=f"2024-03-01T10:{i:02d}:00") for i in range(60)]
    with Memory(tmp_path / "data", "fake", extractor=None) as mem:
        mem.import_path(write_jsonl(tmp_path / "chat.jsonl", chat))
        turns = TermBudget(mem.db, "messages", 20)
        windows = TermBudget(mem.db, "messages", 20, fts_table="windows_fts")
        assert turns.match("kestrel dawn") == '"kestrel"'  # 6 + 60 turns: over 20, the common word goes
        assert turns.match("kestrel") == windows.match("kestrel") == '"kestrel"'
        assert windows._matches("kestrel", windows._version()) > turns._matches("kestrel", turns._version()) * 3
        assert TermBudget(mem.db, "messages", 12).match("kestrel heron") == '"kestrel"'
        assert TermBudget(mem.db, "messages", 12, fts_table="windows_fts").match("kestrel heron") == '"kestrel"'
        assert TermBudget(mem.db, "messages", 80).match("kestrel heron") == '"kestrel" OR "heron"'
        assert TermBudget(mem.db, "messages", 80, fts_table="windows_fts").match("kestrel heron") == '"kestrel"'  # 6 turns, ~30 windows


def test_a_ceiling_leaves_out_a_query_whose_rarest_word_is_everywhere(db) -> None:
    """60 facts say "2023" and "may"; one says "kestrel"."""
    capped = TermBudget(db, "facts", 20, ceiling=40)
    assert capped.match("2023") is None
    assert capped.match("may 2023") is None
    assert capped.match("kestrel 2023") == '"kestrel"'  # the budget keeps the rare word, under the ceiling
    assert TermBudget(db, "facts", 20, ceiling=100).match("2023") == '"2023"'
    assert TermBudget(db, "facts", 20).match("2023") == '"2023"'  # no ceiling: as before


def test_the_window_list_is_left_out_when_its_one_word_is_in_too_many_windows(tmp_path: Path) -> None:
    from remembrancer.memory import Memory
    from remembrancer.memory.recall.engine import RecallEngine, RecallParams
    from tests.helpers import record, write_jsonl

    chat = [record(f"m{i}", f"{'kestrel' if i % 10 == 0 else 'heron'} seen at dawn, turn {i}", time=f"2024-03-01T10:{i:02d}:00") for i in range(60)]
    with Memory(tmp_path / "data", "fake", extractor=None) as mem:
        mem.import_path(write_jsonl(tmp_path / "chat.jsonl", chat))
        engine = RecallEngine(mem.db, mem.vectors, mem.embedder, RecallParams(window_row_budget=20, window_row_ceiling=50))
        turns, windows = engine.lexical_lists("heron")
        assert turns and windows == []  # every window has a heron: 60, over the ceiling
        turns, windows = engine.lexical_lists("kestrel")
        assert turns and windows  # 6 turns, ~30 windows


def test_counts_stop_past_the_budget_and_the_rarest_common_word_still_stays(tmp_path: Path, monkeypatch) -> None:
    """Counting a word stops just past the budget; when every word is over it, they are counted in full to keep the rarest."""
    from remembrancer.memory.store import fulltext

    db = open_database(tmp_path / "memory.sqlite3")
    with db.conn:
        texts = [f"Bo fed the otters on day {i}." for i in range(45)] + [f"Bo fed the herons on day {i}." for i in range(30)]
        for i, text in enumerate(texts):
            db.execute(
                "INSERT INTO facts (id, text, norm, subject, time_said, learned_at, confidence, extractor) VALUES (?, ?, ?, 'Bo', '2024-01-01', '2024-01-01', 0.9, 'test')",
                (f"f{i}", text, f"x{i}"),
            )
    caps: list[int | None] = []
    counted = fulltext.match_count
    monkeypatch.setattr(fulltext, "match_count", lambda db, table, match, cap=None: caps.append(cap) or counted(db, table, match, cap))
    budget = TermBudget(db, "facts", 20)
    assert budget.match("otters herons") == '"herons"'  # 45 and 30 matches, both over 20: the rarer stays
    assert caps == [21, 21, None, None]
    caps.clear()
    assert budget.match("herons otters") == '"herons"'  # cached: no counting again, whatever the order
    assert caps == []
    assert TermBudget(db, "facts", 100).match("otters herons") == '"otters" OR "herons"'  # 75 in all: within the budget
    capped = TermBudget(db, "facts", 20, ceiling=40)
    assert capped.match("otters") is None  # 45 > 40, known from a count capped at 41
    assert capped.match("herons") == '"herons"'
