"""Approximate neighbours for large memories: close to the exact pairs, bounded work, same output each run."""
from __future__ import annotations

import numpy as np

from remembrancer.memory.kmeans import unit_rows
from remembrancer.memory.scenes import graph as graph_module
from remembrancer.memory.scenes.graph import build_graph, knn_pairs
from remembrancer.memory.scenes.neighbours import approximate_knn_pairs
from tests.memory.scenes.synth import planted


def _topics(n: int, topics: int, dim: int = 64, noise: float = 0.6, seed: int = 0) -> np.ndarray:
    """Vectors around `topics` random directions, like fact sentences around their subjects."""
    rng = np.random.default_rng(seed)
    centres = unit_rows(rng.standard_normal((topics, dim)))
    rows = centres[rng.integers(0, topics, n)] + noise * rng.standard_normal((n, dim)) / np.sqrt(dim)
    return unit_rows(rows)


def _pairs(found) -> set[tuple[int, int]]:
    return set(zip(found[0].tolist(), found[1].tolist()))


def test_finds_nearly_all_exact_pairs() -> None:
    vectors = _topics(3000, 40)
    exact = _pairs(knn_pairs(vectors, 10, 0.4))
    approx = approximate_knn_pairs(vectors, 10, 0.4)
    assert len(_pairs(approx) & exact) / len(exact) >= 0.9
    src, dst, sims = approx
    assert np.all(src < dst) and np.all(sims >= 0.4)


def test_each_fact_keeps_at_most_k_of_its_own() -> None:
    vectors = _topics(2000, 5, noise=0.2)  # dense topics: every pair is above the threshold
    src, dst, _ = approximate_knn_pairs(vectors, 10, 0.4)
    # every pair is in some fact's own top 10: n*k pairs at most, however dense the topics
    assert src.size <= 2000 * 10


def test_same_input_same_pairs() -> None:
    vectors = _topics(1500, 20, seed=3)
    a, b = approximate_knn_pairs(vectors, 10, 0.4), approximate_knn_pairs(vectors.copy(), 10, 0.4)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


def test_graph_switches_to_cells_past_the_exact_limit(monkeypatch) -> None:
    facts, _ = planted(30, dim=64, seed=3)
    exact = build_graph(facts)
    monkeypatch.setattr(graph_module, "EXACT_MAX_FACTS", 10)
    calls = []
    real = graph_module.approximate_knn_pairs
    monkeypatch.setattr(graph_module, "approximate_knn_pairs", lambda *a, **k: calls.append(1) or real(*a, **k))
    approx = build_graph(facts)
    assert calls and approx.ids == exact.ids
    shared = set(zip(exact.src.tolist(), exact.dst.tolist())) & set(zip(approx.src.tolist(), approx.dst.tolist()))
    assert len(shared) >= 0.9 * exact.src.size
