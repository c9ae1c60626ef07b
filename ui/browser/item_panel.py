"""The memory browser's right pane: one memory, its curve, and what you can do to it.

Loading the detail, pinning, editing and forgetting all run on the store's
worker; the pane only draws results and asks for confirmation. Forgetting
asks twice for a hard delete, since that cannot be undone.
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from remembrancer.app.service import USER_ERRORS, Changes, MemoryService
from remembrancer.ui.browser.item_html import detail_html
from remembrancer.ui.browser.retention_plot import RetentionPlot
from remembrancer.ui.detail import STYLE, DetailView, render_item
from remembrancer.ui.workers import TaskError, TaskRunner

logger = logging.getLogger(__name__)


def choose_forget(parent: QWidget, text: str) -> str | None:
    """Ask how to forget: "soft", "hard" (confirmed twice) or None to keep it."""
    box = QMessageBox(QMessageBox.Icon.Question, "Forget this memory?", f"“{text[:200]}”", parent=parent)
    box.setInformativeText("Archive keeps it out of recall (you can bring it back). Delete removes it and its text from every file, for good.")
    soft = box.addButton("Archive", QMessageBox.ButtonRole.AcceptRole)
    hard = box.addButton("Delete for good…", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is soft:
        return "soft"
    if box.clickedButton() is hard:
        sure = QMessageBox.warning(
            parent, "Delete for good?", "This deletes the memory, rebuilds what rests on it and replaces the backups. It cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        return "hard" if sure == QMessageBox.StandardButton.Yes else None
    return None


class ItemPanel(QWidget):
    """Detail HTML, retention plot and Pin / Edit / Forget buttons for the current memory."""

    loaded = Signal(object)  # ItemDetail
    changed = Signal(str, object)  # memory id, the Changes the pin, edit or forget made
    failed = Signal(str)

    def __init__(self, service: MemoryService, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.detail: Any = None  # the ItemDetail shown
        self._recalled: Any = None  # the RecallItem whose context heads the pane, if any
        self.view = DetailView()
        self.plot = RetentionPlot()
        self.plot_label = QLabel("Retention")
        self.pin_button = QPushButton("Pin", clicked=self.toggle_pin)
        self.confirm_button = QPushButton("That's right", clicked=self.confirm)
        self.confirm_button.setToolTip("Confirm this memory: it counts as a review and fades more slowly")
        self.edit_button = QPushButton("Edit…", clicked=self.edit)
        self.forget_button = QPushButton("Forget…", clicked=self.ask_forget)
        buttons = QHBoxLayout()
        for button in (self.pin_button, self.confirm_button, self.edit_button, self.forget_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.plot_label)
        layout.addWidget(self.plot)
        layout.addLayout(buttons)
        self._sync()

    def _sync(self) -> None:
        has = self.detail is not None
        self.pin_button.setEnabled(has)
        self.pin_button.setText("Unpin" if has and self.detail.pinned else "Pin")
        self.confirm_button.setEnabled(has and self.detail.state != "forgotten")
        self.edit_button.setEnabled(has and self.detail.level == "fact")
        self.forget_button.setEnabled(has and self.detail.state != "forgotten")
        self.plot.set_curve(self.detail.curve if has else None)

    # -- showing ---------------------------------------------------------------
    def clear(self, message: str | None = None) -> None:
        self.detail = self._recalled = None
        if message:
            self.view.show_message(message)
        else:
            self.view.show_item(None)
        self._sync()

    def show_recalled(self, item: Any) -> None:
        """A recall result: its conversation at once, then the stored detail under it."""
        self._recalled = item
        self.detail = None
        self.view.show_item(item)
        self._sync()
        self.load(item.id, opened=True)

    def show_id(self, item_id: str) -> None:
        self._recalled = None
        self.load(item_id, opened=True)

    def load(self, item_id: str, opened: bool = False) -> None:
        """The stored detail; `opened`: the person chose to look at it, which counts as a review of it."""
        read = self.service.open_item if opened else self.service.item
        self.runner.submit(read, item_id, on_returned=self._loaded, on_errored=self._failed, user_errors=USER_ERRORS)

    @Slot(object)
    def _loaded(self, detail: Any) -> None:
        if self._recalled is not None and self._recalled.id != detail.id:
            return  # a later selection is on its way
        self.detail = detail
        head = render_item(self._recalled) + "<hr>" if self._recalled is not None else STYLE
        self.view.setHtml(head + detail_html(detail))
        self._sync()
        self.loaded.emit(detail)

    @Slot(object)
    def _failed(self, error: TaskError) -> None:
        message = error.message
        if self._recalled is None:
            self.view.show_message(message)
        self.failed.emit(message)

    # -- acting ------------------------------------------------------------------
    @Slot()
    def toggle_pin(self) -> None:
        if self.detail is None:
            return
        item_id, pinned = self.detail.id, not self.detail.pinned
        self.runner.submit(self.service.pin, item_id, pinned, on_returned=lambda changes: self._done(item_id, changes), on_errored=self._failed)

    @Slot()
    def confirm(self) -> None:
        if self.detail is None:
            return
        item_id = self.detail.id
        self.runner.submit(self.service.confirm, item_id, on_returned=lambda changes: self._done(item_id, changes), on_errored=self._failed, user_errors=USER_ERRORS)

    @Slot()
    def edit(self) -> None:
        if self.detail is None or self.detail.level != "fact":
            return
        text, ok = QInputDialog.getMultiLineText(self, "Edit fact", "Correct the wording (sources and dates stay):", self.detail.text)
        if ok and text.strip() and text.strip() != self.detail.text:
            self.apply_edit(text)

    def apply_edit(self, text: str) -> None:
        item_id = self.detail.id
        self.runner.submit(
            self.service.edit_fact, item_id, text, on_returned=lambda changes: self._done(item_id, changes), on_errored=self._failed, user_errors=USER_ERRORS
        )

    @Slot()
    def ask_forget(self) -> None:
        if self.detail is None:
            return
        choice = choose_forget(self, self.detail.text)
        if choice is not None:
            self.forget(hard=choice == "hard")

    def forget(self, hard: bool = False) -> None:
        item_id = self.detail.id
        self.runner.submit(
            self.service.forget, item_id, hard, on_returned=lambda report: self._forgotten(item_id, hard, report.changes), on_errored=self._failed, user_errors=USER_ERRORS
        )

    def _forgotten(self, item_id: str, hard: bool, changes: Changes) -> None:
        if hard:
            self.clear("Deleted for good.")
            self.changed.emit(item_id, changes)
        else:
            self._done(item_id, changes)

    def _done(self, item_id: str, changes: Changes) -> None:
        self.changed.emit(item_id, changes)
        if self.detail is not None and self.detail.id == item_id:
            self.load(item_id)
