"""The hotkey backends, the settings dialog and the retention plot."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtGui import QColor, QKeySequence

from remembrancer.app.service import MemoryService
from remembrancer.app.settings import Settings
from remembrancer.memory.retention_curve import retention_curve
from remembrancer.memory.timeutil import to_iso
from remembrancer.ui.browser.retention_plot import PAST, RetentionPlot
from remembrancer.ui.hotkey import HotkeyError, UnavailableHotkey, hotkey_backend
from remembrancer.ui.hotkey.x11 import parse_sequence
from remembrancer.ui.settings_dialog import SettingsDialog


def test_offscreen_has_no_global_hotkey_and_says_why(qapp) -> None:  # type: ignore[no-untyped-def]
    backend = hotkey_backend()
    assert isinstance(backend, UnavailableHotkey) and not backend.available
    assert "not available" in backend.status
    with pytest.raises(HotkeyError):
        backend.register("Ctrl+Alt+Space")
    backend.unregister()  # harmless


def test_hotkey_sequences_parse_to_x11_names() -> None:
    assert parse_sequence("Ctrl+Alt+Space") == (["ctrl", "alt"], "space")
    assert parse_sequence("Meta+Shift+R") == (["meta", "shift"], "r")
    assert parse_sequence("Ctrl+F5") == (["ctrl"], "F5")
    for bad in ("", "Space", "Hyper+K"):
        with pytest.raises(HotkeyError):
            parse_sequence(bad)


def test_settings_dialog_saves_what_was_changed(qtbot, service: MemoryService) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(service, "Global hotkey not available: test")
    qtbot.addWidget(dialog)
    assert dialog.data_dir.text() == str(service.data_dir) and dialog.data_dir.isReadOnly()
    dialog.user_name.setText("Sam")
    dialog.hour.setValue(4)
    dialog.only_ac.setChecked(False)
    dialog.hotkey.setKeySequence(QKeySequence("Ctrl+Alt+M"))
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    saved = Settings.load(service.data_dir)
    assert (saved.user_name, saved.consolidation_hour, saved.consolidation_only_on_ac, saved.hotkey) == ("Sam", 4, False, "Ctrl+Alt+M")


def test_an_unknown_model_is_refused_and_nothing_changes(qtbot, service: MemoryService) -> None:  # type: ignore[no-untyped-def]
    from remembrancer.ui.workers import TaskRunner

    runner = TaskRunner()
    dialog = SettingsDialog(service, runner=runner)
    qtbot.addWidget(dialog)
    before = service.settings.model
    dialog.model.setCurrentText("no-such-model")
    with qtbot.waitSignal(dialog.model_failed, timeout=10_000) as blocker:
        dialog.save()
    assert "no-such-model" in blocker.args[0]
    assert Settings.load(service.data_dir).model == before
    runner.wait(10_000)


def test_retention_plot_draws_the_curve(qtbot) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2025, 3, 1, tzinfo=timezone.utc)
    plot = RetentionPlot()
    qtbot.addWidget(plot)
    plot.resize(320, 140)
    empty = plot.grab().toImage()
    plot.set_curve(retention_curve(to_iso(now - timedelta(days=40)), to_iso(now - timedelta(days=10)), 1, 90.0, now))
    drawn = plot.grab().toImage()

    def blue_pixels(image) -> int:  # type: ignore[no-untyped-def]
        return sum(
            1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
            if _close(QColor(image.pixel(x, y)), PAST)
        )

    assert blue_pixels(empty) == 0 and blue_pixels(drawn) > 20


def _close(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 60


def test_settings_dialog_saves_the_persons_other_names(qtbot, service: MemoryService) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(service, "Global hotkey not available: test")
    qtbot.addWidget(dialog)
    dialog.owner_aliases.setText(" Ana L. ; ana@example.org;; ")
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    assert Settings.load(service.data_dir).owner_aliases == ["Ana L.", "ana@example.org"]
    again = SettingsDialog(service, "")
    qtbot.addWidget(again)
    assert again.owner_aliases.text() == "Ana L.; ana@example.org"
