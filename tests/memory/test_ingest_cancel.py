"""Cooperative import cancellation: whole files or nothing, and the store stays consistent."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.ingest import ImportCancelled


def _write(folder: Path, name: str, conversation: str, count: int) -> Path:
    rows = [
        {"conversation": conversation, "id": f"{conversation}-{i}", "time": f"2024-01-0{1 + i % 9}T10:00:00", "speaker": "Ana", "text": f"I live in Porto number {i}."}
        for i in range(count)
    ]
    path = folder / name
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _count(memory: Memory, sql: str) -> int:
    return memory.db.execute(sql).fetchone()[0]


def test_cancel_before_start_stores_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "a.jsonl", "a", 3)
    cancel = threading.Event()
    cancel.set()
    with Memory(tmp_path / "data", "fake") as memory:
        with pytest.raises(ImportCancelled) as raised:
            memory.import_path(folder, cancel=cancel)
        assert raised.value.summary.messages_added == 0
        assert _count(memory, "SELECT count(*) FROM messages") == 0
        assert _count(memory, "SELECT count(*) FROM imports") == 0


def test_cancel_between_files_keeps_whole_files_with_their_facts(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "a.jsonl", "a", 4)
    _write(folder, "b.jsonl", "b", 4)
    cancel = threading.Event()

    def progress(done: int, total: int, stage: str) -> None:
        if stage == "storing":
            cancel.set()  # the user clicks Cancel right after the first file is stored

    with Memory(tmp_path / "data", "fake") as memory:
        with pytest.raises(ImportCancelled) as raised:
            memory.import_path(folder, progress=progress, cancel=cancel)
        assert raised.value.summary.messages_added == 4
        conversations = {c for (c,) in memory.db.execute("SELECT DISTINCT conversation FROM messages")}
        assert len(conversations) == 1  # one file wholly stored, the other not at all
        kept = conversations.pop()
        assert _count(memory, f"SELECT count(*) FROM messages WHERE conversation = '{kept}'") == 4
        # The stored file's facts were extracted before the cancel was reported.
        assert _count(memory, "SELECT count(*) FROM facts") > 0
        # Importing again finishes the job: nothing doubled, nothing lost.
        summary = memory.import_path(folder)
        assert summary.messages_added == 4 and summary.messages_skipped == 4
        assert _count(memory, "SELECT count(*) FROM messages") == 8


def test_cancel_during_embedding_leaves_rows_pending_for_the_next_open(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "a.jsonl", "a", 5)
    cancel = threading.Event()

    def progress(done: int, total: int, stage: str) -> None:
        if stage == "embedding":
            cancel.set()

    with Memory(tmp_path / "data", "fake") as memory:
        with pytest.raises(ImportCancelled):
            memory.import_path(folder, progress=progress, cancel=cancel)
        assert _count(memory, "SELECT count(*) FROM messages") == 5
    with Memory(tmp_path / "data", "fake") as reopened:  # reconcile on open embeds what is pending
        assert _count(reopened, "SELECT count(*) FROM messages WHERE embedded = 0") == 0
        assert reopened.vectors.count() == 5


def test_without_cancel_nothing_changes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "a.jsonl", "a", 3)
    with Memory(tmp_path / "data", "fake") as memory:
        summary = memory.import_path(folder, cancel=threading.Event())
        assert summary.messages_added == 3
