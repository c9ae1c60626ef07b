"""Scale: import throughput and recall latency on synthetic corpora.

For each corpus size a deterministic (seeded) synthetic chat corpus is written
as contract JSON Lines: a few speakers, many conversations, sentences built
from templates and a vocabulary of people, places, activities, foods, dates
and generated proper names, so that BM25 and dense retrieval both have real
work to do. Then:

- raw MiniLM throughput: the same embedder embeds the first `--raw-sample`
  texts of the corpus (as the store embeds them, "speaker: text"), in this run;
- import throughput: `remembrancer import FILE` in-process (the CLI code path:
  parse, store, FTS and window documents, embed, LanceDB, ANN index when the
  size calls for it); messages/s and its ratio to the raw embedding rate, with
  a breakdown of where the import time went;
- recall latency: one `Memory` is opened, warmed up, and `Memory.recall` is
  timed end to end (query embedding, FTS, vector search, facts and scenes,
  fusion, items) over varied queries (keywords and natural questions), without
  and with reinforcement; p50/p95/p99 per size, and the main stages timed one
  by one on the same queries. `found@10` is a sanity check, not a quality
  benchmark: the share of queries derived from one message that get that
  message among the sources of the top 10 (the corpus is full of near-repeats).

`--vectors random` skips the embedder at import: texts go into SQLite through
`Memory.import_path` and precomputed random unit vectors into LanceDB (queries
are still embedded by MiniLM). It measures storage and search at sizes whose
real embedding would take hours (1M); its import rate is not comparable with
the raw embedding rate and is labelled so.

    python -m benchmarks.scale [--sizes 10000,100000] [--vectors minilm|random]
                               [--queries 200] [--keep DIR] [--profile]
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import logging
import os
import pstats
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from benchmarks.common import ROOT, print_table, run_cli, write_report

SEED = 20240611
NOW = "2025-01-01T12:00:00+00:00"

# -- the synthetic corpus -----------------------------------------------------

SPEAKERS = ["Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Greta", "Hiro"]
FRIENDS = """Maria James Priya Tom Sofia Lucas Amara Noah Yuki Omar Lena Mateo Zoe Ivan Nadia Samuel Ingrid Kofi Rosa
Felix Aisha Diego Hana Victor Leila Marco Freya Tariq Nina Paulo Astrid Kenji Clara Hugo Imani Oscar Mila Rafael Saanvi
Theo Uma Wendell Xiomara Yosef Zainab Bruno Camille Dmitri Esme Gustavo""".split()
PLACES = """Lisbon Berlin Kyoto Oslo Nairobi Lima Montreal Porto Seville Krakow Hanoi Dublin Vienna Marrakesh Reykjavik
Tbilisi Cusco Bergen Edinburgh Valparaiso Ljubljana Tallinn Cartagena Busan Hobart Galway Bologna Salzburg Tromso Zanzibar
Dakar Quito Bruges Ghent Lyon Naples Palermo Riga Vilnius Granada Cordoba Sapporo Osaka Chiang-Mai Luang-Prabang Hoi-An
Mendoza Bariloche Halifax Vancouver Portland Asheville Santa-Fe Savannah Tucson Boulder Madison Duluth""".split()
ACTIVITIES = [
    "hiking", "pottery", "rock climbing", "salsa dancing", "birdwatching", "sailing", "woodworking", "painting watercolours",
    "running a half marathon", "learning the cello", "baking sourdough", "kayaking", "gardening", "chess", "photography",
    "knitting", "surfing", "yoga", "cross-country skiing", "volunteering at the shelter", "camping", "fly fishing",
    "learning Japanese", "writing poetry", "restoring an old bike", "brewing beer", "playing the drums", "ice skating",
    "scuba diving", "archery", "bouldering", "calligraphy", "beekeeping", "origami", "stand-up comedy", "trail running",
    "swimming in the lake", "tennis", "badminton", "board games", "foraging mushrooms", "stargazing", "improv theatre",
]
FOODS = """ramen paella dumplings tacos risotto pho falafel curry lasagna sushi ceviche pierogi goulash shakshuka biryani
kimchi empanadas baklava tiramisu croissants bagels gnocchi moussaka bibimbap laksa pad-thai tagine borscht poutine
churros arepas injera khachapuri jollof bao okonomiyaki""".split()
THINGS = """guitar bicycle camera laptop telescope sketchbook tent kayak piano novel backpack watch scarf lamp plant
record-player sewing-machine espresso-machine drone typewriter""".split()
PLACES, FOODS, THINGS = ([w.replace("-", " ") for w in words] for words in (PLACES, FOODS, THINGS))
PETS = ["dog", "cat", "parrot", "rabbit", "tortoise", "hamster", "goldfish", "ferret"]
FEELINGS = ["thrilled", "exhausted", "nervous", "proud", "relieved", "homesick", "inspired", "grateful", "frustrated", "calm"]
MONTHS = "January February March April May June July August September October November December".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
JOBS = ["nurse", "architect", "teacher", "data analyst", "chef", "librarian", "carpenter", "translator", "pharmacist", "pilot"]
SYLLABLES = "ka lo mi ra ve nu sol tar bel den fi gor ha ju kel lin mor nal pe qui ros sen tu vin wyn zel dra ost eth".split()

TEMPLATES = [
    "I went {activity} near {place} last {day} with {friend}.",
    "Did you know {friend} moved to {place} in {month}?",
    "We had {food} at a tiny place called {name} in {place}, honestly the best I've had.",
    "I'm {feeling} about starting {activity} again, it's been years.",
    "My {pet} {name} knocked over the {thing} this morning.",
    "{friend} got a new job as a {job} in {place}.",
    "I finally finished reading {title}, the ending surprised me.",
    "Can we meet on {day} to talk about the trip to {place}?",
    "I bought a second-hand {thing} from {friend} for {number} euros.",
    "The {band} concert in {place} on {month} {date} was incredible.",
    "I'm cooking {food} for {friend}'s birthday on {day}.",
    "Since {month} I've been doing {activity} every {day} morning.",
    "My sister recommended {title}, have you read it?",
    "We're thinking of adopting a {pet} and calling it {name}.",
    "I felt {feeling} after the interview for the {job} position.",
    "{friend} and I signed up for a {activity} class at {name} studio.",
    "The flight to {place} got delayed by {number} hours, I was so {feeling}.",
    "I still remember the {food} we ate in {place} back in {year}.",
    "Honestly {activity} is the only thing that keeps me sane these days.",
    "Let's try that new {food} restaurant on {name} street on {day}.",
    "I lost my {thing} somewhere between {place} station and home.",
    "{friend} taught me how to make {food} from scratch.",
    "My grandmother used to live in {place}, I visited her every {month}.",
    "We watched {title} last night, {friend} cried at the end.",
    "I'm training for {activity} with {friend}, we go {number} times a week.",
    "Our team at work is moving to the {name} project in {month}.",
    "It rained the whole weekend in {place} so we stayed in and played board games.",
    "I think I'll take a break from {activity}, my knee hurts.",
    "{friend} says the {band} album is better than their last one.",
    "Remind me to call {friend} about the {thing} on {day}.",
]
REPLIES = [
    "That sounds amazing!", "Oh no, are you okay?", "Haha, classic {friend}.", "Wait, really? Tell me more.",
    "I'd love to join next time.", "How was {place}?", "Send me pictures!", "That's so you.",
    "I didn't know you liked {activity}.", "We should do that together sometime.", "Same here, honestly.",
    "Good luck, you'll be great.", "I've never tried {food}, is it spicy?", "Congrats!!", "Ugh, I know the feeling.",
]
QUESTION_TEMPLATES = [
    ("When did {speaker} go {activity} near {place}?", ("activity", "place")),
    ("Who moved to {place}?", ("place",)),
    ("Where did {speaker} eat {food}?", ("food",)),
    ("What is the name of {speaker}'s {pet}?", ("pet",)),
    ("What job did {friend} get?", ("friend", "job")),
    ("What did {speaker} think of {title}?", ("title",)),
    ("How much did the {thing} from {friend} cost?", ("thing", "friend")),
    ("Which concert did {speaker} see in {place}?", ("place", "band")),
    ("What did {speaker} cook for {friend}'s birthday?", ("friend",)),
    ("How often does {speaker} do {activity}?", ("activity",)),
    ("Why was the flight to {place} delayed?", ("place",)),
    ("Who taught {speaker} to make {food}?", ("food",)),
    ("What did {speaker} say about {activity} on {said_on}?", ("activity", "said_on")),
    ("Where did {speaker} eat {food} in {said_month}?", ("food", "said_month")),
]
KEYWORD_SLOTS = [("place", "activity"), ("food", "place"), ("friend", "thing"), ("name",), ("title",), ("band", "place"), ("friend", "job")]


def _vocab(rng: random.Random) -> dict[str, list[str]]:
    def word(parts: int) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()

    names = sorted({word(rng.choice((2, 3))) for _ in range(3000)})
    titles = sorted({f"The {word(2)} {rng.choice(['Tides', 'Orchard', 'Letters', 'Mountain', 'Garden', 'Winter', 'Road', 'Archive'])}" for _ in range(800)})
    bands = sorted({f"{word(2)} {rng.choice(['Collective', 'Brothers', 'Quartet', 'Machine', 'Echoes', 'Club'])}" for _ in range(500)})
    return {"name": names, "title": titles, "band": bands}


def _fill(template: str, rng: random.Random, vocab: dict[str, list[str]], slots: dict[str, str] | None = None) -> tuple[str, dict[str, str]]:
    chosen = dict(slots or {})
    pools: dict[str, Callable[[], str]] = {
        "friend": lambda: rng.choice(FRIENDS),
        "place": lambda: rng.choice(PLACES),
        "activity": lambda: rng.choice(ACTIVITIES),
        "food": lambda: rng.choice(FOODS),
        "thing": lambda: rng.choice(THINGS),
        "pet": lambda: rng.choice(PETS),
        "feeling": lambda: rng.choice(FEELINGS),
        "month": lambda: rng.choice(MONTHS),
        "day": lambda: rng.choice(DAYS),
        "job": lambda: rng.choice(JOBS),
        "name": lambda: rng.choice(vocab["name"]),
        "title": lambda: rng.choice(vocab["title"]),
        "band": lambda: rng.choice(vocab["band"]),
        "number": lambda: str(rng.randint(2, 400)),
        "date": lambda: str(rng.randint(1, 28)),
        "year": lambda: str(rng.randint(2005, 2023)),
    }
    for key, pick in pools.items():
        if "{" + key + "}" in template and key not in chosen:
            chosen[key] = pick()
    return template.format(**{k: chosen.get(k, "") for k in pools} | {"speaker": "", "said_on": "", "said_month": ""} | chosen), chosen


def generate_corpus(n: int, path: Path, seed: int = SEED) -> list[dict[str, Any]]:
    """Write `n` contract JSONL messages to `path`; return a sample of their slots (for queries)."""
    rng = random.Random(seed)
    vocab = _vocab(rng)
    start = datetime(2021, 1, 1, 9, 0)
    facts: list[dict[str, Any]] = []
    written = 0
    conv = 0
    with path.open("w", encoding="utf-8") as out:
        while written < n:
            conv += 1
            a, b = rng.sample(SPEAKERS, 2)
            when = start + timedelta(days=conv * 0.37, minutes=rng.randint(0, 600))
            length = min(n - written, rng.randint(12, 60))
            for turn in range(length):
                speaker = a if turn % 2 == 0 else b
                if turn and rng.random() < 0.3:
                    text, slots = _fill(rng.choice(REPLIES), rng, vocab)
                else:
                    template = rng.choice(TEMPLATES)
                    text, slots = _fill(template, rng, vocab)
                    if rng.random() < 0.35:  # a second sentence: longer, more varied turns
                        extra, _ = _fill(rng.choice(TEMPLATES), rng, vocab)
                        text = f"{text} {extra}"
                    if rng.random() < 0.02:
                        facts.append({"id": f"m-{written:07d}", "speaker": speaker, **slots})
                when += timedelta(minutes=rng.randint(1, 9))
                if facts and facts[-1]["id"] == f"m-{written:07d}":  # when it was said, for time-scoped questions
                    facts[-1]["said_on"] = f"{when.day} {when:%B %Y}"
                    facts[-1]["said_month"] = f"{when:%B %Y}"
                record = {
                    "conversation": f"chat-{conv:06d}",
                    "id": f"m-{written:07d}",
                    "time": when.isoformat(timespec="seconds"),
                    "speaker": speaker,
                    "role": "user" if speaker == a else "other",
                    "text": text,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
    return facts


def make_queries(facts: list[dict[str, Any]], count: int, seed: int = SEED) -> list[tuple[str, str | None]]:
    """(query, id of the message it was derived from or None): half questions, half keyword queries."""
    rng = random.Random(seed + 1)
    vocab = _vocab(random.Random(seed))
    queries: list[tuple[str, str | None]] = []
    for i in range(count):
        fact = rng.choice(facts) if facts else {}
        if i % 2 == 0:
            usable = [(t, need) for t, need in QUESTION_TEMPLATES if all(k in fact for k in need)]
            if usable:
                template, _ = rng.choice(usable)
                text, _ = _fill(template, rng, vocab, {k: v for k, v in fact.items() if k != "id"})
                queries.append((text, fact.get("id")))
                continue
            template, _ = rng.choice([(t, need) for t, need in QUESTION_TEMPLATES if not {"said_on", "said_month"} & set(need)])
            text, _ = _fill(template, rng, vocab, {"speaker": rng.choice(SPEAKERS)})
            queries.append((text, None))
        else:
            usable = [slots for slots in KEYWORD_SLOTS if all(k in fact for k in slots)]
            if usable:
                queries.append((" ".join(fact[k] for k in rng.choice(usable)), fact.get("id")))
            else:
                queries.append((f"{rng.choice(FOODS)} {rng.choice(PLACES)}", None))
    return queries


# -- embedders ------------------------------------------------------------------


class RandomUnitEmbedder:
    """Stands in for MiniLM at import in `--vectors random` mode: seeded random unit vectors.

    It carries MiniLM's name and dimension so that the store, reopened with the
    real MiniLM for recall, keeps these vectors instead of rebuilding them.
    """

    batch_size = 2048

    def __init__(self, name: str, dim: int, seed: int = SEED):
        self.name = name
        self.dim = dim
        self._rng = np.random.default_rng(seed)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._rng.standard_normal((len(texts), self.dim), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


def raw_embedding_rate(embedder, texts: list[str]) -> dict[str, float]:
    embedder.embed(texts[:64])  # load the model, warm the kernels
    started = time.perf_counter()
    embedder.embed(texts)
    seconds = time.perf_counter() - started
    return {"texts": len(texts), "seconds": round(seconds, 3), "per_second": round(len(texts) / seconds, 1)}


# -- timing instrumentation (wraps, never changes, what it measures) ------------


class StageTimer:
    """Exclusive time per stage: a stage called inside another (embedding facts
    inside building the hierarchy) is taken out of the outer one, so the
    stages add up to the import's time less what no stage covers."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.embedded_texts = 0
        self._stack: list[list[float]] = []  # [started, time spent in nested stages]

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
            frame = [time.perf_counter(), 0.0]
            self._stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                self._stack.pop()
                elapsed = time.perf_counter() - frame[0]
                self.seconds[stage] += elapsed - frame[1]
                if self._stack:
                    self._stack[-1][1] += elapsed

        return timed


