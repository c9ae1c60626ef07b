"""The People tab: a page per person, values grouped by kind, why each is known, a dated timeline.

Invented people only. Ilse tells her graduation before her chess win, which
happened earlier: the timeline must order by the events' dates, not by when
they were told. Her move to Lindhaven makes Brackwater a former home.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QTextDocument

from remembrancer.app.service import Changes
from remembrancer.ui.browser.people_page import KIND_TITLES, WHY, ValueRow
from remembrancer.ui.browser.people_view import NameRole
from remembrancer.ui.main_window import MainWindow

TIMEOUT = 10_000
ROWS = [
    ("catch-up", "i-1", "2024-06-20T10:00:00", "Ilse", "I live in Brackwater, right by the old harbour."),
    ("catch-up", "i-2", "2024-06-20T10:01:00", "Pell", "Nice! Do you still have the dog?"),
    ("catch-up", "i-3", "2024-06-20T10:02:00", "Ilse", "I have a dog named Pip, he is two now."),
    ("catch-up", "i-4", "2024-06-20T10:03:00", "Ilse", "I play the banjo in a folk band."),
    ("catch-up", "i-5", "2024-06-20T10:04:00", "Ilse", "I graduated on 14 June 2024."),
    ("catch-up", "i-6", "2024-06-20T10:05:00", "Pell", "Congratulations! I love hiking, by the way."),
    ("catch-up", "i-7", "2024-06-20T10:06:00", "Ilse", "I finally won the regional chess tournament on 3 May 2024!"),
    ("catch-up", "i-8", "2024-06-20T10:07:00", "Ilse", "I work at Fenwold Works as a data engineer."),
    ("news", "i-9", "2024-08-02T09:00:00", "Ilse", "I moved to Lindhaven last week."),
]


@pytest.fixture
def people(qtbot, window: MainWindow, make_jsonl, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The People tab open on the first (best-known) person, after importing the invented chat."""
    with qtbot.waitSignal(window.imported, timeout=TIMEOUT):
        window.start_import(make_jsonl(tmp_path / "people.jsonl", ROWS))
    window.tabs.setCurrentWidget(window.browser)
    browser = window.browser
    view = browser.people
    with qtbot.waitSignal(view.profiled, timeout=TIMEOUT):
        browser.tabs.setCurrentWidget(view)
    return view


def _plain(html: str) -> str:
    """What a person reads in a label (links as their text, no markup)."""
    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText().replace("\xa0", " ")


def _row(view: Any, text: str) -> ValueRow:
    return next(row for row in view.page.rows.values() if text in row.label.text())


def _why(qtbot, view: Any, row: ValueRow) -> list[Any]:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.explained, timeout=TIMEOUT) as blocker:
        row.label.linkActivated.emit("why")  # what clicking the link does
    return blocker.args[1]


def test_people_are_listed_with_counts_and_the_best_known_opens(people) -> None:  # type: ignore[no-untyped-def]
    rows = [people.people.item(i) for i in range(people.people.count())]
    assert [r.data(NameRole) for r in rows] == ["Ilse", "Pell"]
    assert "things known" in rows[0].text() and "3 events" in rows[0].text()
    assert people.page.profile.name == "Ilse" and people.current_person() == "Ilse"


def test_the_page_groups_values_by_kind_in_reading_order(people) -> None:  # type: ignore[no-untyped-def]
    page = people.page
    assert page.headings == [KIND_TITLES[k] for k in ("places", "work", "pets", "activities", "events")]
    shown = [_plain(row.label.text()) for row in page.rows.values()]
    assert "Ilse has a dog named Pip  Why do I know this? · Details" in shown
    assert not any(re.search(r"\b[pfm]-[0-9a-f]{6,}", text) for text in shown)  # sentences, never ids
    assert all(text.endswith(f"{WHY} · Details") for text in shown)


def test_why_shows_the_dated_quote_loaded_off_the_gui_thread(qtbot, people, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    service = people.service
    threads: list[threading.Thread] = []
    real_sources = service.sources

    def sources(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real_sources(*args, **kwargs)

    monkeypatch.setattr(service, "sources", sources)
    row = _row(people, "plays the banjo")
    quotes = _why(qtbot, people, row)
    assert threads and threads[0] is not threading.main_thread()
    assert [q.text for q in quotes] == ["Ilse said on 20 Jun 2024: “I play the banjo in a folk band.”"]
    assert row.quotes.isVisibleTo(people) and "20 Jun 2024" in row.quotes.text() and "I play the banjo" in row.quotes.text()
    row.label.linkActivated.emit("why")  # a second click closes it, with no second lookup
    assert not row.quotes.isVisibleTo(people) and len(threads) == 1


def test_the_timeline_is_in_the_order_things_happened(people) -> None:  # type: ignore[no-untyped-def]
    timeline = [row for row in people.page.rows.values() if row.date is not None]
    assert [row.date.text() for row in timeline] == ["<b>3 May 2024</b>", "<b>14 June 2024</b>", "<b>July 2024</b>"]
    assert "won the regional chess tournament" in timeline[0].label.text() and "on 3 May 2024" not in timeline[0].label.text()
    assert "graduated" in timeline[1].label.text() and "moved to Lindhaven" in timeline[2].label.text()


def test_a_former_home_is_greyed_with_its_flag_after_the_current_one(people) -> None:  # type: ignore[no-untyped-def]
    places = [row for row in people.page.rows.values() if row.value.kind == "places"]
    assert [row.value.value for row in places] == ["Lindhaven", "Brackwater"]
    old = places[1].label.text()
    assert "contradicted by newer evidence: Lindhaven" in old and "color: gray" in old
    assert "color: gray" not in places[0].label.text().split("<small>")[0]


def test_details_opens_the_value_in_the_item_panel(qtbot, people, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    row = _row(people, "works at Fenwold Works")
    with qtbot.waitSignal(window.browser.panel.loaded, timeout=TIMEOUT) as blocker:
        row.label.linkActivated.emit("open")
    assert blocker.args[0].id == row.id and "Fenwold Works" in window.browser.panel.view.toPlainText()


def test_another_person_and_a_reload_keep_what_is_open(qtbot, people, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    row = _row(people, "plays the banjo")
    _why(qtbot, people, row)
    with qtbot.waitSignal(people.explained, timeout=TIMEOUT):  # the store changed: same person, same value open
        window.browser.apply_changes(Changes.of("persona"))
    assert people.current_person() == "Ilse" and people.page.row(row.id).open
    with qtbot.waitSignal(people.profiled, timeout=TIMEOUT) as blocker:
        people.select("pell")
    assert blocker.args[0].name == "Pell" and not people.page.open_ids()
    assert all("Pell" in r.label.text() for r in people.page.rows.values())
