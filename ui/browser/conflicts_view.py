"""The conflict queue: pairs of facts the store would not settle alone.

Each conflict shows both readings with their dates and sources, and three
buttons: keep A (B was wrong), keep B (A is the past), keep both. Resolving
runs on the store's worker; the list reloads when it is done.
"""
from __future__ import annotations

import html
import logging
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from remembrancer.app.service import USER_ERRORS, Changes, MemoryService
from remembrancer.ui.workers import TaskRunner

logger = logging.getLogger(__name__)

CHOICES = (("A", "Keep A", "A is right; B was a misreading (B is forgotten)"), ("B", "Keep B", "B is current; A becomes history"), ("both", "Keep both", "Both are true"))


def _side(label: str, fact: Any) -> str:
    since = html.escape(fact.valid_from or "unknown")
    return (
        f"<b>{label}</b>: {html.escape(fact.text)}<br><span style='color:gray; font-size:small'>since {since}"
        f" · sources {html.escape(', '.join(fact.sources))}</span>"
    )


class ConflictsView(QScrollArea):
    """One card per open conflict; `resolved(id, keep)` after the store settled it."""

    loaded = Signal(int)  # how many open conflicts
    resolved = Signal(int, str, object)  # conflict id, what was kept, Changes
    failed = Signal(str)

    def __init__(self, service: MemoryService, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.conflicts: list[Any] = []
        self.buttons: dict[tuple[int, str], QPushButton] = {}
        self.setWidgetResizable(True)
        self._set_cards([])

    def refresh(self) -> None:
        self.runner.submit(self.service.conflicts, on_returned=self._loaded, on_errored=lambda error: self.failed.emit(error.message))

    @Slot(object)
    def _loaded(self, conflicts: list[Any]) -> None:
        self.conflicts = conflicts
        self._set_cards(conflicts)
        self.loaded.emit(len(conflicts))

    def _set_cards(self, conflicts: list[Any]) -> None:
        self.buttons = {}
        body = QWidget()
        layout = QVBoxLayout(body)
        if not conflicts:
            layout.addWidget(QLabel("No conflicts waiting. When two memories disagree and the store cannot tell which is current, they appear here."))
        for conflict in conflicts:
            card = QFrame(frameShape=QFrame.Shape.StyledPanel)
            card_layout = QVBoxLayout(card)
            text = QLabel(f"<p>#{conflict.id} · {html.escape(conflict.reason)}</p><p>{_side('A', conflict.a)}</p><p>{_side('B', conflict.b)}</p>")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            card_layout.addWidget(text)
            row = QHBoxLayout()
            for keep, label, tip in CHOICES:
                button = QPushButton(label, toolTip=tip)
                button.clicked.connect(lambda _checked=False, cid=conflict.id, k=keep: self.resolve(cid, k))
                self.buttons[(conflict.id, keep)] = button
                row.addWidget(button)
            row.addStretch(1)
            card_layout.addLayout(row)
            layout.addWidget(card)
        layout.addStretch(1)
        self.setWidget(body)

    def resolve(self, conflict_id: int, keep: str) -> None:
        for (cid, _keep), button in self.buttons.items():
            if cid == conflict_id:
                button.setEnabled(False)
        self.runner.submit(
            self.service.resolve_conflict, conflict_id, keep,
            on_returned=lambda changed: self._resolved(conflict_id, keep, changed.changes), on_errored=lambda error: self.failed.emit(error.message), user_errors=USER_ERRORS,
        )

    def _resolved(self, conflict_id: int, keep: str, changes: Changes) -> None:
        self.resolved.emit(conflict_id, keep, changes)  # the browser redraws this queue and the lists it changed
