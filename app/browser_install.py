"""Writing (and removing) the native messaging host manifests.

A browser starts `remembrancer-browser-host` only when a manifest with this
host's name lists the calling extension. Where the manifest goes depends on
the browser and the OS (per-user locations, no admin rights needed):

| browser  | Linux                                        | macOS                                                        |
| -------- | -------------------------------------------- | ------------------------------------------------------------ |
| chromium | ~/.config/chromium/NativeMessagingHosts/      | ~/Library/Application Support/Chromium/NativeMessagingHosts/ |
| chrome   | ~/.config/google-chrome/NativeMessagingHosts/ | ~/Library/Application Support/Google/Chrome/NativeMessagingHosts/ |
| firefox  | ~/.mozilla/native-messaging-hosts/            | ~/Library/Application Support/Mozilla/NativeMessagingHosts/  |

On Windows the manifest file can live anywhere (here: the data dir's
`browser/` folder) and the registry key
`HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\<name>` (Chromium:
`HKCU\\Software\\Chromium\\...`, Firefox: `HKCU\\Software\\Mozilla\\...`)
holds its path as the default value.

The extension's identity is fixed: Chromium derives the ID from the public
`key` in the extension's manifest.json (so an unpacked copy has the same ID),
Firefox uses the gecko id. Those two are the only callers the host accepts.
"""
from __future__ import annotations

import json
import logging
import shutil
import stat
import sys
from pathlib import Path

from remembrancer.app.resources import is_frozen

logger = logging.getLogger(__name__)

HOST_NAME = "org.remembrancer.browser_host"
HOST_SCRIPT = "remembrancer-browser-host"
CHROMIUM_EXTENSION_ID = "gffhdgoadccbkkdnnplcgpiaeaoonann"   # from the `key` in extension/manifest.json
GECKO_EXTENSION_ID = "browser-autofill@remembrancer.org"
BROWSERS = ("chromium", "chrome", "firefox")
EXTENSION_DIR = Path(__file__).resolve().parent.parent / "plugins" / "browser_autofill" / "extension"

_LINUX = {"chromium": ".config/chromium/NativeMessagingHosts", "chrome": ".config/google-chrome/NativeMessagingHosts", "firefox": ".mozilla/native-messaging-hosts"}
_MACOS = {
    "chromium": "Library/Application Support/Chromium/NativeMessagingHosts",
    "chrome": "Library/Application Support/Google/Chrome/NativeMessagingHosts",
    "firefox": "Library/Application Support/Mozilla/NativeMessagingHosts",
}
_WINDOWS_KEYS = {"chromium": r"Software\Chromium", "chrome": r"Software\Google\Chrome", "firefox": r"Software\Mozilla"}


def allowed_origins() -> set[str]:
    """Who may talk to the host: the Chromium origin and the Firefox extension id."""
    return {f"chrome-extension://{CHROMIUM_EXTENSION_ID}/", GECKO_EXTENSION_ID}


def host_manifest(browser: str, executable: Path) -> dict[str, object]:
    manifest: dict[str, object] = {
        "name": HOST_NAME,
        "description": "Remembrancer browser autofill (native messaging host)",
        "path": str(executable),
        "type": "stdio",
    }
    if browser == "firefox":
        manifest["allowed_extensions"] = [GECKO_EXTENSION_ID]
    else:
        manifest["allowed_origins"] = [f"chrome-extension://{CHROMIUM_EXTENSION_ID}/"]
    return manifest


def manifest_dir(browser: str, home: Path | None = None, platform: str = sys.platform, data_dir: Path | None = None) -> Path:
    """Where `browser` looks for per-user host manifests on `platform`."""
    if browser not in BROWSERS:
        raise ValueError(f"unknown browser {browser!r} (choose from {', '.join(BROWSERS)})")
    home = home or Path.home()
    if platform.startswith("linux"):
        return home / _LINUX[browser]
    if platform == "darwin":
        return home / _MACOS[browser]
    if platform == "win32":
        if data_dir is None:
            raise ValueError("on Windows the manifest is kept in the data dir; pass data_dir")
        return data_dir / "browser" / browser
    raise ValueError(f"native messaging is not set up for platform {platform!r}")


def host_executable(data_dir: Path, custom_data_dir: bool) -> Path:
    """The program the manifest names: the console script, or a launcher pinning the data dir.

    Browsers pass no environment of ours, so a data dir other than the
    default one is baked into a small launcher script next to the log.
    """
    beside = Path(sys.executable).with_name(HOST_SCRIPT + (".exe" if sys.platform == "win32" else ""))
    # In the desktop bundle the host is the executable next to the app; from a
    # source install, the console script on PATH (else the venv's).
    script = str(beside) if is_frozen() else (shutil.which(HOST_SCRIPT) or str(beside))
    if not custom_data_dir:
        return Path(script)
    folder = data_dir / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":
        launcher = folder / "host-launcher.bat"
        launcher.write_text(f'@echo off\r\n"{script}" --data-dir "{data_dir}" %*\r\n', encoding="utf-8")
        return launcher
    launcher = folder / "host-launcher.sh"
    launcher.write_text(f'#!/bin/sh\nexec "{script}" --data-dir "{data_dir}" "$@"\n', encoding="utf-8")
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP)
    return launcher


def install(browser: str, executable: Path, home: Path | None = None, data_dir: Path | None = None) -> Path:
    """Write the host manifest for `browser`; returns its path."""
    folder = manifest_dir(browser, home, data_dir=data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{HOST_NAME}.json"
    path.write_text(json.dumps(host_manifest(browser, executable), indent=2) + "\n", encoding="utf-8")
    if sys.platform == "win32":
        _set_registry(browser, path)
    logger.info("native messaging host manifest for %s written to %s", browser, path)
    return path


def uninstall(browser: str, home: Path | None = None, data_dir: Path | None = None) -> Path | None:
    """Remove the host manifest for `browser`; returns the removed path, None when there was none."""
    path = manifest_dir(browser, home, data_dir=data_dir) / f"{HOST_NAME}.json"
    if sys.platform == "win32":
        _delete_registry(browser)
    if not path.exists():
        return None
    path.unlink()
    logger.info("native messaging host manifest for %s removed from %s", browser, path)
    return path


def _set_registry(browser: str, manifest: Path) -> None:  # pragma: no cover - Windows only
    import winreg

    with winreg.CreateKey(winreg.HKEY_CURRENT_USER, rf"{_WINDOWS_KEYS[browser]}\NativeMessagingHosts\{HOST_NAME}") as key:
        winreg.SetValueEx(key, "", 0, winreg.REG_SZ, str(manifest))


def _delete_registry(browser: str) -> None:  # pragma: no cover - Windows only
    import winreg

    try:
        winreg.DeleteKey(winreg.HKEY_CURRENT_USER, rf"{_WINDOWS_KEYS[browser]}\NativeMessagingHosts\{HOST_NAME}")
    except FileNotFoundError:
        pass


__all__ = ["BROWSERS", "HOST_NAME", "allowed_origins", "host_executable", "install", "manifest_dir", "uninstall"]
