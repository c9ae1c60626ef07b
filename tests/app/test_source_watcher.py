"""The source watcher with its real threads and real file events: coalescing, files being written, ignored files, one watcher per data dir."""
from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

from remembrancer.app.service import MemoryService
from tests.app.source_watching import TIMEOUT, watching
from tests.helpers import record
from tests.memory.source_helpers import current_texts, write_note


def message_ids(service: MemoryService) -> set[str]:
    return {m.id for m in service.messages()}


def test_twenty_rapid_writes_are_one_import(tmp_path: Path) -> None:
    vault = (tmp_path / "vault").resolve()
    vault.mkdir()
    with watching(tmp_path / "data") as w:
        w.read(lambda s: s.add_source(vault))
        w.watcher.request_reload()
        w.wait_watching()
        note = vault / "garden.md"
        for n in range(20):
            write_note(note, f"Odile counted {n + 1} ripe tomatoes.")
            time.sleep(0.01)
        w.wait_for(lambda s: "Garden: Odile counted 20 ripe tomatoes." in current_texts(s))
        w.settle()
        assert w.recording.syncs == [[note]]
        assert len(w.outcomes) == 1 and w.outcomes[0].report.added == 1 and w.outcomes[0].source.last_error is None


def test_a_file_still_being_written_is_not_read_half_way(tmp_path: Path) -> None:
    folder = (tmp_path / "chats").resolve()
    folder.mkdir()
    with watching(tmp_path / "data") as w:
        w.read(lambda s: s.add_source(folder))
        w.watcher.request_reload()
        w.wait_watching()
        export = folder / "chat.jsonl"
        lines = [json.dumps(record(f"w{n}", f"Wren packed item number {n} for the trip.")) for n in range(12)]
        with export.open("w", encoding="utf-8") as handle:
            for line in lines:  # each line in two halves, a pause between: a read in between would find broken JSON
                handle.write(line[:20])
                handle.flush()
                time.sleep(0.05)
                handle.write(line[20:] + "\n")
                handle.flush()
                time.sleep(0.05)
        finished = time.monotonic()
        w.wait_for(lambda s: {f"w{n}" for n in range(12)} <= message_ids(s))
        w.settle()
        assert all(not o.report.errors for o in w.outcomes), [o.report.errors for o in w.outcomes]
        assert w.recording.syncs == [[export]]
        assert time.monotonic() >= finished


def test_editor_temp_files_and_hidden_folders_are_ignored(tmp_path: Path) -> None:
    vault = (tmp_path / "vault").resolve()
    vault.mkdir()
    with watching(tmp_path / "data") as w:
        w.read(lambda s: s.add_source(vault))
        w.watcher.request_reload()
        w.wait_watching()
        for name in (".garden.md.swp", "garden.md~", ".#garden.md", ".obsidian/workspace.md", ".git/notes.md", "drafts/.hidden.md"):
            write_note(vault / name, "Scratch text that must never be imported.")
        write_note(vault / "garden.md", "Wren planted basil by the shed.")
        w.wait_for(lambda s: "Garden: Wren planted basil by the shed." in current_texts(s))
        w.settle()
        assert w.recording.syncs == [[vault / "garden.md"]]
        assert not any("Scratch" in text for text in w.read(current_texts))


def test_only_one_watcher_per_data_dir_and_the_other_takes_over_when_it_stops(tmp_path: Path) -> None:
    vault = (tmp_path / "vault").resolve()
    write_note(vault / "garden.md", "Odile's tomatoes turned red in May.")
    data = tmp_path / "data"
    with watching(data) as first:
        first.read(lambda s: s.add_source(vault))
        first.watcher.request_reload()
        first.wait_watching()
        first.settle()
        first.recording.syncs.clear()
        with watching(data) as second:
            time.sleep(0.6)  # three lease retries
            assert first.watcher.watching and not second.watcher.watching
            first.watcher.stop()
            second.wait_watching()
            write_note(vault / "shed.md", "The shed roof leaks.", heading="Shed")
            second.wait_for(lambda s: "Shed: The shed roof leaks." in current_texts(s))
            assert first.recording.syncs == []


