"""The background service watches the sources while it runs, and `sources add` at a terminal tells it at once."""
from __future__ import annotations

import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from remembrancer.app import ipc
from remembrancer.app.cli.main import main
from remembrancer.app.context import AppContext
from remembrancer.app.serve import BackgroundService
from tests.app.source_watching import TIMEOUT
from tests.memory.source_helpers import write_note


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A short private XDG_RUNTIME_DIR: pytest's tmp paths can exceed a Unix socket's ~104 bytes."""
    short = Path(tempfile.mkdtemp(prefix="rmb-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(short))
    yield short
    shutil.rmtree(short, ignore_errors=True)


def stored_messages(data: Path) -> int:
    reply = ipc.call(data, "cli.stats", {"env": ipc.environment_tag(), "now": None}, timeout=30)
    return int(reply["result"]["levels"]["message"])


def test_the_service_imports_a_watched_folder_s_changes(tmp_path: Path, runtime_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    vault = (tmp_path / "vault").resolve()
    write_note(vault / "garden.md", "Odile's tomatoes turned red in May.")
    service = BackgroundService(AppContext(data), idle_seconds=120)
    server = service.bind()
    service.warm_up()
    service.start_watching()
    runner = threading.Thread(target=service.run, args=(server,), daemon=True)
    runner.start()
    try:
        assert main(["--data-dir", str(data), "sources", "add", str(vault)]) == 0
        assert "The running Remembrancer watches it now." in capsys.readouterr().out
        assert stored_messages(data) == 1
        write_note(vault / "shed.md", "Bram keeps the kayak paddles in the shed.", heading="Shed")
        deadline = time.monotonic() + TIMEOUT
        while stored_messages(data) < 2:
            assert time.monotonic() < deadline, "the service did not import the new note"
            time.sleep(0.1)
        assert service.watcher is not None and service.watcher.watching
    finally:
        try:
            ipc.call(data, "service.stop", timeout=5)
        except ipc.IpcError:
            pass
        runner.join(20)
    assert not runner.is_alive() and service.watcher is not None and not service.watcher.watching
