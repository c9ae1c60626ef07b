"""Import embeds each text once: a fact that restates its message shares the message's vector; dedupe stays linear."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from remembrancer.memory import Memory
from remembrancer.memory.browse import list_facts
from remembrancer.memory.extraction.base import FactCandidate
from remembrancer.memory.facts.restatement import restates
from remembrancer.memory.facts.store import StoredFactVector, TwinPool
from tests.helpers import record, write_jsonl


def test_a_third_person_rewrite_restates_its_message() -> None:
    assert restates("Odile went kayaking near Trondheim with Basil", "I went kayaking near Trondheim with Basil!", {"Odile"})
    assert restates("Odile's cat Pim knocked over the lamp", "My cat Pim knocked over the lamp this morning", {"Odile"})


def test_a_fact_saying_less_or_other_than_its_message_does_not() -> None:
    long = "I went kayaking near Trondheim with Basil, then we drove to Bergen for a concert and ate waffles at the harbour."
    assert not restates("Odile went kayaking near Trondheim", long, {"Odile"})
    assert not restates("Odile lives in Trondheim", "I went kayaking near Trondheim with Basil", {"Odile"})
    assert not restates("Odile is", "I am", {"Odile"})


def test_restating_facts_are_not_embedded_again(hmem: Memory, tmp_path: Path, embedded_texts: list[str]) -> None:
    texts = embedded_texts
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I live in Berlin."), record("m2", "I love jazz.", "Ben")]))
    facts = {f.text for f in list_facts(hmem.db)}
    assert {"Ana lives in Berlin", "Ben loves jazz"} <= facts
    assert "Ana lives in Berlin" not in texts and "Ben loves jazz" not in texts  # they took their messages' vectors
    assert sorted(t for t in texts if t.startswith(("Ana: ", "Ben: "))) == ["Ana: I live in Berlin.", "Ben: I love jazz."]  # each message once
    message = hmem.indexes["message"].vectors(["m1"])["m1"]
    fact_id = next(f.id for f in list_facts(hmem.db) if f.text == "Ana lives in Berlin")
    assert np.allclose(hmem.indexes["fact"].vectors([fact_id])[fact_id], message)
    assert hmem.stats().vectors == 2


def test_recall_still_finds_facts_by_their_own_words(hmem: Memory, tmp_path: Path) -> None:
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I live in Berlin."), record("m2", "Nice weather today.", "Ben")]))
    items = hmem.recall("where does Ana live", k=5)
    assert any("m1" in item.sources for item in items[:3])


def _fact(rowid: int, subject: str, vector: np.ndarray) -> StoredFactVector:
    return StoredFactVector(rowid, subject, None, vector.astype(np.float32))


def test_the_twin_pool_keeps_only_each_subjects_most_recent_facts() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((10, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    pool = TwinPool(capacity=4)
    for rowid, vector in enumerate(vectors):
        pool.add(_fact(rowid, "Odile", vector))
    candidate = FactCandidate("x", "Odile", ["m"], "2024-01-01T00:00:00+00:00")
    assert pool.near_duplicate(candidate, vectors[9]) == 9
    assert pool.near_duplicate(candidate, vectors[6]) == 6
    assert pool.near_duplicate(candidate, vectors[2]) is None  # pushed out of the ring: consolidation merges it later
    assert pool.near_duplicate(FactCandidate("x", "Basil", ["m"], "2024-01-01T00:00:00+00:00"), vectors[9]) is None


def test_the_closest_compatible_twin_wins() -> None:
    base = np.zeros(8, np.float32)
    base[0] = 1.0
    near = base.copy()
    near[1] = 0.2
    near /= np.linalg.norm(near)
    pool = TwinPool([_fact(1, "Odile", near), _fact(2, "Odile", base)])
    assert pool.near_duplicate(FactCandidate("x", "Odile", ["m"], "2024-01-01T00:00:00+00:00"), base) == 2


def test_a_batch_scored_at_once_finds_the_twins_one_by_one_scoring_finds() -> None:
    """`prepare` scores a batch against the rings in one product; the batch's own facts, the rings' growth and
    overwritten slots (a ring of 6, batches of 20) give the same twins as scoring each candidate as it comes."""
    rng = np.random.default_rng(3)
    centres = rng.standard_normal((40, 8))
    subjects = ["Odile", "Basil"]

    def batch(n: int) -> tuple[list[str], np.ndarray]:
        rows = centres[rng.integers(0, 40, n)] + 0.05 * rng.standard_normal((n, 8))
        return [subjects[i % 2] for i in range(n)], (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)

    one_by_one, at_once = TwinPool(capacity=6), TwinPool(capacity=6)
    found: list[tuple[int | None, int | None]] = []
    rowid = 0
    for _ in range(6):
        names, vectors = batch(20)
        at_once.prepare(names, vectors)
        for position, (name, vector) in enumerate(zip(names, vectors)):
            candidate = FactCandidate("x", name, ["m"], "2024-01-01T00:00:00+00:00")
            pair = (one_by_one.near_duplicate(candidate, vector), at_once.near_duplicate(candidate, vector, position))
            found.append(pair)
            if pair[0] is None and position % 3:  # a new fact joins both pools
                rowid += 1
                one_by_one.add(_fact(rowid, name, vector))
                at_once.add(_fact(rowid, name, vector))
    assert all(a == b for a, b in found)
    assert sum(a is not None for a, _ in found) > 20 and sum(a is None for a, _ in found) > 20  # both answers were exercised


def test_a_rebuilt_fact_index_gives_a_restating_fact_the_same_vector(hmem: Memory, tmp_path: Path) -> None:
    from remembrancer.memory.store import vector_sync
    from remembrancer.memory.store.levels import FACTS

    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I live in Berlin.")]))
    fact_id = next(f.id for f in list_facts(hmem.db) if f.text == "Ana lives in Berlin")
    before = hmem.indexes["fact"].vectors([fact_id])[fact_id]
    vector_sync.reset_level(hmem.db, hmem.indexes["fact"], FACTS)  # as `reindex` and a deleted vector folder do
    vector_sync.embed_pending(hmem.db, hmem.indexes["fact"], hmem.embedder, level=FACTS)
    assert np.allclose(hmem.indexes["fact"].vectors([fact_id])[fact_id], before)


def test_messages_embedded_with_their_facts_are_compacted_and_indexed(hmem: Memory, tmp_path: Path) -> None:
    calls: list[str] = []
    index = hmem.indexes["message"]
    original = index.maintain

    def counting() -> None:
        calls.append("maintain")
        original()

    index.maintain = counting  # type: ignore[method-assign]
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I live in Berlin.")]))
    assert calls  # compaction, the id index and (at size) the ANN index follow the writes


def test_the_message_index_upkeep_beside_the_scenes_fails_the_import_when_it_fails(hmem: Memory, tmp_path: Path) -> None:
    import pytest

    def broken() -> None:
        raise RuntimeError("compaction failed")

    hmem.indexes["message"].maintain = broken  # type: ignore[method-assign]
    with pytest.raises(RuntimeError, match="compaction failed"):
        hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I live in Berlin."), record("m2", "I love jazz.", "Ben")]))
