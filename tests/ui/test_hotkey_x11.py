"""The X11 hotkey backend against a real X server (Xvfb), with key presses sent through XTEST."""
from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from remembrancer.ui.hotkey import HotkeyError

pytest.importorskip("Xlib")
pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb (apt-get install xvfb)")


@pytest.fixture
def display() -> Iterator[str]:
    number = next(n for n in range(150, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    proc = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "640x480x24", "-nolisten", "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            time.sleep(0.05)
        else:
            pytest.skip("Xvfb did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(5)


def _press(display_name: str, sequence: list[str]) -> None:
    from Xlib import XK, X
    from Xlib import display as xdisplay
    from Xlib.ext import xtest

    conn = xdisplay.Display(display_name)
    codes = [conn.keysym_to_keycode(XK.string_to_keysym(name)) for name in sequence]
    for code in codes:
        xtest.fake_input(conn, X.KeyPress, code)
    for code in reversed(codes):
        xtest.fake_input(conn, X.KeyRelease, code)
    conn.sync()
    conn.close()


def test_grabbed_key_fires_and_a_taken_key_is_refused(qtbot, display: str) -> None:  # type: ignore[no-untyped-def]
    from remembrancer.ui.hotkey.x11 import X11Hotkey

    first = X11Hotkey(display)
    first.register("Ctrl+Alt+K")
    try:
        with qtbot.waitSignal(first.activated, timeout=5_000):
            _press(display, ["Control_L", "Alt_L", "k"])
        second = X11Hotkey(display)
        with pytest.raises(HotkeyError, match="already taken"):
            second.register("Ctrl+Alt+K")
        second.unregister()
    finally:
        first.unregister()
