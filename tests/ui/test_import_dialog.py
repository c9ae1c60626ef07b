"""The import dialog: the detected format, the outcome, what was left out, drops anywhere on the window (invented people)."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from remembrancer.ui.main_window import MainWindow
from tests.memory.importers.slack_samples import write_export
from tests.memory.importers.vault_samples import write_vault

TIMEOUT = 10_000
WHATSAPP = """3/14/24, 7:02 PM - Ysolde: Did the ferry to Kallvik leave on time?
3/14/24, 7:05 PM - Bram: Twenty minutes late, as always.
3/14/24, 7:06 PM - Ysolde: Then I will take the early one on Friday.
"""


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A modal box would block the test; the dialog is where import errors go, so none is expected."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, *_a: shown.append(title))
    return shown


def whatsapp_chat(folder: Path) -> Path:
    path = folder / "WhatsApp Chat with Bram.txt"
    path.write_text(WHATSAPP, encoding="utf-8")
    return path


def import_and_wait(qtbot, window: MainWindow, path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Import `path`; the texts the dialog showed while it ran ("Detected: ...")."""
    seen: list[str] = []
    window.imports.detected.connect(lambda _plan: seen.append(window.import_dialog.now.text()))
    with qtbot.waitSignal(window.imports.idle, timeout=TIMEOUT):
        window.start_import(path)
    return seen


