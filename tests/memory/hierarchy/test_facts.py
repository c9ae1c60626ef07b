"""Facts: provenance, dedupe-on-write, resumable extraction."""
from __future__ import annotations

from pathlib import Path

from remembrancer.memory import Memory
from remembrancer.memory.browse import list_facts
from tests.helpers import record, write_jsonl


def test_each_fact_cites_exactly_its_message(hmem: Memory, tmp_path: Path) -> None:
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I live in Berlin."), record("m2", "Nice weather today.", "Ben")]))
    facts = {f.text: f.sources for f in list_facts(hmem.db)}
    assert facts["Ana lives in Berlin"] == ["m1"]
    assert facts["Ben said: Nice weather today."] == ["m2"]


def test_restated_fact_reinforces_instead_of_twin(hmem: Memory, tmp_path: Path) -> None:
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I live in Berlin.")]))
    hmem.import_path(write_jsonl(tmp_path / "b.jsonl", [record("m9", "As I said, I live in Berlin!", time="2024-04-01T10:00:00")]))
    berlin = [f for f in list_facts(hmem.db) if f.text == "Ana lives in Berlin"]
    assert len(berlin) == 1
    assert berlin[0].sources == ["m1", "m9"] and berlin[0].mentions == 2


def test_near_duplicates_merge_keeping_all_sources(hmem: Memory, tmp_path: Path) -> None:
    # The fake embedder is a bag of words: the same words in another order is a near-duplicate.
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "violin lessons on tuesday evenings"), record("m2", "tuesday evenings violin lessons on")]))
    restated = [f for f in list_facts(hmem.db) if "violin" in f.text]
    assert len(restated) == 1 and restated[0].sources == ["m1", "m2"]


def test_same_kind_of_event_on_another_day_is_not_merged(hmem: Memory, tmp_path: Path) -> None:
    from remembrancer.memory.extraction.base import FactCandidate
    from remembrancer.memory.facts.store import StoredFactVector, write_facts
    from remembrancer.memory.store.database import transaction

    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "hello"), record("m2", "hello again")]))
    vector = hmem.embedder.embed(["Ana went to the gym"])
    with transaction(hmem.db) as conn:
        first = write_facts(conn, [FactCandidate("Ana went to the gym", "Ana", ["m1"], "2024-03-01T10:00:00+00:00", time_mentioned="2024-02-28")], vector, [], "now", "t")
        rowid = first.new[0][0]
        pool = [StoredFactVector(rowid, "Ana", "2024-02-28", vector[0])]
        second = write_facts(conn, [FactCandidate("Ana went to the gym!", "Ana", ["m2"], "2024-03-01T10:00:00+00:00", time_mentioned="2024-02-29")], vector, pool, "now", "t")
    assert second.created == 1 and second.reinforced == 0


def test_extraction_resumes_after_an_interruption(tmp_path: Path) -> None:
    from tests.memory.hierarchy.conftest import PatternExtractor

    data = tmp_path / "data"
    with Memory(data, "fake", extractor=None) as mem:  # as if the process died before extracting
        mem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I love jazz.")]))
        assert list_facts(mem.db) == []
    with Memory(data, "fake", extractor=PatternExtractor()) as mem:
        mem.import_path(write_jsonl(tmp_path / "b.jsonl", [record("m2", "I live in Oslo.")]))
        assert {f.text for f in list_facts(mem.db)} == {"Ana loves jazz", "Ana lives in Oslo"}


def test_fact_and_scene_vectors_are_rebuilt_after_the_folder_is_deleted(tmp_path: Path) -> None:
    import shutil

    from tests.memory.hierarchy.conftest import PatternExtractor

    data = tmp_path / "data"
    chat = [record(f"m{i}", f"I love topic{i % 3} a lot.", time=f"2024-03-01T10:0{i}:00") for i in range(6)]
    with Memory(data, "fake", extractor=PatternExtractor()) as mem:
        mem.import_path(write_jsonl(tmp_path / "a.jsonl", chat))
        counts = {level: index.count() for level, index in mem.indexes.items()}
    assert counts["fact"] > 0
    shutil.rmtree(data / "vectors")
    with Memory(data, "fake", extractor=PatternExtractor()) as mem:
        assert {level: index.count() for level, index in mem.indexes.items()} == counts
        assert mem.last_reconcile.vectors_added == sum(counts.values())



def test_near_duplicate_wording_with_another_value_is_not_merged(hmem: Memory, tmp_path: Path) -> None:
    """"lives in Berlin" and "lives in Lisbon" may embed alike; merging them would lose the new home."""
    from remembrancer.memory.extraction.base import FactCandidate
    from remembrancer.memory.facts.store import StoredFactVector, reading_of, write_facts
    from remembrancer.memory.store.database import transaction

    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "hello"), record("m2", "hello again")]))
    vector = hmem.embedder.embed(["Ana lives in a city"])  # one vector for all three: as similar as can be
    said = "2024-03-01T10:00:00+00:00"
    with transaction(hmem.db) as conn:
        first = write_facts(conn, [FactCandidate("Ana lives in Berlin", "Ana", ["m1"], said, attribute="home", value="Berlin")],
                            vector, [], said, "t")
        pool = [StoredFactVector(first.new[0][0], "Ana", None, vector[0], reading_of("home", "Berlin"))]
        same = write_facts(conn, [FactCandidate("Ana lives in berlin!", "Ana", ["m2"], said, attribute="home", value="berlin")],
                           vector, pool, said, "t")
        other = write_facts(conn, [FactCandidate("Ana lives in Lisbon", "Ana", ["m2"], said, attribute="home", value="Lisbon")],
                            vector, pool, said, "t")
    assert same.reinforced == 1 and same.created == 0
    assert other.created == 1 and other.reinforced == 0
