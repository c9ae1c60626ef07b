"""Re-importing a changed note: kept paragraphs keep their ids, new and edited ones come in, removed ones are archived.

Every vault here is invented, with invented people and text.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.forget import find_targets, forget
from remembrancer.memory.forgetting import FADED, FORGOTTEN, REMOVED
from remembrancer.memory.ingest import store_batches
from remembrancer.memory.types import ParsedMessage
from tests.helpers import record, write_jsonl
from tests.memory.hierarchy.conftest import PatternExtractor

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
NOTE = "Journal/garden.md"
HEAD = "---\ndate: 2024-06-02\n---\n# Garden\n\n"

HEDGEHOG = "A hedgehog sleeps under the woodpile behind the shed."
HYACINTHS = "Wren planted blue hyacinths by the north fence."
DOOR = "The greenhouse door sticks whenever it rains."
DOOR_EDITED = "The greenhouse door sticks whenever it rains; Wren oiled the hinges on Tuesday."
LADDER = "Oskar borrowed the long aluminium ladder in March."
COMPOST = "The compost bin needs turning every Sunday morning."


@pytest.fixture
def hmem(tmp_path: Path) -> Iterator[Memory]:
    """A store that extracts facts (one per note paragraph at least), to see what happens to them."""
    memory = Memory(tmp_path / "data", "fake", extractor=PatternExtractor())
    yield memory
    memory.close()


def write_note(vault: Path, paragraphs: list[str], name: str = NOTE) -> Path:
    path = vault / name
    path.parent.mkdir(parents=True, exist_ok=True)
    (vault / ".obsidian").mkdir(exist_ok=True)
    path.write_text(HEAD + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def rows(mem: Memory, conversation: str = NOTE) -> dict[str, tuple[str, int]]:
    """text (without its heading) -> (id, archived), for every stored item of the note."""
    found = mem.db.execute("SELECT id, text, archived FROM messages WHERE conversation = ?", [conversation]).fetchall()
    texts = [text.removeprefix("Garden: ") for _, text, _ in found]
    assert len(set(texts)) == len(texts), "a paragraph is stored twice"
    return {text.removeprefix("Garden: "): (item_id, archived) for item_id, text, archived in found}


def current(mem: Memory, conversation: str = NOTE) -> set[str]:
    return {text for text, (_, archived) in rows(mem, conversation).items() if archived == 0}


def recalled_text(mem: Memory, query: str) -> str:
    """Everything default recall shows for `query`: the items and the turns around them."""
    items = mem.recall(query, k=20, now=NOW, budget=None)
    return "\n".join([i.text for i in items] + [t.text for i in items for t in i.context])


def test_an_edited_note_keeps_unchanged_ids_adds_new_text_and_archives_removed_and_old_text(mem: Memory, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    note = write_note(vault, [HYACINTHS, DOOR, LADDER, COMPOST])
    first = mem.import_path(vault, now=NOW)
    assert first.messages_added == 4
    before = rows(mem)
    assert "aluminium ladder" in recalled_text(mem, "Oskar borrowed the aluminium ladder")

    # a paragraph inserted at the top, the second edited, the third deleted
    write_note(vault, [HEDGEHOG, HYACINTHS, DOOR_EDITED, COMPOST])
    summary = mem.import_path(note, now=NOW)
    after = rows(mem)

    assert after[HYACINTHS][0] == before[HYACINTHS][0] and after[COMPOST][0] == before[COMPOST][0]
    assert current(mem) == {HEDGEHOG, HYACINTHS, DOOR_EDITED, COMPOST}
    # removed and replaced text: archived as removed, never deleted
    assert after[LADDER] == (before[LADDER][0], REMOVED) and after[DOOR] == (before[DOOR][0], REMOVED)
    assert len(after) == 6
    assert (summary.messages_added, summary.messages_updated, summary.messages_archived, summary.messages_skipped) == (2, 0, 2, 2)
    assert "aluminium ladder" not in recalled_text(mem, "Oskar borrowed the aluminium ladder")
    assert "door sticks whenever it rains." not in recalled_text(mem, "greenhouse door sticks")
    assert "oiled the hinges" in recalled_text(mem, "greenhouse door hinges")

    snapshot = mem.db.execute("SELECT rowid, id, text, archived, prev_rowid, next_rowid FROM messages ORDER BY rowid").fetchall()
    again = mem.import_path(note, now=NOW)
    assert (again.messages_added, again.messages_updated, again.messages_archived, again.messages_restored, again.messages_skipped) == (0, 0, 0, 0, 4)
    assert mem.db.execute("SELECT rowid, id, text, archived, prev_rowid, next_rowid FROM messages ORDER BY rowid").fetchall() == snapshot


def test_a_note_stored_with_positional_ids_is_rekeyed_keeping_its_facts_history_and_reviews(hmem: Memory, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    note = write_note(vault, [HYACINTHS, LADDER, COMPOST])

    def old_item(n: int, text: str) -> ParsedMessage:  # the id scheme before content keys: `#heading/n`
        return ParsedMessage(id=f"{NOTE}#garden/{n}", conversation=NOTE, time="2024-06-02T00:00:00+00:00", speaker="Me",
                             text=f"Garden: {text}", role="user", kind="note", metadata={"path": NOTE, "heading": "Garden", "source_line": n})

    old = [old_item(1, HYACINTHS), old_item(2, "Oskar borrowed the short ladder."), old_item(3, COMPOST)]
    store_batches(hmem.db, hmem.indexes, hmem.embedder, [(note, "markdown", old)], NOW, extractor=hmem.extractor)
    # the second paragraph was edited once under the old scheme: its earlier text is history
    old[1] = old_item(2, LADDER)
    store_batches(hmem.db, hmem.indexes, hmem.embedder, [(note, "markdown", old)], NOW, extractor=hmem.extractor)
    hmem.review([f"{NOTE}#garden/3"], now=NOW)
    rowid_of = {text: rowid for rowid, text in hmem.db.execute("SELECT rowid, text FROM messages")}
    facts_before = hmem.db.execute("SELECT rowid, id, text, archived FROM facts ORDER BY rowid").fetchall()
    assert facts_before and all(archived == 0 for *_, archived in facts_before)

    summary = hmem.import_path(note, now=NOW)

    assert (summary.messages_added, summary.messages_archived, summary.messages_skipped) == (0, 0, 3)
    stored = hmem.db.execute("SELECT rowid, id, text, archived, reviews FROM messages ORDER BY rowid").fetchall()
    assert len(stored) == 3 and {archived for *_, archived, _ in stored} == {0}
    assert all("#garden/" in item_id and len(item_id.rsplit("/", 1)[1]) == 8 for _, item_id, *_ in stored)  # new, content-keyed ids
    assert {text: rowid for rowid, _, text, *_ in stored} == rowid_of  # the same rows, not new ones
    new_id = {text: item_id for _, item_id, text, *_ in stored}
    assert dict((text, reviews) for _, _, text, _, reviews in stored)[f"Garden: {COMPOST}"] == 1
    # facts survive the change of ids, citing the new ones; none duplicated, none dangling
    assert hmem.db.execute("SELECT rowid, id, text, archived FROM facts ORDER BY rowid").fetchall() == facts_before
    cited = {m for (m,) in hmem.db.execute("SELECT message_id FROM fact_sources")}
    assert cited and cited <= set(new_id.values())
    assert hmem.db.execute("SELECT message_id, text FROM message_history").fetchall() == [(new_id[f"Garden: {LADDER}"], "Garden: Oskar borrowed the short ladder.")]
    assert hmem.db.execute("PRAGMA foreign_key_check").fetchall() == []
    # one vector per item, under its new id
    assert hmem.vectors.ids() == set(new_id.values()) and hmem.vectors.count() == 3


def test_archive_note_file_archives_every_item_of_that_note_only(hmem: Memory, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    gone = write_note(vault, [HYACINTHS, LADDER])
    write_note(vault, [COMPOST], name="Journal/chores.md")
    hmem.import_path(vault, now=NOW)
    facts_of = lambda conversation: hmem.db.execute(  # noqa: E731
        "SELECT DISTINCT f.archived FROM facts f JOIN fact_sources s ON s.fact_rowid = f.rowid JOIN messages m ON m.id = s.message_id"
        " WHERE m.conversation = ?", [conversation]).fetchall()
    assert facts_of(NOTE) == [(0,)]

    gone.unlink()
    assert hmem.archive_note_file(gone, vault) == 2

    assert {archived for _, archived in rows(hmem).values()} == {REMOVED}
    assert {archived for _, archived in rows(hmem, "Journal/chores.md").values()} == {0}
    assert facts_of(NOTE) == [(REMOVED,)] and facts_of("Journal/chores.md") == [(0,)]
    assert "hyacinths" not in recalled_text(hmem, "Wren planted blue hyacinths")
    assert hmem.archive_note_file(gone, vault) == 0  # nothing current is left of it


def test_a_note_emptied_in_place_archives_all_its_items(mem: Memory, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    note = write_note(vault, [HYACINTHS, LADDER])
    mem.import_path(vault, now=NOW)
    write_note(vault, [])
    assert mem.import_path(note, now=NOW).messages_archived == 2
    assert current(mem) == set() and len(rows(mem)) == 2


def test_a_chat_export_reimported_with_fewer_messages_archives_nothing(mem: Memory, tmp_path: Path) -> None:
    chat = [record("k1", "Did you water the ferns?", "Ilse"), record("k2", "Yes, this morning.", "Teodor"), record("k3", "Thanks!", "Ilse")]
    mem.import_path(write_jsonl(tmp_path / "chat.jsonl", chat), now=NOW)
    summary = mem.import_path(write_jsonl(tmp_path / "chat.jsonl", chat[:1]), now=NOW)  # a partial export
    assert summary.messages_archived == 0
    assert mem.db.execute("SELECT id, archived FROM messages ORDER BY id").fetchall() == [("k1", 0), ("k2", 0), ("k3", 0)]


def test_a_paragraph_that_comes_back_is_current_again_with_its_facts(hmem: Memory, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    note = write_note(vault, [HYACINTHS, LADDER])
    hmem.import_path(vault, now=NOW)
    ladder_id = rows(hmem)[LADDER][0]
    fact_state = lambda: hmem.db.execute(  # noqa: E731
        "SELECT f.archived FROM facts f JOIN fact_sources s ON s.fact_rowid = f.rowid WHERE s.message_id = ?", [ladder_id]).fetchall()
    assert fact_state() == [(0,)]

    write_note(vault, [HYACINTHS])
    assert hmem.import_path(note, now=NOW).messages_archived == 1
    assert rows(hmem)[LADDER] == (ladder_id, REMOVED) and fact_state() == [(REMOVED,)]

    write_note(vault, [LADDER, HYACINTHS])  # back, elsewhere in the note
    summary = hmem.import_path(note, now=NOW)
    assert (summary.messages_added, summary.messages_restored, summary.messages_archived, summary.messages_skipped) == (0, 1, 0, 1)
    assert rows(hmem)[LADDER] == (ladder_id, 0) and fact_state() == [(0,)]
    assert len(rows(hmem)) == 2
    assert "aluminium ladder" in recalled_text(hmem, "Oskar borrowed the aluminium ladder")


def test_forgotten_and_faded_paragraphs_keep_their_state(mem: Memory, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    note = write_note(vault, [HYACINTHS, LADDER, COMPOST])
    mem.import_path(vault, now=NOW)
    ids = {text: item_id for text, (item_id, _) in rows(mem).items()}
    forget(mem, find_targets(mem, ids=[ids[LADDER]]), NOW)  # the user forgot it (soft)
    mem.db.execute("UPDATE messages SET archived = ? WHERE id = ?", [FADED, ids[COMPOST]])
    mem.db.conn.commit()

    again = mem.import_path(note, now=NOW)  # still in the file: neither comes back
    assert again.messages_restored == 0
    assert {text: archived for text, (_, archived) in rows(mem).items()} == {HYACINTHS: 0, LADDER: FORGOTTEN, COMPOST: FADED}

    write_note(vault, [HYACINTHS])  # both removed: the forgotten one stays forgotten, the faded one is removed
    assert mem.import_path(note, now=NOW).messages_archived == 1
    assert {text: archived for text, (_, archived) in rows(mem).items()} == {HYACINTHS: 0, LADDER: FORGOTTEN, COMPOST: REMOVED}
