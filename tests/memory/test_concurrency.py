"""Readers recalling (with reinforcement, a write) while an import writes: no errors, no "database is locked".

A few seconds with threads, each with its own connection (`benchmarks/concurrency.py`
runs processes for a minute and reports latencies).
"""
from __future__ import annotations

from pathlib import Path

from benchmarks.concurrency import run_load


def test_readers_and_a_writer_share_the_store_without_errors(tmp_path: Path) -> None:
    results = run_load(tmp_path / "data", tmp_path / "corpus", readers=2, seconds=4.0, processes=False)
    readers = [r for r in results if r.role == "reader"]
    (writer,) = [r for r in results if r.role == "writer"]
    assert all(r.operations > 0 for r in readers) and writer.operations > 0
    assert [e for r in results for e in r.first_errors] == []
