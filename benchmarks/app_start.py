"""Start of the desktop app on a store, as a person meets it: a real process on a (virtual) screen.

For each run the app is started on `--data-dir` (`python -m remembrancer.app.cli.main`)
and timed from the moment the process is spawned:

- `window s`: the main window is on screen (`xdotool search --onlyvisible`);
- `open s`: the store is open and counted (the log's "memory open" line:
  the window shows the counts and answers searches from here);
- `index s`: every in-memory vector index is loaded or built (the log's
  "in-memory index of ... loaded|built" lines, one per large table);
- `RSS MB`: the app's resident memory once the indexes are ready, and its peak;
- with `--scale-size N` (a store kept by `benchmarks.scale`): the scale
  benchmark's questions are then asked of the running app through its
  socket, as `remembrancer recall` at a terminal does, timed, and the app's
  resident memory read again after them (its page cache filled by use).

Needs a screen: runs on `$DISPLAY`, or starts Xvfb on :77 when there is none
(Debian's xvfb and xdotool). The store is opened read-only in spirit: the app
may write its log and settings, never memories.

    python -m benchmarks.app_start --data-dir DIR [--runs 3] [--timeout 120] [--scale-size N [--recalls 200]]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import write_report

LOG_FILE = Path("logs") / "remembrancer.log"  # `Settings.log_dir` / `app.logging_setup.LOG_FILE`
_INDEX_LINE = re.compile(r"in-memory index of (\w+) (loaded|built): (\d+) rows")


def _ensure_display() -> subprocess.Popen | None:
    if os.environ.get("DISPLAY"):
        return None
    if not shutil.which("Xvfb"):
        raise SystemExit("no $DISPLAY and no Xvfb: install Debian's xvfb and xdotool")
    server = subprocess.Popen(["Xvfb", ":77", "-screen", "0", "1600x1000x24"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.environ["DISPLAY"] = ":77"
    time.sleep(1.0)
    return server


def _rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process, MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _large_tables(data_dir: Path) -> int:
    """How many vector tables have (or will have) an in-memory IVF: those with a saved one, or at least 1."""
    saved = list((data_dir / "vectors").glob("*.ivf")) if (data_dir / "vectors").exists() else []
    return max(1, len(saved))


def one_start(data_dir: Path, timeout: float, questions: Sequence[str] = ()) -> dict[str, Any]:
    log = data_dir / LOG_FILE
    offset = log.stat().st_size if log.exists() else 0
    expected = _large_tables(data_dir)
    env = dict(os.environ, REMEMBRANCER_NO_SERVICE="1")
    started = time.perf_counter()
    errors = tempfile.TemporaryFile()
    app = subprocess.Popen([sys.executable, "-m", "remembrancer.app.cli.main", "--data-dir", str(data_dir)], env=env,
                           stdout=subprocess.DEVNULL, stderr=errors)
    result: dict[str, Any] = {"window_s": None, "open_s": None, "index_s": None, "indexes": {}}
    try:
        while time.perf_counter() - started < timeout and app.poll() is None:
            now = time.perf_counter() - started
            if result["window_s"] is None:
                found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(app.pid), "--name", "Remembrancer"],
                                       capture_output=True, text=True)
                if found.stdout.strip():
                    result["window_s"] = round(now, 2)
            text = log.read_text(encoding="utf-8", errors="replace")[offset:] if log.exists() else ""
            if result["open_s"] is None and "memory open at" in text:
                result["open_s"] = round(now, 2)
            for table, how, rows in _INDEX_LINE.findall(text):
                result["indexes"].setdefault(table, {"how": how, "rows": int(rows), "s": round(now, 2)})
            if result["window_s"] is not None and len(result["indexes"]) >= expected:
                result["index_s"] = max(i["s"] for i in result["indexes"].values())
                time.sleep(1.0)  # let the first searches' buffers settle before reading the memory
                result["rss_mb"], result["peak_rss_mb"] = (round(v) for v in _rss_mb(app.pid))
                if questions:
                    result["recall_ms"] = _ask(data_dir, questions)
                    result["rss_after_recalls_mb"], result["peak_rss_after_recalls_mb"] = (round(v) for v in _rss_mb(app.pid))
                break
            time.sleep(0.05)
        if app.poll() is not None:  # it never got there: say why (Qt's missing system libraries, a locked store...)
            errors.seek(0)
            lines = errors.read().decode("utf-8", "replace").strip().splitlines()
            result["exited"] = {"code": app.returncode, "stderr_tail": lines[-3:]}
    finally:
        errors.close()
        app.terminate()
        try:
            app.wait(20)
        except subprocess.TimeoutExpired:
            app.kill()
    return result


def _ask(data_dir: Path, questions: list[str]) -> dict[str, float]:
    """Recall each question through the running app's socket; the latencies' percentiles."""
    from benchmarks.scale_corpus import NOW
    from benchmarks.scale_recall import percentiles
    from remembrancer.app import ipc

    tag = ipc.environment_tag()
    latencies = []
    for question in questions:
        started = time.perf_counter()
        ipc.call(data_dir, "cli.recall", {"query": question, "env": tag, "now": NOW}, timeout=60.0)
        latencies.append(1000 * (time.perf_counter() - started))
    return percentiles(latencies)


def _scale_questions(size: int, count: int) -> list[str]:
    from benchmarks.scale_corpus import generate_corpus, make_queries

    with tempfile.TemporaryDirectory() as tmp:
        return [q for q, _ in make_queries(generate_corpus(size, Path(tmp) / "corpus.jsonl"), count)]


def _indexes_line(indexes: dict[str, dict[str, Any]]) -> str:
    return ", ".join(f"{table} {i['how']} {i['rows']:,} rows at {i['s']} s" for table, i in indexes.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--report", default="app_start")
    parser.add_argument("--scale-size", type=int, help="the store's scale corpus size: ask its questions of the running app")
    parser.add_argument("--recalls", type=int, default=200, help="with --scale-size: how many (default 200)")
    args = parser.parse_args(argv)
    questions = _scale_questions(args.scale_size, args.recalls) if args.scale_size else []
    server = _ensure_display()
    try:
        runs = []
        for number in range(args.runs):
            run = one_start(args.data_dir, args.timeout, questions)
            runs.append(run)
            print(f"run {number + 1}: window {run['window_s']} s, open {run['open_s']} s, vector indexes {run['index_s']} s "
                  f"({_indexes_line(run['indexes'])}), "
                  f"RSS {run.get('rss_mb')} MB (peak {run.get('peak_rss_mb')} MB), load {os.getloadavg()[0]:.1f}", flush=True)
            if "recall_ms" in run:
                print(f"  {run['recall_ms']['n']} recalls through its socket: p50/p95 {run['recall_ms']['p50']}/{run['recall_ms']['p95']} ms; "
                      f"RSS after them {run['rss_after_recalls_mb']} MB (peak {run['peak_rss_after_recalls_mb']} MB)", flush=True)
            if "exited" in run:
                print(f"  the app exited with {run['exited']['code']}: {' / '.join(run['exited']['stderr_tail'])}", flush=True)
    finally:
        if server is not None:
            server.terminate()
    path = write_report(args.report, {"data_dir": str(args.data_dir), "cpus": os.cpu_count(), "runs": runs})
    print(f"report: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
