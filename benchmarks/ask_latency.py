"""`ask` end to end on a LoCoMo dev conversation: recall, prompt, bundled-model answer.

The conversation is imported (real embedder unless REMEMBRANCER_EMBEDDER says
otherwise), then its first questions are asked in full mode and in quick
mode. Reported: the cold first answer (model load included), p50/p95 of the
warm answers, recall's share of that time, tokens in/out, how often the
model's own citations survived (vs. the overlap fallback), and how often a
citation's sources hit the question's evidence turns. Skips cleanly when
../shared has no LoCoMo data.

    python -m benchmarks.ask_latency [--keep DIR] [--questions 20] [--conversation conv-26]
"""
from __future__ import annotations

import argparse
import statistics
import time

from remembrancer.app.context import AppContext
from remembrancer.app.llm import ask_memory
from benchmarks.common import percentile, print_table, use_benchmark_passphrase, write_report
from benchmarks.locomo import add_keep_option, conversation_store, dev_files_or_skip, questions, work_folder
from remembrancer.memory.types import Answer

ACCEPTANCE = "Where does Odile live?"


def hit(answer: Answer, evidence: set[str]) -> bool:
    return any(set(c.sources) & evidence for c in answer.citations)


def run(ctx: AppContext, qs: list[dict], quick: bool) -> list[dict]:
    memory = ctx.memory()
    rows = []
    for q in qs:
        started = time.perf_counter()
        memory.recall(q["question"], k=5 if quick else 8, now=ctx.now, budget=200 if quick else 1000)
        recall_ms = 1000 * (time.perf_counter() - started)
        answer = ask_memory(ctx, q["question"], quick=quick)
        rows.append({"question": q["question"], "ms": answer.took_ms, "recall_ms": recall_ms, "tokens_in": answer.tokens_in,
                     "tokens_out": answer.tokens_out, "degraded": answer.degraded, "model_cited": answer.note is None,
                     "hit": hit(answer, q["evidence"]) if q["evidence"] else None, "answer": answer.answer,
                     "citations": [c.id for c in answer.citations]})
    return rows


def summarise(rows: list[dict]) -> dict:
    scored = [r for r in rows if r["hit"] is not None]
    return {
        "questions": len(rows), "p50_ms": percentile([r["ms"] for r in rows], 0.5), "p95_ms": percentile([r["ms"] for r in rows], 0.95),
        "recall_p50_ms": percentile([r["recall_ms"] for r in rows], 0.5),
        "tokens_in": statistics.fmean(r["tokens_in"] for r in rows), "tokens_out": statistics.fmean(r["tokens_out"] for r in rows),
        "degraded": sum(r["degraded"] for r in rows), "model_cited": sum(r["model_cited"] for r in rows),
        "evidence_hit_rate": statistics.fmean(r["hit"] for r in scored) if scored else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_keep_option(parser)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--conversation", default="conv-26")
    args = parser.parse_args()
    files = [f for f in dev_files_or_skip() if f.stem == args.conversation]
    if not files:
        return
    with work_folder(args.keep) as work:
        conv, data_dir, _ = conversation_store(work, files[0])
        use_benchmark_passphrase()
        ctx = AppContext(data_dir)
        try:
            started = time.perf_counter()
            cold = ask_memory(ctx, ACCEPTANCE)
            cold_ms = 1000 * (time.perf_counter() - started)
            qs = [{"question": ACCEPTANCE, "evidence": set()}, *questions(conv)[: args.questions]]
            full, quick = run(ctx, qs, quick=False), run(ctx, qs, quick=True)
        finally:
            ctx.close()
    summary = {"full": summarise(full), "quick": summarise(quick)}
    print(f"cold first answer (model load included): {cold_ms:.0f} ms; model {cold.model}; answer: {cold.answer!r}")
    print(f"  citations: {[(c.id, c.sources) for c in cold.citations]}; note: {cold.note}")
    rows = [[mode, s["questions"], s["p50_ms"], s["p95_ms"], s["recall_p50_ms"], s["tokens_in"], s["tokens_out"],
             s["model_cited"], s["degraded"], s["evidence_hit_rate"] if s["evidence_hit_rate"] is not None else "-"]
            for mode, s in summary.items()]
    print_table(["mode", "questions", "p50 ms", "p95 ms", "recall p50 ms", "tok in", "tok out", "model cited", "degraded",
                 "evidence hit"], rows)
    path = write_report("ask_latency", {
        "conversation": files[0].stem, "cold_ms": cold_ms, "cold_answer": cold.to_json(), "summary": summary,
        "rows": {"full": full, "quick": quick},
    })
    print(f"report: {path}")


if __name__ == "__main__":
    main()
