"""UI test fixtures: an offscreen Qt platform and a throwaway data dir.

The platform must be chosen before anything imports Qt, hence `setdefault` at
import time (a developer can still export QT_QPA_PLATFORM=xcb to watch).
"""
from __future__ import annotations

import faulthandler
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from remembrancer.app.context import AppContext  # noqa: E402
from remembrancer.app.service import MemoryService  # noqa: E402

MESSAGES = [
    ("trip", "m-1", "2034-05-08T09:40:00", "Odile", "Are you still thinking about the museum trip?"),
    ("trip", "m-2", "2034-05-08T09:46:00", "Wren", "I moved to Berlin last spring, so the Pergamon is close now."),
    ("trip", "m-3", "2034-05-08T09:48:00", "Odile", "Lucky you! Let us go in June."),
    ("garden", "m-4", "2034-05-09T09:00:00", "Wren", "The tomatoes finally turned red this week."),
    ("garden", "m-5", "2034-05-09T09:05:00", "Odile", "Save me some seeds for next year."),
]


def write_jsonl(path: Path, rows: list[tuple[str, str, str, str, str]] = MESSAGES) -> Path:
    lines = [json.dumps({"conversation": c, "id": i, "time": t, "speaker": s, "text": x}) for c, i, t, s, x in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryService]:
    monkeypatch.setenv("REMEMBRANCER_EMBEDDER", "fake")
    monkeypatch.delenv("REMEMBRANCER_HOME", raising=False)
    monkeypatch.delenv("REMEMBRANCER_NOW", raising=False)
    service = MemoryService(AppContext(tmp_path / "data"))
    yield service
    service.close()


@pytest.fixture
def window(qtbot, service: MemoryService):  # type: ignore[no-untyped-def]
    """An open main window whose store has finished opening in its worker."""
    from remembrancer.ui.main_window import MainWindow

    win = MainWindow(service)
    qtbot.addWidget(win)
    win.show()
    try:
        # Opening takes well under a second here; the wait is long because CI machines stall.
        qtbot.waitUntil(win.search.isEnabled, timeout=30_000)
    except Exception:
        faulthandler.dump_traceback(all_threads=True)  # where the open is stuck, in the failure's output
        raise
    yield win
    win.runner.wait(10_000)


@pytest.fixture
def messages_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "chat.jsonl")


@pytest.fixture
def make_jsonl() -> Callable[..., Path]:
    """`write_jsonl` for tests that need their own file (no test-to-conftest imports)."""
    return write_jsonl


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A short private XDG_RUNTIME_DIR: pytest's tmp paths can exceed a Unix socket's ~104 bytes."""
    import shutil
    import tempfile

    short = Path(tempfile.mkdtemp(prefix="rmb-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(short))
    yield short
    shutil.rmtree(short, ignore_errors=True)


@pytest.fixture
def desktop(qtbot, service: MemoryService, runtime_dir: Path):  # type: ignore[no-untyped-def]
    """The whole app around one service (tray forced on, so its wiring is testable offscreen)."""
    from PySide6.QtGui import QIcon

    from remembrancer.ui.desktop import Desktop

    app = Desktop(service, QIcon(), use_tray=True)
    qtbot.addWidget(app.window)
    qtbot.addWidget(app.popup)
    app.show()
    qtbot.waitUntil(app.window.search.isEnabled, timeout=10_000)
    yield app
    app.shutdown()
    app.window.runner.wait(10_000)
