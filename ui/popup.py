"""Quick recall: a small always-on-top search box for a fact you need right now.

Opened by the tray, the global hotkey, Memory › Quick Recall, or
`remembrancer recall --popup [QUERY]` through the running app. Typing runs
recall (debounced) on the store's worker and lists the top persona attributes
and facts first, with a one-line answer above them: the service's quick
`ask` (which never waits for the language model) when it has one, else the
best item's text. Enter or a double click opens the memory in the main
window; Escape hides the popup.
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from remembrancer.app.service import USER_ERRORS, MemoryService, cut_words
from remembrancer.ui.workers import TaskError, TaskRunner

logger = logging.getLogger(__name__)
TEXT_CHARS = 160  # per line of a row; longer text is cut after a whole word

DEBOUNCE_MS = 180
SHOWN = 6
LEVEL_ORDER = {"persona": 0, "fact": 1, "scene": 2, "message": 3}
IdRole = Qt.ItemDataRole.UserRole + 11


def quick_recall(service: MemoryService, query: str) -> tuple[str, list[Any], str, dict[str, str]]:
    """(query, items persona-and-facts first, one-line answer, id -> where it comes from); runs on the store worker."""
    items = service.recall(query, k=SHOWN)
    items = sorted(items, key=lambda item: (LEVEL_ORDER.get(item.level, 9), -item.score))
    line = ""
    ask = getattr(service, "ask", None)
    if callable(ask):
        try:
            line = ask(query, quick=True).answer
        except Exception:  # the list is the answer's substance; a failed line must not hide it
            logger.exception("quick answer failed for the popup")
    if not line and items:
        line = items[0].text
    origins: dict[str, str] = {}
    lines_for = getattr(service, "source_lines_by_id", None)
    if callable(lines_for):  # a fact or profile value says where it comes from: who said it, when
        derived = [item.id for item in items if item.level != "message"]
        try:
            origins = lines_for(derived) if derived else {}
        except Exception:  # the list stands without them
            logger.exception("sources for the popup failed")
    return query, items, " ".join(line.split()), origins


class QuickRecallPopup(QWidget):
    """Frameless, on top, one box; `answered` after each shown result."""

    answered = Signal(str, object, str)  # query, items, answer line
    open_requested = Signal(str)  # a memory id to show in the main window

    def __init__(self, service: MemoryService, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.FramelessWindowHint)
        self.service = service
        self.runner = runner
        self.setObjectName("quick-recall")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # so the border below is painted
        self.setWindowTitle("Quick recall")
        self.setStyleSheet("#quick-recall { border: 1px solid palette(mid); border-radius: 8px; background: palette(window); }")
        self.box = QLineEdit(placeholderText="Quick recall — type a few words")
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(self._typed)
        self.box.returnPressed.connect(self._open_current)
        self.answer = QLabel(wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.answer.font()
        font.setBold(True)
        self.answer.setFont(font)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.itemActivated.connect(lambda item: self._open(item.data(IdRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.box)
        layout.addWidget(self.answer)
        layout.addWidget(self.results, 1)
        self.resize(560, 340)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS, timeout=self._search)
        self._asked = ""

    def open(self, query: str = "") -> None:
        """Show centred near the top of the screen with the cursor, focused, optionally with a query."""
        screen = QGuiApplication.screenAt(self.cursor().pos()) or QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(area.center().x() - self.width() // 2, area.top() + area.height() // 5)
        self.show()
        self.raise_()
        self.activateWindow()
        self.box.setFocus()
        self._asked = ""  # the store may have changed since the last time it was open
        if query:
            self.box.setText(query)  # textChanged starts the search
            self.search_now()
        else:
            self.box.selectAll()

    @Slot(str)
    def _typed(self, _text: str) -> None:
        self._debounce.start()

    def search_now(self) -> None:
        self._debounce.stop()
        self._search()

    @Slot()
    def _search(self) -> None:
        query = self.box.text().strip()
        if not query:
            self.results.clear()
            self.answer.clear()
            return
        if query == self._asked:
            return
        self._asked = query
        self.answer.setText("…")
        self.runner.submit(quick_recall, self.service, query, on_returned=self._show, on_errored=self._failed, user_errors=USER_ERRORS)

    @Slot(object)
    def _show(self, result: tuple[Any, ...]) -> None:
        query, items, line = result[:3]
        origins: dict[str, str] = result[3] if len(result) > 3 else {}
        if query != self.box.text().strip():
            return  # the user typed on; the next search is queued
        self.answer.setText(line or "Nothing recalled.")
        self.results.clear()
        for item in items:
            about = origins.get(item.id) or " · ".join(part for part in (item.level, item.speaker, (item.time or "")[:10]) if part)
            row = QListWidgetItem(f"{cut_words(item.text, TEXT_CHARS)}\n{cut_words(about, TEXT_CHARS)}")
            row.setToolTip(item.text)
            row.setData(IdRole, item.id)
            self.results.addItem(row)
        if items:
            self.results.setCurrentRow(0)
        self.answered.emit(query, items, line)

    @Slot(object)
    def _failed(self, error: TaskError) -> None:
        message = error.message
        self._asked = ""
        self.answer.setText(f"Recall failed: {message}")

    @Slot()
    def _open_current(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._open(item.data(IdRole))

    def _open(self, item_id: str) -> None:
        self.hide()
        self.open_requested.emit(item_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt name
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
        elif event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
            self.results.setFocus()
            self.results.keyPressEvent(event)
        else:
            super().keyPressEvent(event)
