"""Two processes creating the same new store at once end with one store that every later command opens.

Before the data dir's lock, each process derived its own key: one header won
and the other process's "300 messages added" were sealed under a key nobody
kept, so every later command failed. 20 trials, the passphrase way (scripts,
no keyring) and the keyring way (the desktop) alternating.
"""
from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from remembrancer.app.context import AppContext
from remembrancer.memory.check import check_store
from tests.helpers import record, write_jsonl

TRIALS = 20
PER_FILE = 12


def _chat(path: Path, who: str) -> Path:
    lines = ["I live in Ravensfjord and I keep forty bees.", "My brother Tobiah plays the oboe.", "We adopted a cat named Pixel."]
    return write_jsonl(path, [record(f"{who}-{i}", lines[i % 3], speaker=who, conversation=f"{who}-chat",
                                     time=f"2024-02-{1 + i:02d}T08:00:00") for i in range(PER_FILE)])


@pytest.fixture
def workers():
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    queues = [ctx.Queue(), ctx.Queue()]
    results = ctx.Queue()
    from tests.store_race_worker import run

    procs = [ctx.Process(target=run, args=(q, results, barrier), daemon=True) for q in queues]
    for p in procs:
        p.start()
    yield queues, results
    for q in queues:
        q.put(None)
    for p in procs:
        p.join(timeout=30)
        if p.is_alive():
            p.kill()


def test_two_processes_creating_one_new_store_share_it(tmp_path: Path, workers, monkeypatch: pytest.MonkeyPatch) -> None:
    queues, results = workers
    files = [_chat(tmp_path / "a.jsonl", "Ingrid"), _chat(tmp_path / "b.jsonl", "Osei")]
    for trial in range(TRIALS):
        data_dir = tmp_path / f"data-{trial}"
        passphrase = "correct horse battery staple" if trial % 2 == 0 else None
        if passphrase:  # this process opens the store afterwards as any later command would
            monkeypatch.setenv("REMEMBRANCER_PASSPHRASE", passphrase)
        else:
            monkeypatch.delenv("REMEMBRANCER_PASSPHRASE", raising=False)
        for queue, file in zip(queues, files):
            queue.put((str(data_dir), str(file), passphrase))
        outcomes = [results.get(timeout=120) for _ in queues]
        assert all(kind == "ok" for kind, _ in outcomes), (trial, outcomes)
        assert sorted(n for _, n in outcomes) == [PER_FILE, PER_FILE]  # each "added" report is true...
        ctx = AppContext(data_dir)
        try:  # ...and readable by every later command
            assert ctx.memory().db.execute("SELECT count(*) FROM messages").fetchone()[0] == 2 * PER_FILE
        finally:
            ctx.close()
        key = AppContext(data_dir).store_key()
        report = check_store(data_dir, key)
        assert report.ok, (trial, report.problems)
