"""The global-hotkey interface: one backend per platform, or a clear "not available".

A global hotkey needs the window system's cooperation: X11 lets a client grab
a key on the root window; Wayland does not (only through the desktop portal's
GlobalShortcuts, which few desktops offer yet); Windows and macOS have their
own APIs. Each backend says whether it works here and, if not, why, so the
settings dialog can show that instead of a hotkey that silently never fires.
"""
from __future__ import annotations

import logging
from abc import abstractmethod

from PySide6.QtCore import QObject, Signal

logger = logging.getLogger(__name__)


class HotkeyError(Exception):
    """The hotkey could not be registered (taken by another app, unknown key...)."""


class HotkeyBackend(QObject):
    """Registers one global key sequence; `activated` is emitted on the GUI thread."""

    activated = Signal()
    name = "none"

    @property
    @abstractmethod
    def available(self) -> bool:
        """Whether this backend can work in this session."""

    @property
    def status(self) -> str:
        """One line for the settings dialog."""
        return f"global hotkey via {self.name}" if self.available else "global hotkey not available"

    @abstractmethod
    def register(self, sequence: str) -> None:
        """Grab `sequence` (Qt's portable text, e.g. "Ctrl+Alt+Space"); raises `HotkeyError`."""

    @abstractmethod
    def unregister(self) -> None:
        """Release the grab; safe to call when nothing is registered."""


class UnavailableHotkey(HotkeyBackend):
    """Where no backend works: registering is refused with the reason."""

    name = "unavailable"

    def __init__(self, reason: str, parent: QObject | None = None):
        super().__init__(parent)
        self.reason = reason

    @property
    def available(self) -> bool:
        return False

    @property
    def status(self) -> str:
        return f"Global hotkey not available: {self.reason}. Use the tray icon or `remembrancer recall --popup`."

    def register(self, sequence: str) -> None:
        raise HotkeyError(self.status)

    def unregister(self) -> None:
        return None
