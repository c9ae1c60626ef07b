"""Crash benchmark: SIGKILL `remembrancer import` and `consolidate` at random moments, many times.

Each trial kills a real CLI process at a random moment of its work (counted
from when it has the store open), then checks that the store opens, that
`check` passes and that every message of every file the process logged as
committed is present. The kill window is calibrated from one unkilled run so
the moments spread over the whole of the work.

Two more kill points: an import killed between its last commit and the end
of its facts, scenes and persona (the next open must finish them), and two
imports creating one new store at once, one killed at a random moment from
its start (key, header, schema).

    python -m benchmarks.crash [--imports 12] [--consolidations 10] [--after-commit 8] [--creations 8] [--seed 1]
"""
from __future__ import annotations

import argparse
import logging
import random
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.common import print_table, use_benchmark_passphrase, write_report
from benchmarks.crash_harness import Trial, consolidation_trial, creation_trial, extraction_trial, import_trial

logger = logging.getLogger(__name__)


def calibrate(workdir: Path) -> tuple[float, float, float, float]:
    """Seconds of each kind of work, from one unkilled run each (a huge window never fires).

    From store open to exit of an import and a consolidation; from the last
    commit to exit of an import (its facts, scenes, persona and vectors); from
    process start to exit of an import creating a new store.
    """
    imported = import_trial(workdir, seed=0, window=600.0)
    consolidated = consolidation_trial(workdir, seed=1, window=600.0)
    levels = extraction_trial(workdir, seed=2, window=600.0)
    created = creation_trial(workdir, seed=3, window=600.0)
    return imported.killed_after, consolidated.killed_after, levels.killed_after, created.killed_after


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--imports", type=int, default=12)
    parser.add_argument("--consolidations", type=int, default=10)
    parser.add_argument("--after-commit", type=int, default=8, help="imports killed between their last commit and the end of facts/scenes/persona")
    parser.add_argument("--creations", type=int, default=8, help="two imports creating one new store at once, one of them killed")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args(argv)
    use_benchmark_passphrase()  # the children make encrypted stores, as the app does; this process opens them to check
    rng = random.Random(args.seed)
    workdir = Path(tempfile.mkdtemp(prefix="remembrancer-crash-"))
    started = time.perf_counter()
    try:
        import_s, consolidate_s, levels_s, start_s = calibrate(workdir)
        plan = [(args.imports, import_trial, import_s * 1.1), (args.consolidations, consolidation_trial, consolidate_s * 1.1),
                (args.after_commit, extraction_trial, levels_s * 1.1), (args.creations, creation_trial, start_s * 1.2)]
        trials: list[tuple[int, Trial]] = []
        for count, trial, window in plan:
            for seed in (rng.randrange(1_000_000) for _ in range(count)):
                trials.append((seed, trial(workdir, seed, window=window)))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    rows = [
        [seed, t.phase, t.killed_after, "finished" if t.exited_before_kill else "killed", t.committed_files, t.committed_messages,
         len(t.missing), "yes" if t.opened else "NO", "ok" if t.check_ok else "FAIL"]
        for seed, t in trials
    ]
    print_table(["seed", "phase", "kill_s", "child", "files_committed", "msgs_committed", "missing", "opened", "check"], rows)
    failures = [(seed, t) for seed, t in trials if not t.ok]
    killed = sum(not t.exited_before_kill for _, t in trials)
    print(f"\n{len(trials)} trials ({killed} killed mid-work), {len(failures)} failures; "
          f"work window: import {import_s:.2f}s, consolidate {consolidate_s:.2f}s, after last commit {levels_s:.2f}s, "
          f"new store from process start {start_s:.2f}s; {time.perf_counter() - started:.0f}s in all")
    path = write_report("crash", {
        "seed": args.seed,
        "trials": len(trials),
        "killed_mid_work": killed,
        "failures": len(failures),
        "window_seconds": {"import": import_s, "consolidate": consolidate_s, "after_commit": levels_s, "creation": start_s},
        "results": [{"seed": seed, **{k: v for k, v in vars(t).items()}, "ok": t.ok} for seed, t in trials],
    })
    print(f"report: {path}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
