"""A store with something in every table: messages, facts (superseded, pinned,
reviewed), scenes, persona, a resolved and an open conflict, a consolidation run."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.conflicts import list_conflicts, resolve
from remembrancer.memory.consolidation import consolidate
from tests.helpers import record, write_jsonl

IMPORTED = datetime(2024, 6, 12, 12, 0, tzinfo=timezone.utc)
LATER = datetime(2024, 7, 1, 12, 0, tzinfo=timezone.utc)

CHAT = [
    record("m1", "I live in Berlin. My favourite food is sushi.", "Ana", "home", "2022-03-01T10:00:00", role="user", mood={"tags": ["calm"]}),
    record("m2", "I work as a nurse and I have a cat named Luna.", "Ben", "home", "2022-03-01T10:05:00"),
    record("m3", "We moved to Lisbon last month. I love hiking.", "Ana", "move", "2024-06-10T10:00:00"),
    record("m4", "I live in Porto.", "Cleo", "c1", "2024-03-01T10:00:00"),
    record("m5", "I live in Faro.", "Cleo", "c2", "2024-03-01T18:00:00"),
    record("m6", "I work at a bakery.", "Dan", "c3", "2024-03-01T10:00:00"),
    record("m7", "I work at a library.", "Dan", "c4", "2024-03-01T18:00:00"),
]


def build_rich_store(data_dir: Path, tmp: Path) -> Memory:
    mem = Memory(data_dir, "fake")  # the real rules extractor
    mem.import_path(write_jsonl(tmp / "chat.jsonl", CHAT[:2]), now=IMPORTED)
    mem.import_path(write_jsonl(tmp / "more.jsonl", CHAT[2:]), now=IMPORTED)
    conflicts = list_conflicts(mem.db)
    assert len(conflicts) >= 2, "the store must hold an open and a resolved conflict"
    resolve(mem.db, conflicts[0].id, "B", LATER)
    mem.recall("Where does Ana live?", k=5, now=LATER)  # reviews
    fact = mem.db.execute("SELECT id FROM facts ORDER BY rowid LIMIT 1").fetchone()[0]
    mem.db.execute("UPDATE facts SET pinned = 1 WHERE id = ?", [fact])
    consolidate(mem, LATER)
    return mem


@pytest.fixture
def rich(tmp_path: Path) -> Iterator[Memory]:
    mem = build_rich_store(tmp_path / "rich", tmp_path)
    yield mem
    mem.close()
