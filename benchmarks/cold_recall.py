"""Recall right after opening a store that is not in the OS cache (after a reboot), as a long-lived process meets it.

    python -m benchmarks.cold_recall --store /tmp/scale/store-1000000-words --size 1000000 [--rounds 2] [--queries 200]

Each round drops the page cache (needs root; the report says when it could
not), starts a fresh process that opens the store the way the desktop app
and the service do (`Memory.load_embedder`, `Memory.warm_up()` in the
background), and recalls the scale benchmark's queries back to back from the
moment the store is open. Rounds alternate between the store read ahead
(`memory.store.read_ahead`, the default) and not, so both arms meet the
same machine. Reported per arm: the recalls of the first 10 s and after,
and the time until the last query returned.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, print_table, use_benchmark_passphrase, write_report
from benchmarks.scale_corpus import NOW, generate_corpus, make_queries
from benchmarks.scale_recall import percentiles

CHILD = r"""
import json, sys, time
from datetime import datetime
from pathlib import Path
from benchmarks.common import store_key
from remembrancer.memory import Memory
from remembrancer.memory.store import read_ahead

data_dir, read_ahead_on, now = Path(sys.argv[1]), sys.argv[2] == "1", datetime.fromisoformat(sys.argv[3])
queries = json.load(sys.stdin)
if not read_ahead_on:
    read_ahead.MAX_SHARE_OF_AVAILABLE = 0.0
started = time.perf_counter()
memory = Memory(data_dir, embedder="minilm", key=store_key(data_dir))
memory.load_embedder()
memory.warm_up()
opened = time.perf_counter() - started
timeline = []
for q in queries:
    t0 = time.perf_counter()
    memory.recall(q, k=10, now=now)
    timeline.append((round(t0 - started, 3), round(1000 * (time.perf_counter() - t0), 2)))
memory.close()
print(json.dumps({"open_seconds": round(opened, 2), "timeline": timeline}))
"""

EARLY_SECONDS = 10.0  # recalls that started within this long of the open are "early"


def drop_page_cache() -> bool:
    """Empty the OS page cache (Linux, root): what a reboot leaves. False when not allowed."""
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def one_round(store: Path, queries: list[str], read_ahead_on: bool) -> dict[str, Any]:
    dropped = drop_page_cache()
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(store), "1" if read_ahead_on else "0", NOW],
        input=json.dumps(queries), capture_output=True, text=True, cwd=ROOT, check=True,
    )
    out = json.loads(child.stdout.strip().splitlines()[-1])
    timeline = out["timeline"]
    early = [ms for at, ms in timeline if at < EARLY_SECONDS + out["open_seconds"]]
    later = [ms for at, ms in timeline if at >= EARLY_SECONDS + out["open_seconds"]]
    last_at, last_ms = timeline[-1]
    return {
        "read_ahead": read_ahead_on,
        "page_cache_dropped": dropped,
        "open_seconds": out["open_seconds"],
        "all_ms": percentiles([ms for _, ms in timeline]),
        "first_10s_ms": percentiles(early),
        "after_10s_ms": percentiles(later),
        "last_query_done_s": round(last_at + last_ms / 1000 - out["open_seconds"], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True, type=Path, help="a store kept by `benchmarks.scale --keep`")
    parser.add_argument("--size", required=True, type=int, help="its corpus size (the queries are made from that corpus)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds per arm (default 2), arms alternating")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--report", default="cold-recall")
    args = parser.parse_args(argv)
    use_benchmark_passphrase()
    with tempfile.TemporaryDirectory() as tmp:
        queries = [q for q, _ in make_queries(generate_corpus(args.size, Path(tmp) / "corpus.jsonl"), args.queries)]
    load_before = os.getloadavg()
    rounds = []
    for i in range(2 * args.rounds):
        result = one_round(args.store, queries, read_ahead_on=i % 2 == 1)
        print(json.dumps(result), flush=True)
        rounds.append(result)
    print_table(
        ["read ahead", "cache dropped", "open s", "first 10 s n", "p50", "p95", "after n", "p50", "p95", "all done s"],
        [[r["read_ahead"], r["page_cache_dropped"], r["open_seconds"], r["first_10s_ms"].get("n", 0), r["first_10s_ms"].get("p50"),
          r["first_10s_ms"].get("p95"), r["after_10s_ms"].get("n", 0), r["after_10s_ms"].get("p50"), r["after_10s_ms"].get("p95"),
          r["last_query_done_s"]] for r in rounds],
    )
    write_report(args.report, {"store": args.store.name, "size": args.size, "queries": args.queries, "rounds": rounds, "load_average": {"before": load_before, "after": os.getloadavg()}})
    return 0


if __name__ == "__main__":
    sys.exit(main())
