"""The main window end to end, on the fake embedder and a tmp data dir.

Each test drives the window the way a user would (menu action, typing,
Enter) and waits on the window's signals; nothing sleeps.
"""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from remembrancer.ui.main import ensure_application
from remembrancer.ui.main_window import MainWindow

TIMEOUT = 10_000


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes recorded instead of shown (a modal box would block the test)."""
    shown: list[tuple[str, str]] = []

    def record(_parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "critical", record)
    return shown


def import_via_menu(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.import_file_action.trigger()


def test_window_opens_with_name_icon_and_counts(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    app = ensure_application()
    assert app is QApplication.instance()
    assert app.applicationName() == "Remembrancer"
    assert not app.windowIcon().isNull()
    assert window.isVisible()
    assert window.windowTitle() == "Remembrancer"
    assert window.counts.text().startswith("0 messages")
    assert "fake-hash-64" in window.counts.text()
    assert window.import_file_action.isEnabled()
    assert not window.progress.isVisible()


def test_import_reports_progress_and_updates_counts(qtbot, window: MainWindow, messages_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    reports: list[tuple[int, int, str]] = []
    window.progressed.connect(lambda done, total, stage: reports.append((done, total, stage)))
    widget_threads: set[int] = set()
    update_counts = window._update_counts

    def record_thread(stats: dict) -> None:
        widget_threads.add(threading.get_ident())
        update_counts(stats)

    monkeypatch.setattr(window, "_update_counts", record_thread)
    with qtbot.waitSignal(window.imported, timeout=TIMEOUT) as blocker:
        import_via_menu(qtbot, window, monkeypatch, messages_file)
        assert not window.search.isEnabled()  # no second writer while importing
    summary = blocker.args[0]
    assert summary.messages_added == 5
    assert (5, 5, "storing") in reports
    assert any(stage == "embedding" for _, _, stage in reports)
    assert widget_threads == {threading.get_ident()}  # the worker's result reached widgets on the GUI thread
    assert window.counts.text().startswith("5 messages")
    assert "2 conversations" in window.counts.text()
    assert "5 added" in window.statusBar().currentMessage()
    assert window.search.isEnabled()
    assert not window.progress.isVisible()

    with qtbot.waitSignal(window.imported, timeout=TIMEOUT) as again:
        window.start_import(messages_file)
    assert again.args[0].messages_added == 0 and again.args[0].messages_skipped == 5


def test_enter_in_search_box_shows_results_and_context(qtbot, window: MainWindow, messages_file: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.imported, timeout=TIMEOUT):
        window.start_import(messages_file)
    qtbot.keyClicks(window.search, "Where did Wren move?")
    with qtbot.waitSignal(window.recalled, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
    query, items = blocker.args
    assert query == "Where did Wren move?"
    assert window.model.rowCount() == len(items) > 0
    top = window.model.item(0)
    assert "Berlin" in top.text and top.speaker == "Wren" and top.sources == ["m-2"]
    assert window.results.currentIndex().row() == 0
    detail = window.detail.toPlainText()
    assert "I moved to Berlin last spring" in detail
    assert "museum trip" in detail and "Let us go in June" in detail  # the turns around it
    assert "m-2" in detail and "2034-05-08 09:46" in detail


def test_search_with_no_match_says_so(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.search.setText("anything at all")
    with qtbot.waitSignal(window.recalled, timeout=TIMEOUT) as blocker:
        window.run_search()
    assert blocker.args[1] == []
    assert "Nothing recalled" in window.detail.toPlainText()


def test_bad_file_shows_file_and_line_and_stores_nothing(qtbot, window: MainWindow, tmp_path: Path, make_jsonl, warnings: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    bad = make_jsonl(tmp_path / "bad.jsonl")
    bad.write_text(bad.read_text(encoding="utf-8") + '{"conversation": "trip", "id": "m-9"}\n', encoding="utf-8")
    with qtbot.waitSignal(window.failed, timeout=TIMEOUT) as blocker:
        window.start_import(bad)
    what, message = blocker.args
    assert what == "import"
    assert message.startswith(f"{bad}:6: missing required field(s)")
    assert warnings == []  # no message box over the import dialog, which shows the error itself
    dialog = window.import_dialog
    assert dialog.isVisible() and message in dialog.message.text()
    assert dialog.result_text(bad) == "failed: nothing stored"
    assert ("Error", "bad.jsonl:6: missing required field(s): time, speaker, text") in dialog.details(bad)
    assert window.counts.text().startswith("0 messages")
    assert window.search.isEnabled()


def test_internal_error_in_worker_is_reported_not_raised(qtbot, window: MainWindow, warnings: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def broken(query: str, k: int | None = None) -> list:
        raise RuntimeError("index is on fire")

    monkeypatch.setattr(window.service, "recall", broken)
    window.search.setText("hello")
    with qtbot.waitSignal(window.failed, timeout=TIMEOUT) as blocker:
        window.run_search()
    assert blocker.args == ["search", "RuntimeError: index is on fire"]
    assert warnings == [("Search failed", "RuntimeError: index is on fire")]


def test_event_loop_keeps_running_during_import(qtbot, window: MainWindow, messages_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The import is held inside the worker until the GUI thread has ticked."""
    gate = threading.Event()
    entered = threading.Event()
    real_import = window.service.import_path

    def held_import(path, fmt="auto", progress=None, cancel=None):  # type: ignore[no-untyped-def]
        entered.set()
        assert gate.wait(TIMEOUT / 1000), "the test never released the import"
        return real_import(path, fmt, progress=progress, cancel=cancel)

    monkeypatch.setattr(window.service, "import_path", held_import)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    try:
        window.start_import(messages_file)
        qtbot.waitUntil(entered.is_set, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=TIMEOUT)
        assert window.runner.busy and window.progress.isVisible()
        with qtbot.waitSignal(window.imported, timeout=TIMEOUT):
            gate.set()
    finally:
        gate.set()
        timer.stop()
    assert window.counts.text().startswith("5 messages")


def test_import_folder_action_imports_every_file(qtbot, window: MainWindow, tmp_path: Path, make_jsonl, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "exports"
    folder.mkdir()
    make_jsonl(folder / "a.jsonl")
    make_jsonl(folder / "b.jsonl", [("notes", "n-1", "2023-06-01T08:00:00", "Me", "Buy more tea.")])
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    with qtbot.waitSignal(window.imported, timeout=TIMEOUT) as blocker:
        window.import_folder_action.trigger()
    assert blocker.args[0].files == 2 and blocker.args[0].messages_added == 6
    assert window.counts.text().startswith("6 messages")
