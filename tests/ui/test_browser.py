"""The memory browser: level tabs, item detail with retention plot, pin, edit, forget, conflicts."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from remembrancer.app.service import Changes
from remembrancer.memory.timeutil import to_iso, utc_now
from remembrancer.ui.browser import item_panel
from remembrancer.ui.browser.browser import IdRole
from remembrancer.ui.main_window import MainWindow

TIMEOUT = 10_000


@pytest.fixture
def browsing(qtbot, window: MainWindow, messages_file: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.imported, timeout=TIMEOUT):
        window.start_import(messages_file)
    window.tabs.setCurrentWidget(window.browser)
    return window


def _open_tab(qtbot, window: MainWindow, kind: str) -> int:  # type: ignore[no-untyped-def]
    browser = window.browser
    with qtbot.waitSignal(browser.listed, timeout=TIMEOUT, check_params_cb=lambda k, _n: k == kind) as blocker:
        browser.tabs.setCurrentWidget(browser.lists[kind])
    return blocker.args[1]


def _select_first(qtbot, window: MainWindow, kind: str):  # type: ignore[no-untyped-def]
    widget = window.browser.lists[kind]
    with qtbot.waitSignal(window.browser.panel.loaded, timeout=TIMEOUT) as blocker:
        widget.setCurrentRow(0)
    return blocker.args[0]


def test_tabs_list_every_level_and_the_item_shows_sources_and_curve(qtbot, browsing: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert _open_tab(qtbot, browsing, "messages") == 5
    assert _open_tab(qtbot, browsing, "facts") > 0
    detail = _select_first(qtbot, browsing, "facts")
    panel = browsing.browser.panel
    assert detail.level == "fact" and detail.sources
    text = panel.view.toPlainText()
    assert "Why do I know this?" in text and detail.source_messages[0].text in text
    assert panel.plot.curve is detail.curve and detail.curve.past and detail.curve.projected
    assert panel.edit_button.isEnabled() and panel.forget_button.isEnabled()


def test_forget_from_the_browser_archives_the_item(qtbot, browsing: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    count = _open_tab(qtbot, browsing, "facts")
    detail = _select_first(qtbot, browsing, "facts")
    monkeypatch.setattr(item_panel, "choose_forget", lambda parent, text: "soft")
    browser = browsing.browser
    with qtbot.waitSignal(browser.listed, timeout=TIMEOUT, check_params_cb=lambda k, _n: k == "facts") as relisted:
        qtbot.mouseClick(browser.panel.forget_button, Qt.MouseButton.LeftButton)
    assert relisted.args[1] == count - 1
    remaining = {browser.lists["facts"].item(i).data(IdRole) for i in range(browser.lists["facts"].count())}
    assert detail.id not in remaining
    qtbot.waitUntil(lambda: browser.panel.detail is not None and browser.panel.detail.state == "forgotten", timeout=TIMEOUT)
    assert not browser.panel.forget_button.isEnabled()


def test_hard_forget_deletes_for_good(qtbot, browsing: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _open_tab(qtbot, browsing, "messages")
    detail = _select_first(qtbot, browsing, "messages")
    monkeypatch.setattr(item_panel, "choose_forget", lambda parent, text: "hard")
    panel = browsing.browser.panel
    with qtbot.waitSignal(panel.changed, timeout=TIMEOUT):
        panel.ask_forget()
    assert "Deleted for good" in panel.view.toPlainText()
    assert detail.id not in {m.id for m in browsing.service.messages()}


def test_cancelled_forget_changes_nothing(qtbot, browsing: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    count = _open_tab(qtbot, browsing, "facts")
    _select_first(qtbot, browsing, "facts")
    monkeypatch.setattr(item_panel, "choose_forget", lambda parent, text: None)
    browsing.browser.panel.ask_forget()
    browsing.runner.wait(TIMEOUT)
    assert len(browsing.service.facts()) == count


def test_pin_and_edit(qtbot, browsing: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _open_tab(qtbot, browsing, "facts")
    detail = _select_first(qtbot, browsing, "facts")
    panel = browsing.browser.panel
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT) as reloaded:
        panel.pin_button.click()
    assert reloaded.args[0].pinned and panel.pin_button.text() == "Unpin" and reloaded.args[0].retention == 1.0
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT) as edited:
        panel.apply_edit("Wren lives in Berlin now")
    assert edited.args[0].id == detail.id and edited.args[0].text == "Wren lives in Berlin now"


def test_conflict_queue_keep_b(qtbot, browsing: MainWindow) -> None:  # type: ignore[no-untyped-def]
    db = browsing.service.ctx.memory().db
    rows = [r for (r,) in db.execute("SELECT rowid FROM facts ORDER BY rowid LIMIT 2")]
    if len(rows) < 2:
        pytest.skip("fewer than two facts extracted")
    db.execute("INSERT INTO conflicts (fact_a, fact_b, reason, created_at) VALUES (?, ?, 'same day', ?)", [rows[0], rows[1], to_iso(utc_now())])
    browser = browsing.browser
    with qtbot.waitSignal(browser.conflicts.loaded, timeout=TIMEOUT) as loaded:
        browser.tabs.setCurrentWidget(browser.conflicts)
    assert loaded.args[0] == 1 and "Conflicts (1)" in browser.tabs.tabText(browser.tabs.indexOf(browser.conflicts))
    conflict_id = browser.conflicts.conflicts[0].id
    with qtbot.waitSignal(browser.conflicts.loaded, timeout=TIMEOUT) as reloaded:  # redrawn from what resolving changed
        with qtbot.waitSignal(browser.conflicts.resolved, timeout=TIMEOUT) as resolved:
            browser.conflicts.buttons[(conflict_id, "B")].click()
    assert resolved.args[:2] == [conflict_id, "B"] and resolved.args[2].touches("conflict", "fact")
    assert reloaded.args[0] == 0 and browser.tabs.tabText(browser.tabs.indexOf(browser.conflicts)) == "Conflicts"
    assert browsing.service.conflicts() == []


def test_a_change_redraws_only_the_views_showing_what_changed(qtbot, browsing: MainWindow) -> None:  # type: ignore[no-untyped-def]
    browser = browsing.browser
    _open_tab(qtbot, browsing, "messages")
    _open_tab(qtbot, browsing, "facts")
    with qtbot.assertNotEmitted(browser.listed, wait=300):
        browser.apply_changes(Changes.of("scene"))  # another list: reloaded only when shown
        browser.apply_changes(Changes())
    with qtbot.waitSignal(browser.listed, timeout=TIMEOUT, check_params_cb=lambda k, _n: k == "facts"):
        browser.apply_changes(Changes.of("fact"))
    with qtbot.waitSignal(browser.listed, timeout=TIMEOUT, check_params_cb=lambda k, _n: k == "scenes"):
        browser.tabs.setCurrentWidget(browser.lists["scenes"])  # the scene change waited for its tab
    with qtbot.assertNotEmitted(browser.listed, wait=300):
        browser.tabs.setCurrentWidget(browser.lists["messages"])  # drawn before, and no message changed since
    with qtbot.assertNotEmitted(browser.listed, wait=300):
        browser.tabs.setCurrentWidget(browser.lists["facts"])  # drawn after its change: not again


def test_thats_right_confirms_the_memory_shown(qtbot, browsing: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _open_tab(qtbot, browsing, "facts")
    detail = _select_first(qtbot, browsing, "facts")
    panel = browsing.browser.panel
    assert panel.confirm_button.isEnabled()
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT) as reloaded:
        panel.confirm_button.click()
    assert reloaded.args[0].id == detail.id and reloaded.args[0].reviews == detail.reviews + 1


def test_the_status_bar_counts_again_after_a_forget(qtbot, browsing: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _open_tab(qtbot, browsing, "facts")
    _select_first(qtbot, browsing, "facts")
    before = browsing.stats.levels["fact"]
    monkeypatch.setattr(item_panel, "choose_forget", lambda parent, text: "soft")
    browsing.browser.panel.ask_forget()
    qtbot.waitUntil(lambda: browsing.stats.levels["fact"] == before - 1, timeout=TIMEOUT)
    assert f"{before - 1:,} facts" in browsing.counts.text()
