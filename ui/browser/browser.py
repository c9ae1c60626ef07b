"""The memory browser: search, and every level of memory in its own tab.

Left: a search box (hybrid recall over all levels) and tabs for the search
results, people (one page per person: `PeopleView`), scenes, facts, messages
and notes, and the conflict queue. Right: the selected memory (`ItemPanel`).
Lists load on the store's worker when their tab is first shown and again
after anything changed the store.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import QLineEdit, QListView, QListWidget, QListWidgetItem, QMessageBox, QSplitter, QTabWidget, QVBoxLayout, QWidget

from remembrancer.app.service import USER_ERRORS, Changes, MemoryService, RecallItem, cut_words
from remembrancer.ui.browser.conflicts_view import ConflictsView
from remembrancer.ui.browser.item_panel import ItemPanel
from remembrancer.ui.browser.people_view import PeopleView
from remembrancer.ui.results import ResultDelegate, ResultsModel
from remembrancer.ui.workers import TaskError, TaskRunner

logger = logging.getLogger(__name__)

IdRole = Qt.ItemDataRole.UserRole + 10


def _recall(service: MemoryService, query: str) -> tuple[str, list[RecallItem]]:
    return query, service.recall(query)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _rows(kind: str, service: MemoryService) -> list[tuple[str, str, str]]:
    """(id, first line, second line) for one list tab, built on the worker."""
    if kind == "scenes":
        return [(s.id, s.title, cut_words(s.summary, 160)) for s in service.scenes()]
    if kind == "facts":
        return [(f.id, f.text, f"{f.subject} · said {f.time_said[:10]} · {_count(len(f.sources), 'source')}") for f in service.facts(standalone_only=True)]
    return [(m.id, cut_words(m.text, 200), f"{m.speaker} · {m.time[:16].replace('T', ' ')} · {m.conversation}") for m in service.messages()]


# The views that show each kind of memory (`memory.changes.KINDS`): a profile lists facts as its evidence.
VIEWS_OF_KIND = {
    "message": ("messages",),
    "fact": ("facts", "people"),
    "scene": ("scenes",),
    "persona": ("people",),
    "conflict": ("conflicts",),
}

class MemoryBrowser(QWidget):
    recalled = Signal(str, object)  # query, list[RecallItem]
    failed = Signal(str, str)  # what, message
    listed = Signal(str, int)  # tab kind ("people" too), rows
    changed = Signal(object)  # the Changes just applied (the window recounts the store)

    LIST_TABS = (("scenes", "Scenes"), ("facts", "Facts"), ("messages", "Messages && notes"))

    def __init__(self, service: MemoryService, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.runner = runner
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
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.selectionModel().selectionChanged.connect(self._result_selected)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.results, "Search")
        self.people = PeopleView(service, runner)
        self.people.listed.connect(lambda n: self.listed.emit("people", n))
        self.people.failed.connect(lambda m: self.failed.emit("people", m))
        self.people.open_item.connect(self.open_item)
        self.tabs.addTab(self.people, "People")
        self.lists: dict[str, QListWidget] = {}
        for kind, title in self.LIST_TABS:
            widget = QListWidget()
            widget.setWordWrap(True)
            widget.setAlternatingRowColors(True)
            widget.setSpacing(2)
            widget.currentItemChanged.connect(self._row_selected)
            self.lists[kind] = widget
            self.tabs.addTab(widget, title)
        self.conflicts = ConflictsView(service, runner)
        self.conflicts.loaded.connect(self._conflicts_counted)
        self.tabs.addTab(self.conflicts, "Conflicts")
        self.tabs.currentChanged.connect(self._tab_changed)
        self._stale = self._all_views()

        self.panel = ItemPanel(service, runner)
        self.panel.changed.connect(lambda _item_id, changes: self.apply_changes(changes))
        self.conflicts.resolved.connect(lambda _cid, _keep, changes: self.apply_changes(changes))
        self.detail = self.panel.view

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.tabs, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # -- search ----------------------------------------------------------------
    @Slot()
    def run_search(self) -> None:
        query = self.search.text().strip()
        if not query:
            return
        self.tabs.setCurrentWidget(self.results)
        self.runner.submit(_recall, self.service, query, on_returned=self._show_results, on_errored=self._search_failed, user_errors=USER_ERRORS)

    @Slot(object)
    def _show_results(self, result: tuple[str, list[RecallItem]]) -> None:
        query, items = result
        self.model.set_items(items)
        if items:
            self.results.setCurrentIndex(self.model.index(0))
        else:
            self.panel.clear(f"Nothing recalled for “{query}”.")
        self.recalled.emit(query, items)

    @Slot(object)
    def _search_failed(self, error: TaskError) -> None:
        message = error.message
        QMessageBox.warning(self, "Search failed", message)
        self.failed.emit("search", message)

    @Slot(QItemSelection, QItemSelection)
    def _result_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.panel.show_recalled(self.model.item(indexes[0].row()))

    # -- the level tabs ------------------------------------------------------------
    def apply_changes(self, changes: Changes) -> None:
        """An operation changed the store: reload the views showing what it changed, the visible one now, the others when shown."""
        stale = {view for kind, views in VIEWS_OF_KIND.items() if changes.touches(kind) for view in views}
        if stale:
            self._stale |= stale
            self._tab_changed(self.tabs.currentIndex())
        if changes:
            self.changed.emit(changes)

    def _all_views(self) -> set[str]:
        return {kind for kind, _ in self.LIST_TABS} | {"people", "conflicts"}

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.conflicts and "conflicts" in self._stale:
            self._stale.discard("conflicts")
            self.conflicts.refresh()
            return
        if widget is self.people and "people" in self._stale:
            self._stale.discard("people")
            self.people.refresh()
            return
        for kind, list_widget in self.lists.items():
            if widget is list_widget and kind in self._stale:
                self._stale.discard(kind)
                self.load_list(kind)

    def load_list(self, kind: str) -> None:
        self.runner.submit(_rows, kind, self.service, on_returned=self._filler(kind), on_errored=lambda error: self.failed.emit("list", error.message))

    def _filler(self, kind: str) -> Callable[[Any], None]:
        def fill(rows: list[tuple[str, str, str]]) -> None:
            widget = self.lists[kind]
            current = widget.currentItem().data(IdRole) if widget.currentItem() else None
            # Refilling must not read as a new selection: the pane already shows the current item.
            blocked = widget.blockSignals(True)
            try:
                widget.clear()
                for item_id, first, second in rows:
                    row = QListWidgetItem(f"{first}\n{second}")
                    row.setData(IdRole, item_id)
                    row.setToolTip(item_id)
                    widget.addItem(row)
                    if item_id == current:
                        widget.setCurrentItem(row)
                if current is not None and widget.currentItem() is not None and widget.currentItem().data(IdRole) != current:
                    widget.setCurrentRow(-1)  # the item is gone from this list (forgotten): select nothing
            finally:
                widget.blockSignals(blocked)
            self.listed.emit(kind, len(rows))

        return fill

    @Slot(QListWidgetItem, QListWidgetItem)
    def _row_selected(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.panel.show_id(current.data(IdRole))

    @Slot(int)
    def _conflicts_counted(self, count: int) -> None:
        self.tabs.setTabText(self.tabs.indexOf(self.conflicts), f"Conflicts ({count})" if count else "Conflicts")

    # -- from elsewhere -----------------------------------------------------------------
    def open_item(self, item_id: str) -> None:
        """Show one memory (a citation clicked in the chat, a popup result)."""
        self.panel.show_id(item_id)
