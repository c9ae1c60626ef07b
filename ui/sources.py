"""The Sources pane: watched folders and files, their last sync, counts and errors; add, remove, pause, sync now.

Every store call (listing, adding with its first import, removing, pausing)
runs on the window's store worker through `MemoryService`; the pane only
builds widgets and reacts to signals. After a change it asks the watcher to
read the sources again, and it redraws a row whenever the watcher reports a
sync (`StoreBridge.synced`, delivered on the GUI thread).
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from remembrancer.app.service import USER_ERRORS, ImportSummary, MemoryService, Source, SourceWatcher, SyncOutcome
from remembrancer.ui.source_bridge import StoreBridge
from remembrancer.ui.workers import TaskError, TaskRunner

logger = logging.getLogger(__name__)

COLUMNS = ("Path", "Format", "State", "Last sync", "Files", "Added", "Updated", "Archived", "Last error")


def _when(stamp: str | None) -> str:
    return stamp.replace("T", " ")[:19] if stamp else "never"


def row_texts(source: Source) -> list[str]:
    """One table row, in `COLUMNS` order."""
    return [
        str(source.path), source.format, "paused" if source.paused else "watched", _when(source.last_sync),
        str(source.files), str(source.added), str(source.updated), str(source.archived), source.last_error or "",
    ]


class SourcesPane(QWidget):
    """A window listing the watched sources; `shown` and `failed` announce outcomes (for tests and the status bar)."""

    shown = Signal(list)  # the list[Source] now on screen
    added = Signal(object, object)  # Source, the first import's ImportSummary
    failed = Signal(str)

    def __init__(self, service: MemoryService, runner: TaskRunner, watcher: SourceWatcher | None = None,
                 bridge: StoreBridge | None = None, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.service = service
        self.runner = runner
        self.watcher = watcher
        self.sources: list[Source] = []
        self.setWindowTitle("Watched sources")
        self.resize(900, 320)
        self._build()
        if bridge is not None:
            bridge.synced.connect(self._synced)
        self.refresh()

    def _build(self) -> None:
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, name in enumerate(COLUMNS):  # the path and the error take the room; the counts only what they need
            mode = QHeaderView.ResizeMode.Stretch if name in ("Path", "Last error") else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_folder_button = QPushButton("Add Folder…", clicked=self.choose_folder)
        self.add_file_button = QPushButton("Add File…", clicked=self.choose_file)
        self.remove_button = QPushButton("Remove", clicked=self.remove_selected, toolTip="Stop watching; what was imported stays")
        self.pause_button = QPushButton("Pause", clicked=self.toggle_pause)
        self.sync_button = QPushButton("Sync Now", clicked=self.sync_selected, toolTip="Look at every file of the source again")
        buttons = QHBoxLayout()
        for button in (self.add_folder_button, self.add_file_button, self.remove_button, self.pause_button, self.sync_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._selection_changed()

    # -- reading ---------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        self.runner.submit(self.service.watched_sources, on_returned=self._show, on_errored=self._failed, user_errors=USER_ERRORS)

    @Slot(object)
    def _show(self, sources: list[Source]) -> None:
        selected = self.selected()
        self.sources = list(sources)
        self.table.setRowCount(len(self.sources))
        for row, source in enumerate(self.sources):
            self._fill(row, source)
        if selected is not None:
            for row, source in enumerate(self.sources):
                if source.path == selected.path:
                    self.table.selectRow(row)
        self._selection_changed()
        self.status.setText(self._watch_state())
        self.shown.emit(self.sources)

    def _fill(self, row: int, source: Source) -> None:
        for column, text in enumerate(row_texts(source)):
            item = QTableWidgetItem(text)
            if column == len(COLUMNS) - 1 and text:
                item.setToolTip(text)
            self.table.setItem(row, column, item)

    def _watch_state(self) -> str:
        if not self.sources:
            return "No watched sources. Add a folder of notes or a chat export: its changes are imported as they happen."
        if self.watcher is None:
            return "Sources are watched while the desktop app or the background service runs."
        if not self.watcher.watching:
            return "Another Remembrancer process (the background service) watches these sources now; this app takes over when it exits."
        return "Changes are imported a moment after they are saved; deleted notes are archived, never deleted."

    @Slot(object)
    def _synced(self, outcome: SyncOutcome) -> None:
        for row, source in enumerate(self.sources):
            if source.path == outcome.source.path:
                self.sources[row] = outcome.source
                self._fill(row, outcome.source)
                self._selection_changed()
                return
        self.refresh()  # a source this pane has not listed yet

    def selected(self) -> Source | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.sources[min(rows)] if rows and min(rows) < len(self.sources) else None

    @Slot()
    def _selection_changed(self) -> None:
        source = self.selected()
        for button in (self.remove_button, self.pause_button, self.sync_button):
            button.setEnabled(source is not None)
        self.pause_button.setText("Resume" if source is not None and source.paused else "Pause")
        self.sync_button.setEnabled(source is not None and not source.paused)

    # -- changing --------------------------------------------------------------------
    @Slot()
    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Watch a folder of notes or chats", str(Path.home()))
        if path:
            self.add(path)

    @Slot()
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Watch a chat export or a note", str(Path.home()))
        if path:
            self.add(path)

    def add(self, path: str | Path, fmt: str = "auto") -> None:
        """Import `path` now (on the store worker) and watch it; a bad path or file is reported and nothing is watched."""
        self.status.setText(f"Importing {Path(path).name or path}…")
        self.runner.submit(self.service.add_source, str(path), fmt, on_returned=self._added, on_errored=self._failed,
                           user_errors=USER_ERRORS)

    @Slot(object)
    def _added(self, result: tuple[Source, ImportSummary]) -> None:
        source, summary = result
        self._changed()
        self.added.emit(source, summary)

    @Slot()
    def remove_selected(self) -> None:
        source = self.selected()
        if source is not None:
            self.runner.submit(self.service.remove_source, source.path, on_returned=self._changed, on_errored=self._failed,
                               user_errors=USER_ERRORS)

    @Slot()
    def toggle_pause(self) -> None:
        source = self.selected()
        if source is not None:
            self.runner.submit(self.service.pause_source, source.path, not source.paused, on_returned=self._changed,
                               on_errored=self._failed, user_errors=USER_ERRORS)

    @Slot()
    def sync_selected(self) -> None:
        source = self.selected()
        if source is not None and self.watcher is not None:
            self.watcher.sync_now(source.path)
            self.status.setText(f"Syncing {source.path.name or source.path}…")

    @Slot(object)
    def _changed(self, _result: object = None) -> None:
        if self.watcher is not None:
            self.watcher.request_reload()
        self.refresh()

    @Slot(object)
    def _failed(self, error: TaskError) -> None:
        self.status.setText(error.message)
        self.failed.emit(error.message)
