"""Facts know when they were true: a new home closes the old one, and history answers "in 2023"."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.conflicts import list_conflicts, resolve
from tests.helpers import record, write_jsonl

IMPORTED = datetime(2024, 6, 12, 12, 0, tzinfo=timezone.utc)
ASKED = datetime(2024, 6, 20, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def moved(tmp_path: Path) -> Memory:
    mem = Memory(tmp_path / "data", "fake")  # the real rules extractor
    mem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I live in Berlin.", "Ana", "c1", "2022-03-01T10:00:00")]), now=IMPORTED)
    mem.import_path(write_jsonl(tmp_path / "b.jsonl", [record("m2", "We moved to Lisbon last month.", "Ana", "c2", "2024-06-10T10:00:00")]), now=IMPORTED)
    yield mem
    mem.close()


def first_city(mem: Memory, question: str) -> str:
    for item in mem.recall(question, k=5, now=ASKED):
        for city in ("Lisbon", "Berlin"):
            if city in item.text:
                return city
    raise AssertionError("no city recalled")


def test_the_new_home_closes_the_old_one_and_keeps_history(moved: Memory) -> None:
    rows = dict(
        (value, (valid_from, valid_to, superseded_by))
        for value, valid_from, valid_to, superseded_by in moved.db.execute("SELECT value, valid_from, valid_to, superseded_by FROM facts WHERE attribute = 'home'")
    )
    lisbon_rowid = moved.db.execute("SELECT rowid FROM facts WHERE value = 'Lisbon'").fetchone()[0]
    assert rows["Berlin"][1] == "2024-05" and rows["Berlin"][2] == lisbon_rowid  # closed when Lisbon began
    assert rows["Lisbon"][0] == "2024-05" and rows["Lisbon"][1] is None


def test_now_questions_get_the_current_fact_and_past_questions_the_fact_valid_then(moved: Memory) -> None:
    assert first_city(moved, "Where does Ana live now?") == "Lisbon"
    assert first_city(moved, "Where did Ana live in 2023?") == "Berlin"


def test_the_closed_fact_shows_its_validity(moved: Memory) -> None:
    berlin = next(i for i in moved.recall("Where did Ana live in 2023?", k=5, now=ASKED) if "Berlin" in i.text)
    assert berlin.valid_to == "2024-05"


def test_an_older_statement_imported_later_becomes_history_itself(tmp_path: Path) -> None:
    with Memory(tmp_path / "data", "fake") as mem:
        mem.import_path(write_jsonl(tmp_path / "b.jsonl", [record("m2", "I moved to Lisbon in May 2024.", "Ana", "c2", "2024-06-10T10:00:00")]), now=IMPORTED)
        mem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I live in Berlin.", "Ana", "c1", "2022-03-01T10:00:00")]), now=IMPORTED)
        closed = dict(mem.db.execute("SELECT value, valid_to FROM facts WHERE attribute = 'home'").fetchall())
        assert closed == {"Berlin": "2024-05", "Lisbon": None}


def test_unsure_contradictions_wait_in_the_queue(tmp_path: Path) -> None:
    """Two homes stated the same day cannot be ordered: the user decides."""
    with Memory(tmp_path / "data", "fake") as mem:
        chat = [record("m1", "I live in Porto.", "Ana", "c1", "2024-03-01T10:00:00"), record("m2", "I live in Faro.", "Ana", "c2", "2024-03-01T18:00:00")]
        mem.import_path(write_jsonl(tmp_path / "a.jsonl", chat), now=IMPORTED)
        (conflict,) = list_conflicts(mem.db)
        assert {conflict.a.text, conflict.b.text} == {"Ana lives in Porto.", "Ana lives in Faro."}
        assert conflict.a.sources and conflict.b.sources
        assert mem.db.execute("SELECT count(*) FROM facts WHERE valid_to IS NOT NULL").fetchone()[0] == 0  # nothing closed on a guess

        resolved = resolve(mem.db, conflict.id, "B", ASKED)
        assert resolved.resolution == "B" and list_conflicts(mem.db) == []
        assert mem.db.execute("SELECT valid_to FROM facts WHERE id = ?", [conflict.a.id]).fetchone()[0] is not None
        assert mem.db.execute("SELECT valid_to FROM facts WHERE id = ?", [conflict.b.id]).fetchone()[0] is None


def test_resolving_keep_a_forgets_b_and_both_keeps_both(tmp_path: Path) -> None:
    with Memory(tmp_path / "data", "fake") as mem:
        chat = [
            record("m1", "I live in Porto.", "Ana", "c1", "2024-03-01T10:00:00"),
            record("m2", "I live in Faro.", "Ana", "c2", "2024-03-01T18:00:00"),
            record("m3", "I work at Siemens.", "Ben", "c3", "2024-03-01T10:00:00"),
            record("m4", "I work at Bosch.", "Ben", "c3", "2024-03-01T12:00:00"),
        ]
        mem.import_path(write_jsonl(tmp_path / "a.jsonl", chat), now=IMPORTED)
        homes, jobs = sorted(list_conflicts(mem.db), key=lambda c: c.a.text)
        resolve(mem.db, homes.id, "A", ASKED)
        assert mem.db.execute("SELECT archived FROM facts WHERE id = ?", [homes.b.id]).fetchone()[0] != 0
        resolve(mem.db, jobs.id, "both", ASKED)
        assert mem.db.execute("SELECT count(*) FROM facts WHERE attribute = 'work' AND archived = 0 AND valid_to IS NULL").fetchone()[0] == 2
