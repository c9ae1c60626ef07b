"""The fact graph: exact kNN in blocks, time and entity edges, order independence."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import numpy as np

from remembrancer.memory.scenes.graph import GraphParams, SceneFact, build_graph, knn_pairs
from tests.memory.scenes.synth import START, planted


def _brute_force(vectors: np.ndarray, k: int, threshold: float) -> set[tuple[int, int]]:
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    edges = set()
    for i in range(len(vectors)):
        for j in np.argsort(-sims[i], kind="stable")[:k]:
            if sims[i, j] >= threshold:
                edges.add((min(i, int(j)), max(i, int(j))))
    return edges


def test_knn_in_blocks_equals_brute_force() -> None:
    facts, _ = planted(30, dim=64, seed=3)
    vectors = np.stack([f.vector for f in facts])
    for block in (7, 64, 10_000):
        src, dst, sims = knn_pairs(vectors, k=5, threshold=0.3, block=block)
        assert set(zip(src.tolist(), dst.tolist())) == _brute_force(vectors, 5, 0.3)
        assert np.all(src < dst) and np.all(sims >= 0.3)


def test_graph_does_not_depend_on_input_order() -> None:
    facts, _ = planted(10, seed=4)
    shuffled = facts[:]
    random.Random(1).shuffle(shuffled)
    a, b = build_graph(facts), build_graph(shuffled)
    assert a.ids == b.ids
    assert np.array_equal(a.src, b.src) and np.array_equal(a.dst, b.dst)
    assert np.allclose(a.weight, b.weight)


def test_edges_stay_linear_in_the_number_of_facts() -> None:
    facts, _ = planted(40, sizes=(30, 40), seed=5)
    p = GraphParams()
    graph = build_graph(facts, p)
    # kNN union is at most n*k; time and entity chains add at most n*neighbours each.
    assert graph.src.size <= len(facts) * (p.k + p.time_neighbours + 2 * p.entity_neighbours)


def _lonely(fid: str, seed: int, **changes) -> SceneFact:
    vec = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
    fact = SceneFact(id=fid, text=f"fact {fid}", vector=vec / np.linalg.norm(vec), time=START,
                     conversation="chat", subject="Ana", entities=frozenset())
    return replace(fact, **changes)


def _weight(facts: list[SceneFact], a: str, b: str) -> float:
    graph = build_graph(facts)
    i, j = sorted((graph.ids.index(a), graph.ids.index(b)))
    hit = np.flatnonzero((graph.src == i) & (graph.dst == j))
    return float(graph.weight[hit[0]]) if hit.size else 0.0


def test_time_edges_need_the_same_conversation_and_a_short_gap() -> None:
    a = _lonely("a", 1)
    near = _lonely("b", 2, time=START + timedelta(minutes=2))
    assert _weight([a, near], "a", "b") > 0.15
    assert _weight([a, replace(near, conversation="other")], "a", "b") == 0.0
    assert _weight([a, replace(near, time=START + timedelta(hours=3))], "a", "b") == 0.0
    later = _weight([a, replace(near, time=START + timedelta(minutes=40))], "a", "b")
    assert 0.0 < later < _weight([a, near], "a", "b")


def test_entity_edges_ignore_the_subject_and_case() -> None:
    far = timedelta(days=30)
    a = _lonely("a", 1, entities=frozenset({"Ana", "Lisbon"}))
    b = _lonely("b", 2, time=START + far, conversation="c2", entities=frozenset({"ana", "lisbon"}))
    assert _weight([a, b], "a", "b") > 0.0
    only_subject = replace(b, entities=frozenset({"Ana"}))
    assert _weight([a, only_subject], "a", "b") == 0.0


def test_rare_entities_weigh_more_than_common_ones() -> None:
    base = [_lonely(f"x{i}", 10 + i, time=START + timedelta(days=i), conversation=f"c{i}") for i in range(30)]
    # "Berlin" is named in 10 of 30 facts, "Zorblat" only in two.
    common = [replace(f, entities=frozenset({"Berlin"})) if int(f.id[1:]) < 10 else f for f in base]
    rare = [replace(f, entities=frozenset({"Zorblat"})) if f.id in ("x0", "x1") else f for f in base]
    assert _weight(rare, "x0", "x1") > _weight(common, "x0", "x1") > 0.0
    everywhere = [replace(f, entities=frozenset({"Berlin"})) for f in base]
    assert _weight(everywhere, "x0", "x1") == 0.0  # named in every fact: no information
