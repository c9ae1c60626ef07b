"""Fuzz benchmark: the suite's hostile-input properties with many more examples, counted.

Runs every importer target and the native-messaging framing for
`--examples` generated inputs each (no shrinking: a hang replayed to shrink
would take minutes), and reports examples tried and failures per target.

    python -m benchmarks.fuzz [--examples 2000]
"""
from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from benchmarks.common import print_table, write_report
from benchmarks.fuzz_targets import FRAMES, IMPORTER_CASES, parse_or_reject, read_all_frames

logger = logging.getLogger(__name__)


def run_target(strategy: st.SearchStrategy, check: Callable[[object], object], examples: int) -> tuple[int, list[str]]:
    """Feed `examples` inputs to `check`; (inputs tried, failures as text). Stops at the first failure."""
    tried = [0]

    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate], report_multiple_bugs=False,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def prop(value: object) -> None:
        tried[0] += 1
        check(value)

    try:
        prop()
    except Exception as exc:  # the failing input is the finding: report it, go on with the next target
        return tried[0], [f"{type(exc).__name__}: {str(exc)[:300]}"]
    return tried[0], []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    args = parser.parse_args(argv)
    targets: dict[str, tuple[st.SearchStrategy, Callable[[object], object]]] = {
        name: (strategy, lambda content, imp=importer, fn=file_name: parse_or_reject(imp, fn, content))
        for name, (importer, file_name, strategy) in IMPORTER_CASES.items()
    }
    targets["native_messaging"] = (FRAMES, read_all_frames)
    rows, results = [], {}
    for name, (strategy, check) in targets.items():
        started = time.perf_counter()
        tried, failures = run_target(strategy, check, args.examples)
        seconds = time.perf_counter() - started
        rows.append([name, tried, len(failures), seconds])
        results[name] = {"examples": tried, "failures": failures, "seconds": round(seconds, 1)}
        for failure in failures:
            print(f"{name}: {failure}")
    print_table(["target", "examples", "failures", "seconds"], rows)
    total_failures = sum(len(r["failures"]) for r in results.values())
    print(f"\n{sum(r['examples'] for r in results.values())} examples, {total_failures} failures")
    path = write_report("fuzz", {"examples_per_target": args.examples, "targets": results, "failures": total_failures})
    print(f"report: {path}")
    return 1 if total_failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
