"""A recalled message is shown as its best fact only when that fact stands alone (#18 item 1)."""
from __future__ import annotations

from pathlib import Path

from memory import Memory
from tests.helpers import record, write_jsonl


def test_a_fact_that_does_not_stand_alone_never_replaces_its_message(tmp_path: Path) -> None:
    records = [record("m1", "I typically hold it for ninety seconds every morning.", speaker="Odile"),
               record("m2", "I adopted a greyhound called Vesper in ninety-one days of waiting.", speaker="Wren")]
    memory = Memory(tmp_path / "data", "fake")
    try:
        memory.import_path(write_jsonl(tmp_path / "c.jsonl", records))
        dangling = [f for f in memory.db.execute("SELECT text, standalone FROM facts") if "holds it" in f[0]]
        assert dangling and not dangling[0][1]  # the fact exists, as a retrieval aid
        items = memory.recall("ninety seconds every morning", k=5, reinforce=False)
        shown = [i for i in items if "m1" in i.sources]
        assert shown and shown[0].text == "I typically hold it for ninety seconds every morning."
    finally:
        memory.close()
