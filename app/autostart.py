"""Start the app at login: one interface, one implementation per desktop.

The `autostart` setting is the truth; `sync(enabled)` makes the desktop agree
with it, writing or removing the platform's own login item:

- Linux and other XDG desktops: `$XDG_CONFIG_HOME/autostart/remembrancer.desktop`
  (the XDG Autostart spec; GNOME, KDE, Xfce... all read it);
- macOS: a LaunchAgent `~/Library/LaunchAgents/org.remembrancer.app.plist`
  with `RunAtLoad` (launchd loads it at the next login);
- Windows: the value `Remembrancer` under the per-user
  `HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run` key.

Only files and keys we own are touched, and only through these classes, so
turning the setting off removes exactly what turning it on wrote. The command
written is `launch_command()`: the bundle's executable when frozen, else the
venv's `remembrancer` script, so a login item always starts the install that
wrote it. Writes are atomic (temp file + replace): a crash never leaves a
half-written entry that a desktop would refuse or, worse, run.
"""
from __future__ import annotations

import logging
import os
import plistlib
import sys
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from pathlib import Path

from remembrancer.app.resources import APP_ID, ICON_SIZES, is_frozen, resources_dir

logger = logging.getLogger(__name__)

DESKTOP_FILENAME = f"{APP_ID}.desktop"
LAUNCH_AGENT_LABEL = "org.remembrancer.app"
WINDOWS_RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
WINDOWS_VALUE_NAME = "Remembrancer"
AUTOSTART_ARGS: tuple[str, ...] = ("--in-tray",)
"""Extra arguments for the login item: at login the app waits in the tray, window hidden."""


def launch_command() -> list[str]:
    """How to start this very install again, as an argument list."""
    if is_frozen():
        return [sys.executable, *AUTOSTART_ARGS]
    script = Path(sys.executable).with_name("remembrancer.exe" if os.name == "nt" else "remembrancer")
    if script.is_file():
        return [str(script), *AUTOSTART_ARGS]
    return [sys.executable, "-m", "remembrancer.app.cli.main", *AUTOSTART_ARGS]


class Autostart(ABC):
    """A login item for this app on one platform."""

    @abstractmethod
    def is_enabled(self) -> bool:
        """True when our login item exists."""

    @abstractmethod
    def enable(self, command: Sequence[str]) -> None:
        """Write (or rewrite) the login item to run `command`."""

    @abstractmethod
    def disable(self) -> None:
        """Remove our login item; a no-op when there is none."""

    @abstractmethod
    def describe(self) -> str:
        """Where the login item lives, for messages and logs."""


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


# -- XDG (Linux, BSD) ----------------------------------------------------------

_EXEC_RESERVED = set(' \t\n"\'\\><~|&;$*?#()`')


def exec_quote(arg: str) -> str:
    """One argument of a desktop entry's `Exec` key, quoted per the spec.

    Arguments with reserved characters go in double quotes with `"`, `` ` ``,
    `$` and `\\` backslash-escaped; a literal `%` is doubled (field codes).
    The whole value is then a desktop-entry string, whose own escape rule
    doubles every backslash once more.
    """
    arg = arg.replace("%", "%%")
    if arg and not (set(arg) & _EXEC_RESERVED):
        quoted = arg
    else:
        escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
        quoted = f'"{escaped}"'
    return quoted.replace("\\", "\\\\")


def desktop_entry(command: Sequence[str], icon: str, *, autostart: bool) -> str:
    """The text of a `.desktop` file launching `command` (menu entry or login item)."""
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=Remembrancer",
        "GenericName=Personal memory assistant",
        "Comment=Recall what you said and wrote, kept on this computer",
        f"Exec={' '.join(exec_quote(a) for a in command)}",
        f"Icon={icon}",
        "Terminal=false",
        "Categories=Utility;",
        "Keywords=memory;notes;chats;recall;search;",
        "StartupNotify=false" if autostart else "StartupNotify=true",
        f"StartupWMClass={APP_ID}",
    ]
    if autostart:
        lines += ["X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-Delay=10", "X-KDE-autostart-after=panel"]
    return "\n".join(lines) + "\n"


