"""Login items follow the `autostart` setting, on every platform's own terms."""
from __future__ import annotations

import json
import plistlib
import sys
from pathlib import Path

import pytest

from remembrancer.app import autostart
from remembrancer.app.autostart import (
    LaunchAgentAutostart,
    WindowsRunKeyAutostart,
    XdgAutostart,
    for_platform,
    launch_command,
    sync,
    windows_command_line,
    xdg_config_home,
)
from remembrancer.app.cli.main import main
from remembrancer.app.settings import SETTINGS_FILE, Settings


def exec_line(entry: Path) -> str:
    return next(line for line in entry.read_text(encoding="utf-8").splitlines() if line.startswith("Exec="))


def test_xdg_entry_is_written_and_removed(tmp_path: Path) -> None:
    item = XdgAutostart(tmp_path / "config")
    assert not item.is_enabled()
    item.enable(["/opt/remembrancer/remembrancer"])
    assert item.path == tmp_path / "config" / "autostart" / "remembrancer.desktop"
    assert item.is_enabled()
    text = item.path.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n")
    assert "Exec=/opt/remembrancer/remembrancer\n" in text and "X-GNOME-Autostart-enabled=true" in text
    assert not list(item.path.parent.glob("*.tmp"))  # atomic write leaves no temp file
    item.disable()
    assert not item.is_enabled()
    item.disable()  # removing what is not there is fine


def test_enable_rewrites_a_stale_entry(tmp_path: Path) -> None:
    item = XdgAutostart(tmp_path)
    item.enable(["/old/place/remembrancer"])
    item.enable(["/new/place/remembrancer"])
    assert exec_line(item.path) == "Exec=/new/place/remembrancer"


def test_paths_with_spaces_and_percent_are_quoted(tmp_path: Path) -> None:
    item = XdgAutostart(tmp_path)
    item.enable(["/home/ana/My Apps/remembrancer", "--data-dir", "/data/100%"])
    assert exec_line(item.path) == 'Exec="/home/ana/My Apps/remembrancer" --data-dir /data/100%%'


def test_sync_follows_the_setting(tmp_path: Path) -> None:
    item = XdgAutostart(tmp_path)
    assert sync(True, item) is True
    assert exec_line(item.path) == "Exec=" + " ".join(autostart.exec_quote(a) for a in launch_command())
    assert sync(False, item) is False and not item.path.exists()


def test_launch_command_from_source_and_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    command = launch_command()
    assert command[0].endswith("remembrancer") or command[1:3] == ["-m", "remembrancer.app.cli.main"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", "/opt/remembrancer/_internal", raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/remembrancer/remembrancer")
    assert launch_command() == ["/opt/remembrancer/remembrancer", "--in-tray"]  # at login: the tray, no window


def test_xdg_config_home_ignores_relative_values(tmp_path: Path) -> None:
    assert xdg_config_home({"XDG_CONFIG_HOME": str(tmp_path)}, tmp_path / "home") == tmp_path
    assert xdg_config_home({"XDG_CONFIG_HOME": "relative/dir"}, tmp_path / "home") == tmp_path / "home" / ".config"
    assert xdg_config_home({}, tmp_path / "home") == tmp_path / "home" / ".config"


def test_macos_launch_agent(tmp_path: Path) -> None:
    item = for_platform("darwin", home=tmp_path)
    assert isinstance(item, LaunchAgentAutostart)
    item.enable(["/Applications/Remembrancer.app/Contents/MacOS/remembrancer"])
    agent = plistlib.loads(item.path.read_bytes())
    assert item.path.parent == tmp_path / "Library" / "LaunchAgents"
    assert agent["RunAtLoad"] is True and agent["Label"] == autostart.LAUNCH_AGENT_LABEL
    assert agent["ProgramArguments"] == ["/Applications/Remembrancer.app/Contents/MacOS/remembrancer"]
    item.disable()
    assert not item.is_enabled()


def test_windows_uses_the_run_key_with_a_quoted_command_line() -> None:
    assert isinstance(for_platform("win32"), WindowsRunKeyAutostart)
    assert isinstance(for_platform("linux"), XdgAutostart)
    line = windows_command_line([r"C:\Program Files\Remembrancer\remembrancer.exe", "--data-dir", r"D:\mem"])
    assert line == r'"C:\Program Files\Remembrancer\remembrancer.exe" --data-dir D:\mem'


def test_settings_default_off_and_round_trip(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    assert settings.autostart is False
    settings.autostart = True
    settings.save()
    assert Settings.load(tmp_path).autostart is True


def test_cli_turns_autostart_on_and_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(sys, "platform", "linux")
    data = tmp_path / "data"
    entry = tmp_path / "config" / "autostart" / "remembrancer.desktop"

    assert main(["--data-dir", str(data), "autostart", "on"]) == 0
    assert entry.is_file()
    assert json.loads((data / SETTINGS_FILE).read_text(encoding="utf-8"))["autostart"] is True

    capsys.readouterr()
    assert main(["--data-dir", str(data), "autostart", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"setting": True, "login_item": True, "where": str(entry)}

    entry.unlink()  # the user removed it by hand: status says so
    assert main(["--data-dir", str(data), "autostart"]) == 0
    assert "does not match" in capsys.readouterr().out

    assert main(["--data-dir", str(data), "autostart", "off"]) == 0
    assert not entry.exists()
    assert Settings.load(data).autostart is False


def test_the_desktop_settings_switch_writes_the_login_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The GUI changes settings through the service; the login item must follow."""
    from remembrancer.app.context import AppContext
    from remembrancer.app.service import MemoryService

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(sys, "platform", "linux")
    entry = tmp_path / "config" / "autostart" / "remembrancer.desktop"
    service = MemoryService(AppContext(tmp_path / "data"))
    service.update_settings(autostart=True)
    assert entry.is_file() and Settings.load(tmp_path / "data").autostart is True
    service.update_settings(default_k=7)  # another setting leaves the login item alone
    assert entry.is_file()
    service.update_settings(autostart=False)
    assert not entry.exists()
