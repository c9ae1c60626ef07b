"""The Sources pane (offscreen): listing, pausing, adding; and the app's watcher syncing through the window's store worker."""
from __future__ import annotations

from pathlib import Path

from remembrancer.app.service import MemoryService
from remembrancer.ui.sources import COLUMNS, SourcesPane
from tests.memory.source_helpers import write_note

STATE = COLUMNS.index("State")
ADDED = COLUMNS.index("Added")


def cell(pane: SourcesPane, row: int, column: int) -> str:
    item = pane.table.item(row, column)
    return item.text() if item is not None else ""


def test_the_pane_lists_a_source_and_pauses_and_resumes_it(qtbot, window, service: MemoryService, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vault = (tmp_path / "vault").resolve()
    write_note(vault / "garden.md", "Odile's tomatoes turned red in May.", "Wren planted basil by the shed.")
    service.add_source(vault)  # the window's worker is idle: it finished opening the store
    pane = SourcesPane(service, window.runner)
    qtbot.addWidget(pane)
    qtbot.waitUntil(lambda: pane.table.rowCount() == 1, timeout=10_000)
    assert [cell(pane, 0, c) for c in range(STATE + 1)] == [str(vault), "auto", "watched"]
    assert cell(pane, 0, ADDED) == "2" and cell(pane, 0, COLUMNS.index("Last error")) == ""
    assert not pane.pause_button.isEnabled()  # nothing selected yet

    pane.table.selectRow(0)
    assert pane.pause_button.isEnabled() and pane.pause_button.text() == "Pause"
    with qtbot.waitSignal(pane.shown, timeout=10_000):
        pane.pause_button.click()
    assert cell(pane, 0, STATE) == "paused" and pane.pause_button.text() == "Resume" and not pane.sync_button.isEnabled()
    window.runner.wait(10_000)
    assert service.watched_sources()[0].paused

    with qtbot.waitSignal(pane.shown, timeout=10_000):
        pane.pause_button.click()
    assert cell(pane, 0, STATE) == "watched" and pane.pause_button.text() == "Pause"

    with qtbot.waitSignal(pane.shown, timeout=10_000):
        pane.remove_button.click()
    assert pane.table.rowCount() == 0 and "No watched sources" in pane.status.text()


def test_a_bad_path_is_reported_in_the_pane(qtbot, window, service: MemoryService, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pane = SourcesPane(service, window.runner)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.failed, timeout=10_000) as failed:
        pane.add(tmp_path / "nowhere")
    assert failed.args[0].endswith("nowhere: no such file or folder") and pane.status.text() == failed.args[0]


def test_the_app_watches_a_source_added_in_the_pane_and_redraws_after_a_sync(qtbot, desktop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vault = (tmp_path / "vault").resolve()
    write_note(vault / "garden.md", "Odile's tomatoes turned red in May.")
    desktop.start_watching()
    pane = desktop.show_sources()
    assert pane.isVisible() and desktop.window.sources_action.text() == "&Watched Sources…"
    with qtbot.waitSignal(pane.added, timeout=10_000):
        pane.add(vault)
    qtbot.waitUntil(lambda: pane.table.rowCount() == 1 and desktop.watcher.watching and bool(desktop.watcher.active_sources()), timeout=10_000)
    with qtbot.waitSignal(pane.shown, timeout=10_000):
        pane.refresh()
    assert "imported a moment after they are saved" in pane.status.text()

    with qtbot.waitSignal(desktop.source_bridge.synced, timeout=10_000, check_params_cb=lambda o: o.report.added == 1) as synced:
        write_note(vault / "shed.md", "Bram keeps the kayak paddles in the shed.", heading="Shed")
    assert synced.args[0].source.path == vault
    qtbot.waitUntil(lambda: cell(pane, 0, ADDED) == "1", timeout=5_000)
    desktop.window.runner.wait(10_000)
    assert any("kayak paddles" in m.text for m in desktop.service.messages("note"))