def test_a_paused_source_is_left_alone_and_a_resume_catches_up(tmp_path: Path) -> None:
    vault = (tmp_path / "vault").resolve()
    write_note(vault / "garden.md", "Odile's tomatoes turned red in May.")
    with watching(tmp_path / "data") as w:
        w.read(lambda s: s.add_source(vault))
        w.read(lambda s: s.pause_source(vault))
        w.watcher.request_reload()
        time.sleep(0.3)
        assert w.watcher.watching and w.watcher.active_sources() == []
        write_note(vault / "garden.md", "Odile's tomatoes turned red in June.")
        w.settle()
        assert w.recording.syncs == [] and "Garden: Odile's tomatoes turned red in May." in w.read(current_texts)
        w.read(lambda s: s.pause_source(vault, paused=False))
        w.watcher.request_reload()
        w.wait_for(lambda s: "Garden: Odile's tomatoes turned red in June." in current_texts(s))


def test_what_changed_while_nobody_watched_is_caught_up_at_start(tmp_path: Path) -> None:
    vault = (tmp_path / "vault").resolve()
    garden = write_note(vault / "garden.md", "Odile's tomatoes turned red in May.")
    old = time.time() - 3600
    os.utime(garden, (old, old))
    data = tmp_path / "data"
    with watching(data, start=False) as w:
        w.read(lambda s: s.add_source(vault))
    write_note(vault / "garden.md", "Odile's tomatoes turned red in June.")
    write_note(vault / "boats.md", "Bram's kayak is called Pelican.", heading="Boats")
    with watching(data) as w:
        w.wait_for(lambda s: {"Garden: Odile's tomatoes turned red in June.", "Boats: Bram's kayak is called Pelican."} <= current_texts(s))
        assert sorted(p for paths in w.recording.syncs for p in paths) == [vault / "boats.md", vault / "garden.md"]


def test_sync_now_reads_every_file_again(tmp_path: Path) -> None:
    vault = (tmp_path / "vault").resolve()
    write_note(vault / "garden.md", "Odile's tomatoes turned red in May.")
    write_note(vault / "shed.md", "The shed roof leaks.", heading="Shed")
    with watching(tmp_path / "data") as w:
        w.read(lambda s: s.add_source(vault))
        w.watcher.request_reload()
        w.wait_watching()
        w.settle()
        w.recording.syncs.clear()
        w.outcomes.clear()
        w.watcher.sync_now(vault)
        deadline = time.monotonic() + TIMEOUT
        while not w.outcomes and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sorted(p for paths in w.recording.syncs for p in paths) == [vault / "garden.md", vault / "shed.md"]
        assert w.outcomes[-1].report.files == 2 and w.outcomes[-1].report.added == 0


def test_a_store_call_that_fails_is_retried_not_lost(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from remembrancer.app import source_watcher

    monkeypatch.setattr(source_watcher, "RETRY_SECONDS", 0.2)
    vault = (tmp_path / "vault").resolve()
    vault.mkdir()
    with watching(tmp_path / "data") as w:
        w.read(lambda s: s.add_source(vault))
        w.watcher.request_reload()
        w.wait_watching()
        failures = threading.Event()
        real = w.recording.sync_source

        def busy_once(path, paths, settled=False):  # type: ignore[no-untyped-def]
            if not failures.is_set():
                failures.set()
                raise RuntimeError("database is locked")
            return real(path, paths, settled)

        w.recording.sync_source = busy_once  # type: ignore[method-assign]
        write_note(vault / "garden.md", "Wren planted basil by the shed.")
        w.wait_for(lambda s: "Garden: Wren planted basil by the shed." in current_texts(s))
        assert failures.is_set()
