"""One person's page in the People view: the profile by kind, the timeline, and "why do I know this?".

Pure drawing: the page gets a `PersonProfile` (built on the store's worker
by `MemoryService.profile`) and, later, the source quotes of a value the
person asked about; it never calls the service itself. Each value is its
readable sentence; a value the store holds as no longer current is greyed
with its flag, so the past stays visible without reading as the present.
Links, not buttons: a page of thirty values stays a page to read.
"""
from __future__ import annotations

import html
import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from remembrancer.app.service import KIND_ORDER, PersonProfile

logger = logging.getLogger(__name__)

# Section titles a reader scans for; the order is the core's KIND_ORDER.
KIND_TITLES = {
    "identity": "Who they are", "places": "Places", "work": "Work and study", "people": "Family and friends",
    "pets": "Pets", "activities": "Activities", "preferences": "Likes and dislikes", "plans": "Plans and hopes",
    "health": "Health", "events": "Timeline", "contact": "Contact", "other": "Other",
}

WHY = "Why do I know this?"
HIDE_WHY = "Hide why"
MUTED = "color: gray"
QUOTES_LIMIT = 3  # a value resting on more messages shows the oldest few (as `sources` does); Details lists them all


def _value_html(value: Any, text: str | None = None) -> str:
    """The sentence (`text` when the page words it, as the timeline does), greyed with its flag when the store says it is no longer current."""
    text = html.escape(value.text if text is None else text)
    if value.flagged:
        return f"<span style='{MUTED}'>{text} — <i>{html.escape(value.flagged)}</i></span>"
    return text


LINK = "text-decoration: none"  # thirty underlined links would drown the sentences they explain


def _links_html(open_why: bool) -> str:
    why = (HIDE_WHY if open_why else WHY).replace(" ", "&nbsp;")  # a link wraps whole, never as "Why do I / know this?"
    return f"<small><a href='why' style='{LINK}'>{why}</a> <span style='{MUTED}'>·</span> <a href='open' style='{LINK}'>Details</a></small>"


def quotes_html(quotes: list[Any], value: Any) -> str:
    """The messages a value rests on as "Ana said on 1 Mar 2024: “...”", oldest first, and how sure the store is."""
    if quotes:
        lines = "".join(f"<li>{html.escape(q.text)}</li>" for q in quotes)
        body = f"<ul style='margin-top:0; margin-bottom:0'>{lines}</ul>"
    else:
        body = "<p>No source message is stored any more.</p>"
    more = len(value.sources) - len(quotes)
    told = f"from {len(value.sources)} message" + ("" if len(value.sources) == 1 else "s")
    tail = f"{told} ({more} more in Details)" if more > 0 else told
    return f"<div style='{MUTED}'>{body}<small>{tail} · confidence {value.confidence:.2f}</small></div>"


class ValueRow(QWidget):
    """One value: its sentence (with the event's date on the timeline), the links, and the quotes when opened."""

    why_clicked = Signal(str)   # persona id
    open_clicked = Signal(str)  # persona id

    def __init__(self, value: Any, date: str | None = None, text: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.value = value
        self.open = False
        body = _value_html(value, text)
        self.label = QLabel(body + "&nbsp;&nbsp;" + _links_html(False))
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.label.linkActivated.connect(self._link)
        self._body = body
        self.quotes = QLabel()
        self.quotes.setWordWrap(True)
        self.quotes.setTextFormat(Qt.TextFormat.RichText)
        self.quotes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quotes.setContentsMargins(16, 0, 0, 4)
        self.quotes.hide()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 1, 0, 1)
        layout.setHorizontalSpacing(12)
        layout.setVerticalSpacing(0)
        column = 0
        self.date = None
        if date is not None:
            self.date = QLabel(f"<b>{html.escape(date)}</b>")
            self.date.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(self.date, 0, 0)
            column = 1
        layout.addWidget(self.label, 0, column)
        layout.addWidget(self.quotes, 1, column)
        layout.setColumnStretch(column, 1)

    @property
    def id(self) -> str:
        return self.value.id

    def _link(self, href: str) -> None:
        if href == "why":
            self.why_clicked.emit(self.id)
        elif href == "open":
            self.open_clicked.emit(self.id)

    def loading(self) -> None:
        self.set_open(True)
        self.quotes.setText(f"<span style='{MUTED}'>Looking up where this comes from…</span>")

    def show_quotes(self, quotes: list[Any]) -> None:
        self.quotes.setText(quotes_html(quotes, self.value))
        self.set_open(True)

    def set_open(self, open_: bool) -> None:
        self.open = open_
        self.label.setText(self._body + "&nbsp;&nbsp;" + _links_html(open_))
        self.quotes.setVisible(open_)


class PersonPage(QScrollArea):
    """The page of one person; rebuilt whole for each profile (a page is tens of rows, not thousands)."""

    why_clicked = Signal(str)
    open_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.profile: PersonProfile | None = None
        self.rows: dict[str, ValueRow] = {}
        self.headings: list[str] = []  # section titles in the order shown
        self.show_message("Pick a person to see what you know about them.")

    def show_message(self, message: str) -> None:
        self.profile = None
        self.rows = {}
        self.headings = []
        label = QLabel(html.escape(message))
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setContentsMargins(8, 8, 8, 8)
        self.setWidget(label)

    def show_profile(self, profile: PersonProfile) -> None:
        self.profile = profile
        self.rows = {}
        self.headings = []
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 6, 10, 10)
        layout.setSpacing(2)
        known = f"{profile.count} thing" + ("" if profile.count == 1 else "s") + " known"
        dated = f" · {len(profile.timeline)} dated event" + ("" if len(profile.timeline) == 1 else "s") if profile.timeline else ""
        layout.addWidget(QLabel(f"<h2 style='margin-bottom:0'>{html.escape(profile.name)}</h2>"))
        layout.addWidget(QLabel(f"<span style='{MUTED}'>{known}{dated}</span>"))
        for kind in KIND_ORDER:
            if kind == "events":
                if profile.timeline:
                    self._heading(layout, kind)
                    rows = [ValueRow(entry.value, date=entry.date, text=entry.text) for entry in profile.timeline]
                    width = max(row.date.sizeHint().width() for row in rows if row.date is not None)
                    for row in rows:  # one date column: the sentences start under each other
                        if row.date is not None:
                            row.date.setFixedWidth(width)
                        self._add(layout, row)
                continue
            section = next((s for s in profile.sections if s.kind == kind), None)
            if section is None:
                continue
            self._heading(layout, kind)
            for value in section.values:
                self._add(layout, ValueRow(value))
        layout.addStretch(1)
        self.setWidget(body)

    def _heading(self, layout: QVBoxLayout, kind: str) -> None:
        title = KIND_TITLES.get(kind, kind)
        self.headings.append(title)
        heading = QLabel(f"<h3 style='margin-bottom:0'>{html.escape(title)}</h3>")
        heading.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(heading)

    def _add(self, layout: QVBoxLayout, row: ValueRow) -> None:
        row.why_clicked.connect(self.why_clicked)
        row.open_clicked.connect(self.open_clicked)
        self.rows[row.id] = row
        layout.addWidget(row)

    def row(self, value_id: str) -> ValueRow | None:
        return self.rows.get(value_id)

    def open_ids(self) -> list[str]:
        """The values whose quotes are open (kept open when the same page is redrawn)."""
        return [pid for pid, row in self.rows.items() if row.open]
