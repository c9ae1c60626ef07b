"""One vector per embedded id, through every kind of write (#20): import, a second import into the same
conversation, an edit, a message re-imported with new text, consolidation, soft and hard forgetting.

Invented people only. `one_vector_each` is the invariant `remembrancer check` verifies: LanceDB holds
exactly the ids SQLite marks as having a vector, each once.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from remembrancer.memory import Memory
from remembrancer.memory.check import check_store
from remembrancer.memory.consolidation import consolidate
from remembrancer.memory.extraction.rules import RulesExtractor
from remembrancer.memory.forget import find_targets, forget
from remembrancer.memory.item_detail import edit_fact
from remembrancer.memory.store.levels import EMBEDDED_LEVELS
from tests.helpers import record, write_jsonl

NOW = datetime(2024, 6, 1, 12, tzinfo=timezone.utc)


def one_vector_each(memory: Memory) -> None:
    for level in EMBEDDED_LEVELS:
        index = memory.indexes[level.name]
        stored = index.id_list()
        vouched = {row[0] for row in memory.db.execute(f"SELECT id FROM {level.table} WHERE embedded <> 0")}
        assert len(stored) == len(set(stored)), f"{level.name}: duplicated vector ids"
        assert set(stored) == vouched, f"{level.name}: LanceDB and SQLite disagree"
        assert not memory.db.execute(f"SELECT count(*) FROM {level.table} WHERE embedded <> 1").fetchone()[0], f"{level.name}: left pending"


def first_day(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "day1.jsonl", [
        record("a1", "I adopted a grey kitten called Miso yesterday.", "Odile", "c1", "2024-03-01T10:00:00"),
        record("a2", "Lovely! I started welding classes at night.", "Bram", "c1", "2024-03-01T10:01:00"),
        record("a3", "Miso sleeps on my keyboard all day.", "Odile", "c1", "2024-03-01T10:02:00"),
    ])


def second_day(tmp_path: Path, welding: str = "Welding class was great, I made a small bracket.") -> Path:
    return write_jsonl(tmp_path / "day2.jsonl", [
        record("b1", "Miso knocked my plant off the shelf this morning.", "Odile", "c1", "2024-03-02T10:00:00"),
        record("b2", welding, "Bram", "c1", "2024-03-02T10:01:00"),
    ])


def test_two_imports_into_one_conversation_leave_one_vector_per_scene(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with Memory(data_dir, "fake", extractor=RulesExtractor()) as memory:
        memory.import_path(first_day(tmp_path))
        memory.import_path(second_day(tmp_path))
        one_vector_each(memory)
    report = check_store(data_dir)
    assert not report.problems, report.problems


def test_every_write_keeps_one_vector_per_embedded_id(tmp_path: Path) -> None:
    with Memory(tmp_path / "data", "fake", extractor=RulesExtractor()) as memory:
        memory.import_path(first_day(tmp_path))
        one_vector_each(memory)
        memory.import_path(second_day(tmp_path))
        one_vector_each(memory)
        memory.import_path(second_day(tmp_path, "Welding class was cancelled, so I fixed my bike instead."))  # b2 edited
        one_vector_each(memory)
        fact = memory.db.execute("SELECT id FROM facts WHERE text LIKE '%kitten%' ORDER BY rowid LIMIT 1").fetchone()[0]
        edit_fact(memory, fact, "Odile adopted a grey kitten called Miso on 29 February 2024.")
        one_vector_each(memory)
        consolidate(memory, NOW)
        one_vector_each(memory)
        forget(memory, find_targets(memory, "plant"), NOW)
        one_vector_each(memory)
        forget(memory, find_targets(memory, "welding"), NOW, hard=True, with_messages=True)
        one_vector_each(memory)


def test_an_edited_text_replaces_its_vector_and_an_unchanged_one_keeps_it(tmp_path: Path) -> None:
    with Memory(tmp_path / "data", "fake", extractor=RulesExtractor()) as memory:
        memory.import_path(first_day(tmp_path))
        scene = memory.db.execute("SELECT rowid, title, summary FROM scenes LIMIT 1").fetchone()
        memory.db.execute("UPDATE scenes SET title = ?, summary = ? WHERE rowid = ?", [scene[1], scene[2], scene[0]])
        assert memory.db.execute("SELECT embedded FROM scenes WHERE rowid = ?", [scene[0]]).fetchone()[0] == 1  # nothing changed
        memory.db.execute("UPDATE scenes SET title = 'Miso at home' WHERE rowid = ?", [scene[0]])
        assert memory.db.execute("SELECT embedded FROM scenes WHERE rowid = ?", [scene[0]]).fetchone()[0] == 2  # stale, still there
        memory.db.conn.commit()
    with Memory(tmp_path / "data", "fake", extractor=RulesExtractor()) as memory:  # the on-open repair embeds it again, once
        one_vector_each(memory)


def test_a_store_with_twin_vectors_is_repaired_on_open(tmp_path: Path) -> None:
    with Memory(tmp_path / "data", "fake", extractor=RulesExtractor()) as memory:
        memory.import_path(first_day(tmp_path))
        scene_id = memory.db.execute("SELECT id FROM scenes LIMIT 1").fetchone()[0]
        index = memory.indexes["scene"]
        index.add([scene_id], memory.embedder.embed(["a twin, as the bug of stores before migration 11 wrote"]))
    with Memory(tmp_path / "data", "fake", extractor=RulesExtractor()) as memory:
        one_vector_each(memory)


def test_only_vector_sync_writes_vectors_or_their_marks() -> None:
    """One owner: no other module of the core adds, deletes or drops vectors, or sets `embedded` (triggers aside)."""
    import re

    root = Path(__file__).resolve().parents[3] / "memory"
    writes = re.compile(r"\b(?:index|indexes\[[^\]]+\]|vectors|\w+_index)\.(?:add|delete|drop)\(|SET embedded\b")
    owners = {root / "store" / "vector_sync.py", root / "store" / "vectors.py", root / "store" / "migrations.py"}
    offenders = [f"{path.relative_to(root)}:{number}" for path in sorted(root.rglob("*.py")) if path not in owners
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if writes.search(line)]
    assert offenders == []