def drop(window: MainWindow, *urls: QUrl) -> None:
    """Drop `urls` on the window (the mime data must outlive the event: the event does not own it)."""
    mime = QMimeData()
    mime.setUrls(list(urls))
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def test_a_whatsapp_chat_is_named_while_it_imports_and_counted_after(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chat = whatsapp_chat(tmp_path)
    seen = import_and_wait(qtbot, window, chat)
    dialog = window.import_dialog
    assert seen == ["Detected: WhatsApp chat export (1 file)"]
    assert dialog.isVisible() and dialog.heading.text() == "Import finished"
    assert dialog.detected_text(chat) == "WhatsApp chat export (1 file)"
    assert dialog.result_text(chat) == "3 added · 0 updated · 0 already stored"
    assert dialog.details(chat) == []
    assert dialog.totals.text() == "In all: 3 added · 0 updated · 0 already stored · 0 files left out · 0 warnings"
    assert not dialog.cancel_button.isVisible()

    import_and_wait(qtbot, window, chat)  # a new batch starts the dialog afresh
    assert dialog.result_text(chat) == "0 added · 0 updated · 3 already stored"
    assert dialog.tree.topLevelItemCount() == 1


def test_a_slack_folder_is_one_export(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_export(tmp_path / "slack")
    seen = import_and_wait(qtbot, window, folder)
    dialog = window.import_dialog
    assert seen == ["Detected: Slack workspace export (4 files)"]
    assert dialog.detected_text(folder) == "Slack workspace export (4 files)"
    assert dialog.result_text(folder).endswith("added · 0 updated · 0 already stored")
    assert dialog.details(folder) == []  # users.json and the other lists belong to the export


def test_a_vault_lists_the_binary_note_and_the_guesses_by_file_never_by_text(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vault = tmp_path / "vault"
    write_vault(vault)
    (vault / "Travel" / "map.jpg").write_bytes(b"\xff\xd8\xff")
    seen = import_and_wait(qtbot, window, vault)
    dialog = window.import_dialog
    assert seen == ["Detected: Markdown notes (5 files), plain-text notes (1 file); 1 file in no known format, left out"]
    assert dialog.detected_text(vault) == "Markdown notes (5 files), plain-text notes (1 file)"
    details = dialog.details(vault)
    assert ("Not imported", "Travel/map.jpg: not a format Remembrancer imports") in details
    assert ("Skipped", "Travel/photo.md: not text (NUL bytes): skipped") in details
    warned = [text for kind, text in details if kind == "Warning"]
    assert any(text.startswith("Journal/harbour.md:") for text in warned)
    assert any(text.startswith("Travel/brunvik.md") for text in warned)  # read as Latin-1
    shown = " ".join(text for _, text in details) + dialog.totals.text() + dialog.message.text()
    for words in ("quince", "Tobiah", "lighthouse", "plum jam", "Ottilie", "Mirela"):  # what the notes say stays out of the dialog
        assert words not in shown
    assert dialog.totals.text().startswith("In all: ")
    assert "2 files left out" in dialog.totals.text() and f"{len(warned)} warnings" in dialog.totals.text()


def test_an_unreadable_file_shows_cannot_tell_and_the_formats_and_the_next_path_still_imports(qtbot, window: MainWindow, tmp_path: Path, no_message_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    mystery = tmp_path / "mystery.bin"
    mystery.write_bytes(b"\x00\x01\x02\x03")
    chat = whatsapp_chat(tmp_path)
    failures: list[tuple[str, str]] = []
    window.failed.connect(lambda what, message: failures.append((what, message)))
    with qtbot.waitSignal(window.imports.idle, timeout=TIMEOUT):
        window.start_import(mystery, chat)
    dialog = window.import_dialog
    assert failures and failures[0][0] == "import" and "cannot tell the format" in failures[0][1]
    assert dialog.detected_text(mystery) == "cannot tell the format"
    assert dialog.result_text(mystery) == "not imported"
    text = dialog.message.text()
    assert dialog.message.isVisible()
    assert text.startswith(f"{mystery}: cannot tell the format; pass --format jsonl|")
    assert "Remembrancer imports: " in text and "WhatsApp chat export" in text and "Slack workspace export" in text
    assert dialog.heading.text() == "Import finished with 1 problem"
    assert dialog.result_text(chat) == "3 added · 0 updated · 0 already stored"
    assert window.counts.text().startswith("3 messages")
    assert no_message_boxes == []


def test_a_folder_with_nothing_readable_says_so(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "pictures"
    folder.mkdir()
    (folder / "harbour.jpg").write_bytes(b"\xff\xd8\xff")
    with qtbot.waitSignal(window.failed, timeout=TIMEOUT):
        window.start_import(folder)
    dialog = window.import_dialog
    assert "no file here is in a format Remembrancer imports" in dialog.message.text()
    assert ("Not imported", "harbour.jpg: not a format Remembrancer imports") in dialog.details(folder)


def test_dropping_two_files_and_a_link_imports_both_and_ignores_the_link(qtbot, window: MainWindow, tmp_path: Path, make_jsonl) -> None:  # type: ignore[no-untyped-def]
    chat = whatsapp_chat(tmp_path)
    notes = make_jsonl(tmp_path / "notes.jsonl", [("notes", "n-1", "2023-06-01T08:00:00", "Me", "Buy more tea.")])
    summaries: list[object] = []
    window.imported.connect(summaries.append)
    with qtbot.waitSignal(window.imports.idle, timeout=TIMEOUT):
        drop(window, QUrl.fromLocalFile(str(chat)), QUrl("https://example.org/chat.zip"), QUrl.fromLocalFile(str(notes)))
    dialog = window.import_dialog
    assert len(summaries) == 2
    assert dialog.detected_text(chat) == "WhatsApp chat export (1 file)"
    assert dialog.detected_text(notes) == "JSON Lines messages (1 file)"
    assert dialog.result_text(notes) == "1 added · 0 updated · 0 already stored"
    rows = [[dialog.tree.topLevelItem(i).text(column) for column in (0, 2)] for i in range(dialog.tree.topLevelItemCount())]
    assert rows[2] == ["https://example.org/chat.zip", "ignored"]
    assert "only files and folders on this computer" in dialog.message.text()
    assert window.counts.text().startswith("4 messages")


def test_links_alone_import_nothing_and_say_why(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    drop(window, QUrl("https://example.org/export.zip"))
    dialog = window.import_dialog
    assert dialog.isVisible() and dialog.heading.text() == "Nothing to import"
    assert "Ignored 1 link" in dialog.message.text()
    assert not window.imports.busy


def test_a_file_dropped_on_the_chat_box_is_imported_not_pasted(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chat = whatsapp_chat(tmp_path)
    field = window.chat.input
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(chat))])
    mime.setText(str(chat))  # file managers send the path as text too, which a line edit would paste
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(field, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.imported, timeout=TIMEOUT):
        QApplication.sendEvent(field, drop)
    assert field.text() == ""
    assert window.import_dialog.detected_text(chat) == "WhatsApp chat export (1 file)"
    link = QMimeData()
    link.setUrls([QUrl("https://example.org/")])
    event = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, link, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert not window.file_drops.eventFilter(field, event)  # a link over a text field is the field's to paste
    assert event.type() == QEvent.Type.DragEnter


def test_the_dialogs_cancel_keeps_whole_files(qtbot, window: MainWindow, tmp_path: Path, make_jsonl, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "exports"
    folder.mkdir()
    make_jsonl(folder / "a.jsonl")
    make_jsonl(folder / "b.jsonl", [("notes", "n-1", "2023-06-01T08:00:00", "Me", "Buy more tea.")])
    later = make_jsonl(tmp_path / "later.jsonl", [("notes", "n-2", "2023-06-02T08:00:00", "Me", "Water the fern.")])
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
    window.start_import(folder, later)
    qtbot.waitUntil(holding.is_set, timeout=TIMEOUT)
    dialog = window.import_dialog
    assert dialog.cancel_button.isVisible() and dialog.detected_text(folder) == "JSON Lines messages (2 files)"
    assert dialog.result_text(later) == "waiting"
    with qtbot.waitSignal(window.import_cancelled, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.imports.busy, timeout=TIMEOUT)
    kept = blocker.args[0].messages_added
    assert kept in (1, 5)
    assert dialog.result_text(folder) == f"cancelled: {kept} added from whole files, nothing half-stored"
    assert dialog.result_text(later) == "not started (cancelled)"
    assert dialog.heading.text() == "Import cancelled"
    assert window.counts.text().startswith(f"{kept} messages")


def test_outcome_names_archived_and_restored_note_paragraphs() -> None:
    from remembrancer.memory.types import ImportSummary
    from remembrancer.ui.import_dialog import outcome_text

    text = outcome_text(ImportSummary(messages_added=2, messages_updated=1, messages_skipped=5, messages_archived=3, messages_restored=1))
    assert text == "2 added · 1 updated · 5 already stored · 3 archived (gone from their note) · 1 restored (back in their note)"
    assert "archived" not in outcome_text(ImportSummary(messages_added=1))


def test_the_progress_bar_says_the_pace_and_the_time_left(window: MainWindow) -> None:
    from remembrancer.app.progress_rate import StageRate

    now = [0.0]
    dialog = window.import_dialog
    dialog._rate = StageRate(lambda: now[0])
    dialog._progressed(0, 1000, "embedding")
    assert dialog.progress.format() == "embedding %v/%m"  # no pace from one call
    now[0] = 4.0
    dialog._progressed(200, 1000, "embedding")
    assert dialog.progress.format() == "embedding %v/%m · 50/s · under a minute left"
