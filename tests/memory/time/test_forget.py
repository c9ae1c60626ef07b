"""Forgetting on purpose: soft archives, hard leaves no trace of the text in any file of the data dir."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.consolidation import consolidate
from remembrancer.memory.errors import InputError
from remembrancer.memory.forget import find_targets, forget
from tests.helpers import record, write_jsonl

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)
SECRET = "zanzibarquartz"
CHAT = [
    record("m1", "Shall we plan the trip to the coast?", "Ana", "c1", "2024-02-01T10:00:00"),
    record("m2", f"My bank PIN hint is the word {SECRET}, keep it secret.", "Ana", "c1", "2024-02-01T10:01:00"),
    record("m3", "Sure, the coast trip sounds great, I love the sea.", "Ben", "c1", "2024-02-01T10:02:00"),
    record("m4", "I adopted a cat called Miso.", "Ana", "c2", "2024-02-02T10:00:00"),
]


@pytest.fixture
def store(tmp_path: Path) -> Memory:
    mem = Memory(tmp_path / "data", "fake")
    mem.import_path(write_jsonl(tmp_path / "a.jsonl", CHAT), now=NOW)
    consolidate(mem, NOW)  # a backup holding the secret exists too
    yield mem
    mem.close()


def files_containing(folder: Path, needle: str) -> list[str]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes().lower()
            if needle.encode() in data or needle.encode("utf-16-le") in data:
                hits.append(str(path.relative_to(folder)))
    return hits


def test_soft_forget_archives_and_include_archived_brings_it_back(store: Memory) -> None:
    targets = find_targets(store, "cat Miso")
    assert {t.level for t in targets} >= {"message", "fact"}
    forget(store, targets, NOW)
    assert not any("Miso" in i.text for i in store.recall("cat called Miso", k=5, now=NOW))
    assert any("Miso" in i.text for i in store.recall("cat called Miso", k=5, now=NOW, include_archived=True))
    # a review does not undo what the user forgot
    assert not any("Miso" in i.text for i in store.recall("cat called Miso", k=5, now=NOW))


def test_hard_forget_leaves_no_trace_in_any_file(store: Memory) -> None:
    assert files_containing(store.data_dir, SECRET)  # the check can see it: SQLite, WAL, backups
    report = forget(store, find_targets(store, SECRET), NOW, hard=True, with_messages=True)
    assert report.deleted["message"] == 1 and report.deleted["fact"] >= 1
    assert files_containing(store.data_dir, SECRET) == []
    # the rest of the store still works and is consistent
    assert [i.id for i in store.recall("coast trip", k=3, now=NOW)]
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.vectors.count() == store.db.execute("SELECT count(*) FROM messages").fetchone()[0] == 3
    orphans = store.db.execute("SELECT count(*) FROM fact_sources fs LEFT JOIN messages m ON m.id = fs.message_id WHERE m.rowid IS NULL").fetchone()[0]
    assert orphans == 0


def test_forget_by_id_and_unknown_ids(store: Memory) -> None:
    (target,) = find_targets(store, ids=["m4"])
    assert target.level == "message"
    with pytest.raises(InputError):
        find_targets(store, ids=["no-such-id"])
    with pytest.raises(InputError):
        find_targets(store, "the and of")  # only stopwords: nothing exact to match
