"""The X11 global hotkey: `XGrabKey` on the root window (python-xlib).

The grab is made once per modifier variant (with and without Caps Lock and
Num Lock, which X counts as modifiers), checked synchronously so a key taken by
another app is reported as a `HotkeyError` rather than never firing. A daemon
thread waits on the display's socket and emits `activated`, which Qt queues to
the GUI thread. It works wherever an X server is (Xorg, XWayland windows do
not receive global keys).
"""
from __future__ import annotations

import logging
import select
import threading

from PySide6.QtCore import QObject

from remembrancer.ui.hotkey.base import HotkeyBackend, HotkeyError

logger = logging.getLogger(__name__)

# Qt key names whose X keysym name differs.
_KEY_NAMES = {"space": "space", "enter": "Return", "return": "Return", "esc": "Escape", "escape": "Escape", "tab": "Tab",
              "backspace": "BackSpace", "del": "Delete", "delete": "Delete", "ins": "Insert", "insert": "Insert",
              "pgup": "Prior", "pgdown": "Next", "home": "Home", "end": "End", "left": "Left", "right": "Right", "up": "Up", "down": "Down"}


def parse_sequence(sequence: str) -> tuple[list[str], str]:
    """("Ctrl+Alt+Space") -> (["ctrl", "alt"], "space"): modifiers and the X keysym name."""
    parts = [p.strip() for p in sequence.replace(" ", "").split("+") if p.strip()]
    if not parts:
        raise HotkeyError("the hotkey is empty")
    *mods, key = parts
    known = {"ctrl", "alt", "shift", "meta", "super"}
    lowered = [m.lower() for m in mods]
    unknown = [m for m in lowered if m not in known]
    if unknown:
        raise HotkeyError(f"unknown modifier {unknown[0]!r} in {sequence!r}")
    if not lowered:
        raise HotkeyError(f"a global hotkey needs a modifier (Ctrl, Alt, Shift or Meta): {sequence!r}")
    name = _KEY_NAMES.get(key.lower(), key if len(key) > 1 else key.lower())
    return lowered, name


class X11Hotkey(HotkeyBackend):
    name = "X11"

    def __init__(self, display_name: str | None, parent: QObject | None = None):
        super().__init__(parent)
        from Xlib import X, display, error

        self._X, self._error = X, error
        self.display = display.Display(display_name)  # raises when there is no X server
        self.root = self.display.screen().root
        self._grabs: list[tuple[int, int]] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def available(self) -> bool:
        return True

    def _mask(self, mods: list[str]) -> int:
        X = self._X
        masks = {"ctrl": X.ControlMask, "alt": X.Mod1Mask, "shift": X.ShiftMask, "meta": X.Mod4Mask, "super": X.Mod4Mask}
        value = 0
        for mod in mods:
            value |= masks[mod]
        return value

    def register(self, sequence: str) -> None:
        from Xlib import XK

        self.unregister()
        mods, key_name = parse_sequence(sequence)
        keysym = XK.string_to_keysym(key_name)
        keycode = self.display.keysym_to_keycode(keysym) if keysym else 0
        if not keycode:
            raise HotkeyError(f"no key {key_name!r} on this keyboard")
        X = self._X
        catch = self._error.CatchError(self._error.BadAccess)
        mask = self._mask(mods)
        for extra in (0, X.LockMask, X.Mod2Mask, X.LockMask | X.Mod2Mask):
            self.root.grab_key(keycode, mask | extra, True, X.GrabModeAsync, X.GrabModeAsync, onerror=catch)
            self._grabs.append((keycode, mask | extra))
        self.display.sync()
        if catch.get_error():
            self.unregister()
            raise HotkeyError(f"{sequence} is already taken by another application")
        self._stop.clear()
        self._thread = threading.Thread(target=self._listen, name="x11-hotkey", daemon=True)
        self._thread.start()
        logger.info("global hotkey %s registered (X11)", sequence)

    def _listen(self) -> None:
        X = self._X
        while not self._stop.is_set():
            readable, _, _ = select.select([self.display.fileno()], [], [], 0.25)
            if not readable:
                continue
            while self.display.pending_events():
                event = self.display.next_event()
                if event.type == X.KeyPress:
                    self.activated.emit()  # queued to the GUI thread

    def unregister(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join(2.0)
            self._thread = None
        for keycode, mask in self._grabs:
            self.root.ungrab_key(keycode, mask)
        if self._grabs:
            self.display.sync()
        self._grabs = []
