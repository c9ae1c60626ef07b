"""Quick recall: the popup returns results for a query, from its box or over the local socket."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

TIMEOUT = 10_000


def test_popup_returns_results_for_a_query(qtbot, desktop, messages_file: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(desktop.window.imported, timeout=TIMEOUT):
        desktop.window.start_import(messages_file)
    popup = desktop.popup
    assert popup.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    with qtbot.waitSignal(popup.answered, timeout=TIMEOUT) as blocker:
        popup.open()
        qtbot.keyClicks(popup.box, "Berlin")
    query, items, line = blocker.args
    assert query == "Berlin" and items and line
    assert popup.results.count() == len(items)
    levels = [item.level for item in items]
    assert levels == sorted(levels, key=lambda level: {"persona": 0, "fact": 1, "scene": 2, "message": 3}[level])
    assert any("Berlin" in item.text for item in items)
    with qtbot.waitSignal(desktop.window.browser.panel.loaded, timeout=TIMEOUT) as opened:
        qtbot.keyClick(popup.box, Qt.Key.Key_Return)
    assert opened.args[0].id == items[0].id and not popup.isVisible()


def test_popup_over_ipc_shows_the_query(qtbot, desktop, messages_file: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(desktop.window.imported, timeout=TIMEOUT):
        desktop.window.start_import(messages_file)
    with qtbot.waitSignal(desktop.popup.answered, timeout=TIMEOUT) as blocker:
        reply = desktop.dispatcher.dispatch({"method": "popup", "params": {"query": "tomatoes"}})
    assert reply == {"ok": True, "result": True}
    assert desktop.popup.isVisible() and desktop.popup.box.text() == "tomatoes"
    assert any("tomatoes" in item.text for item in blocker.args[1])
    assert desktop.dispatcher.dispatch({"method": "popup", "params": {"query": 3}})["ok"] is False


def test_escape_hides_the_popup(qtbot, desktop) -> None:  # type: ignore[no-untyped-def]
    desktop.popup.open()
    qtbot.keyClick(desktop.popup, Qt.Key.Key_Escape)
    assert not desktop.popup.isVisible()
