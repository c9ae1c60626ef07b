"""The import dialog: what each dropped or chosen path was taken for, how far the import is, and what it left out.

One row per path: its name, the format(s) detected before the import runs
("WhatsApp chat export (1 file)"), and the outcome (added, updated, already
stored). A row's children, collapsed until opened, list the files the import
left out and the notes it read with a guess; they name files and reasons,
never what a note says. A path nothing can read shows the core's "cannot
tell the format" message and the formats Remembrancer reads.

The dialog is not modal and only listens to the `ImportController`: closing
it leaves the import running (the status bar still shows it, with Cancel).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from remembrancer.app.progress_rate import StageRate, describe
from remembrancer.app.service import ImportPlan, ImportSummary
from remembrancer.ui.importing import ImportController, Unreadable

logger = logging.getLogger(__name__)

PATH_ROLE = Qt.ItemDataRole.UserRole  # a path's row: the path as given
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # a detail row: Skipped, Warning, Not imported, Error
TEXT_ROLE = Qt.ItemDataRole.UserRole + 2  # a detail row: its `FILE: reason`, the folder cut off


def outcome_text(summary: ImportSummary) -> str:
    """The counts of one import, as a person reads them."""
    parts = [f"{summary.messages_added:,} added", f"{summary.messages_updated:,} updated", f"{summary.messages_skipped:,} already stored"]
    if summary.messages_archived:
        parts.append(f"{summary.messages_archived:,} archived (gone from their note)")
    if summary.messages_restored:
        parts.append(f"{summary.messages_restored:,} restored (back in their note)")
    if summary.messages_forgotten:
        parts.append(f"{summary.messages_forgotten:,} forgotten before, left out")
    return " · ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _short(line: str, root: str) -> str:
    """A `FILE[:LINE]: reason` line with the imported folder cut off the file, which is where the person looks."""
    base = root if os.path.isdir(root) else os.path.dirname(root)
    prefix = base.rstrip(os.sep) + os.sep
    return line[len(prefix):] if base and line.startswith(prefix) else line


class ImportDialog(QDialog):
    """Shows the imports of one batch of paths; a new batch after the last one finished starts it afresh."""

    def __init__(self, imports: ImportController, parent: QWidget | None = None):
        super().__init__(parent)
        self.imports = imports
        self.setWindowTitle("Import")
        self.setModal(False)
        self.resize(900, 460)
        self._rows: dict[str, QTreeWidgetItem] = {}
        self._current: QTreeWidgetItem | None = None
        self._totals = ImportSummary()
        self._failures = 0
        self._rate = StageRate()
        self._build()
        imports.started.connect(self._started)
        imports.detected.connect(self._detected)
        imports.progressed.connect(self._progressed)
        imports.imported.connect(self._imported)
        imports.cancelled.connect(self._cancelled)
        imports.failed.connect(self._failed)
        imports.idle.connect(self._idle)

    def _build(self) -> None:
        self.heading = QLabel(textFormat=Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.now = QLabel(textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.progress = QProgressBar(textVisible=True)
        self.tree = QTreeWidget(columnCount=3, uniformRowHeights=False, wordWrap=True)
        self.tree.setHeaderLabels(["Imported from", "Detected", "Result"])
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 230)
        self.tree.setColumnWidth(1, 340)
        self.message = QLabel(textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.totals = QLabel(textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.cancel_button = QPushButton("Cancel import", clicked=self.imports.cancel,
                                         toolTip="Stop the import; files already stored whole are kept")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.hide)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setToolTip("Hide this window; an import goes on, shown in the status bar")
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.now, self.progress, self.tree, self.message, self.totals, self.buttons):
            layout.addWidget(widget)

    # -- the batch -------------------------------------------------------------------
    def begin(self, paths: list[str], ignored: list[str] | None = None) -> None:
        """Show the dialog for `paths` (queued behind a running import, or a new batch), and the drops that are no files."""
        if not self.imports.busy:
            self._reset()
        for path in paths:
            self._row(path).setText(2, "waiting")
        for url in ignored or []:
            item = QTreeWidgetItem(self.tree, [url, "not a file on this computer", "ignored"])
            item.setToolTip(0, url)
            item.setToolTip(2, "Only files and folders on this computer can be imported: download it first, then drop the file")
        if ignored:
            self._say(f"Ignored {_count(len(ignored), 'link')}: only files and folders on this computer can be imported. Download, then drop the file.")
        if not paths and not self.imports.busy:
            self.heading.setText("Nothing to import")
            self.progress.hide()
            self.cancel_button.hide()
        self.show()
        self.raise_()

    def _reset(self) -> None:
        self.tree.clear()
        self._rows.clear()
        self._current = None
        self._totals = ImportSummary()
        self._failures = 0
        self.message.clear()
        self.message.hide()
        self.totals.clear()
        self.now.clear()

    def _row(self, path: str) -> QTreeWidgetItem:
        item = self._rows.get(path)
        if item is None:
            item = QTreeWidgetItem(self.tree, [Path(path).name or path, "", ""])
            item.setData(0, PATH_ROLE, path)
            item.setToolTip(0, path)
            self._rows[path] = item
        return item

    def _say(self, text: str) -> None:
        """Add a paragraph to what this batch has to say (ignored links, each path that failed)."""
        self.message.setText(f"{self.message.text()}\n\n{text}" if self.message.text() else text)
        self.message.show()

    # -- what the controller reports ----------------------------------------------------
    @Slot(str)
    def _started(self, path: str) -> None:
        self._current = self._row(path)
        self._current.setText(1, "looking…")
        self._current.setText(2, "")
        self.heading.setText(f"Importing {Path(path).name or path}")
        self.now.setText("Looking at the files…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self._rate = StageRate()  # each path's stages are timed afresh
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)

    @Slot(object)
    def _detected(self, plan: ImportPlan) -> None:
        row = self._row(plan.path)
        described = plan.describe()
        row.setText(1, described)
        row.setToolTip(1, described)
        row.setText(2, "importing…")
        self.now.setText(f"Detected: {described}" + (f"; {_count(len(plan.left_out), 'file')} in no known format, left out" if plan.left_out else ""))
        self._details(row, "Not imported", plan.left_out, plan.path)

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, stage: str) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total) if total > 0 else 0)
        pace = describe(*self._rate.update(done, total, stage)) if total > 0 else ""
        self.progress.setFormat(f"{stage} %v/%m" + (f" · {pace}" if pace else "") if total > 0 else stage)

    @Slot(object, object)
    def _imported(self, summary: ImportSummary, _stats: object) -> None:
        self._finish_row(summary, outcome_text(summary))

    @Slot(object, object)
    def _cancelled(self, summary: ImportSummary, _stats: object) -> None:
        self._finish_row(summary, f"cancelled: {summary.messages_added:,} added from whole files, nothing half-stored")
        for item in self._rows.values():
            if item.text(2) == "waiting":
                item.setText(2, "not started (cancelled)")

    @Slot(str, object)
    def _failed(self, message: str, unreadable: Unreadable | None) -> None:
        self._failures += 1
        row = self._current
        if row is None:
            return
        path = row.data(0, PATH_ROLE)
        if unreadable is not None:
            row.setText(1, "cannot tell the format")
            row.setText(2, "not imported")
            self._details(row, "Not imported", unreadable.left_out, path)
            self._say(f"{message}\n\nRemembrancer imports: {', '.join(unreadable.formats)}.")
        else:
            row.setText(2, "failed: nothing stored")
            self._say(f"{message}\n\nNothing from {Path(path).name or path} was stored; fix the file and import it again.")
        self._details(row, "Error", [message], path)
        row.setExpanded(True)
        self.show()  # a failure must be seen, even after the person closed the dialog

    @Slot()
    def _idle(self) -> None:
        self.cancel_button.hide()
        self.progress.hide()
        self.now.clear()
        done = [item for item in self._rows.values() if item.text(2) and item.text(2) != "waiting"]
        if self._failures:
            self.heading.setText(f"Import finished with {_count(self._failures, 'problem')}")
        elif any(item.text(2).startswith("cancelled") for item in done):
            self.heading.setText("Import cancelled")
        else:
            self.heading.setText("Import finished")
        self._show_totals()

    # -- rows ----------------------------------------------------------------------------
    def _finish_row(self, summary: ImportSummary, text: str) -> None:
        row = self._current
        if row is None:
            return
        path = row.data(0, PATH_ROLE)
        row.setText(2, text)
        self._details(row, "Skipped", summary.skipped_files, path)
        self._details(row, "Warning", summary.warnings, path)
        for name in ("messages_added", "messages_updated", "messages_skipped", "messages_archived", "messages_restored", "messages_forgotten"):
            setattr(self._totals, name, getattr(self._totals, name) + getattr(summary, name))
        self._totals.skipped_files += summary.skipped_files
        self._totals.warnings += summary.warnings
        self._show_totals()

    def _details(self, row: QTreeWidgetItem, kind: str, lines: list[str], root: str) -> None:
        """File-and-reason lines under `row`, collapsed: never note text, only what the core wrote about the file."""
        for line in lines:
            text = _short(line, root)
            item = QTreeWidgetItem(row, [f"{kind}: {text}"])
            item.setData(0, KIND_ROLE, kind)
            item.setData(0, TEXT_ROLE, text)
            item.setToolTip(0, line)
            item.setFirstColumnSpanned(True)  # a reason reads whole, across the columns
        if lines:
            row.setToolTip(2, "Open the row for the files left out and the notes read with a guess")

    def _show_totals(self) -> None:
        t = self._totals
        left_out = sum(1 for kind, _ in self._all_details() if kind in ("Skipped", "Not imported"))
        parts = [outcome_text(t), _count(left_out, "file") + " left out", _count(len(t.warnings), "warning")]
        self.totals.setText("In all: " + " · ".join(parts))

    # -- for tests and the status bar ------------------------------------------------------
    def detected_text(self, path: str | Path) -> str:
        return self._rows[str(path)].text(1)

    def result_text(self, path: str | Path) -> str:
        return self._rows[str(path)].text(2)

    def details(self, path: str | Path) -> list[tuple[str, str]]:
        """(kind, `FILE: reason`) under the row of `path`: Skipped, Warning, Not imported, Error."""
        row = self._rows[str(path)]
        return [(row.child(i).data(0, KIND_ROLE), row.child(i).data(0, TEXT_ROLE)) for i in range(row.childCount())]

    def _all_details(self) -> list[tuple[str, str]]:
        return [detail for path in self._rows for detail in self.details(path)]
