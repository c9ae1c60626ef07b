"""Citations and quick-recall rows say who said what on which day, never memory ids; no word is cut in half."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from remembrancer.app.service import Answer, Citation, MemoryService
from remembrancer.ui.chat.render import Turn, citation_html
from remembrancer.ui.main_window import MainWindow

TIMEOUT = 10_000
ROWS = [
    ("allotment", "a-1", "2024-04-06T09:00:00", "Berit", "I finally got a plot at the community allotment behind the library."),
    ("allotment", "a-2", "2024-04-06T09:03:00", "Joaquim", "Congratulations! I grow leeks and runner beans on mine."),
    ("allotment", "a-3", "2024-04-07T18:10:00", "Berit", "I planted three rows of potatoes at the allotment today."),
]
ID_LIKE = re.compile(r"\b(?:f|p|m)-[0-9a-f]{6,}\b")
SAID = re.compile(r"(Berit|Joaquim|you) said on \d{1,2} Apr 2024: “[^”]+”")


@pytest.fixture
def imported(qtbot, window: MainWindow, make_jsonl, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.imported, timeout=TIMEOUT):
        window.start_import(make_jsonl(tmp_path / "garden.jsonl", ROWS))
    return window


def _fact_citations(service: MemoryService) -> list[Citation]:
    facts = service.facts()
    assert facts, "the rules extractor found no facts in the invented chat"
    return [Citation(f.id, f.text, list(f.sources)) for f in facts[:3]]


def test_chat_citations_show_the_sentence_and_day(qtbot, imported: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = imported
    citations = _fact_citations(window.service)

    def ask(question: str, quick: bool = False, on_token: Any = None, cancel: Any = None) -> Answer:
        on_token("Berit has an allotment plot.")
        return Answer(question, "Berit has an allotment plot.", citations, model="fake")

    monkeypatch.setattr(window.service, "ask", ask)
    chat = window.chat
    qtbot.keyClicks(chat.input, "What does Berit grow?")
    with qtbot.waitSignal(chat.origins_shown, timeout=TIMEOUT):
        chat.send()
    text = chat.transcript.toPlainText()
    assert SAID.search(text), text
    assert not ID_LIKE.search(text), text  # ids stay in the links, never in what is read


def test_popup_rows_say_where_a_fact_comes_from(qtbot, desktop, make_jsonl, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(desktop.window.imported, timeout=TIMEOUT):
        desktop.window.start_import(make_jsonl(tmp_path / "garden.jsonl", ROWS))
    popup = desktop.popup
    with qtbot.waitSignal(popup.answered, timeout=TIMEOUT) as blocker:
        popup.open()
        qtbot.keyClicks(popup.box, "allotment potatoes")
    _query, items, _line = blocker.args
    rows = [popup.results.item(i).text() for i in range(popup.results.count())]
    derived = [row for row, item in zip(rows, items) if item.level != "message"]
    assert derived, rows
    assert all(SAID.search(row.split("\n", 1)[1]) for row in derived), derived
    assert not any(ID_LIKE.search(row) for row in rows)


def test_a_long_citation_is_cut_after_a_whole_word() -> None:
    long = "Berit " + "carefully " * 30 + "planted potatoes."
    html = citation_html([Citation("f-1", long)], {"f-1": "Berit said on 7 Apr 2024: “I planted three rows.”"})
    label = re.search(r"\[1\] ([^<]+)</a>", html).group(1)
    assert label.endswith("…") and len(label) <= 140
    assert all(word in ("Berit", "carefully") for word in label[:-1].split())
    assert "Berit said on 7 Apr 2024" in html
    assert Turn("q").origins == {}
