"""Watched sources in the core: the rows, what a sync reads again, what a catch-up scan finds (no threads, no Qt)."""
from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from remembrancer.memory import Memory, source_sync
from remembrancer.memory.errors import InputError
from remembrancer.memory.sources import SyncReport, get_source, ignored, list_sources, record_sync, set_paused
from tests.helpers import record, write_jsonl
from tests.memory.source_helpers import current_texts, ids_under, notes, write_note

NOW = datetime(2034, 5, 8, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    folder = tmp_path.resolve() / "vault"
    write_note(folder / "garden.md", "Odile's tomatoes turned red in May.", "Wren planted basil by the shed.")
    write_note(folder / "Journal" / "trip.md", "We hiked to the Tre Cime hut.", heading="Trip")
    return folder


def test_watching_imports_the_path_and_keeps_one_row_per_absolute_path(mem: Memory, vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(vault.parent)
    source, summary = source_sync.watch(mem, Path("vault"), "auto", NOW, NOW)
    assert summary.files == 2 and summary.messages_added == 3
    assert source.path == vault.resolve() and source.folder and not source.paused and source.format == "auto"
    assert (source.files, source.added, source.last_error, source.synced_until) == (2, 3, None, source.last_sync)
    assert [s.path for s in list_sources(mem.db)] == [vault.resolve()]

    with pytest.raises(InputError, match="already watched"):
        source_sync.watch(mem, vault, "auto", NOW, NOW)
    with pytest.raises(InputError, match="overlaps the watched source"):
        source_sync.watch(mem, vault / "Journal", "auto", NOW, NOW)

    paused = set_paused(mem.db, vault, True)
    assert paused.paused and get_source(mem.db, str(vault) + "/").paused
    removed = source_sync.unwatch(mem, vault)
    assert removed.path == vault.resolve() and list_sources(mem.db) == []
    assert len(notes(mem)) == 3 and not any(archived for _, archived in notes(mem).values())  # the memories stay
    with pytest.raises(InputError, match="not a watched source"):
        source_sync.unwatch(mem, vault)


def test_a_bad_path_or_format_is_refused_and_nothing_is_watched(mem: Memory, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        source_sync.watch(mem, tmp_path / "missing", "auto", NOW, NOW)
    odd = tmp_path / "photo.bin"
    odd.write_bytes(b"\x00\x01")
    with pytest.raises(InputError, match="cannot tell the format"):
        source_sync.watch(mem, odd, "auto", NOW, NOW)
    with pytest.raises(InputError, match="unknown format"):
        source_sync.watch(mem, tmp_path, "fax", NOW, NOW)
    bad_chat = write_jsonl(tmp_path / "bad.jsonl", ['{"id": "x"'])
    with pytest.raises(InputError, match="bad.jsonl:1"):
        source_sync.watch(mem, bad_chat, "jsonl", NOW, NOW)
    assert list_sources(mem.db) == []


def test_a_sync_reads_changed_files_again_under_the_folder_root(mem: Memory, vault: Path) -> None:
    source, _ = source_sync.watch(mem, vault, "auto", NOW, NOW)
    before = notes(mem)
    assert ids_under(before, "Journal/trip.md")  # ids relative to the watched folder, not to the file's own folder

    write_note(vault / "Journal" / "trip.md", "We hiked to the Auronzo hut instead.", heading="Trip")
    write_note(vault / "new.md", "Bram's kayak is called Pelican.", heading="Boats")
    (vault / "picture.png").write_bytes(b"\x89PNG")
    report = source_sync.sync_paths(mem, source, [vault / "Journal" / "trip.md", vault / "new.md", vault / "picture.png"], NOW)
    assert (report.files, report.errors) == (2, []) and report.added + report.updated == 2  # the edit: same id updated, or a new id
    after = notes(mem)
    texts = current_texts(mem)
    assert {"Trip: We hiked to the Auronzo hut instead.", "Boats: Bram's kayak is called Pelican."} <= texts
    assert "Trip: We hiked to the Tre Cime hut." not in texts
    assert [after[i][0] for i in ids_under(after, "new.md")] == ["Boats: Bram's kayak is called Pelican."]
    assert ids_under(after, "trip.md") == []  # not stored again under a second id


def test_a_sync_reports_a_bad_file_by_name_and_line_and_goes_on(mem: Memory, tmp_path: Path) -> None:
    folder = tmp_path.resolve() / "chats"
    good = write_jsonl(folder / "good.jsonl", [record("g1", "Wren adopted a grey cat.")])
    source, _ = source_sync.watch(mem, folder, "auto", NOW, NOW)
    bad = write_jsonl(folder / "bad.jsonl", [record("b1", "fine"), '{"id": "b2", "text": "half'])
    write_jsonl(good, [record("g1", "Wren adopted a grey cat."), record("g2", "The cat is called Moth.")])
    outcome = source_sync.sync_source(mem, source.path, [bad, good], NOW, NOW, settled=True)
    assert outcome is not None
    assert outcome.report.added == 1 and len(outcome.report.errors) == 1 and outcome.report.errors[0].startswith(f"{bad}:2:")
    assert outcome.source.last_error and outcome.source.last_error.startswith(f"{bad}:2:")
    assert outcome.source.synced_until == source.synced_until  # an error keeps the catch-up mark where it was
    assert {m.id for m in mem.messages()} == {"g1", "g2"}


def test_a_paused_or_removed_source_is_not_synced(mem: Memory, vault: Path) -> None:
    source, _ = source_sync.watch(mem, vault, "auto", NOW, NOW)
    set_paused(mem.db, vault, True)
    write_note(vault / "new.md", "Not yet.")
    assert source_sync.sync_source(mem, source.path, [vault / "new.md"], NOW, NOW) is None
    assert ids_under(notes(mem), "new.md") == []


def test_record_sync_keeps_counts_and_one_short_error_line(mem: Memory, vault: Path) -> None:
    source, _ = source_sync.watch(mem, vault, "auto", NOW, NOW)
    report = SyncReport(files=3, added=2, updated=1, archived=4, errors=["a.md:3: " + "x" * 500, "b.md: gone"])
    record_sync(mem.db, vault, "2034-05-09T10:00:00+00:00", report)
    row = get_source(mem.db, vault)
    assert (row.files, row.added, row.updated, row.archived) == (3, 2, 1, 4)
    assert row.last_sync == "2034-05-09T10:00:00+00:00" and row.synced_until == source.synced_until
    assert row.last_error.startswith("a.md:3: xxx") and row.last_error.endswith("(+1 more)") and len(row.last_error) <= 300


def test_ignored_files_are_editor_leftovers_and_hidden_folders(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    for name in (".garden.md.swp", "garden.md~", ".#garden.md", "~$report.md", ".obsidian/workspace.md", ".git/HEAD", "notes/.hidden.md"):
        assert ignored(root / name, root), name
    for name in ("garden.md", "Journal/trip.md", "chat.jsonl"):
        assert not ignored(root / name, root), name


def test_a_catch_up_finds_changed_unknown_and_gone_files(mem: Memory, vault: Path) -> None:
    old = time.time() - 3600
    for note in vault.rglob("*.md"):
        os.utime(note, (old, old))  # written before the sync started
    started = datetime.now(timezone.utc) - timedelta(seconds=5)
    source, _ = source_sync.watch(mem, vault, "auto", NOW, started)
    known = source_sync.known_files(mem, source)
    assert known.notes == {str(vault / "garden.md"), str(vault / "Journal" / "trip.md")}
    assert source_sync.catch_up_paths(source, known) == []  # nothing changed since

    copied = write_note(vault / "copied.md", "Copied in with its old time kept.")
    os.utime(copied, (old, old))  # older than the last sync, but no import has read it
    edited = write_note(vault / "garden.md", "Odile's tomatoes turned red in June.")
    (vault / "Journal" / "trip.md").unlink()
    (vault / ".obsidian").mkdir()
    write_note(vault / ".obsidian" / "cache.md", "ignored")
    found = source_sync.catch_up_paths(source, known)
    assert found == [copied, edited, vault / "Journal" / "trip.md"]
    assert set(source_sync.catch_up_paths(source, known, full=True)) == {copied, edited, vault / "Journal" / "trip.md"}


def test_a_watched_file_uses_its_folder_as_root(mem: Memory, tmp_path: Path) -> None:
    chat = write_jsonl(tmp_path / "chat.jsonl", [record("c1", "Odile moved to Ghent.")])
    source, _ = source_sync.watch(mem, chat, "jsonl", NOW, NOW)
    assert not source.folder and source.root == tmp_path.resolve() and source.holds(chat.resolve())
    assert not source.holds(tmp_path.resolve() / "other.jsonl")
    write_jsonl(chat, [record("c1", "Odile moved to Ghent."), record("c2", "She misses the sea.")])
    report = source_sync.sync_paths(mem, source, [chat.resolve(), tmp_path.resolve() / "other.jsonl"], NOW)
    assert (report.files, report.added) == (1, 1)
