"""A note paragraph's heading helps find it, but is not part of what it says."""
from __future__ import annotations

from pathlib import Path

from remembrancer.memory import Memory
from remembrancer.memory.facts.pipeline import without_heading


def test_without_heading_cuts_only_the_stored_prefix() -> None:
    assert without_heading("Garden: The compost bin needs a lid.", "Garden") == "The compost bin needs a lid."
    assert without_heading("The compost bin needs a lid.", "Garden") == "The compost bin needs a lid."
    assert without_heading("Garden: lid", None) == "Garden: lid"


def test_facts_from_a_note_do_not_read_the_heading_as_words(tmp_path: Path) -> None:
    note = tmp_path / "notes" / "home.md"
    note.parent.mkdir()
    note.write_text(
        "# Garden\n\nThe compost bin needs a new green lid from the hardware store.\n\n"
        "# Travel\n\nI booked a sleeper train to Vienna for the spring.\n",
        encoding="utf-8",
    )
    with Memory(tmp_path / "data", "fake") as mem:
        mem.import_path(note.parent)
        facts = [text for (text,) in mem.db.execute("SELECT text FROM facts")]
    assert facts, "the rules extractor finds something in these sentences"
    assert not [f for f in facts if "garden:" in f.lower() or "travel:" in f.lower()], facts
