"""Evidence recall@k on the LoCoMo dev split, through the CLI contract.

Each conversation is imported into its own temp data dir with
`remembrancer import`, every category 1-4 question is asked in one
`remembrancer recall --queries-file ... --json --no-reinforce` batch, and a
question's recall@k is the share of its evidence turns found among the
`sources` of the top k items. Also reported: mean context tokens of the top 10.

    python -m benchmarks.locomo_recall [--keep DIR] [--embedder minilm|fake]
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import print_table, run_cli, write_report
from benchmarks.locomo import CATEGORIES, conversation_files, questions, to_jsonl
from memory.recall.query_text import estimate_tokens

KS = (1, 5, 10, 25)


def evaluate(files: list[Path], work: Path) -> dict:
    per_question = []
    import_seconds = 0.0
    messages = 0
    for file in files:
        conv = json.loads(file.read_text(encoding="utf-8"))
        data_dir = work / file.stem
        jsonl = work / f"{file.stem}.jsonl"
        messages += to_jsonl(conv, jsonl)
        if not (data_dir / "memory.sqlite3").exists():
            started = time.perf_counter()
            run_cli("--data-dir", str(data_dir), "import", str(jsonl))
            import_seconds += time.perf_counter() - started
        qs = questions(conv)
        qfile = work / f"{file.stem}.questions.txt"
        qfile.write_text("\n".join(q["question"].replace("\n", " ") for q in qs) + "\n", encoding="utf-8")
        started = time.perf_counter()
        lines = run_cli("--data-dir", str(data_dir), "recall", "--queries-file", str(qfile), "--k", str(max(KS)), "--json", "--no-reinforce").splitlines()
        per_query_ms = 1000 * (time.perf_counter() - started) / max(1, len(qs))
        for q, line in zip(qs, lines):
            items = json.loads(line)
            row = {"conversation": file.stem, "category": q["category"], "recall_ms": per_query_ms}
            for k in KS:
                found = {s for item in items[:k] for s in item["sources"]}
                row[f"r@{k}"] = len(q["evidence"] & found) / len(q["evidence"])
            row["tokens@10"] = sum(estimate_tokens(item["text"]) for item in items[:10])
            per_question.append(row)
    return {"rows": per_question, "import_seconds": import_seconds, "messages": messages}


def summarise(rows: list[dict]) -> dict:
    groups = {name: [r for r in rows if r["category"] == cat] for cat, name in CATEGORIES.items()}
    groups["overall"] = rows
    out = {}
    for name, group in groups.items():
        if group:
            out[name] = {"questions": len(group), **{f"recall@{k}": statistics.fmean(r[f"r@{k}"] for r in group) for k in KS}}
            out[name]["tokens@10"] = statistics.fmean(r["tokens@10"] for r in group)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", metavar="DIR", help="import into DIR and keep it (re-runs skip the import)")
    parser.add_argument("--embedder", default="minilm")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    files = conversation_files()
    if not files:
        print("LoCoMo dev data not found under ../shared/data/locomo-dev: skipping.")
        return 0
    os.environ["REMEMBRANCER_EMBEDDER"] = args.embedder
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        result = evaluate(files, work)
    summary = summarise(result["rows"])
    print(f"LoCoMo dev: {len(files)} conversations, {result['messages']} messages, {len(result['rows'])} questions (categories 1-4)")
    print_table(["category", "n"] + [f"R@{k}" for k in KS] + ["tok@10"], [[n, s["questions"]] + [s[f"recall@{k}"] for k in KS] + [s["tokens@10"]] for n, s in summary.items()])
    if result["import_seconds"]:
        print(f"import: {result['import_seconds']:.1f}s for {result['messages']} messages")
    path = write_report("locomo_recall", {"embedder": args.embedder, "summary": summary, "import_seconds": result["import_seconds"], "messages": result["messages"]})
    print(f"report: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
