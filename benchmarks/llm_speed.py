"""Speed of the bundled model on this machine: load time, time to first token, tokens/s.

Three kinds of call, each run a few times (the median is reported):
a short free completion, a long prompt (an ask-sized prompt of recalled
memories), and the same long prompt with the ask answer schema (grammar-
constrained decoding costs a little per token). Time to first token covers
prompt evaluation; decode tokens/s counts the tokens after the first.
llama.cpp reuses the longest common prompt prefix between calls, so each
repetition gets a prompt that differs from the first token on, to measure a
cold prompt.

    python -m benchmarks.llm_speed [--threads N] [--runs 3] [--tokens 64]
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from remembrancer.app.llm import default_cache_dir
from benchmarks.common import print_table, write_report
from remembrancer.memory.ask.prompt import answer_schema, build_prompt
from remembrancer.memory.llm.llama import LlamaModel
from remembrancer.memory.llm.models import BUNDLED, ModelManager
from remembrancer.memory.types import RecallItem

SHORT = "{n}. The best way to spend a rainy afternoon is"


def long_items(n: int) -> list[RecallItem]:
    texts = [
        "Odile moved to Berlin last spring and loves her flat near the park.",
        "Wren started pottery classes and made a bowl for her mother.",
        "Odile works as a counselor at a youth centre and wants to adopt a child.",
        "Wren's kids love camping; they went to the mountains in June 2023.",
        "Odile went to an LGBTQ support group on 7 May 2023 and found it inspiring.",
        "Wren painted a sunset over the lake after the family trip.",
        "Odile plays acoustic guitar and started in 2018.",
        "Wren ran a charity race for mental health in May 2023.",
    ]
    return [RecallItem(id=f"f{n}-{i}", level="fact", text=f"{text} (note {n})", score=1.0, sources=[f"m{i}"], retention=1.0,
                       speaker="Odile", time="2023-05-08T13:56:00+00:00") for i, text in enumerate(texts)]


def measure(model: LlamaModel, prompt: str, tokens: int, schema: dict | None) -> dict[str, float]:
    first: list[float] = []
    started = time.perf_counter()
    completion = model.complete(prompt, max_tokens=tokens, json_schema=schema,
                                on_token=lambda _: first.append(time.perf_counter()) if not first else None)
    ended = time.perf_counter()
    ttft = (first[0] if first else ended) - started
    decode = max(ended - (first[0] if first else ended), 1e-9)
    return {
        "tokens_in": completion.tokens_in, "tokens_out": completion.tokens_out, "ttft_ms": 1000 * ttft,
        "decode_tok_s": max(completion.tokens_out - 1, 0) / decode, "prompt_tok_s": completion.tokens_in / max(ttft, 1e-9),
        "total_ms": 1000 * (ended - started),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=None, help="CPU threads (default: llama.cpp decides)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=64, help="tokens to generate per call")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        entry = ModelManager(Path(tmp), default_cache_dir()).ensure_bundled()
        prepare_s = time.perf_counter() - started
    model = LlamaModel(entry.path, n_ctx=2048, n_threads=args.threads, info=entry.info)
    started = time.perf_counter()
    model.load()
    load_s = time.perf_counter() - started
    first_call = measure(model, "Warm-up: the first call allocates buffers and repacks weights", args.tokens, None)

    cases = {
        "short prompt, free text": lambda n: (SHORT.format(n=n), None),
        "ask prompt, free text": lambda n: (build_prompt(f"{n} Where does Odile live?", long_items(n)), None),
        "ask prompt, JSON schema": lambda n: (build_prompt(f"{n} Where does Odile live?", long_items(n)), answer_schema(8)),
    }
    rows, report = [], {}
    for name, make in cases.items():
        runs = []
        for n in range(args.runs):
            prompt, schema = make(n)
            runs.append(measure(model, prompt, args.tokens, schema))
        summary = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        report[name] = {"median": summary, "runs": runs}
        rows.append([name, int(summary["tokens_in"]), int(summary["tokens_out"]), summary["ttft_ms"],
                     summary["prompt_tok_s"], summary["decode_tok_s"], summary["total_ms"]])
    model.close()
    print(f"model {Path(entry.path).name} ({entry.info.quantisation if entry.info else '?'}), "
          f"threads {model.n_threads or 'auto'}: prepare {prepare_s:.2f}s, load {load_s:.2f}s, "
          f"first call {first_call['total_ms']:.0f} ms (TTFT {first_call['ttft_ms']:.0f} ms); load average {os.getloadavg()[0]:.1f}")
    print_table(["case", "tok in", "tok out", "TTFT ms", "prompt tok/s", "decode tok/s", "total ms"], rows)
    path = write_report("llm_speed", {
        "model": Path(entry.path).name, "model_name": BUNDLED, "threads": args.threads, "runs": args.runs,
        "max_tokens": args.tokens, "prepare_seconds": prepare_s, "load_seconds": load_s, "first_call": first_call,
        "load_average_1min": os.getloadavg()[0], "cases": report,
    })
    print(f"report: {path}")


if __name__ == "__main__":
    main()
