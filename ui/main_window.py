"""The main window: the chat, the memory browser, imports and counts.

Every call into the memory goes through `MemoryService` on the window's
one-thread `TaskRunner` (the store has one SQLite connection and one writer),
so the GUI thread only builds widgets and reacts to signals: opening the
store, recall, asking, imports, consolidation all run in the worker, in the
order asked. Files, folders and .zip exports can be dropped anywhere on the
window, the chat box and the search field included (`file_drop`); every
import shows the import dialog (`import_dialog`): the format detected, the
progress, and what was left out.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressBar, QPushButton, QTabWidget, QWidget

from remembrancer.app.service import ImportSummary, MemoryService, Stats
from remembrancer.ui.browser import MemoryBrowser
from remembrancer.ui.chat import ChatPanel
from remembrancer.ui.file_drop import FileDrops, accepts, split_urls
from remembrancer.ui.import_dialog import ImportDialog
from remembrancer.ui.importing import ImportController, Unreadable
from remembrancer.ui.workers import TaskError, TaskRunner

logger = logging.getLogger(__name__)

IMPORT_FILTER = "Chats and notes (*.jsonl *.ndjson *.json *.zip *.md *.markdown *.txt);;All files (*)"


def describe_stats(stats: Stats) -> str:
    """One status-bar line: what is stored and which model embeds it."""
    parts = [
        f"{stats.levels.get('message', 0):,} messages",
        f"{stats.kinds.get('note', 0):,} notes",
        f"{stats.levels.get('fact', 0):,} facts",
        f"{stats.conversations:,} conversations",
        f"{stats.vectors:,} vectors",
    ]
    return " · ".join(parts) + (f" · {stats.models.embedding}" if stats.models.embedding else "")


class MainWindow(QMainWindow):
    """Chat and Memory tabs over one store; the signals announce outcomes for tests and the tray."""

    opened = Signal(object)  # Stats
    recalled = Signal(str, object)  # query, list[RecallItem]
    imported = Signal(object)  # ImportSummary
    import_cancelled = Signal(object)  # the partial ImportSummary
    consolidated = Signal(object)  # ConsolidationReport
    failed = Signal(str, str)  # what ("open" | "search" | "import" | ...), message
    progressed = Signal(int, int, str)  # done, total, stage

    def __init__(self, service: MemoryService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.runner = TaskRunner(self)
        self.stats: Stats | None = None
        self.keep_running_in_tray = False  # set by the app when a tray icon exists
        self._activity = ""
        self.setWindowTitle("Remembrancer")
        self.resize(1180, 760)
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_menus()
        self.file_drops = FileDrops(self, self.drop_paths)
        self._set_ready(False)
        self.open_memory()

    # -- construction --------------------------------------------------------
    def _build_widgets(self) -> None:
        self.chat = ChatPanel(self.service, self.runner)
        self.browser = MemoryBrowser(self.service, self.runner)
        # The browser's parts, under the names the window always had.
        self.search, self.results, self.model, self.detail = self.browser.search, self.browser.results, self.browser.model, self.browser.detail
        self.browser.recalled.connect(self._recalled)
        self.browser.failed.connect(self.failed)
        self.browser.changed.connect(self._recount)
        self.chat.citation_activated.connect(self.open_item)
        self.chat.recorded.connect(lambda summary: self.browser.apply_changes(summary.changes))
        for page in (self.chat, self.browser):
            page.layout().setContentsMargins(8, 8, 8, 4)
        self.tabs = QTabWidget(documentMode=True)
        self.tabs.addTab(self.chat, "Chat")
        self.tabs.addTab(self.browser, "Memory")
        self.setCentralWidget(self.tabs)

        self.imports = ImportController(self.service, self.runner, self)
        self.imports.started.connect(self._import_started)
        self.imports.progressed.connect(self._on_progress)
        self.imports.imported.connect(self._imported)
        self.imports.cancelled.connect(self._import_cancelled)
        self.imports.failed.connect(self._import_failed)
        self.imports.idle.connect(self._imports_idle)
        self.import_dialog = ImportDialog(self.imports, self)

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel", clicked=self.imports.cancel, toolTip="Stop the import; files already stored whole are kept")
        self.cancel_button.hide()
        self.counts = QLabel()
        for widget in (self.progress, self.cancel_button, self.counts):
            self.statusBar().addPermanentWidget(widget)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_file_action = QAction("&Import File…", self, shortcut=QKeySequence("Ctrl+I"), triggered=self.choose_file)
        self.import_folder_action = QAction("Import &Folder…", self, shortcut=QKeySequence("Ctrl+Shift+I"), triggered=self.choose_folder)
        self.settings_action = QAction("&Settings…", self, shortcut=QKeySequence("Ctrl+,"))
        self.quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        file_menu.addActions([self.import_file_action, self.import_folder_action])
        file_menu.addSeparator()
        file_menu.addActions([self.settings_action, self.quit_action])
        memory_menu = self.menuBar().addMenu("&Memory")
        self.consolidate_action = QAction("&Consolidate Now", self, triggered=self.consolidate_now)
        self.popup_action = QAction("&Quick Recall…", self, shortcut=QKeySequence("Ctrl+Shift+Space"))
        self.sources_action = QAction("&Watched Sources…", self)  # the app (ui/desktop.py) opens the Sources pane
        self.ai_tools_action = QAction("AI &Tools…", self, triggered=self.show_ai_tools)
        memory_menu.addActions([self.popup_action, self.consolidate_action, self.sources_action])
        memory_menu.addSeparator()
        memory_menu.addAction(self.ai_tools_action)
        # Without an app around it (tests), Quit just closes the window.
        self.quit_action.triggered.connect(self.close)

    def _set_ready(self, ready: bool) -> None:
        for widget in (self.search, self.chat, self.import_file_action, self.import_folder_action, self.consolidate_action):
            widget.setEnabled(ready)
        if ready:
            (self.chat.input if self.tabs.currentWidget() is self.chat else self.search).setFocus()

    def _busy(self, message: str, progress: bool = False) -> None:
        self._activity = message
        self.statusBar().showMessage(message)
        if progress:
            self.progress.setRange(0, 0)  # busy indicator until the first report
            self.progress.show()

    def _idle(self, message: str = "") -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.statusBar().showMessage(message, 8000)

    # -- opening -------------------------------------------------------------
    def open_memory(self) -> None:
        self._busy("Loading memory…", progress=True)
        self.runner.submit(self.service.open, on_returned=self._opened, on_errored=self._open_failed, on_progress=self._on_progress)

    @Slot(object)
    def _opened(self, stats: Stats) -> None:
        self._update_counts(stats)
        self._set_ready(True)
        self._idle(f"Memory open: {self.service.data_dir}")
        self.opened.emit(stats)

    @Slot(object)
    def _open_failed(self, error: TaskError) -> None:
        message = error.message
        self._idle("Could not open the memory")
        QMessageBox.critical(self, "Could not open the memory", f"{self.service.data_dir}\n\n{message}")
        self.failed.emit("open", message)

    # -- search and items ----------------------------------------------------------
    @Slot()
    def run_search(self) -> None:
        self.tabs.setCurrentWidget(self.browser)
        self.browser.run_search()

    @Slot(str, object)
    def _recalled(self, query: str, items: list[Any]) -> None:
        self._idle(f"{len(items)} recalled for “{query}”" if items else f"Nothing recalled for “{query}”")
        self.recalled.emit(query, items)

    @Slot(str)
    def open_item(self, item_id: str) -> None:
        """Show one memory in the browser ("why do I know this?")."""
        self.tabs.setCurrentWidget(self.browser)
        self.browser.open_item(item_id)

    def bring_to_front(self) -> None:
        self.show()
        self.setWindowState(self.windowState() & ~self.windowState().WindowMinimized)
        self.raise_()
        self.activateWindow()

    # -- import --------------------------------------------------------------
    @Slot()
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import chats or notes", str(Path.home()), IMPORT_FILTER)
        if path:
            self.start_import(path)

    @Slot()
    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import a folder of chats or notes", str(Path.home()))
        if path:
            self.start_import(path)

    def start_import(self, *paths: str | Path) -> None:
        """Import in the worker, one path after another, shown in the import dialog; a rejected path stores nothing."""
        self.import_dialog.begin([str(p) for p in paths])
        self.imports.start(*paths)

    def drop_paths(self, paths: list[str], ignored: list[str]) -> None:
        """Dropped files and folders are imported in order; links that are no file here are listed as ignored."""
        if ignored:
            logger.info("ignored %d dropped link(s) that are not local files", len(ignored))
            self.statusBar().showMessage("Only files and folders on this computer can be imported", 8000)
        self.import_dialog.begin(paths, ignored)
        if paths:
            self.imports.start(*paths)

    @Slot(str)
    def _import_started(self, path: str) -> None:
        self._set_ready(False)
        self._busy(f"Importing {Path(path).name or path}…", progress=True)
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()

    @Slot(object, object)
    def _imported(self, summary: ImportSummary, stats: Stats) -> None:
        self._update_counts(stats)
        self.browser.apply_changes(summary.changes)
        archived = f", {summary.messages_archived} archived (gone from their note)" if summary.messages_archived else ""
        self._idle(f"Imported {summary.files} file(s): {summary.messages_added} added, {summary.messages_updated} updated{archived}, {summary.messages_skipped} already stored ({summary.seconds:.1f}s)")
        self.imported.emit(summary)

    @Slot(object, object)
    def _import_cancelled(self, summary: ImportSummary, stats: Stats | None) -> None:
        if stats is not None:  # None: cancelled before the import began, nothing changed
            self._update_counts(stats)
        self.browser.apply_changes(summary.changes)
        self._idle(f"Import cancelled: {summary.messages_added} messages from whole files kept, nothing half-stored")
        self.import_cancelled.emit(summary)

    @Slot(str, object)
    def _import_failed(self, message: str, unreadable: Unreadable | None) -> None:
        """The import dialog shows why (and comes back if it was closed): no message box over it."""
        self._idle("Import failed: cannot tell the format" if unreadable is not None else "Import failed; nothing was stored")
        self.failed.emit("import", message)

    @Slot()
    def _imports_idle(self) -> None:
        self.cancel_button.hide()
        self._set_ready(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt name
        if accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt name
        if accepts(event.mimeData()):
            event.acceptProposedAction()
            self.drop_paths(*split_urls(event.mimeData()))

    # -- AI tools ------------------------------------------------------------------
    @Slot()
    def show_ai_tools(self) -> None:
        """Which AI tools (MCP clients) may read the memory, and the log of what they asked (non-modal)."""
        from remembrancer.ui.ai_tools import AiToolsDialog

        dialog = AiToolsDialog(self.service, self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.failed.connect(lambda message: self.failed.emit("ai-tools", message))
        self.ai_tools_dialog = dialog
        dialog.show()

    # -- consolidation -------------------------------------------------------------
    @Slot()
    def consolidate_now(self) -> None:
        self._busy("Consolidating…", progress=True)
        self.runner.submit(self.service.consolidate, on_returned=self._consolidated, on_errored=self._consolidate_failed)

    @Slot(object)
    def _consolidated(self, report: Any) -> None:
        self.browser.apply_changes(report.changes)
        self._idle(f"Consolidated: {report.facts_merged} duplicate facts merged, {sum(report.archived.values())} faded memories archived")
        self.consolidated.emit(report)

    @Slot(object)
    def _consolidate_failed(self, error: TaskError) -> None:
        message = error.message
        self._idle("Consolidation failed")
        self.failed.emit("consolidate", message)

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

    @Slot(object)
    def _recount(self, _changes: object) -> None:
        """The store changed (a forget, a consolidation, a settled conflict, a recorded chat): the status bar counts again."""
        self.runner.submit(self.service.stats, on_returned=self._update_counts, on_errored=lambda error: logger.warning("could not count the store: %s", error.message))

    def _update_counts(self, stats: Stats) -> None:
        self.stats = stats
        self.counts.setText(describe_stats(stats))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        if self.keep_running_in_tray:
            event.ignore()  # the tray keeps the app (and the popup, the hotkey, the socket) alive
            self.hide()
            return
        if self.runner.busy:
            logger.info("window closed while work is running; it finishes before the store closes")
        super().closeEvent(event)