def xdg_config_home(env: Mapping[str, str] | None = None, home: Path | None = None) -> Path:
    """`$XDG_CONFIG_HOME` when absolute (the spec ignores relative values), else `~/.config`."""
    env = os.environ if env is None else env
    value = env.get("XDG_CONFIG_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return (home or Path.home()) / ".config"


def _icon_for_entry() -> str:
    """An absolute icon path when the install has one (no icon theme install needed), else the name."""
    png = resources_dir() / "icons" / f"{max(ICON_SIZES)}x{max(ICON_SIZES)}" / f"{APP_ID}.png"
    return str(png) if png.is_file() else APP_ID


class XdgAutostart(Autostart):
    def __init__(self, config_home: Path | None = None):
        self.path = (config_home or xdg_config_home()) / "autostart" / DESKTOP_FILENAME

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def enable(self, command: Sequence[str]) -> None:
        _write_atomically(self.path, desktop_entry(command, _icon_for_entry(), autostart=True).encode("utf-8"))
        logger.info("autostart entry written: %s", self.path)

    def disable(self) -> None:
        if self.path.exists():
            self.path.unlink()
            logger.info("autostart entry removed: %s", self.path)

    def describe(self) -> str:
        return str(self.path)


# -- macOS ---------------------------------------------------------------------

class LaunchAgentAutostart(Autostart):
    """A per-user LaunchAgent; launchd reads it at login (no `launchctl load` needed)."""

    def __init__(self, home: Path | None = None):
        self.path = (home or Path.home()) / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def enable(self, command: Sequence[str]) -> None:
        agent = {
            "Label": LAUNCH_AGENT_LABEL,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "KeepAlive": False,
            "ProcessType": "Interactive",
        }
        _write_atomically(self.path, plistlib.dumps(agent))
        logger.info("launch agent written: %s", self.path)

    def disable(self) -> None:
        if self.path.exists():
            self.path.unlink()
            logger.info("launch agent removed: %s", self.path)

    def describe(self) -> str:
        return str(self.path)


# -- Windows -------------------------------------------------------------------

def windows_command_line(command: Sequence[str]) -> str:
    """The Run value: a command line as Windows parses it."""
    import subprocess

    return subprocess.list2cmdline(list(command))


class WindowsRunKeyAutostart(Autostart):
    """A value under the per-user Run key (no admin rights, removed with the value)."""

    def is_enabled(self) -> bool:
        import winreg  # type: ignore[import-not-found]  # Windows only

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY) as key:
                winreg.QueryValueEx(key, WINDOWS_VALUE_NAME)
            return True
        except FileNotFoundError:
            return False

    def enable(self, command: Sequence[str]) -> None:
        import winreg  # type: ignore[import-not-found]

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY) as key:
            winreg.SetValueEx(key, WINDOWS_VALUE_NAME, 0, winreg.REG_SZ, windows_command_line(command))
        logger.info("autostart registry value written: %s", self.describe())

    def disable(self) -> None:
        import winreg  # type: ignore[import-not-found]

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, WINDOWS_VALUE_NAME)
        except FileNotFoundError:
            return
        logger.info("autostart registry value removed: %s", self.describe())

    def describe(self) -> str:
        return f"HKCU\\{WINDOWS_RUN_KEY}\\{WINDOWS_VALUE_NAME}"


def for_platform(platform: str | None = None, home: Path | None = None) -> Autostart:
    """The login-item implementation for `platform` (default: this machine's)."""
    platform = platform or sys.platform
    if platform == "darwin":
        return LaunchAgentAutostart(home)
    if platform.startswith("win"):
        return WindowsRunKeyAutostart()
    return XdgAutostart(xdg_config_home(home=home) if home else None)


def sync(enabled: bool, autostart: Autostart | None = None, command: Sequence[str] | None = None) -> bool:
    """Make the login item match the setting; returns whether it is now enabled.

    Enabling always rewrites the entry, so a moved or updated install points
    the login item at itself again.
    """
    autostart = autostart or for_platform()
    if enabled:
        autostart.enable(list(command) if command is not None else launch_command())
    else:
        autostart.disable()
    return autostart.is_enabled()
