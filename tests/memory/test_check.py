"""`check` finds what a crash or a bug could leave: it passes a sound store and names each fault."""
from __future__ import annotations

import json
from remembrancer.memory.store.fts_terms import register as register_fts_terms
from remembrancer.memory.store.driver import sqlite
from pathlib import Path

import pytest

from remembrancer.app.cli.main import main
from remembrancer.memory import Memory
from remembrancer.memory.check import check_store
from remembrancer.memory.store.database import DB_FILENAME
from tests.helpers import write_chat


@pytest.fixture
def store(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    with Memory(data, "fake") as mem:
        mem.import_path(write_chat(tmp_path / "chat.jsonl"))
    return data


def damage(data: Path, *statements: str) -> None:
    """Change the SQLite file behind the store's back, as a bug or a half-written copy would."""
    conn = sqlite.connect(data / DB_FILENAME)
    register_fts_terms(conn)  # the full-text triggers call it, as on every store connection (a bug would write through one)
    conn.execute("PRAGMA foreign_keys = OFF")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def checks_failing(data: Path) -> set[str]:
    return {p.check for p in check_store(data).problems}


def test_a_sound_store_passes(store: Path) -> None:
    report = check_store(store)
    assert report.ok, report.problems
    assert report.counts["messages"] == 7 and report.counts["facts"] > 0
    assert {"sqlite integrity", "foreign keys", "full-text messages_fts", "vectors message"} <= set(report.checks_run)


def test_a_message_deleted_under_its_fact_is_found(store: Path) -> None:
    damage(store, "DELETE FROM messages WHERE id IN (SELECT message_id FROM fact_sources LIMIT 1)")
    assert {"foreign keys", "fact sources"} <= checks_failing(store)


def test_a_fact_left_without_sources_is_found(store: Path) -> None:
    damage(store, "DELETE FROM fact_sources WHERE fact_rowid = (SELECT min(rowid) FROM facts)")
    assert checks_failing(store) == {"fact sources"}


def test_a_full_text_index_out_of_step_is_found(store: Path) -> None:
    damage(store, "INSERT INTO messages_fts (messages_fts, rowid, speaker, text) VALUES ('delete', 1, 'Odile', 'Shall we plan the summer trip this weekend?')")
    assert "full-text messages_fts" in checks_failing(store)


def test_vectors_and_marks_that_disagree_are_found(store: Path) -> None:
    damage(store, "UPDATE messages SET embedded = 0 WHERE id = 'trip-1'")  # its vector is now an orphan
    report = check_store(store)
    (problem,) = report.problems
    assert problem.check == "vectors message" and problem.examples == ["trip-1"]
    with Memory(store, "fake"):  # opening reconciles
        pass
    assert check_store(store).ok


def test_a_missing_store_is_a_problem_not_a_new_store(tmp_path: Path) -> None:
    assert not check_store(tmp_path / "nothing").ok
    assert not (tmp_path / "nothing" / DB_FILENAME).exists()


def test_cli_exit_codes_and_json(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(store), "check"]) == 0
    assert capsys.readouterr().out.strip().endswith("OK")
    damage(store, "DELETE FROM fact_sources")
    assert main(["--data-dir", str(store), "check", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["problems"][0]["check"] == "fact sources"
