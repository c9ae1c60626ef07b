"""A recalled message is shown as its best fact only when that fact stands alone (#18 item 1)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from remembrancer.memory import Memory
from tests.helpers import record, write_jsonl


@contextmanager
def store_of(tmp_path: Path, records: list[dict]) -> Iterator[Memory]:
    """A store (fake embedder) holding `records`, closed afterwards."""
    memory = Memory(tmp_path / "data", "fake")
    try:
        memory.import_path(write_jsonl(tmp_path / "c.jsonl", records))
        yield memory
    finally:
        memory.close()


def test_a_fact_that_does_not_stand_alone_never_replaces_its_message(tmp_path: Path) -> None:
    records = [record("m1", "I typically hold it for ninety seconds every morning.", speaker="Odile"),
               record("m2", "I adopted a greyhound called Vesper in ninety-one days of waiting.", speaker="Wren")]
    with store_of(tmp_path, records) as memory:
        dangling = [f for f in memory.db.execute("SELECT text, standalone FROM facts") if "holds it" in f[0]]
        assert dangling and not dangling[0][1]  # the fact exists, as a retrieval aid
        items = memory.recall("ninety seconds every morning", k=5)
        shown = [i for i in items if "m1" in i.sources]
        assert shown and shown[0].text == "I typically hold it for ninety seconds every morning."


def test_in_a_budget_a_message_one_readable_fact_restates_is_shown_as_it(tmp_path: Path) -> None:
    """The query matches the message's words, not the fact's; under a budget the shorter, standalone fact is shown."""
    records = [record("m1", "Guess what, Odile! Yesterday I adopted a greyhound called Vesper.", speaker="Wren"),
               record("m2", "Oh wow, congratulations!", speaker="Odile")]
    with store_of(tmp_path, records) as memory:
        unbudgeted = memory.recall("guess what", k=5, budget=None)
        budgeted = memory.recall("guess what", k=5, budget=1500)
        assert [(i.level, i.sources) for i in unbudgeted] == [("message", ["m1"])]
        assert [(i.level, i.sources) for i in budgeted] == [("fact", ["m1"])]
        assert "Wren adopted a greyhound called Vesper" in budgeted[0].text
        assert any(turn.id == "m1" for turn in budgeted[0].context)  # the message itself is still there to read


def test_a_message_with_several_facts_stays_the_message(tmp_path: Path) -> None:
    records = [record("m1", "Guess what, Odile! I adopted a greyhound called Vesper. I also started a pottery class.", speaker="Wren")]
    with store_of(tmp_path, records) as memory:
        assert memory.db.execute("SELECT count(*) FROM facts WHERE standalone").fetchone()[0] >= 2
        budgeted = memory.recall("guess what", k=5, budget=1500)
        assert [(i.level, i.sources) for i in budgeted] == [("message", ["m1"])]
