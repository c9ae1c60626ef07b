"""Import from the GUI: progress, cancel mid-way (whole files kept), drag and drop, a ticking event loop."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent

from remembrancer.ui.main_window import MainWindow

TIMEOUT = 10_000


def test_cancel_keeps_whole_files_and_the_loop_keeps_ticking(qtbot, window: MainWindow, tmp_path: Path, make_jsonl, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "exports"
    folder.mkdir()
    make_jsonl(folder / "a.jsonl")
    make_jsonl(folder / "b.jsonl", [("notes", "n-1", "2023-06-01T08:00:00", "Me", "Buy more tea.")])
    real_import = window.service.import_path
    holding = threading.Event()

    def gated_import(path, fmt="auto", progress=None, cancel=None):  # type: ignore[no-untyped-def]
        def report(done: int, total: int, stage: str) -> None:
            progress(done, total, stage)
            if stage == "storing" and not holding.is_set():
                holding.set()  # the first file is stored; wait here until the user clicks Cancel
                assert cancel.wait(TIMEOUT / 1000), "the test never cancelled"

        return real_import(path, fmt, progress=report, cancel=cancel)

    monkeypatch.setattr(window.service, "import_path", gated_import)
    ticks: list[int] = []
    timer = QTimer(interval=5, timeout=lambda: ticks.append(1))
    timer.start()
    try:
        window.start_import(folder)
        qtbot.waitUntil(holding.is_set, timeout=TIMEOUT)
        before = len(ticks)
        qtbot.waitUntil(lambda: len(ticks) >= before + 10, timeout=TIMEOUT)  # the GUI thread is free while the import runs
        assert window.cancel_button.isVisible() and window.progress.isVisible()
        with qtbot.waitSignal(window.import_cancelled, timeout=TIMEOUT) as blocker:
            qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    finally:
        timer.stop()
    summary = blocker.args[0]
    assert summary.messages_added in (1, 5)  # exactly one whole file, whichever was first
    assert window.counts.text().startswith(f"{summary.messages_added} messages")
    assert "cancelled" in window.statusBar().currentMessage()
    assert not window.cancel_button.isVisible() and window.search.isEnabled()


def test_progress_signal_reports_each_stage(qtbot, window: MainWindow, messages_file: Path) -> None:  # type: ignore[no-untyped-def]
    stages: list[str] = []
    window.progressed.connect(lambda done, total, stage: stages.append(stage))
    with qtbot.waitSignal(window.imported, timeout=TIMEOUT):
        window.start_import(messages_file)
    assert "storing" in stages and "embedding" in stages


def test_dropping_files_imports_them(qtbot, window: MainWindow, tmp_path: Path, make_jsonl) -> None:  # type: ignore[no-untyped-def]
    first = make_jsonl(tmp_path / "one.jsonl")
    second = make_jsonl(tmp_path / "two.jsonl", [("notes", "n-1", "2023-06-01T08:00:00", "Me", "Buy more tea.")])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(first)), QUrl.fromLocalFile(str(second))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    summaries = []
    window.imported.connect(summaries.append)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: len(summaries) == 2, timeout=TIMEOUT)
    assert [s.messages_added for s in summaries] == [5, 1]
    assert window.counts.text().startswith("6 messages")
