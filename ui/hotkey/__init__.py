"""Picking the global-hotkey backend for this session (see `ui.hotkey.base`)."""
from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from remembrancer.ui.hotkey.base import HotkeyBackend, HotkeyError, UnavailableHotkey

logger = logging.getLogger(__name__)

__all__ = ["HotkeyBackend", "HotkeyError", "UnavailableHotkey", "hotkey_backend"]


def hotkey_backend(parent: QObject | None = None) -> HotkeyBackend:
    """The backend that can work here, or `UnavailableHotkey` saying why not; never raises."""
    platform = QGuiApplication.platformName()
    if sys.platform.startswith("linux"):
        if platform != "xcb":
            session = os.environ.get("XDG_SESSION_TYPE") or platform
            return UnavailableHotkey(f"the {session} session gives apps no global key grab", parent)
        try:
            from remembrancer.ui.hotkey.x11 import X11Hotkey

            return X11Hotkey(os.environ.get("DISPLAY"), parent)
        except Exception as exc:  # python-xlib missing, no display: say so, do not crash
            logger.info("X11 hotkey backend unavailable: %s", exc)
            return UnavailableHotkey(f"X11 key grab failed ({exc})", parent)
    return UnavailableHotkey(f"no backend for {sys.platform} yet", parent)
