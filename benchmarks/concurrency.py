"""Concurrency benchmark: N readers recalling while one writer imports, for a fixed time.

The GUI, the scheduler and the browser host each open the store; SQLite in
WAL mode lets them read while one writes, and `busy_timeout` turns lock
waits into waits. Readers recall and review what an answer would cite, which is a write: the
case that could meet "database is locked" while an import holds the lock.
Counts errors (and "locked" ones apart) and recall latency percentiles.

    python -m benchmarks.concurrency [--readers 3] [--seconds 60]
"""
from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

QUERIES = ("Where does Ana live?", "What is Ben's job?", "who has a dog", "favourite food", "hiking", "Lisbon")


@dataclass
class WorkerStats:
    role: str
    operations: int = 0
    errors: int = 0
    locked: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    first_errors: list[str] = field(default_factory=list)

    def failed(self, exc: BaseException) -> None:
        self.errors += 1
        self.locked += "locked" in str(exc) or "busy" in str(exc)
        if len(self.first_errors) < 3:
            self.first_errors.append(f"{type(exc).__name__}: {exc}")


def reader(data_dir: str, until: float, seed: int, key_hex: str) -> WorkerStats:
    from remembrancer.memory import Memory
    from remembrancer.memory.store.encryption import StoreKey

    stats = WorkerStats("reader")
    with Memory(Path(data_dir), "fake", reconcile_on_open=False, extractor=None, key=StoreKey.from_hex(key_hex)) as mem:
        n = seed
        while time.time() < until:
            started = time.perf_counter()
            try:
                items = mem.recall(QUERIES[n % len(QUERIES)], k=10)
                mem.review([item.id for item in items[:1]])  # the answer shown cites it: a write
                stats.latencies_ms.append((time.perf_counter() - started) * 1000)
                stats.operations += 1
            except Exception as exc:  # counted, not raised: the benchmark reports every failure
                stats.failed(exc)
            n += 1
    return stats


def writer(data_dir: str, until: float, corpus: str, key_hex: str) -> WorkerStats:
    from benchmarks.crash_harness import write_corpus
    from remembrancer.memory import Memory
    from remembrancer.memory.store.encryption import StoreKey

    stats = WorkerStats("writer")
    with Memory(Path(data_dir), "fake", key=StoreKey.from_hex(key_hex)) as mem:
        batch = 0
        while time.time() < until:
            folder = Path(corpus) / f"batch-{batch}"
            write_corpus(folder, files=2, per_file=50, seed=1000 + batch)
            started = time.perf_counter()
            try:
                mem.import_path(folder)
                stats.latencies_ms.append((time.perf_counter() - started) * 1000)
                stats.operations += 1
            except Exception as exc:
                stats.failed(exc)
            batch += 1
    return stats


def seed_store(data_dir: Path, corpus: Path) -> str:
    """An encrypted store (as the app makes them) with 300 messages; returns its key, hex, for the workers."""
    from benchmarks.crash_harness import write_corpus
    from remembrancer.memory import Memory
    from remembrancer.memory.store.encryption import StoreKey

    write_corpus(corpus / "seed", files=5, per_file=60, seed=1)
    key = StoreKey.generate()
    with Memory(data_dir, "fake", key=key) as mem:
        mem.import_path(corpus / "seed")
    return key.hex()


def run_load(data_dir: Path, corpus: Path, readers: int, seconds: float, processes: bool) -> list[WorkerStats]:
    """Run `readers` readers and one writer on a seeded store for `seconds`; their stats."""
    os.environ.setdefault("REMEMBRANCER_EMBEDDER", "fake")
    key_hex = seed_store(data_dir, corpus)
    until = time.time() + seconds + (8.0 if processes else 0.5)  # spawned processes need seconds to import
    jobs = [(reader, (str(data_dir), until, i, key_hex)) for i in range(readers)] + [(writer, (str(data_dir), until, str(corpus), key_hex))]
    if processes:
        with multiprocessing.get_context("spawn").Pool(len(jobs)) as pool:
            pending = [pool.apply_async(fn, args) for fn, args in jobs]
            return [p.get() for p in pending]
    results: list[WorkerStats] = [WorkerStats("?")] * len(jobs)

    def run(i: int) -> None:
        fn, args = jobs[i]
        results[i] = fn(*args)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    from benchmarks.common import print_table, write_report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="remembrancer-load-"))
    try:
        results = run_load(work / "data", work / "corpus", args.readers, args.seconds, processes=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = []
    for role in ("reader", "writer"):
        group = [r for r in results if r.role == role]
        lat = [x for r in group for x in r.latencies_ms]
        rows.append([role, len(group), sum(r.operations for r in group), sum(r.errors for r in group), sum(r.locked for r in group),
                     percentile(lat, 0.5), percentile(lat, 0.95), percentile(lat, 0.99), max(lat, default=float("nan"))])
    print_table(["role", "workers", "ops", "errors", "locked", "p50_ms", "p95_ms", "p99_ms", "max_ms"], rows)
    for r in results:
        for e in r.first_errors:
            print(f"{r.role}: {e}")
    path = write_report("concurrency", {
        "readers": args.readers, "seconds": args.seconds,
        "summary": [dict(zip(["role", "workers", "ops", "errors", "locked", "p50_ms", "p95_ms", "p99_ms", "max_ms"], row)) for row in rows],
        "workers": [{k: v for k, v in asdict(r).items() if k != "latencies_ms"} for r in results],
    })
    print(f"report: {path}")
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
