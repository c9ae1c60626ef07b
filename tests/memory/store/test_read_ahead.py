"""A long-lived process reads the store file into the OS cache in the background, within the memory it may use."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from remembrancer.memory.store import read_ahead


def _file(path: Path, size: int) -> Path:
    path.write_bytes(os.urandom(size))
    return path


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="posix_fadvise is Linux/BSD only")
def test_every_window_of_every_file_is_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_ahead, "WINDOW", 4096)
    store = _file(tmp_path / "memory.sqlite3", 3 * 4096 + 100)
    wal = _file(tmp_path / "memory.sqlite3-wal", 10)
    asked: list[tuple[int, int]] = []
    real = os.posix_fadvise
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, offset, length, advice: (asked.append((offset, length)), real(fd, offset, length, advice)))

    thread = read_ahead.start([store, wal, tmp_path / "absent"], available=1 << 30)
    assert thread is not None
    thread.join(10)

    assert asked == [(0, 4096), (4096, 4096), (8192, 4096), (12288, 4096), (0, 4096)]


def test_without_fadvise_the_file_is_read_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_ahead, "WINDOW", 1000)
    monkeypatch.delattr(os, "posix_fadvise", raising=False)
    store = _file(tmp_path / "memory.sqlite3", 2500)

    assert read_ahead._read_ahead(store) == 2500
    assert store.stat().st_size == 2500  # read, never written


def test_a_store_too_large_for_the_memory_available_is_left_alone(tmp_path: Path) -> None:
    store = _file(tmp_path / "memory.sqlite3", 5000)
    assert read_ahead.start([store], available=int(5000 / read_ahead.MAX_SHARE_OF_AVAILABLE) - 1) is None
    assert read_ahead.start([tmp_path / "absent"], available=1 << 30) is None


def test_an_unreadable_file_stops_only_its_own_read_ahead(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=read_ahead.__name__)
    first = tmp_path / "gone"
    second = _file(tmp_path / "memory.sqlite3", 100)
    read_ahead.read_files([first, second])  # no exception: reading ahead only ever saves time
    assert "read-ahead of gone stopped" in caplog.text
    assert "memory.sqlite3" not in caplog.text


def test_warming_up_a_store_reads_its_file_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from remembrancer.memory import Memory

    asked: list[list[str]] = []
    real_start = read_ahead.start
    monkeypatch.setattr(read_ahead, "start", lambda paths, available=None: (asked.append([p.name for p in paths]), real_start(paths, available))[1])
    with Memory(tmp_path / "data", "fake") as memory:
        memory.warm_up(wait=True)
    assert asked == [["memory.sqlite3", "memory.sqlite3-wal"]]


def test_not_on_windows_where_a_read_handle_would_block_replacing_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _file(tmp_path / "memory.sqlite3", 100)
    monkeypatch.delattr(os, "posix_fadvise", raising=False)
    monkeypatch.setattr(os, "name", "nt")
    assert read_ahead.start([store], available=1 << 30) is None
