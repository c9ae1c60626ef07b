"""Consolidation on the LoCoMo dev conversations, through the CLI contract.

Each conversation is imported into its own data dir (or reused with --keep),
then `remembrancer consolidate --json` runs twice. Reported per conversation
and in total: seconds of each run, facts merged, sources moved, archived
counts, whether every message cited by a fact before is still cited after
(no source lost), and whether the second run changed anything (it must not).

LoCoMo: Maharana et al. 2024, CC BY-NC 4.0; read from ../shared, never copied.

    python -m benchmarks.consolidate [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from benchmarks.common import print_table, run_cli, store_key, write_report
from benchmarks.locomo import add_keep_option, dev_files_or_skip, to_jsonl, work_folder
from remembrancer.memory.store.database import DB_FILENAME, connect


def cited(data_dir: Path) -> set[str]:
    conn = connect(data_dir / DB_FILENAME, store_key(data_dir))
    try:
        return {m for (m,) in conn.execute("SELECT DISTINCT message_id FROM fact_sources")}
    finally:
        conn.close()


def run(files: list[Path], work: Path) -> dict:
    rows = []
    for file in files:
        data_dir = work / file.stem
        if not (data_dir / "memory.sqlite3").exists():
            jsonl = work / f"{file.stem}.jsonl"
            to_jsonl(json.loads(file.read_text(encoding="utf-8")), jsonl)
            run_cli("--data-dir", str(data_dir), "import", str(jsonl))
        before = cited(data_dir)
        reports = []
        for _ in range(2):
            started = time.perf_counter()
            report = json.loads(run_cli("--data-dir", str(data_dir), "consolidate", "--json"))
            report["wall_seconds"] = round(time.perf_counter() - started, 2)
            reports.append(report)
        rows.append({
            "conversation": file.stem,
            "first": reports[0],
            "second": reports[1],
            "sources_kept": before <= cited(data_dir),
        })
    total_first = sum(r["first"]["wall_seconds"] for r in rows)
    return {
        "conversations": rows,
        "total_seconds_first_run": round(total_first, 2),
        "total_seconds_second_run": round(sum(r["second"]["wall_seconds"] for r in rows), 2),
        "facts_merged": sum(r["first"]["facts_merged"] for r in rows),
        "sources_moved": sum(r["first"]["sources_moved"] for r in rows),
        "no_source_lost": all(r["sources_kept"] for r in rows),
        "second_run_changed": sum(r["second"]["changed"] for r in rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_keep_option(parser)
    args = parser.parse_args(argv)
    files = dev_files_or_skip()
    if not files:
        return 0
    with work_folder(args.keep) as work:
        result = run(files, work)
    print_table(
        ["conversation", "1st s", "merged", "sources moved", "archived", "2nd s", "2nd changed", "sources kept"],
        [
            [r["conversation"], r["first"]["wall_seconds"], r["first"]["facts_merged"], r["first"]["sources_moved"],
             sum(r["first"]["archived"].values()), r["second"]["wall_seconds"], r["second"]["changed"], r["sources_kept"]]
            for r in result["conversations"]
        ],
    )
    print(f"all five: first run {result['total_seconds_first_run']}s, second {result['total_seconds_second_run']}s;"
          f" merged {result['facts_merged']} facts, no source lost: {result['no_source_lost']}, second run changed {result['second_run_changed']}")
    print(f"report: {write_report('consolidate', result)}")
    return 0 if result["no_source_lost"] and result["second_run_changed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
