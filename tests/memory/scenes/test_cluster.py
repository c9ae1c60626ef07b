"""Clustering: planted topics come back, runs repeat, rebuilds keep their ids."""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest

from remembrancer.memory.scenes.build import build_scenes
from remembrancer.memory.scenes.cluster import ClusterParams, cluster_facts
from remembrancer.memory.scenes.graph import SceneFact
from tests.memory.scenes.synth import START, adjusted_rand, planted, predicted_labels


def _purity(labels: list[int], ids: list[str], clusters: list[list[str]]) -> float:
    """Share of clustered facts whose cluster's majority topic is their own."""
    topic = dict(zip(ids, labels))
    right = sum(Counter(topic[f] for f in c).most_common(1)[0][1] for c in clusters)
    return right / max(sum(len(c) for c in clusters), 1)


def test_planted_topics_are_recovered() -> None:
    facts, labels = planted(40, seed=11)
    clusters = cluster_facts(facts)
    ids = [f.id for f in facts]
    assert adjusted_rand(labels, predicted_labels(ids, clusters)) >= 0.9
    assert _purity(labels, ids, clusters) >= 0.95
    assert 30 <= len(clusters) <= 50


def test_same_input_same_scenes_whatever_the_order() -> None:
    facts, _ = planted(25, seed=12)
    shuffled = facts[:]
    random.Random(5).shuffle(shuffled)
    first, second, third = build_scenes(facts), build_scenes(facts), build_scenes(shuffled)
    assert first == second == third
    assert len({s.id for s in first}) == len(first)


def _kept_share(old_ids: set[str], new_ids: set[str]) -> float:
    return len(old_ids & new_ids) / len(old_ids)


@pytest.mark.parametrize("continuity", [0.0, 0.25])
def test_adding_five_percent_of_facts_keeps_scene_ids(continuity: float) -> None:
    facts, _ = planted(60, seed=13)
    rng = random.Random(3)
    new = set(rng.sample([f.id for f in facts], k=len(facts) // 20))
    params = ClusterParams(continuity=continuity)
    before = build_scenes([f for f in facts if f.id not in new], cluster=params)
    after = build_scenes(facts, {s.id: s.member_ids for s in before}, cluster=params)
    assert _kept_share({s.id for s in before}, {s.id for s in after}) >= 0.9


def _lonely(fid: str, seed: int, **changes) -> SceneFact:
    vec = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
    return replace(SceneFact(id=fid, text=f"fact {fid}", vector=vec / np.linalg.norm(vec), time=START,
                             conversation="chat", subject="Ana"), **changes)


def test_time_and_a_shared_entity_join_dissimilar_facts() -> None:
    background, _ = planted(15, seed=14)
    a = _lonely("zz-a", 1, entities=frozenset({"Ana", "Lisbon"}), time=START + timedelta(days=400))
    b = _lonely("zz-b", 2, entities=frozenset({"Ana", "Lisbon"}), time=a.time + timedelta(minutes=3))
    assert float(a.vector @ b.vector) < 0.2

    def together(x: SceneFact, y: SceneFact) -> bool:
        return any(x.id in c and y.id in c for c in cluster_facts([*background, x, y]))

    assert together(a, b)
    # Neither the entity (only the subject shared) nor the moment (another chat): apart.
    assert not together(replace(a, entities=frozenset({"Ana"})), replace(b, conversation="other"))


def test_facts_with_no_evidence_are_in_no_scene() -> None:
    background, _ = planted(10, seed=15)
    loner = _lonely("zz-loner", 3, time=START + timedelta(days=500), conversation="alone")
    clustered = {f for c in cluster_facts([*background, loner]) for f in c}
    assert "zz-loner" not in clustered
    # Topics have 6-20 facts: with min_size 25 every community is too small.
    assert cluster_facts(background, params=ClusterParams(min_size=25)) == []


def test_a_huge_topic_is_split_below_max_size() -> None:
    facts, _ = planted(1, sizes=(150, 150), seed=16, noise=0.6)
    clusters = cluster_facts(facts, params=ClusterParams(max_size=40))
    assert clusters and max(len(c) for c in clusters) <= 40
    assert sum(len(c) for c in clusters) >= 140  # split, not dropped


def test_bad_sizes_are_rejected() -> None:
    facts, _ = planted(2, seed=17)
    with pytest.raises(ValueError):
        cluster_facts(facts, params=ClusterParams(min_size=5, max_size=3))


def test_twenty_thousand_facts_are_clustered_correctly() -> None:
    """Correctness at scale; how long it takes is measured by benchmarks/scenes.py, not here."""
    facts, labels = planted(1500, seed=18)  # ~19,500 facts, 384 dimensions
    assert len(facts) > 19_000
    scenes = build_scenes(facts)
    clusters = [list(s.member_ids) for s in scenes]
    assert adjusted_rand(labels, predicted_labels([f.id for f in facts], clusters)) >= 0.9


def test_tiny_inputs() -> None:
    assert build_scenes([]) == []
    assert build_scenes([_lonely("only", 1)]) == []
    pair = [_lonely("a", 1), _lonely("b", 2, time=START + timedelta(minutes=1))]
    (scene,) = build_scenes(pair)
    assert set(scene.member_ids) == {"a", "b"}
