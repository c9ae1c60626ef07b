"""Answer quality of `ask --quick` on the LoCoMo dev split: token F1, "don't know" rate, latency.

Each dev conversation is imported once into its own data dir (as
benchmarks/locomo_recall does; `--keep DIR` keeps the stores, `--reuse`
says to expect them there), then every category 1-4 question is asked
in-process through the same code path as `remembrancer ask --quick`
(`memory.ask.ask(..., quick=True)` over the store's recall), without
reinforcing recall so that re-runs see the same store.

The score is LoCoMo's token F1 (Maharana et al. 2024): both strings
lowercased, punctuation and the articles a/an/the removed, then F1 over the
bag of tokens. Reported per category and overall, with the share of "don't
know" answers, the share of answers holding a date (per category, and for the
questions that begin "When"), and the latency of `ask` (recall included) p50/p95.
`--model-questions N` also asks N questions per conversation (spread over
its list) with the model in use, as `remembrancer ask` does, and prints
their F1 beside the extractive F1 of the same questions.

    python -m benchmarks.ask_quality [--keep DIR [--reuse]] [--conversations N] [--rows FILE] [--model-questions N]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import string
import sys
import time
from collections import Counter
from pathlib import Path

from benchmarks.common import percentile, print_table, run_cli, use_benchmark_passphrase, write_report
from benchmarks.locomo import CATEGORIES, add_keep_option, by_category, dev_files_or_skip, to_jsonl, work_folder

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation)
_DATE_HINT = re.compile(r"\b(?:19|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE)


def normalise(text: str) -> list[str]:
    """LoCoMo's answer normalisation: lowercase, no punctuation, no articles, single spaces."""
    text = str(text).lower().replace(",", " ").translate(_PUNCT)
    return _ARTICLES.sub(" ", text).split()


def token_f1(prediction: str, truth: str) -> float:
    pred, gold = normalise(prediction), normalise(truth)
    common = Counter(pred) & Counter(gold)
    same = sum(common.values())
    if not pred or not gold or same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(gold)
    return 2 * precision * recall / (precision + recall)


def dont_know(answer_text: str) -> bool:
    """Whether the answer says memory holds no answer (today's wording or the extractive one)."""
    lowered = answer_text.lower()
    return lowered.startswith("i don't know") or lowered.startswith("nothing in memory")


def qa_rows(conv: dict) -> list[dict]:
    """Category 1-4 questions with their gold answers."""
    return [{"question": qa["question"], "answer": str(qa["answer"]), "category": qa["category"]}
            for qa in conv["qa"] if qa.get("category") in CATEGORIES and "answer" in qa]


def never_said_rows(conv: dict) -> list[dict]:
    """LoCoMo's adversarial questions (category 5): something one person said, asked about the other. Memory holds no answer."""
    return [{"question": qa["question"], "answer": str(qa.get("adversarial_answer", "")), "category": 5}
            for qa in conv["qa"] if qa.get("category") == 5]


def ask_all(data_dir: Path, qs: list[dict], conversation: str, quick: bool = True) -> list[dict]:
    """Every question through `ask`, as `remembrancer ask [--quick]` runs it, in this process."""
    from remembrancer.app.context import AppContext
    from remembrancer.memory.ask import ask
    from remembrancer.memory.ask.question import read_question

    use_benchmark_passphrase()
    ctx = AppContext(data_dir)
    rows = []
    try:
        memory = ctx.memory()

        def recall(query: str, count: int, tokens: int | None):
            return memory.recall(query, k=count, now=ctx.now, budget=tokens)

        ask("warm up", recall, ctx.llm.get, quick=quick)  # the embedder's (and model's) first load is not a question's latency
        for q in qs:
            started = time.perf_counter()
            answer = ask(q["question"], recall, ctx.llm.get, quick=quick)
            ms = 1000 * (time.perf_counter() - started)
            rows.append({
                "conversation": conversation, "category": q["category"], "question": q["question"], "gold": q["answer"],
                "answer": answer.answer, "f1": token_f1(answer.answer, q["answer"]), "dont_know": dont_know(answer.answer),
                "dated": bool(_DATE_HINT.search(answer.answer)), "cited": bool(answer.citations), "ms": ms,
                "when": read_question(q["question"]).kind == "when",
            })
    finally:
        ctx.close()
    return rows


