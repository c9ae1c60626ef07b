"""Evidence recall@k on the LoCoMo dev split, through the CLI contract.

Each conversation is imported into its own temp data dir with
`remembrancer import`, every category 1-4 question is asked in one
`remembrancer recall --queries-file ... --json --no-reinforce` batch, and a
question's recall@k is the share of its evidence turns found among the
`sources` of the top k items. Also reported: mean context tokens of the top 10.

    python -m benchmarks.locomo_recall [--keep DIR] [--embedder minilm|fake] [--misses FILE]

`--misses FILE` writes, for every question whose evidence is not all in the
top 10, the evidence it missed and what ranked there instead (JSON lines):
where to look before changing the ranking.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
from collections import Counter
import sys
import time
from pathlib import Path

from benchmarks.common import print_table, run_cli, write_report
from benchmarks.locomo import CATEGORIES, add_keep_option, by_category, dev_files_or_skip, questions, to_jsonl, work_folder
from remembrancer.memory.recall.query_text import estimate_tokens

KS = (1, 5, 10, 25)
BUDGET = 1500


def evaluate(files: list[Path], work: Path) -> dict:
    per_question = []
    extraction: list[dict] = []
    import_seconds = 0.0
    messages = 0
    for file in files:
        conv = json.loads(file.read_text(encoding="utf-8"))
        data_dir = work / file.stem
        jsonl = work / f"{file.stem}.jsonl"
        count = to_jsonl(conv, jsonl)
        messages += count
        if not (data_dir / "memory.sqlite3").exists():
            started = time.perf_counter()
            run_cli("--data-dir", str(data_dir), "import", str(jsonl))
            import_seconds += time.perf_counter() - started
        qs = questions(conv)
        qfile = work / f"{file.stem}.questions.txt"
        qfile.write_text("\n".join(q["question"].replace("\n", " ") for q in qs) + "\n", encoding="utf-8")
        started = time.perf_counter()
        ask = ("--data-dir", str(data_dir), "recall", "--queries-file", str(qfile), "--json", "--no-reinforce")
        lines = run_cli(*ask, "--k", str(max(KS)), "--budget", "0").splitlines()
        per_query_ms = 1000 * (time.perf_counter() - started) / max(1, len(qs))
        budget_lines = run_cli(*ask, "--k", "100000", "--budget", str(BUDGET)).splitlines()
        for q, line, budget_line in zip(qs, lines, budget_lines):
            items = json.loads(line)
            row = {"conversation": file.stem, "category": q["category"], "recall_ms": per_query_ms}
            for k in KS:
                found = {s for item in items[:k] for s in item["sources"]}
                row[f"r@{k}"] = len(q["evidence"] & found) / len(q["evidence"])
            row["tokens@10"] = sum(estimate_tokens(item["text"]) for item in items[:10])
            budget_items = json.loads(budget_line)
            found = {s for item in budget_items for s in item["sources"]}
            row["r@budget"] = len(q["evidence"] & found) / len(q["evidence"])
            row["levels@10"] = [item["level"] for item in items[:10]]
            row["miss"] = _miss(q, items[:10])
            per_question.append(row)
        facts = json.loads(run_cli("--data-dir", str(data_dir), "facts", "--json"))
        cited = {s for fact in facts for s in fact["sources"]}
        evidence = {e for q in qs for e in q["evidence"]}
        extraction.append({"facts": len(facts), "messages": count, "evidence_turns": len(evidence), "evidence_cited": len(evidence & cited)})
    return {"rows": per_question, "import_seconds": import_seconds, "messages": messages, "extraction": extraction}


def _miss(question: dict, top: list[dict]) -> dict | None:
    """The question, its evidence missing from `top` and what ranked there instead; None when nothing is missing."""
    missing = question["evidence"] - {s for item in top for s in item["sources"]}
    if not missing:
        return None
    shown = [{"level": item["level"], "sources": item["sources"], "text": item["text"]} for item in top]
    return {"question": question["question"], "category": CATEGORIES[question["category"]], "missing": sorted(missing), "top10": shown}


def write_misses(rows: list[dict], path: Path) -> int:
    misses = [row["miss"] | {"conversation": row["conversation"]} for row in rows if row["miss"]]
    path.write_text("".join(json.dumps(miss) + "\n" for miss in misses), encoding="utf-8")
    return len(misses)


def summarise(rows: list[dict]) -> dict:
    groups = by_category(rows)
    out = {}
    for name, group in groups.items():
        if group:
            out[name] = {"questions": len(group), **{f"recall@{k}": statistics.fmean(r[f"r@{k}"] for r in group) for k in KS}}
            out[name]["tokens@10"] = statistics.fmean(r["tokens@10"] for r in group)
            out[name][f"recall@{BUDGET}tok"] = statistics.fmean(r["r@budget"] for r in group)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_keep_option(parser)
    parser.add_argument("--embedder", default="minilm")
    parser.add_argument("--extractor", default="rules", help="rules (default) or none (messages only)")
    parser.add_argument("--misses", metavar="FILE", help="write the questions missing evidence in the top 10 (JSON lines)")
    args = parser.parse_args(argv)
    files = dev_files_or_skip()
    if not files:
        return 0
    os.environ["REMEMBRANCER_EMBEDDER"] = args.embedder
    os.environ["REMEMBRANCER_EXTRACTOR"] = args.extractor
    with work_folder(args.keep) as work:
        result = evaluate(files, work)
    summary = summarise(result["rows"])
    print(f"LoCoMo dev: {len(files)} conversations, {result['messages']} messages, {len(result['rows'])} questions (categories 1-4)")
    print_table(
        ["category", "n"] + [f"R@{k}" for k in KS] + [f"R@{BUDGET}tok", "tok@10"],
        [[n, s["questions"]] + [s[f"recall@{k}"] for k in KS] + [s[f"recall@{BUDGET}tok"], s["tokens@10"]] for n, s in summary.items()],
    )
    levels = Counter(level for r in result["rows"] for level in r["levels@10"])
    total_items = sum(levels.values()) or 1
    level_share = {level: round(n / total_items, 3) for level, n in sorted(levels.items())}
    print("levels in the top 10: " + ", ".join(f"{level} {share:.0%}" for level, share in level_share.items()))
    ex = result["extraction"]
    facts, msgs = sum(e["facts"] for e in ex), sum(e["messages"] for e in ex)
    cited = sum(e["evidence_cited"] for e in ex) / max(1, sum(e["evidence_turns"] for e in ex))
    print(f"extraction: {facts} facts from {msgs} messages ({facts / max(1, msgs):.2f} per message); evidence turns cited by a fact: {cited:.1%}")
    recall_ms = statistics.fmean(r["recall_ms"] for r in result["rows"])
    print(f"recall: {recall_ms:.1f} ms per question (k=25, no budget; CLI batches, opening each store included)")
    if result["import_seconds"]:
        print(f"import: {result['import_seconds']:.1f}s for {result['messages']} messages")
    path = write_report(
        "locomo_recall",
        {
            "embedder": args.embedder,
            "extractor": args.extractor,
            "summary": summary,
            "levels_top10": level_share,
            "extraction": {"facts": facts, "messages": msgs, "facts_per_message": facts / max(1, msgs), "evidence_cited_share": cited, "per_conversation": ex},
            "import_seconds": result["import_seconds"],
            "recall_ms_per_question": recall_ms,
            "messages": result["messages"],
        },
    )
    print(f"report: {path}")
    if args.misses:
        print(f"misses: {write_misses(result['rows'], Path(args.misses))} questions in {args.misses}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
