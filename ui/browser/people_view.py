"""The memory browser's People tab: everyone the store knows, one page per person.

The persona level used to be one flat list of sentences about everybody; a
person looks someone up by name and then wants "where does she live, who is
in her family, what happened when". Left: the people, best-known first,
with how much is known. Right: the selected person's page (`PersonPage`):
values grouped by kind, a timeline of dated events, and for every value a
"Why do I know this?" link that shows the messages it rests on, with who
said them and when.

Every store call (the list, a profile, a value's sources) runs on the
store's worker; the GUI thread only draws what comes back. Answers that
arrive for a person no longer selected are dropped, since the one worker
runs calls in order and the latest selection's answer is still on its way.
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSplitter, QVBoxLayout, QWidget

from remembrancer.app.service import MemoryService, PersonProfile, PersonSummary
from remembrancer.ui.browser.people_page import QUOTES_LIMIT, PersonPage
from remembrancer.ui.workers import TaskError, TaskRunner

logger = logging.getLogger(__name__)

NameRole = Qt.ItemDataRole.UserRole + 11
MAX_LIST_WIDTH = 260  # a long name is cut there rather than squeezing the page


def _summary_line(person: PersonSummary) -> str:
    known = f"{person.attributes} thing" + ("" if person.attributes == 1 else "s") + " known"
    if person.events:
        known += f" · {person.events} event" + ("" if person.events == 1 else "s")
    return known


class PeopleView(QWidget):
    """The people list and the selected person's page; `open_item(id)` asks the browser to show a value."""

    listed = Signal(int)             # how many people
    profiled = Signal(object)        # the PersonProfile now shown
    explained = Signal(str, object)  # persona id, list[SourceQuote] now shown under it
    open_item = Signal(str)          # a value's id, for the item panel
    failed = Signal(str)

    def __init__(self, service: MemoryService, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.people = QListWidget()
        self.people.setAlternatingRowColors(True)
        self.people.setSpacing(2)
        self.people.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.people.currentItemChanged.connect(self._person_selected)
        self.page = PersonPage()
        self.page.why_clicked.connect(self.toggle_why)
        self.page.open_clicked.connect(self.open_item)
        self._quotes: dict[str, list[Any]] = {}  # persona id -> its quotes, for the person shown
        self._reopen: list[str] = []  # values open before a reload of the same person

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.people)
        splitter.addWidget(self.page)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([140, 600])  # names are short; the page needs the width
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # -- the list ------------------------------------------------------------------
    def current_person(self) -> str | None:
        item = self.people.currentItem()
        return item.data(NameRole) if item is not None else None

    def refresh(self) -> None:
        """Reload the list (the store changed); the selected person stays selected and their page is redrawn."""
        self.runner.submit(self.service.people, on_returned=self._listed, on_errored=self._failed)

    @Slot(object)
    def _listed(self, people: list[PersonSummary]) -> None:
        current = self.current_person()
        blocked = self.people.blockSignals(True)  # refilling is not a new selection
        try:
            self.people.clear()
            for person in people:
                row = QListWidgetItem(f"{person.name}\n{_summary_line(person)}")
                row.setData(NameRole, person.name)
                self.people.addItem(row)
                if person.name == current:
                    self.people.setCurrentItem(row)
        finally:
            self.people.blockSignals(blocked)
        self._fit_list()
        self.listed.emit(len(people))
        if not people:
            self.page.show_message("Nobody yet. Import a conversation: the people in it, and what they say about "
                                   "themselves, appear here.")
        elif self.current_person() is None:
            self.people.setCurrentRow(0)  # a page to read at once, not an empty pane
        else:
            self._reopen = self.page.open_ids() if self.page.profile is not None and self.page.profile.name == current else []
            self.show_person(self.current_person())

    def _fit_list(self) -> None:
        """Wide enough for its longest row (up to a cap), so no count is cut: the page takes the rest."""
        chrome = 2 * self.people.frameWidth() + self.people.verticalScrollBar().sizeHint().width() + 4 * self.people.spacing()
        self.people.setMinimumWidth(min(max(self.people.sizeHintForColumn(0), 100) + chrome, MAX_LIST_WIDTH))

    def select(self, name: str) -> bool:
        """Select a person by name (case-insensitive); False when the list has no such person."""
        for index in range(self.people.count()):
            item = self.people.item(index)
            if item.data(NameRole).casefold() == name.casefold():
                self.people.setCurrentItem(item)
                return True
        return False

    @Slot(QListWidgetItem, QListWidgetItem)
    def _person_selected(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self._reopen = []
            self.show_person(current.data(NameRole))

    # -- the page ----------------------------------------------------------------------
    def show_person(self, name: str) -> None:
        self.runner.submit(self.service.profile, name, on_returned=self._profiled, on_errored=self._failed)

    @Slot(object)
    def _profiled(self, profile: PersonProfile) -> None:
        current = self.current_person()
        if current is None or current.casefold() != profile.name.casefold():
            return  # another person was picked meanwhile; their page is on its way
        self._quotes = {}
        self.page.show_profile(profile)
        self.profiled.emit(profile)
        for value_id in self._reopen:
            if self.page.row(value_id) is not None:
                self.toggle_why(value_id)
        self._reopen = []

    @Slot(str)
    def toggle_why(self, value_id: str) -> None:
        """Open or close the sources under a value; the first opening asks the worker for them."""
        row = self.page.row(value_id)
        if row is None:
            return
        if row.open:
            row.set_open(False)
            return
        if value_id in self._quotes:
            row.show_quotes(self._quotes[value_id])
            return
        row.loading()
        profile = self.page.profile
        self.runner.submit(self.service.sources, [value_id], limit=QUOTES_LIMIT,
                           on_returned=lambda quotes, p=profile, v=value_id: self._explained(p, v, quotes), on_errored=self._failed)

    def _explained(self, profile: PersonProfile | None, value_id: str, quotes: list[Any]) -> None:
        if self.page.profile is not profile:
            return  # the page was redrawn meanwhile (another person, or a reload that reopens it itself)
        self._quotes[value_id] = quotes
        row = self.page.row(value_id)
        if row is not None and row.open:
            row.show_quotes(quotes)
            self.explained.emit(value_id, quotes)

    @Slot(object)
    def _failed(self, error: TaskError) -> None:
        message = error.message
        self.failed.emit(message)
