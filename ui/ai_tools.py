"""AI tools (MCP clients): asking the person to allow one, and the dialog of who may read and what they asked.

`remembrancer mcp` refuses a client the person has not allowed and files
its request (`app/mcp_clients.py`); when the app is the one serving, it
hears of the request on its store worker and asks here at once, in a
non-modal box (the refused call is not held: the tool calls again once
allowed). Memory > AI Tools lists the clients, allows, lets one write notes
or revokes it (the next call is refused), and shows the access log: every
call, by which client, what it asked and how many memories it was given.
Every read and write runs on the window's store worker.
"""
from __future__ import annotations

import html
import logging
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from remembrancer.app.service import USER_ERRORS, MemoryService
from remembrancer.ui.consent_box import OpenQuestions
from remembrancer.ui.workers import TaskError, TaskRunner

logger = logging.getLogger(__name__)

LOG_SHOWN = 500
OUTCOME_WORDS = {"answered": "answered", "refused": "refused", "failed": "failed"}


class AccessPrompt(QObject):
    """Asks the person to allow a client whose call was just refused; `requested` may be emitted from any thread."""

    requested = Signal(dict)  # {"name": ..., "requested_at": ...}: queued onto the GUI thread
    allowed = Signal(str)
    failed = Signal(str)

    def __init__(self, service: MemoryService, runner: TaskRunner, parent_widget: QWidget):
        super().__init__(parent_widget)
        self.service = service
        self.runner = runner
        self.parent_widget = parent_widget
        self.questions = OpenQuestions(parent_widget)
        self.requested.connect(self.ask)

    @property
    def boxes(self) -> dict[str, QMessageBox]:
        """The open questions, by client name."""
        return self.questions.boxes

    @Slot(dict)
    def ask(self, request: dict[str, Any]) -> None:
        name = str(request.get("name") or "")
        text = (
            f"<p><b>{html.escape(name)}</b> asks to read your memory through Remembrancer's MCP server.</p>"
            "<p>Allow it only if you connected this tool yourself. It will search your memories and profiles with "
            "passwords, PINs and card numbers hidden; it cannot store notes unless you allow that in Memory › AI Tools, "
            "and every call it makes is logged there.</p>"
        )
        self.questions.ask(name, "Let an AI tool read your memory?", text, "Allow", "Not now", lambda n=name: self.allow(n))

    def allow(self, name: str) -> None:
        self.runner.submit(self.service.allow_mcp_client, name, on_returned=lambda client: self.allowed.emit(client.name),
                           on_errored=lambda error: self.failed.emit(error.message), user_errors=USER_ERRORS)


class AiToolsDialog(QDialog):
    """Memory › AI Tools: the clients and their access, and the log of every call."""

    refreshed = Signal()
    failed = Signal(str)

    def __init__(self, service: MemoryService, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.setWindowTitle("AI Tools")
        self.resize(860, 560)
        self.clients: list[Any] = []
        self._loading = 0

        intro = QLabel("AI tools (chat apps, editors, agents) read your memory through <code>remembrancer mcp</code>. "
                       "A tool is answered only once you allow it here; secrets are always hidden from it. "
                       "Set one up with <code>remembrancer mcp install --client NAME</code>.")
        intro.setWordWrap(True)
        self.table = _table(["AI tool", "Access", "Since"])
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.allow_button = QPushButton("Allow", clicked=lambda: self._change(self.service.allow_mcp_client))
        self.write_button = QPushButton("Let It Store Notes", clicked=self._toggle_write)
        self.revoke_button = QPushButton("Revoke", clicked=lambda: self._change(self.service.revoke_mcp_client))
        buttons = QHBoxLayout()
        for button in (self.allow_button, self.write_button, self.revoke_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.log = _table(["Time", "AI tool", "Call", "Asked", "Outcome"])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, rejected=self.reject)
        close.addButton("Refresh", QDialogButtonBox.ButtonRole.ActionRole).clicked.connect(self.refresh)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 2)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("<b>Access log</b>: every call, newest last (the memories given are named by id, never copied here)"))
        layout.addWidget(self.log, 3)
        layout.addWidget(close)
        self._selection_changed()
        self.refresh()

    # -- loading ---------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        self._loading = 2
        self.runner.submit(self.service.mcp_clients, on_returned=self._show_clients, on_errored=self._error, user_errors=USER_ERRORS)
        self.runner.submit(self.service.mcp_access_log, LOG_SHOWN, on_returned=self._show_log, on_errored=self._error,
                           user_errors=USER_ERRORS)

    def _show_clients(self, clients: list[Any]) -> None:
        self.clients = clients
        self.table.setRowCount(len(clients))
        for row, client in enumerate(clients):
            access = "waiting for you" if client.state != "allowed" else ("reads, stores notes" if client.write else "reads")
            since = (client.allowed_at or client.requested_at or "")[:16].replace("T", " ")
            for column, text in enumerate((client.name, access, since)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._selection_changed()
        self._loaded()

    def _show_log(self, entries: list[Any]) -> None:
        self.log.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            asked = ", ".join(f"{k}: {v}" for k, v in entry.arguments.items() if v is not None)
            outcome = f"{len(entry.returned)} memories" if entry.outcome == "answered" else OUTCOME_WORDS.get(entry.outcome, entry.outcome)
            cells = (entry.time[:19].replace("T", " "), entry.client, entry.tool, asked, outcome)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4 and entry.detail:
                    item.setToolTip(entry.detail)
                self.log.setItem(row, column, item)
        self.log.scrollToBottom()
        self._loaded()

    def _loaded(self) -> None:
        self._loading -= 1
        if self._loading <= 0:
            self.refreshed.emit()

    def _error(self, error: TaskError) -> None:
        self._loading -= 1
        self.failed.emit(error.message)

    # -- changing ---------------------------------------------------------------------
    def selected(self) -> Any | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.clients[rows.pop()] if len(rows) == 1 and self.clients else None

    @Slot()
    def _selection_changed(self) -> None:
        client = self.selected()
        self.allow_button.setEnabled(client is not None and client.state != "allowed")
        self.write_button.setEnabled(client is not None and client.state == "allowed")
        self.write_button.setText("Stop Storing Notes" if client is not None and client.write else "Let It Store Notes")
        self.revoke_button.setEnabled(client is not None)

    def _toggle_write(self) -> None:
        client = self.selected()
        if client is not None:
            self._submit(self.service.allow_mcp_client, client.name, write=not client.write)

    def _change(self, action: Any) -> None:
        client = self.selected()
        if client is not None:
            self._submit(action, client.name)

    def _submit(self, action: Any, *args: Any, **kwargs: Any) -> None:
        self.runner.submit(action, *args, on_returned=lambda _result: self.refresh(), on_errored=lambda error: self.failed.emit(error.message),
                           user_errors=USER_ERRORS, **kwargs)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    return table
