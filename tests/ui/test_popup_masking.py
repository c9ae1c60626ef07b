"""The quick-recall popup lists memories with their secrets masked; opening one shows the real text."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.planted_secrets import IBAN, IBAN_MASK, leaked, write_planted

TIMEOUT = 10_000


def test_popup_list_and_answer_hide_secrets(qtbot, desktop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(desktop.window.imported, timeout=TIMEOUT):
        desktop.window.start_import(write_planted(tmp_path / "planted.jsonl"))
    popup = desktop.popup
    shown = ""
    for query in ("Orla's IBAN and card", "Wi-Fi password PIN", "mother's maiden name security answer"):
        with qtbot.waitSignal(popup.answered, timeout=TIMEOUT) as blocker:
            popup.open(query)
        _query, items, line = blocker.args
        assert items and popup.results.count() == len(items)
        shown += popup.answer.text() + line + "".join(popup.results.item(i).text() for i in range(popup.results.count()))
    assert leaked(shown) == [] and IBAN_MASK in shown


def test_opening_the_memory_from_the_popup_shows_it(qtbot, desktop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(desktop.window.imported, timeout=TIMEOUT):
        desktop.window.start_import(write_planted(tmp_path / "planted.jsonl"))
    popup = desktop.popup
    with qtbot.waitSignal(popup.answered, timeout=TIMEOUT) as blocker:
        popup.open("Orla's IBAN and card")
    items = blocker.args[1]
    row = next(i for i, item in enumerate(items) if IBAN_MASK in item.text)  # the message or the fact drawn from it
    popup.results.setCurrentRow(row)
    with qtbot.waitSignal(desktop.window.browser.panel.loaded, timeout=TIMEOUT) as opened:
        qtbot.keyClick(popup.box, Qt.Key.Key_Return)
    assert opened.args[0].id == items[row].id and IBAN in opened.args[0].text
