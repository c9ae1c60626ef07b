"""A fact said in many messages votes for a bounded number of them (#23: recall at a million messages)."""
from __future__ import annotations

from pathlib import Path

from remembrancer.memory import Memory
from remembrancer.memory.recall.associative import FACT_VOTE_LIST, FACT_VOTES, _messages_in_order
from remembrancer.memory.store import search
from tests.helpers import record, write_jsonl


def test_a_fact_citing_many_messages_reads_only_a_bounded_few(tmp_path: Path) -> None:
    records = [record("m0", "I adopted a greyhound called Vesper.", speaker="Wren")]
    records += [record(f"m{i}", f"The kettle in flat {i} whistles at dawn.", speaker="Odile") for i in range(1, 41)]
    memory = Memory(tmp_path / "data", "fake")
    try:
        memory.import_path(write_jsonl(tmp_path / "c.jsonl", records))
        fact = memory.db.execute("SELECT rowid FROM facts WHERE text LIKE '%Vesper%'").fetchone()[0]
        with memory.db.conn:  # the same fact said in every message, as a merged fact of a long life would be
            memory.db.conn.executemany("INSERT OR IGNORE INTO fact_sources (fact_rowid, message_id) VALUES (?, ?)",
                                       [(fact, r["id"]) for r in records])
        every = search.fact_source_rowids(memory.db, [fact])[fact]
        bounded = search.fact_source_rowids(memory.db, [fact], per_fact=FACT_VOTES)[fact]
        assert len(every) == 41
        assert len(bounded) == FACT_VOTES and set(bounded) <= set(every)
        assert search.fact_source_rowids(memory.db, [fact], per_fact=100)[fact] == every  # under the bound: all, same order
        assert memory.recall("greyhound Vesper", k=5)  # recall still finds it
    finally:
        memory.close()


def test_the_facts_votes_together_stop_at_the_list_bound() -> None:
    sources = {fact: list(range(fact * 1000, fact * 1000 + 10)) for fact in range(1, 200)}
    votes = _messages_in_order(list(sources), sources)
    assert len(votes) == FACT_VOTE_LIST
    assert votes[:10] == sources[1]  # the best facts vote first
    assert _messages_in_order([1, 2], sources) == sources[1] + sources[2]