def import_stage_targets(embedder) -> list[tuple[Any, str, str]]:
    """Where import time goes; a stage whose function does not exist (yet) is skipped."""
    import memory.ingest as ingest
    from memory.store.vectors import VectorIndex

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


def run_size(
    size: int, work: Path, mode: str, n_queries: int, measure_raw: Callable[[], dict[str, float]], profile: bool, keep: bool, reuse: bool
) -> dict[str, Any]:
    from memory.embedding import get_embedder

    corpus = work / f"scale-{size}.jsonl"
    data_dir = work / f"store-{size}-{mode}"
    started = time.perf_counter()
    facts = generate_corpus(size, corpus)
    gen_seconds = time.perf_counter() - started
    queries = make_queries(facts, n_queries)
    minilm = get_embedder("minilm")
    if reuse and (data_dir / "memory.sqlite3").exists():
        print(f"[{size}] reusing the store in {data_dir} (no import this run)", flush=True)
        raw, imported = measure_raw(), {"reused": True}
        raw["drift"] = 0.0
    else:
        if data_dir.exists():
            shutil.rmtree(data_dir)
        raw, imported = import_corpus(size, corpus, data_dir, mode, minilm, measure_raw)
    recall = measure_recall(size, data_dir, minilm, queries, n_queries, profile)
    result = {
        "size": size,
        "vectors": mode,
        "corpus": {"generate_seconds": round(gen_seconds, 2), "bytes": corpus.stat().st_size},
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


def import_corpus(size: int, corpus: Path, data_dir: Path, mode: str, minilm, measure_raw: Callable[[], dict[str, float]]) -> tuple[dict, dict]:
    from memory import Memory

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
        fake = RandomUnitEmbedder(minilm.name, minilm.dim)
        with timer.patch(import_stage_targets(fake)):
            with Memory(data_dir, embedder=fake) as memory:  # type: ignore[arg-type]
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


def measure_recall(size: int, data_dir: Path, minilm, queries: list[tuple[str, str | None]], n_queries: int, profile: bool) -> dict[str, Any]:
    from memory import Memory

    open_started = time.perf_counter()
    memory = Memory(data_dir, embedder=minilm)
    open_seconds = time.perf_counter() - open_started
    try:
        stats = memory.stats()
        fact_index = getattr(memory, "indexes", {}).get("fact")
        fact_ann = fact_index.has_ann_index() if fact_index is not None else None
        if stats["vectors"] != size or stats["levels"]["message"] != size:
            raise RuntimeError(f"store holds {stats['levels']['message']} messages and {stats['vectors']} vectors, expected {size}")
        now = datetime.fromisoformat(NOW)
        texts = [q for q, _ in queries]
        load_recall = os.getloadavg()[0]
        for q in texts[:20]:  # warm-up: caches, lazily opened index files
            memory.recall(q, k=10, now=now, reinforce=False)

        latencies, hits, targets = [], 0, 0
        for q, target in queries:
            t0 = time.perf_counter()
            items = memory.recall(q, k=10, now=now, reinforce=False)
            latencies.append(1000 * (time.perf_counter() - t0))
            if target:
                targets += 1
                hits += any(target in item.sources for item in items)
        reinforce_ms = []
        for q, _ in queries[: max(20, n_queries // 4)]:
            t0 = time.perf_counter()
            memory.recall(q, k=10, now=now, reinforce=True)
            reinforce_ms.append(1000 * (time.perf_counter() - t0))

        stages, pruned = stage_latencies(memory, texts)
        profile_text = profile_recall(memory, texts, now) if profile else None
    finally:
        memory.close()

    result = {
        "conversations": stats["conversations"],
        "load_average_1min_at_recall": round(load_recall, 2),
        "open_seconds": round(open_seconds, 2),
        "ann_index": stats["ann_index"],
        "fact_ann_index": fact_ann,
        "levels": stats["levels"],
        "store_bytes": stats["sizes_bytes"],
        "recall_ms": percentiles(latencies),
        "recall_reinforce_ms": percentiles(reinforce_ms),
        "stage_ms": stages,
        "fts_pruned_queries": pruned,
        "target_in_top10": {"queries": targets, "share": round(hits / targets, 3) if targets else None},
    }
    if profile_text:
        result["profile_top"] = profile_text
    return result


def stage_latencies(memory, texts: list[str]) -> tuple[dict[str, dict[str, float]], int]:
    """The recall stages timed one by one on the same queries (what a p95 is made of).

    Returns the per-stage percentiles and how many queries had common terms
    left out of their full-text query (`RecallParams.fts_row_budget`).
    """
    from memory.recall.query_text import fts_match

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
        pruned += match != fts_match(q)
        timed("fts_turns", lambda: engine._bm25_turns(match, p.candidates))
        timed("fts_windows", lambda: [engine._bm25_windows(match, column, p.candidates) for column in getattr(p, "window_columns", ("w3", "w5"))])
        vector = timed("embed_query", lambda: memory.embedder.embed_one(q))
        timed("vector_search", lambda: memory.vectors.search(vector, p.candidates))
        timed("message_scores", lambda: engine.score(q, vector))  # all message lists fused, query embedding excluded
        upper_levels(memory, q, vector, timed)
    return {stage: percentiles(values) for stage, values in out.items()}, pruned


def upper_levels(memory, query: str, vector, timed: Callable[[str, Callable[[], Any]], Any]) -> None:
    """Time the fact and scene searches the associative recall adds, when this version has them."""
    associative = getattr(memory, "associative", None)
    if associative is None:
        return
    try:
        from memory.recall.level_search import alive
        from memory.recall.fusion import reciprocal_rank_fusion
        from memory.recall.level_search import level_dense, level_lexical

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
        memory.recall(q, k=10, now=now, reinforce=False)
    profiler.disable()
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).sort_stats("cumulative").print_stats(25)
    return buf.getvalue()


# -- main ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes (default 10000,100000)")
    parser.add_argument("--vectors", choices=("minilm", "random"), default="minilm", help="embed at import with MiniLM, or write random unit vectors")
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

    from memory.embedding import get_embedder
    from memory.store.messages import embedding_text

    tmp = None
    if args.keep:
        work = Path(args.keep)
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="remembrancer-scale-")
        work = Path(tmp.name)
    load_before = os.getloadavg()
    try:
        # The first texts of every corpus (same seed), embedded as the store embeds them.
        sample_file = work / "raw-sample.jsonl"
        generate_corpus(args.raw_sample, sample_file)
        texts = [embedding_text(r["speaker"], r["text"]) for r in map(json.loads, sample_file.read_text(encoding="utf-8").splitlines())]
        embedder = get_embedder("minilm")
        results = [run_size(size, work, args.vectors, args.queries, lambda: raw_embedding_rate(embedder, texts), args.profile, bool(args.keep), args.reuse) for size in sizes]
    finally:
        if tmp is not None:
            tmp.cleanup()
    load_after = os.getloadavg()

    print()
    print(f"Scale benchmark ({args.vectors} vectors at import{'; RANDOM vectors: import rate excludes embedding' if args.vectors == 'random' else ''})")
    print_table(
        ["messages", "raw emb/s", "import/s", "ratio", "import s", "index s", "ANN", "p50 ms", "p95 ms", "p99 ms", "p95 reinf", "found@10", "load"],
        [
            [
                r["size"],
                r["raw_embedding"]["per_second"],
                r["import"].get("per_second", "-"),
                r["import"].get("ratio_to_raw_embedding", "n/a (random)" if args.vectors == "random" else "-"),
                r["import"].get("seconds", "-"),
                r["import"]["stages_seconds"].get("ann_index", 0.0) if "stages_seconds" in r["import"] else "-",
                "yes" if r["ann_index"] else "no",
                r["recall_ms"]["p50"],
                r["recall_ms"]["p95"],
                r["recall_ms"]["p99"],
                r["recall_reinforce_ms"]["p95"],
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
        "scale" if args.vectors == "minilm" else "scale_random",
        {
            "vectors": args.vectors,
            "note": "random unit vectors were written at import (embedder bypassed); queries embedded with MiniLM" if args.vectors == "random" else "real MiniLM embedding at import",
            "cpus": os.cpu_count(),
            "git": _git_state(),
            "load_average": {"before": load_before, "after": load_after},
            "queries": args.queries,
            "sizes": results,
        },
    )
    print(f"report: {path}")
    return 0


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