def summarise(rows: list[dict]) -> dict:
    groups = by_category(rows)
    out = {}
    for name, group in groups.items():
        if group:
            out[name] = {
                "questions": len(group), "f1": statistics.fmean(r["f1"] for r in group),
                "dont_know": statistics.fmean(r["dont_know"] for r in group),
                "dated": statistics.fmean(r["dated"] for r in group),
                "uncited": statistics.fmean(not r["cited"] and not r["dont_know"] for r in group),
                "p50_ms": percentile([r["ms"] for r in group], 0.5), "p95_ms": percentile([r["ms"] for r in group], 0.95),
            }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_keep_option(parser)
    parser.add_argument("--reuse", action="store_true", help="with --keep: the stores must already be there (no import)")
    parser.add_argument("--conversations", type=int, default=None, metavar="N", help="only the first N conversations")
    parser.add_argument("--embedder", default="minilm")
    parser.add_argument("--label", default="", help="a name for this run in the report (e.g. before/after)")
    parser.add_argument("--rows", metavar="FILE", help="write every question, gold answer and answer (JSON lines)")
    parser.add_argument("--model-questions", type=int, default=0, metavar="N",
                        help="also ask N questions per conversation (spread over its list) with the model in use (bundled: ~4 s each)")
    args = parser.parse_args(argv)
    if args.reuse and not args.keep:
        parser.error("--reuse needs --keep DIR")
    files = dev_files_or_skip()[: args.conversations]
    if not files:
        return 0
    os.environ["REMEMBRANCER_EMBEDDER"] = args.embedder
    rows: list[dict] = []
    never_rows: list[dict] = []  # questions about things never said (about that person)
    model_rows: list[dict] = []
    with work_folder(args.keep) as work:
        for file in files:
            conv = json.loads(file.read_text(encoding="utf-8"))
            data_dir = work / file.stem
            if not (data_dir / "memory.sqlite3").exists():
                if args.reuse:
                    parser.error(f"--reuse: no store at {data_dir}")
                jsonl = work / f"{file.stem}.jsonl"
                to_jsonl(conv, jsonl)
                run_cli("--data-dir", str(data_dir), "import", str(jsonl))
            qs = qa_rows(conv)
            rows.extend(ask_all(data_dir, qs, file.stem))
            never_rows.extend(ask_all(data_dir, never_said_rows(conv), file.stem))
            if args.model_questions:
                step = max(1, len(qs) // args.model_questions)
                model_rows.extend(ask_all(data_dir, qs[::step][: args.model_questions], file.stem, quick=False))
    summary = summarise(rows)
    asked_when = [r for r in rows if r["when"]]
    when_dated = statistics.fmean(r["dated"] for r in asked_when) if asked_when else None
    print(f"ask --quick on LoCoMo dev: {len(files)} conversations, {len(rows)} questions (categories 1-4){' - ' + args.label if args.label else ''}")
    print_table(["category", "n", "token F1", "don't know", "dated", "uncited", "p50 ms", "p95 ms"],
                [[n, s["questions"], s["f1"], s["dont_know"], s["dated"], s["uncited"], s["p50_ms"], s["p95_ms"]]
                 for n, s in summary.items()])
    if when_dated is not None:
        print(f'"When ...?" questions answered with a date: {when_dated:.1%} of {len(asked_when)}')
    never = {"questions": len(never_rows),
             "dont_know": statistics.fmean(r["dont_know"] for r in never_rows) if never_rows else None,
             # answered with what the *other* person said: the answer shares most of its words with it
             "fooled": statistics.fmean(r["f1"] >= 0.5 for r in never_rows) if never_rows else None}
    if never_rows:
        print(f"never said (category 5: asked about the wrong person), {never['questions']} questions: "
              f"\"I don't know\" {never['dont_know']:.1%}, answered with the other person's answer {never['fooled']:.1%}")
    model_summary = summarise(model_rows) if model_rows else None
    if model_summary:
        # The same questions' extractive answers, for a comparison within this run.
        asked = {(r["conversation"], r["question"]) for r in model_rows}
        same = summarise([r for r in rows if (r["conversation"], r["question"]) in asked])
        print(f"ask with the model, {len(model_rows)} of the questions (their extractive F1 alongside)")
        print_table(["category", "n", "model F1", "extractive F1", "don't know", "p50 ms", "p95 ms"],
                    [[n, s["questions"], s["f1"], same[n]["f1"], s["dont_know"], s["p50_ms"], s["p95_ms"]]
                     for n, s in model_summary.items()])
    path = write_report("ask_quality", {"label": args.label, "embedder": args.embedder, "conversations": [f.stem for f in files],
                                        "extractive": summary, "when_questions": len(asked_when), "when_dated": when_dated, "never_said": never,
                                        "model": model_summary})
    print(f"report: {path}")
    if args.rows:
        Path(args.rows).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
