"""The tray: each menu action runs its handler; the app's tray wiring reaches the window."""
from __future__ import annotations

from PySide6.QtGui import QIcon

from remembrancer.ui.tray import Tray, TrayHandlers

TIMEOUT = 10_000


def test_each_action_runs_its_handler_and_the_menu_is_rebuilt_on_show(qtbot) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    handlers = TrayHandlers(
        quick_recall=lambda: calls.append("quick_recall"), open_window=lambda: calls.append("open"),
        import_file=lambda: calls.append("import"), consolidate=lambda: calls.append("consolidate"), quit=lambda: calls.append("quit"),
    )
    tray = Tray(QIcon(), handlers)
    tray.menu.aboutToShow.emit()
    assert [a.text() for a in tray.menu.actions() if a.text()] == [
        "Quick Recall…", "Open Remembrancer", "Import…", "Consolidate Now", "Pause Capture", "Quit",
    ]
    for key in ("quick_recall", "open", "import", "consolidate", "quit"):
        tray.actions[key].trigger()
    assert calls == ["quick_recall", "open", "import", "consolidate", "quit"]

    with qtbot.waitSignal(tray.capture_paused_changed) as paused:
        tray.actions["pause"].trigger()
    assert paused.args == [True] and tray.capture_paused
    tray.menu.aboutToShow.emit()  # the label follows the state
    assert tray.actions["pause"].text() == "Resume Capture"


def test_a_failing_handler_does_not_break_the_tray(qtbot) -> None:  # type: ignore[no-untyped-def]
    def broken() -> None:
        raise RuntimeError("boom")

    tray = Tray(QIcon(), TrayHandlers(broken, broken, broken, broken, broken))
    with qtbot.waitSignal(tray.triggered) as blocker:
        tray.actions["consolidate"].trigger()
    assert blocker.args == ["consolidate"]


def test_app_tray_actions_reach_the_window(qtbot, desktop) -> None:  # type: ignore[no-untyped-def]
    tray = desktop.tray
    assert tray is not None and desktop.window.keep_running_in_tray
    with qtbot.waitSignal(desktop.window.consolidated, timeout=TIMEOUT) as done:
        tray.actions["consolidate"].trigger()
    assert done.args[0].backup
    tray.actions["quick_recall"].trigger()
    assert desktop.popup.isVisible()
    desktop.window.hide()
    tray.actions["open"].trigger()
    assert desktop.window.isVisible()
    tray.actions["pause"].trigger()
    assert desktop.dispatcher.dispatch({"method": "capture_status"}) == {"ok": True, "result": {"paused": True}}


def test_closing_the_window_keeps_the_app_in_the_tray_and_quit_ends_it(qtbot, desktop) -> None:  # type: ignore[no-untyped-def]
    desktop.window.close()
    assert not desktop.window.isVisible()  # hidden, not gone
    with qtbot.waitSignal(desktop.quit_requested, timeout=TIMEOUT):
        desktop.tray.actions["quit"].trigger()
    assert not desktop.window.keep_running_in_tray


def test_starting_in_the_tray_hides_the_window_only_when_a_tray_exists(qtbot, service, runtime_dir) -> None:  # type: ignore[no-untyped-def]
    """The login item starts the app with --in-tray: a tray icon, no window; without a tray the window shows."""
    from remembrancer.ui.desktop import Desktop

    for use_tray, window_shown in ((True, False), (False, True)):
        app = Desktop(service, QIcon(), use_tray=use_tray)
        qtbot.addWidget(app.window)
        qtbot.addWidget(app.popup)
        app.show(in_tray=True)
        assert app.window.isVisible() is window_shown
        app.shutdown()
        app.window.runner.wait(TIMEOUT)
