"""Seeded synthetic facts with planted topics, for the scene tests and benchmark.

Each topic has a centroid vector, two made-up keywords and sometimes an
entity; a fact is its topic's centroid plus Gaussian noise (renormalised), a
sentence naming the keywords, and a random time and conversation (so time
edges are noise here, as they would be across unrelated topics).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np

from remembrancer.memory.scenes.graph import SceneFact

PEOPLE = ("Ana", "Ben", "Odile")
START = datetime(2024, 1, 1, tzinfo=timezone.utc)
_SYLLABLES = ("ka", "lo", "mi", "ru", "te", "zo", "pa", "ni", "ve", "do", "su", "ra", "bi", "ge", "fo", "lu")


def pseudo_word(rng: np.random.Generator) -> str:
    return "".join(rng.choice(_SYLLABLES, size=3))


def planted(n_topics: int, sizes: tuple[int, int] = (6, 20), dim: int = 384, noise: float = 0.8,
            seed: int = 0, conversations: int = 50, id_prefix: str = "f") -> tuple[list[SceneFact], list[int]]:
    """Facts and their true topic labels; ids are `{prefix}{topic:05d}-{k:03d}` (unique, sortable)."""
    rng = np.random.default_rng(seed)
    facts: list[SceneFact] = []
    labels: list[int] = []
    for topic in range(n_topics):
        size = int(rng.integers(sizes[0], sizes[1] + 1))
        facts.extend(topic_facts(rng, topic, size, dim, noise, conversations, id_prefix))
        labels.extend([topic] * size)
    return facts, labels


def topic_facts(rng: np.random.Generator, topic: int, size: int, dim: int, noise: float,
                conversations: int, id_prefix: str) -> list[SceneFact]:
    """`size` facts around one fresh random centroid."""
    centroid = rng.standard_normal(dim)
    centroid /= np.linalg.norm(centroid)
    words = (pseudo_word(rng), pseudo_word(rng))
    entity = pseudo_word(rng).title() if rng.random() < 0.5 else None
    out = []
    for k in range(size):
        vec = centroid + noise * rng.standard_normal(dim) / np.sqrt(dim)
        vec /= np.linalg.norm(vec)
        subject = str(rng.choice(PEOPLE))
        entities = {subject}
        if entity and rng.random() < 0.6:
            entities.add(entity)
        if rng.random() < 0.1:
            entities.add(pseudo_word(rng).title())
        filler = pseudo_word(rng)
        text = f"{subject} talked about {words[0]} and the {words[1]} near {filler}."
        moment = START + timedelta(seconds=int(rng.integers(0, 365 * 86400)))
        out.append(SceneFact(id=f"{id_prefix}{topic:05d}-{k:03d}", text=text, vector=vec.astype(np.float32),
                             time=moment, conversation=f"c{int(rng.integers(conversations))}",
                             subject=subject, entities=frozenset(entities)))
    return out


def adjusted_rand(labels_true: list[int], labels_pred: list[int]) -> float:
    """Adjusted Rand index (Hubert & Arabie), without scikit-learn."""
    true = np.unique(np.asarray(labels_true), return_inverse=True)[1]
    pred = np.unique(np.asarray(labels_pred), return_inverse=True)[1]
    table = np.zeros((true.max() + 1, pred.max() + 1), dtype=np.int64)
    np.add.at(table, (true, pred), 1)
    comb = lambda x: x * (x - 1) / 2  # noqa: E731
    index = comb(table).sum()
    a, b = comb(table.sum(1)).sum(), comb(table.sum(0)).sum()
    expected = a * b / comb(len(true))
    top = (a + b) / 2
    return float((index - expected) / (top - expected)) if top != expected else 1.0


def predicted_labels(ids: list[str], clusters: list[list[str]]) -> list[int]:
    """Cluster index per id; facts in no cluster get their own label each."""
    where = {fid: c for c, members in enumerate(clusters) for fid in members}
    fresh = len(clusters)
    out = []
    for fid in ids:
        if fid in where:
            out.append(where[fid])
        else:
            out.append(fresh)
            fresh += 1
    return out
