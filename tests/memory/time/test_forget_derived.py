"""Issue 17: what is derived from a forgotten item goes with it; tombstones keep a re-import from resurrecting it."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.browse import list_persona
from remembrancer.memory.check import check_store
from remembrancer.memory.export import export_jsonl
from remembrancer.memory.forget import find_targets, forget
from remembrancer.memory.forget_derived import supported
from remembrancer.memory.persona.build import rebuild_persona
from remembrancer.memory.store.database import transaction
from remembrancer.memory.tombstones import list_tombstones, normalised_text, text_hash, unforget
from tests.helpers import record, write_jsonl

NOW = datetime(2024, 7, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path: Path) -> Memory:
    mem = Memory(tmp_path / "data", "fake")
    yield mem
    mem.close()


def fact_about(mem: Memory, word: str) -> str:
    (fid,) = [i for (i,) in mem.db.execute("SELECT id FROM facts WHERE text LIKE ?", [f"%{word}%"])]
    return fid


def test_a_former_home_stays_history_when_the_newer_one_is_forgotten(store: Memory, tmp_path: Path) -> None:
    store.import_path(write_jsonl(tmp_path / "a.jsonl", [
        record("h1", "I live in Brackenford.", "Tamsin", "home", "2022-03-01T10:00:00"),
        record("h2", "I moved to Ostervale.", "Tamsin", "home", "2024-06-10T10:00:00"),
    ]), now=NOW)
    homes = {p.value: p.flagged for p in list_persona(store.db, "Tamsin") if p.attribute == "home"}
    assert homes["Brackenford"] == "contradicted by newer evidence: Ostervale"
    forget(store, find_targets(store, ids=[fact_about(store, "Ostervale")]), NOW, hard=True, with_messages=True)
    valid_to, superseded_at, superseded_by = store.db.execute(
        "SELECT valid_to, superseded_at, superseded_by FROM facts WHERE text LIKE '%Brackenford%'").fetchone()
    assert valid_to and superseded_at and superseded_by is None  # she moved: forgetting where to does not move her back
    assert [(p.value, p.flagged) for p in list_persona(store.db, "Tamsin") if p.attribute == "home"] == [("Brackenford", "no longer current")]
    flags = " ".join(f or "" for (f,) in store.db.execute("SELECT flagged FROM persona UNION ALL SELECT flagged FROM facts"))
    assert "Ostervale" not in flags


def test_soft_forget_archives_the_persona_attribute_built_on_the_fact(store: Memory, tmp_path: Path) -> None:
    store.import_path(write_jsonl(tmp_path / "a.jsonl", [
        record("s1", "I live in Wendlecombe.", "Tamsin", "c1"), record("s2", "I love jazz.", "Tamsin", "c1", "2024-03-01T10:01:00"),
    ]), now=NOW)
    report = forget(store, find_targets(store, ids=[fact_about(store, "Wendlecombe")]), NOW)
    assert report.archived["persona"] == 1
    query = "Where does Tamsin live? Wendlecombe"
    live = store.recall(query, k=10, now=NOW)
    assert not any("Wendlecombe" in i.text for i in live if i.level != "message")  # the message was not forgotten, only the fact
    archived = store.recall(query, k=10, now=NOW, include_archived=True)
    assert "persona" in {i.level for i in archived if "Wendlecombe" in i.text}  # archived, not deleted


def test_an_attribute_whose_evidence_was_deleted_is_deleted_and_check_reports_one(store: Memory, tmp_path: Path) -> None:
    store.import_path(write_jsonl(tmp_path / "a.jsonl", [record("e1", "I love jazz.", "Tamsin")]), now=NOW)
    with transaction(store.db) as conn:
        conn.execute("DELETE FROM facts")  # evidence gone behind the persona's back (cascades to its links)
    assert store.db.execute("SELECT count(*) FROM persona").fetchone()[0] == 1
    report = check_store(store.data_dir)
    assert any(p.message.endswith("persona attributes without evidence") for p in report.problems)
    with transaction(store.db) as conn:
        rebuild_persona(conn, "2024-07-02T00:00:00+00:00", {"Tamsin"})
    assert store.db.execute("SELECT count(*) FROM persona").fetchone()[0] == 0


def test_a_fact_survives_a_forgotten_source_only_if_the_others_say_it() -> None:
    assert supported("Tamsin lives in Wendlecombe", "Tamsin", [("Tamsin", "Yes, I live in Wendlecombe these days")])
    assert not supported("Tamsin lives in Wendlecombe", "Tamsin", [("Bram", "Where do you live now?")])
    assert not supported("Tamsin lives in Wendlecombe", "Tamsin", [("Tamsin", "I live near Wendle")])
    assert supported("Tamsin moved to Ostervale in 2023", "Tamsin", [("Tamsin", "I'm moving to Ostervale")])


def test_same_words_under_another_id_are_skipped_from_files_not_from_the_assistant(store: Memory, tmp_path: Path) -> None:
    log = "[2024-03-01 10:00] Tamsin: Morning all.\n[2024-03-01 10:01] Tamsin: My locker code is under the fern pot.\n"
    (tmp_path / "group.txt").write_text(log, encoding="utf-8")
    store.import_path(tmp_path / "group.txt", now=NOW)
    targets = [t for t in find_targets(store, "locker fern") if t.level == "message"]
    report = forget(store, targets, NOW, hard=True)
    assert report.tombstone and [t.messages for t in list_tombstones(store.db)] == [1]
    (tmp_path / "group-renamed.txt").write_text(log.replace("  ", " "), encoding="utf-8")  # other ids (they hash the file name)
    summary = store.import_path(tmp_path / "group-renamed.txt", now=NOW)
    assert (summary.messages_added, summary.messages_forgotten) == (1, 1)
    assert not store.db.execute("SELECT 1 FROM messages WHERE text LIKE '%fern%'").fetchone()
    assert normalised_text("My  locker CODE is under the fern-pot!") == normalised_text("my locker code is under the fern pot")
    assert text_hash("") is None  # an attachment alone matches nothing


def test_tombstones_travel_in_the_export_and_keep_a_restored_store_from_resurrecting(store: Memory, tmp_path: Path) -> None:
    chat = write_jsonl(tmp_path / "a.jsonl", [record("x1", "I live in Harrowgate Minor.", "Tamsin"), record("x2", "I love jazz.", "Tamsin", time="2024-03-01T10:01:00")])
    store.import_path(chat, now=NOW)
    forget(store, find_targets(store, ids=["x1"]), NOW, hard=True)
    export = tmp_path / "export.jsonl"
    assert export_jsonl(store.db, export, NOW)["tombstone"] == 1
    assert "Harrowgate" not in export.read_text(encoding="utf-8")
    with Memory(tmp_path / "restored", "fake") as restored:
        restored.import_path(export, now=NOW)
        assert restored.import_path(chat, now=NOW).messages_forgotten == 1
        assert check_store(tmp_path / "restored").ok
        unforget(restored.db, None)
        assert restored.import_path(chat, now=NOW).messages_added == 1


def test_a_forgotten_text_is_not_edited_back_in_under_a_live_id(store: Memory, tmp_path: Path) -> None:
    store.import_path(write_jsonl(tmp_path / "a.jsonl", [record("k1", "The gate code is 4471 at Pellbury Farm."), record("k2", "See you soon.")]), now=NOW)
    forget(store, find_targets(store, ids=["k1"]), NOW, hard=True)
    summary = store.import_path(write_jsonl(tmp_path / "b.jsonl", [record("k2", "The gate code is 4471 at Pellbury Farm.")]), now=NOW)
    assert summary.messages_forgotten == 1
    assert store.db.execute("SELECT text FROM messages WHERE id = 'k2'").fetchone()[0] == "See you soon."
