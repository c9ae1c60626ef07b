"""End to end: a watched folder of notes, the watcher's threads running, the store following each change within seconds.

The acceptance test of watched sources: add a note, edit one paragraph,
delete another, delete a file. The last two need the notes branch (content
ids for paragraphs, `Memory.archive_note_file`) and are marked until it is
merged; the first two hold now.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from remembrancer.app.service import MemoryService
from tests.app.source_watching import TIMEOUT, watching
from tests.memory.source_helpers import write_note

GARDEN = ("Odile's tomatoes turned red in May.", "Wren planted basil by the shed.", "The hose by the gate leaks again.")


def current(service: MemoryService) -> dict[str, str]:
    """id -> text of the notes that are current (not archived)."""
    return {m.id: m.text for m in service.messages("note") if not m.archived}


def archived(service: MemoryService) -> dict[str, str]:
    return {m.id: m.text for m in service.messages("note") if m.archived}


def holding(texts: dict[str, str], words: str) -> list[str]:
    return [note_id for note_id, text in texts.items() if words in text]


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    folder = (tmp_path / "vault").resolve()
    write_note(folder / "shed.md", "Bram keeps the kayak paddles in the shed.", heading="Shed")
    return folder


def test_a_new_note_and_an_edited_paragraph_reach_the_store_within_seconds(tmp_path: Path, vault: Path) -> None:
    with watching(tmp_path / "data") as w:
        w.read(lambda s: s.add_source(vault))
        w.watcher.request_reload()
        w.wait_watching()

        garden = write_note(vault / "garden.md", *GARDEN)
        took = w.wait_for(lambda s: all(holding(current(s), text) for text in GARDEN))
        assert took < TIMEOUT
        before = w.read(current)
        ids = {text: holding(before, text)[0] for text in GARDEN}

        write_note(garden, GARDEN[0], "Wren planted mint by the shed instead.", GARDEN[2])
        w.wait_for(lambda s: holding(current(s), "planted mint") and not holding(current(s), "planted basil"))
        after = w.read(current)
        assert holding(after, GARDEN[0]) == [ids[GARDEN[0]]] and holding(after, GARDEN[2]) == [ids[GARDEN[2]]]  # unchanged: same ids
        assert after[ids[GARDEN[0]]] == before[ids[GARDEN[0]]]
        source = w.read(lambda s: s.watched_sources())[0]
        assert source.last_error is None and source.last_sync is not None


def test_a_deleted_paragraph_and_a_deleted_file_are_archived_within_seconds(tmp_path: Path, vault: Path) -> None:
    with watching(tmp_path / "data") as w:
        garden = write_note(vault / "garden.md", *GARDEN)
        w.read(lambda s: s.add_source(vault))
        w.watcher.request_reload()
        w.wait_watching()
        before = w.read(current)
        ids = {text: holding(before, text)[0] for text in GARDEN}

        write_note(garden, GARDEN[0], GARDEN[2])  # the basil paragraph deleted
        w.wait_for(lambda s: holding(archived(s), "planted basil") and not holding(current(s), "planted basil"))
        after = w.read(current)
        assert holding(after, GARDEN[0]) == [ids[GARDEN[0]]] and holding(after, GARDEN[2]) == [ids[GARDEN[2]]]

        (vault / "shed.md").unlink()
        w.wait_for(lambda s: holding(archived(s), "kayak paddles") and not holding(current(s), "kayak paddles"))
        outcome = w.outcomes[-1]
        assert outcome.report.archived >= 1 and outcome.source.last_error is None
        assert set(w.read(current)) == {ids[GARDEN[0]], ids[GARDEN[2]]}  # archived, never deleted: all still in the store
        assert set(w.read(lambda s: {m.id for m in s.messages("note")})) >= {ids[GARDEN[1]], *holding(before, "kayak")}
