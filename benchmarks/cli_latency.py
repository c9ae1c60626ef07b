"""Wall time of the command line as a person at a terminal meets it, one process per command.

On a store of one LoCoMo dev conversation (real embedder), each p50/p95 over
`--runs` runs:
- `remembrancer --version`;
- `recall` and `ask --quick`, **one-shot** (`REMEMBRANCER_NO_SERVICE=1`: the
  command loads everything itself, as before the service existed);
- the same, **cold**: no app or service running, so the command starts the
  background service and waits for it (the service is stopped before each run);
- the same, **warm**: the service is running (started by the first command).
Questions cycle through the conversation's own questions. Skips cleanly when
../shared has no LoCoMo data.

    python -m benchmarks.cli_latency [--keep DIR] [--runs 20] [--conversation conv-26]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, percentile, print_table, use_benchmark_passphrase, write_report
from benchmarks.locomo import add_conversation_option, add_keep_option, conversation_file_or_skip, conversation_store, questions, work_folder


def cli(data_dir: Path, *args: str, service: bool) -> float:
    """Seconds of wall time for one `remembrancer` process."""
    env = {**os.environ, "REMEMBRANCER_NO_SERVICE": "" if service else "1"}
    script = Path(sys.executable).with_name("remembrancer")
    program = [str(script)] if script.exists() else [sys.executable, "-m", "remembrancer.app.cli.main"]
    started = time.perf_counter()
    done = subprocess.run([*program, "--data-dir", str(data_dir), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"remembrancer {' '.join(args)} exited {done.returncode}: {done.stderr[-500:]}")
    return took


def stop(data_dir: Path) -> None:
    from remembrancer.app.serve import stop_service

    stop_service(data_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_keep_option(parser)
    parser.add_argument("--runs", type=int, default=20)
    add_conversation_option(parser)
    args = parser.parse_args(argv)
    file = conversation_file_or_skip(args.conversation)
    if file is None:
        return 0
    use_benchmark_passphrase()
    with work_folder(args.keep) as work:
        conv, data_dir, messages = conversation_store(work, file)
        asked = [q["question"] for q in questions(conv)]
        stop(data_dir)
        times: dict[str, list[float]] = {}

        def measure(name: str, args_for, service: bool, before=None) -> None:
            for run in range(args.runs):
                if before is not None:
                    before()
                times.setdefault(name, []).append(cli(data_dir, *args_for(run), service=service))

        recall = lambda i: ("recall", asked[i % len(asked)], "--no-reinforce")  # noqa: E731
        quick = lambda i: ("ask", "--quick", asked[i % len(asked)])  # noqa: E731
        measure("--version", lambda i: ("--version",), service=False)
        measure("recall one-shot", recall, service=False)
        measure("ask --quick one-shot", quick, service=False)
        measure("recall cold (starts the service)", recall, service=True, before=lambda: stop(data_dir))
        measure("ask --quick cold (starts the service)", quick, service=True, before=lambda: stop(data_dir))
        measure("recall warm (service running)", recall, service=True)
        measure("ask --quick warm (service running)", quick, service=True)
        stop(data_dir)
    rows = [[name, len(v), statistics.median(v), percentile(v, 0.95)] for name, v in times.items()]
    print(f"CLI wall time, {args.runs} runs each, store of {args.conversation} ({messages} messages), one process per command")
    print_table(["command", "runs", "p50 s", "p95 s"], rows)
    path = write_report("cli_latency", {
        "conversation": args.conversation, "messages": messages, "runs": args.runs,
        "commands": {name: {"p50_s": round(statistics.median(v), 3), "p95_s": round(percentile(v, 0.95), 3),
                            "all_s": [round(x, 3) for x in v]} for name, v in times.items()},
    })
    print(f"report: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
