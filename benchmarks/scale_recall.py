"""Recall latency for the scale benchmark: end to end, stage by stage, and profiled."""
from __future__ import annotations

import cProfile
import io
import os
import pstats
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import store_key
from benchmarks.scale_corpus import NOW


def percentiles(values_ms: list[float]) -> dict[str, float]:
    if not values_ms:
        return {}
    arr = np.asarray(values_ms)
    return {
        "n": len(values_ms),
        "mean": round(float(arr.mean()), 2),
        "p50": round(float(np.percentile(arr, 50)), 2),
        "p95": round(float(np.percentile(arr, 95)), 2),
        "p99": round(float(np.percentile(arr, 99)), 2),
        "max": round(float(arr.max()), 2),
    }


# -- one corpus size --------------------------------------------------------------


def measure_recall(size: int, data_dir: Path, minilm, queries: list[tuple[str, str | None]], n_queries: int, profile: bool) -> dict[str, Any]:
    from remembrancer.memory import Memory

    open_started = time.perf_counter()
    memory = Memory(data_dir, embedder=minilm, key=store_key(data_dir))  # encrypted, as the app makes it
    open_seconds = time.perf_counter() - open_started
    try:
        stats = memory.stats()
        fact_index = getattr(memory, "indexes", {}).get("fact")
        fact_ann = fact_index.has_ann_index() if fact_index is not None else None
        if stats.vectors != size or stats.levels["message"] != size:
            raise RuntimeError(f"store holds {stats.levels['message']} messages and {stats.vectors} vectors, expected {size}")
        now = datetime.fromisoformat(NOW)
        texts = [q for q, _ in queries]
        warm_started = time.perf_counter()
        if hasattr(memory, "warm_up"):  # as the desktop app does on opening a store
            memory.warm_up(wait=True)
        warm_seconds = time.perf_counter() - warm_started
        resident_after_warm = resident_mb()
        load_recall = os.getloadavg()[0]
        for q in texts[:20]:  # warm-up: caches, lazily opened index files
            memory.recall(q, k=10, now=now)

        latencies, hits, targets = [], 0, 0
        for q, target in queries:
            t0 = time.perf_counter()
            items = memory.recall(q, k=10, now=now)
            latencies.append(1000 * (time.perf_counter() - t0))
            if target:
                targets += 1
                hits += any(target in item.sources for item in items)
        repeat_ms = []  # the same questions asked again: the store's pages they read are in the page cache now
        for q, _ in queries:
            t0 = time.perf_counter()
            memory.recall(q, k=10, now=now)
            repeat_ms.append(1000 * (time.perf_counter() - t0))
        review_ms = []  # recall, then a review of the three an answer would cite (recall itself is a read)
        for q, _ in queries[: max(20, n_queries // 4)]:
            t0 = time.perf_counter()
            memory.review([item.id for item in memory.recall(q, k=10, now=now)[:3]], now)
            review_ms.append(1000 * (time.perf_counter() - t0))

        resident_after_recall = resident_mb()
        stages, pruned = stage_latencies(memory, texts)
        exact = exact_top10_share(memory, texts[:EXACT_SAMPLE])
        one_shot_ms = one_shot_latencies(memory, texts, now)
        profile_text = profile_recall(memory, texts, now) if profile else None
    finally:
        memory.close()

    result = {
        "conversations": stats.conversations,
        "load_average_1min_at_recall": round(load_recall, 2),
        "open_seconds": round(open_seconds, 2),
        "warm_up_seconds": round(warm_seconds, 2),
        "ann_index": stats.ann_index,
        "fact_ann_index": fact_ann,
        "levels": stats.levels,
        "store_bytes": stats.to_json()["sizes_bytes"],
        "recall_ms": percentiles(latencies),
        "recall_repeat_ms": percentiles(repeat_ms),
        "exact_top10_share": exact["top10"],
        "exact_top10_in_candidates": exact["in_candidates"],
        "resident_mb": {"after_warm_up": round(resident_after_warm, 1), "after_recall": round(resident_after_recall, 1)},
        "recall_then_review_ms": percentiles(review_ms),
        "recall_one_shot_ms": percentiles(one_shot_ms),  # each question as a new process asks it: the saved IVF loaded first
        "stage_ms": stages,
        "fts_pruned_queries": pruned,
        "target_in_top10": {"queries": targets, "share": round(hits / targets, 3) if targets else None},
    }
    if profile_text:
        result["profile_top"] = profile_text
    return result


EXACT_SAMPLE = 40  # queries whose vector searches are checked against a flat search over every vector


def resident_mb() -> float:
    """This process's resident memory now (Linux), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def exact_top10_share(memory, texts: list[str]) -> dict[str, dict[str, float | None]]:
    """Per level (messages, facts): the share of the exact top 10 (LanceDB's flat search, every vector) that
    the search recall runs returns in its top 10, and among the candidates recall asks it for."""
    from remembrancer.memory.store.lance_loop import run

    candidates = memory.recall_engine.params.candidates
    top10: dict[str, float | None] = {}
    within: dict[str, float | None] = {}
    for level in ("message", "fact"):
        index = memory.indexes[level]
        found = found_within = wanted = 0
        for text in texts:
            vector = np.asarray(memory.embedder.embed_one(text), dtype=np.float32)
            exact_query = index._table.query().nearest_to(vector).column("vector").distance_type("cosine").bypass_vector_index().limit(10)
            exact = set(run(exact_query.select(["id", "_distance"]).to_arrow()).column("id").to_pylist())
            approx = [i for i, _ in index.search(vector, candidates)]
            wanted += len(exact)
            found += len(exact & set(approx[:10]))
            found_within += len(exact & set(approx))
        top10[level] = round(found / wanted, 3) if wanted else None
        within[level] = round(found_within / wanted, 3) if wanted else None
    return {"top10": top10, "in_candidates": within}


SERVICE_QUERIES = 100  # recalls timed through the background service's socket
CLI_QUERIES = 20  # `remembrancer recall` processes timed at the shell, service running


def measure_service_recall(data_dir: Path, texts: list[str], ready_timeout: float = 300.0) -> dict[str, Any]:
    """Recall through the background service, as the CLI, the tray and outside tools reach it.

    The first command starts the service (timed: `first_command_s`); once its
    in-memory indexes are ready (its log says so), `recall` is timed over the
    socket (`ms`: the service's answer plus the round trip) and as whole
    `remembrancer recall` processes at the shell (`cli_wall_ms`).
    """
    from benchmarks.cli_latency import cli, stop
    from remembrancer.app import ipc

    stop(data_dir)
    large = [p.name.removesuffix(".ivf") for p in (data_dir / "vectors").glob("*.ivf")]  # the tables with an in-memory IVF to load
    log = data_dir / "logs" / "remembrancer.log"  # `Settings.log_dir`
    offset = log.stat().st_size if log.exists() else 0
    started = time.perf_counter()
    cli(data_dir, "--now", NOW, "recall", texts[0], service=True)
    first = time.perf_counter() - started
    waited, text = time.perf_counter(), ""
    while time.perf_counter() - waited < ready_timeout:
        text = log.read_text(encoding="utf-8", errors="replace")[offset:] if log.exists() else ""
        if all(f"in-memory index of {table} " in text for table in large):
            break
        time.sleep(0.5)
    ready = time.perf_counter() - started
    indexes_ready = all(f"in-memory index of {table} " in text for table in large)
    tag = ipc.environment_tag()
    over_socket = []
    try:
        for q in texts[:SERVICE_QUERIES]:
            t0 = time.perf_counter()
            ipc.call(data_dir, "cli.recall", {"query": q, "env": tag, "now": NOW}, timeout=60.0)
            over_socket.append(1000 * (time.perf_counter() - t0))
        wall = [1000 * cli(data_dir, "--now", NOW, "recall", q, service=True) for q in texts[:CLI_QUERIES]]
    finally:
        stop(data_dir)
    return {"first_command_s": round(first, 2), "indexes_ready_s": round(ready, 2) if indexes_ready else None, "indexes_ready": indexes_ready, "ms": percentiles(over_socket), "cli_wall_ms": percentiles(wall)}


def one_shot_latencies(memory, texts: list[str], now: datetime) -> list[float]:
    """Recall as a one-shot command runs it: before each question the in-memory vector indexes are dropped,
    so each search loads the saved copy again (or LanceDB answers when none is current)."""
    caches = [getattr(index, "_ivf", None) for index in getattr(memory, "indexes", {}).values()]
    if not any(caches):
        return []
    latencies = []
    for q in texts:
        for cache in caches:
            cache._wanted = False
            cache.invalidate()
            cache._saved_tried = False
        t0 = time.perf_counter()
        memory.recall(q, k=10, now=now)
        latencies.append(1000 * (time.perf_counter() - t0))
    return latencies


def stage_latencies(memory, texts: list[str]) -> tuple[dict[str, dict[str, float]], int]:
    """The recall stages timed one by one on the same queries (what a p95 is made of).

    Returns the per-stage percentiles and how many queries had common terms
    left out of their full-text query (`RecallParams.fts_row_budget`).
    """
    from remembrancer.memory.recall.query_text import fts_match

    engine = memory.recall_engine
    p = engine.params
    build_match = getattr(engine, "fts_query", fts_match)
    out: dict[str, list[float]] = defaultdict(list)
    pruned = 0

    def timed(stage: str, fn: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        value = fn()
        out[stage].append(1000 * (time.perf_counter() - t0))
        return value

    for q in texts:
        match = timed("fts_query", lambda: build_match(q))
        pruned += match != fts_match(engine.fts_words(q))  # the term budget left words out
        timed("fts_turns", lambda: engine._bm25_turns(match, p.candidates))
        window_budget = getattr(engine, "window_budget", None)  # windows have their own term budget since it exists
        window_match = timed("fts_window_query", lambda: window_budget.match(engine.fts_words(q))) if window_budget is not None else match
        timed("fts_windows", lambda: engine._bm25_windows(window_match, p.candidates))
        vector = timed("embed_query", lambda: memory.embedder.embed_one(q))
        timed("vector_search", lambda: memory.vectors.search(vector, p.candidates))
        timed("message_scores", lambda: engine.fuse(q, engine.lexical_lists(q), engine.dense_rowids(memory.vectors.search(vector, p.candidates)), ()))  # all message lists fused, query embedding excluded
        upper_levels(memory, q, vector, timed)
    return {stage: percentiles(values) for stage, values in out.items()}, pruned


def upper_levels(memory, query: str, vector, timed: Callable[[str, Callable[[], Any]], Any]) -> None:
    """Time the fact and scene searches the associative recall adds, when this version has them."""
    associative = getattr(memory, "associative", None)
    if associative is None:
        return
    try:
        from remembrancer.memory.recall.level_search import alive
        from remembrancer.memory.recall.fusion import reciprocal_rank_fusion
        from remembrancer.memory.recall.level_search import level_dense, level_lexical

        p = associative.params
        db = memory.db

        def level(table: str, index, limit: int, where):
            match = getattr(associative, f"_{table[:-1]}_terms").match(query)
            hits = index.search(vector, limit)
            dense = level_dense(db, table, hits, where)
            return reciprocal_rank_fusion([level_lexical(db, table, match, limit, where), list(dense)], k=p.rrf_k), dense

        now = datetime.fromisoformat(NOW)
        facts, similarity = timed("fact_search", lambda: level("facts", memory.indexes["fact"], p.fact_candidates, alive("learned_at", now, False)))
        scenes, _ = timed("scene_search", lambda: level("scenes", memory.indexes["scene"], p.scene_candidates, alive("built_at", now, False)))
        seeds = sorted(facts, key=lambda r: (-facts[r], r))[: p.seed_facts]
        timed("scene_spread", lambda: associative._spread(seeds, facts, scenes, similarity))
    except (ImportError, AttributeError, TypeError, KeyError):  # internals moved on: the end-to-end figure still stands
        return


def profile_recall(memory, texts: list[str], now: datetime) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for q in texts:
        memory.recall(q, k=10, now=now)
    profiler.disable()
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).sort_stats("cumulative").print_stats(25)
    return buf.getvalue()
