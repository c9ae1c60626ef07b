"""The system tray icon: quick recall, open, import, consolidate, pause capture, quit.

Only when the desktop has a tray (`QSystemTrayIcon.isSystemTrayAvailable()`)
does closing the window leave the app running (Dangerzone does the same); the
menu is rebuilt each time it opens (Vorta's `aboutToShow`), so labels such as
"Pause capture"/"Resume capture" are always current. The tray calls handlers
it is given and knows nothing else about the app.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

logger = logging.getLogger(__name__)


@dataclass
class TrayHandlers:
    quick_recall: Callable[[], None]
    open_window: Callable[[], None]
    import_file: Callable[[], None]
    consolidate: Callable[[], None]
    quit: Callable[[], None]


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


class Tray(QObject):
    """The icon, its menu and the capture-paused state the menu toggles."""

    capture_paused_changed = Signal(bool)
    triggered = Signal(str)  # the action's key, after its handler ran

    def __init__(self, icon: QIcon, handlers: TrayHandlers, parent: QObject | None = None):
        super().__init__(parent)
        self.handlers = handlers
        self.capture_paused = False
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setToolTip("Remembrancer")
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.actions: dict[str, QAction] = {}
        self.rebuild_menu()

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def _entries(self) -> list[tuple[str, str, Callable[[], None]] | None]:
        h = self.handlers
        pause_label = "Resume Capture" if self.capture_paused else "Pause Capture"
        return [
            ("quick_recall", "Quick Recall…", h.quick_recall),
            ("open", "Open Remembrancer", h.open_window),
            ("import", "Import…", h.import_file),
            None,
            ("consolidate", "Consolidate Now", h.consolidate),
            ("pause", pause_label, self.toggle_capture),
            None,
            ("quit", "Quit", h.quit),
        ]

    @Slot()
    def rebuild_menu(self) -> None:
        self.menu.clear()
        self.actions = {}
        for entry in self._entries():
            if entry is None:
                self.menu.addSeparator()
                continue
            key, label, handler = entry
            action = QAction(label, self.menu)
            action.triggered.connect(lambda _checked=False, k=key, fn=handler: self._run(k, fn))
            self.menu.addAction(action)
            self.actions[key] = action

    def _run(self, key: str, handler: Callable[[], None]) -> None:
        try:
            handler()
        except Exception:  # a failing handler must not take the tray (and the app) down
            logger.exception("tray action %s failed", key)
        self.triggered.emit(key)

    def toggle_capture(self) -> None:
        self.capture_paused = not self.capture_paused
        logger.info("capture %s", "paused" if self.capture_paused else "resumed")
        self.capture_paused_changed.emit(self.capture_paused)

    @Slot(QSystemTrayIcon.ActivationReason)
    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:  # a left click
            self._run("open", self.handlers.open_window)
