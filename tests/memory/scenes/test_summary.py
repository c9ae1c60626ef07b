"""Titles, extractive summaries and scene ids."""
from __future__ import annotations

from datetime import timedelta

import numpy as np

from remembrancer.memory.scenes.graph import SceneFact
from remembrancer.memory.scenes.summary import Scene, SummaryParams, TermStats, scene_id, summarize, summarize_clusters
from tests.memory.scenes.synth import START, planted

DIM = 64


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def _cluster(texts: list[str], noise: list[float], seed: int = 0, entities: list[set[str]] | None = None,
             subject: str = "Ana", prefix: str = "m") -> list[SceneFact]:
    """Facts around one centroid; fact i sits `noise[i]` away from it, said i hours after START."""
    rng = np.random.default_rng(seed)
    centre = _unit(rng.standard_normal(DIM))
    return [SceneFact(id=f"{prefix}{i:02d}", text=text, vector=_unit(centre + amount * _unit(rng.standard_normal(DIM))),
                      time=START + timedelta(hours=i), conversation="c", subject=subject,
                      entities=frozenset(entities[i] if entities else ()))
            for i, (text, amount) in enumerate(zip(texts, noise))]


def test_summary_is_the_most_central_facts_in_time_order() -> None:
    texts = [f"Ana mentioned detail number {i} about the garden." for i in range(8)]
    noise = [1.5, 0.3, 1.4, 0.45, 1.6, 0.5, 1.3, 0.35]  # odd ones close to the centre
    members = _cluster(texts, noise)
    scene = summarize(TermStats(members), members)
    assert set(scene.central_ids) == {"m01", "m03", "m05", "m07"}
    assert scene.member_ids[:4] == scene.central_ids and set(scene.member_ids) == {f.id for f in members}
    assert set(scene.member_ids[4:]) == {"m00", "m02", "m04", "m06"}  # the far ones come last
    positions = [scene.summary.index(f"number {i} ") for i in (1, 3, 5, 7)]
    assert positions == sorted(positions)  # said first, told first
    assert (scene.start, scene.end) == (START, START + timedelta(hours=7))


def test_summary_respects_the_word_cap() -> None:
    long = " ".join(["word"] * 25)
    members = _cluster([f"Ana said {long} {i}." for i in range(6)], [0.1 * (i + 1) for i in range(6)])
    scene = summarize(TermStats(members), members)
    assert len(scene.summary.split()) <= 60
    assert len(scene.central_ids) == 2  # 27 words each: two fit, a third would not
    huge = _cluster([" ".join(["huge"] * 100), "Ana kept it short."], [0.05, 0.9])
    capped = summarize(TermStats(huge), huge, SummaryParams(max_words=60))
    # A fact longer than the budget is left out whole, never cut mid-sentence or mid-word.
    assert "…" not in capped.summary and "huge" not in capped.summary and capped.summary.endswith("Ana kept it short.")


def test_near_duplicates_are_not_repeated() -> None:
    members = _cluster(["Ana adopted a cat.", "Ana adopted a cat!", "Ana named the cat Miso."], [0.1, 0.1, 0.6])
    members[1] = SceneFact(**{**members[1].__dict__, "vector": members[0].vector})
    scene = summarize(TermStats(members), members)
    assert scene.summary.count("adopted a cat") == 1


def test_title_is_a_short_phrase_from_the_topic() -> None:
    facts, labels = planted(12, seed=21)
    clusters: dict[int, list[str]] = {}
    for fact, label in zip(facts, labels):
        clusters.setdefault(label, []).append(fact.id)
    scenes = summarize_clusters(facts, list(clusters.values()))
    by_id = {f.id: f for f in facts}
    for scene in scenes:
        words = scene.title.split()
        assert 2 <= len(words) <= 5 and "&" not in scene.title and "," not in scene.title, scene.title
        # The topic's own keywords, not the people the facts are about.
        topic_words = set(by_id[scene.member_ids[0]].text.split()[3:6:2])
        assert {w.casefold() for w in words} & {w.casefold() for w in topic_words}, scene.title
        assert not {"Ana", "Ben", "Odile"} & set(words), scene.title


def test_title_prefers_the_shared_noun_phrase_over_a_name() -> None:
    texts = ["Ana went to the LGBTQ support group in Lisbon.", "Ana found the LGBTQ support group welcoming.",
             "Ana plans to return to the support group."]
    ents = [{"Ana", "LGBTQ support group", "Lisbon"}, {"LGBTQ support group"}, set()]
    other = _cluster(["Ana cooked dinner.", "Ana watched a film.", "Ana read a novel.", "Ana fixed the bike."],
                     [0.3] * 4, seed=5, prefix="o")
    members = _cluster(texts, [0.2] * 3, seed=4, entities=ents)
    scene = summarize(TermStats([*members, *other]), members)
    assert "support group" in scene.title and "Ana" not in scene.title and "Lisbon" != scene.title, scene.title
    assert 2 <= len(scene.title.split()) <= 5


def test_scene_id_is_a_hash_of_the_member_set() -> None:
    assert scene_id(["b", "a"]) == scene_id(["a", "b"]) != scene_id(["a", "b", "c"])
    members = _cluster(["Ana likes tea.", "Ana likes green tea."], [0.1, 0.2])
    scene = summarize(TermStats(members), list(reversed(members)))
    assert isinstance(scene, Scene) and scene.id == scene_id(["m00", "m01"])
