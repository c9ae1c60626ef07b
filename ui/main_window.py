"""The main window: search, results, detail, import, and counts.

Every call into the memory goes through `MemoryService` on the window's
one-thread `TaskRunner`, so the GUI thread only ever builds widgets and
reacts to signals: opening the store (which may load the embedding model),
recall and import all run in a worker, one at a time, in the order asked.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.service import USER_ERRORS, ImportSummary, MemoryService, RecallItem
from ui.detail import DetailView
from ui.results import ResultDelegate, ResultsModel
from ui.workers import TaskRunner

logger = logging.getLogger(__name__)


def _recall(service: MemoryService, query: str) -> tuple[str, list[RecallItem]]:
    return query, service.recall(query)


def _import(service: MemoryService, path: str, progress: Any = None) -> tuple[ImportSummary, dict[str, Any]]:
    summary = service.import_path(path, progress=progress)
    return summary, service.stats()


def describe_stats(stats: dict[str, Any]) -> str:
    """One status-bar line: what is stored and which model embeds it."""
    levels, kinds = stats.get("levels", {}), stats.get("kinds", {})
    parts = [
        f"{levels.get('message', 0):,} messages",
        f"{kinds.get('note', 0):,} notes",
        f"{stats.get('conversations', 0):,} conversations",
        f"{stats.get('vectors', 0):,} vectors",
    ]
    model = stats.get("models", {}).get("embedding")
    return " · ".join(parts) + (f" · {model}" if model else "")


class MainWindow(QMainWindow):
    """Search box over a results list and a detail pane, with File › Import.

    The signals announce what finished, after the widgets show it, so tests and
    later panels can wait for an outcome instead of polling widgets.
    """

    opened = Signal(object)  # stats dict
    recalled = Signal(str, object)  # query, list[RecallItem]
    imported = Signal(object)  # ImportSummary
    failed = Signal(str, str)  # what ("open" | "search" | "import"), message
    progressed = Signal(int, int, str)  # done, total, stage

    def __init__(self, service: MemoryService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.runner = TaskRunner(self)
        self.stats: dict[str, Any] = {}
        self._activity = ""
        self.setWindowTitle("Remembrancer")
        self.resize(1100, 700)
        self._build_widgets()
        self._build_menus()
        self._set_ready(False)
        self.open_memory()

    # -- construction --------------------------------------------------------
    def _build_widgets(self) -> None:
        self.search = QLineEdit(placeholderText="Search your memory — a question or a few words, then Enter")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.run_search)

        self.model = ResultsModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setAlternatingRowColors(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # cards wrap instead
        self.results.selectionModel().selectionChanged.connect(self._selection_changed)

        self.detail = DetailView()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.results)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.search)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.counts = QLabel()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.counts)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_file_action = QAction("&Import File…", self, shortcut=QKeySequence("Ctrl+I"), triggered=self.choose_file)
        self.import_folder_action = QAction("Import &Folder…", self, shortcut=QKeySequence("Ctrl+Shift+I"), triggered=self.choose_folder)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        file_menu.addActions([self.import_file_action, self.import_folder_action])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

    def _set_ready(self, ready: bool) -> None:
        for widget in (self.search, self.import_file_action, self.import_folder_action):
            widget.setEnabled(ready)
        if ready:
            self.search.setFocus()

    def _busy(self, message: str, progress: bool = False) -> None:
        self._activity = message
        self.statusBar().showMessage(message)
        if progress:
            self.progress.setRange(0, 0)  # busy indicator until the first report
            self.progress.show()

    def _idle(self, message: str = "") -> None:
        self.progress.hide()
        self.statusBar().showMessage(message, 8000)

    # -- opening -------------------------------------------------------------
    def open_memory(self) -> None:
        self._busy("Loading memory…", progress=True)
        self.runner.submit(self.service.open, on_returned=self._opened, on_errored=self._open_failed, on_progress=self._on_progress)

    @Slot(object)
    def _opened(self, stats: dict[str, Any]) -> None:
        self._update_counts(stats)
        self._set_ready(True)
        self._idle(f"Memory open: {self.service.data_dir}")
        self.opened.emit(stats)

    @Slot(str)
    def _open_failed(self, message: str) -> None:
        self._idle("Could not open the memory")
        QMessageBox.critical(self, "Could not open the memory", f"{self.service.data_dir}\n\n{message}")
        self.failed.emit("open", message)

    # -- search --------------------------------------------------------------
    @Slot()
    def run_search(self) -> None:
        query = self.search.text().strip()
        if not query:
            return
        self._busy(f"Searching for “{query}”…")
        self.runner.submit(_recall, self.service, query, on_returned=self._show_results, on_errored=self._search_failed, user_errors=USER_ERRORS)

    @Slot(object)
    def _show_results(self, result: tuple[str, list[RecallItem]]) -> None:
        query, items = result
        self.model.set_items(items)
        if items:
            self.results.setCurrentIndex(self.model.index(0))
            self._idle(f"{len(items)} recalled for “{query}”")
        else:
            self.detail.show_message(f"Nothing recalled for “{query}”.")
            self._idle(f"Nothing recalled for “{query}”")
        self.recalled.emit(query, items)

    @Slot(str)
    def _search_failed(self, message: str) -> None:
        self._idle("Search failed")
        QMessageBox.warning(self, "Search failed", message)
        self.failed.emit("search", message)

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = [index.row() for index in selected.indexes()]
        self.detail.show_item(self.model.item(rows[0]) if rows else None)

    # -- import --------------------------------------------------------------
    @Slot()
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import chats or notes", str(Path.home()), "Chats and notes (*.jsonl *.ndjson *.json *.md *.markdown *.txt);;All files (*)"
        )
        if path:
            self.start_import(path)

    @Slot()
    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import a folder of chats or notes", str(Path.home()))
        if path:
            self.start_import(path)

    def start_import(self, path: str | Path) -> None:
        """Import in the worker; the store is unchanged if the file is rejected."""
        name = Path(path).name or str(path)
        self._set_ready(False)
        self._busy(f"Importing {name}…", progress=True)
        self.runner.submit(
            _import, self.service, str(path), on_returned=self._imported, on_errored=self._import_failed, on_progress=self._on_progress, user_errors=USER_ERRORS
        )

    @Slot(object)
    def _imported(self, result: tuple[ImportSummary, dict[str, Any]]) -> None:
        summary, stats = result
        self._update_counts(stats)
        self._set_ready(True)
        self._idle(
            f"Imported {summary.files} file(s): {summary.messages_added} added, {summary.messages_skipped} already stored ({summary.seconds:.1f}s)"
        )
        self.imported.emit(summary)

    @Slot(str)
    def _import_failed(self, message: str) -> None:
        self._set_ready(True)
        self._idle("Import failed; nothing was stored")
        QMessageBox.warning(self, "Import failed", message)
        self.failed.emit("import", message)

    # -- shared --------------------------------------------------------------
    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, stage: str) -> None:
        """A count when the core knows the total, else a busy bar; the stage goes in the status text."""
        self.statusBar().showMessage(f"{self._activity} ({stage})")
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total) if total > 0 else 0)
        self.progress.setFormat(f"{stage} %v/%m")
        self.progress.show()
        self.progressed.emit(done, total, stage)

    def _update_counts(self, stats: dict[str, Any]) -> None:
        self.stats = stats
        self.counts.setText(describe_stats(stats))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner.busy:
            logger.info("window closed while work is running; it finishes before the store closes")
        super().closeEvent(event)
