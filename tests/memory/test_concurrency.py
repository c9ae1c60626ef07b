"""Readers recalling (with reinforcement, a write) while an import writes: no errors, no "database is locked".

A few seconds with threads, each with its own connection (`benchmarks/concurrency.py`
runs processes for a minute and reports latencies).
"""
from __future__ import annotations

from pathlib import Path

from benchmarks.concurrency import run_load


def test_readers_and_a_writer_share_the_store_without_errors(tmp_path: Path) -> None:
    results = run_load(tmp_path / "data", tmp_path / "corpus", readers=2, seconds=3.0, processes=False)
    readers = [r for r in results if r.role == "reader"]
    (writer,) = [r for r in results if r.role == "writer"]
    assert all(r.operations > 0 for r in readers) and writer.operations > 0
    assert [e for r in results for e in r.first_errors] == []


def test_a_recall_while_another_process_holds_the_write_lock_still_answers(tmp_path: Path) -> None:
    from remembrancer.memory.store.driver import sqlite

    from remembrancer.memory import Memory
    from remembrancer.memory.store.database import DB_FILENAME
    from tests.helpers import write_chat

    with Memory(tmp_path / "data", "fake", extractor=None) as mem:
        mem.import_path(write_chat(tmp_path / "chat.jsonl"))
        mem.db.execute("PRAGMA busy_timeout = 50")  # the real 10 s wait, shortened
        other = sqlite.connect(tmp_path / "data" / DB_FILENAME, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # a writer in the middle of a huge file
        try:
            items = mem.recall("violin", k=3)  # a read: it never waits for the writer
            assert mem.review([items[0].id]) == 0  # a use while the store stays busy answers; that review goes uncounted
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert items and "violin" in items[0].text.lower()
        assert mem.db.execute("SELECT sum(reviews) FROM messages").fetchone()[0] == 0
        assert mem.review([items[0].id]) == 1
        assert mem.db.execute("SELECT sum(reviews) FROM messages").fetchone()[0] > 0
