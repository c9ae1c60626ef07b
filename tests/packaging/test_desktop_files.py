"""The menu entry and the login item are valid desktop entries that run what they say."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from remembrancer.app.autostart import XdgAutostart, desktop_entry, exec_quote

REPO = Path(__file__).resolve().parents[2]
MENU_ENTRY = REPO / "packaging" / "linux" / "remembrancer.desktop"
VALIDATOR = shutil.which("desktop-file-validate")


def unquote_exec(value: str) -> list[str]:
    """Split an Exec value back into arguments, per the desktop entry spec (a reference reader)."""
    value = value.replace("\\\\", "\\")  # the string-type escape comes first
    args: list[str] = []
    current, quoted, had_token, i = "", False, False, 0
    while i < len(value):
        ch = value[i]
        if quoted and ch == "\\" and i + 1 < len(value):
            current += value[i + 1]
            i += 2
            continue
        if ch == '"':
            quoted, had_token = not quoted, True
        elif ch == " " and not quoted:
            if had_token or current:
                args.append(current)
            current, had_token = "", False
        else:
            current += ch
        i += 1
    if had_token or current:
        args.append(current)
    return [a.replace("%%", "%") for a in args]


def validate(path: Path) -> None:
    if VALIDATOR is None:
        pytest.skip("desktop-file-validate not installed (Debian: desktop-file-utils)")
    proc = subprocess.run([VALIDATOR, str(path)], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_menu_entry_is_valid() -> None:
    validate(MENU_ENTRY)


def test_menu_entry_is_generated_from_the_same_template() -> None:
    """The committed file and the login item cannot drift: one function writes both."""
    assert MENU_ENTRY.read_text(encoding="utf-8") == desktop_entry(["remembrancer"], "remembrancer", autostart=False)


def test_login_item_is_valid_even_with_awkward_paths(tmp_path: Path) -> None:
    item = XdgAutostart(tmp_path)
    item.enable(['/opt/my "best" apps/$HOME/100%/back\\slash/remembrancer', "--data-dir", "/data dir"])
    validate(item.path)


@pytest.mark.parametrize(
    "args",
    [
        ["/usr/bin/remembrancer"],
        ["/home/ana/My Apps/remembrancer", "--data-dir", "/srv/data"],
        ['/odd/"quoted"/`tick`/$var/back\\slash/50%/x'],
        ["/x", ""],
    ],
)
def test_exec_quoting_round_trips(args: list[str]) -> None:
    assert unquote_exec(" ".join(exec_quote(a) for a in args)) == args
