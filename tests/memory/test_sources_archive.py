"""A watched note that loses a paragraph, or its file, is archived: never kept as current, never deleted.

These lean on `Memory.archive_note_file` and on content-keyed paragraph ids,
which the notes branch brings; until it is merged they are expected to
fail (the markers go when it is).
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.memory import Memory, source_sync
from tests.memory.source_helpers import ids_under, notes, write_note

NOW = datetime(2034, 5, 8, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    folder = tmp_path.resolve() / "vault"
    write_note(folder / "garden.md", "Odile's tomatoes turned red in May.", "Wren planted basil by the shed.", "The hose leaks again.")
    write_note(folder / "Journal" / "trip.md", "We hiked to the Tre Cime hut.", heading="Trip")
    write_note(folder / "Journal" / "food.md", "Bram baked rye bread.", heading="Food")
    return folder


def test_a_deleted_note_file_is_archived_not_deleted(mem: Memory, vault: Path) -> None:
    source, _ = source_sync.watch(mem, vault, "auto", NOW, NOW)
    trip = vault / "Journal" / "trip.md"
    trip.unlink()
    report = source_sync.sync_paths(mem, source, [trip], NOW)
    assert report.errors == [] and report.archived == 1
    stored = notes(mem)
    assert [archived for note_id, (_, archived) in stored.items() if note_id.startswith("Journal/trip.md")] == [True]
    assert not any(archived for note_id, (_, archived) in stored.items() if not note_id.startswith("Journal/trip.md"))


def test_a_deleted_folder_archives_every_note_in_it(mem: Memory, vault: Path) -> None:
    source, _ = source_sync.watch(mem, vault, "auto", NOW, NOW)
    for note in (vault / "Journal").iterdir():
        note.unlink()
    (vault / "Journal").rmdir()
    report = source_sync.sync_paths(mem, source, [vault / "Journal"], NOW)
    assert report.errors == [] and report.archived == 2
    stored = notes(mem)
    assert {note_id for note_id, (_, archived) in stored.items() if archived} == {*ids_under(stored, "Journal/trip.md"), *ids_under(stored, "Journal/food.md")}
    assert len([1 for _, archived in stored.values() if archived]) == 2


def test_a_removed_paragraph_is_archived_and_the_others_keep_their_ids(mem: Memory, vault: Path) -> None:
    source, _ = source_sync.watch(mem, vault, "auto", NOW, NOW)
    garden = vault / "garden.md"
    current = {note_id: text for note_id, (text, archived) in notes(mem).items() if note_id.startswith("garden.md") and not archived}
    write_note(garden, "Odile's tomatoes turned red in May.", "The hose leaks again.")
    report = source_sync.sync_paths(mem, source, [garden], NOW)
    assert report.errors == []
    after = {note_id: (text, archived) for note_id, (text, archived) in notes(mem).items() if note_id.startswith("garden.md")}
    kept = {note_id for note_id, text in current.items() if "basil" not in text}
    assert all(after[note_id] == (current[note_id], False) for note_id in kept)  # unchanged paragraphs: same ids, still current
    assert [archived for text, archived in after.values() if "basil" in text] == [True]  # the removed one: archived, kept
