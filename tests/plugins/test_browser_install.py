"""Host manifests in the right per-OS place, and the extension's fixed identity."""
from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest

from remembrancer.app.browser_install import (
    CHROMIUM_EXTENSION_ID, EXTENSION_DIR, GECKO_EXTENSION_ID, HOST_NAME, host_executable, install, manifest_dir, uninstall,
)


@pytest.mark.parametrize(
    ("browser", "platform", "expected"),
    [
        ("chromium", "linux", ".config/chromium/NativeMessagingHosts"),
        ("chrome", "linux", ".config/google-chrome/NativeMessagingHosts"),
        ("firefox", "linux", ".mozilla/native-messaging-hosts"),
        ("chrome", "darwin", "Library/Application Support/Google/Chrome/NativeMessagingHosts"),
        ("firefox", "darwin", "Library/Application Support/Mozilla/NativeMessagingHosts"),
    ],
)
def test_manifest_places(tmp_path: Path, browser: str, platform: str, expected: str) -> None:
    assert manifest_dir(browser, tmp_path, platform) == tmp_path / expected


def test_windows_keeps_the_manifest_in_the_data_dir(tmp_path: Path) -> None:
    assert manifest_dir("chrome", tmp_path, "win32", data_dir=tmp_path / "d") == tmp_path / "d" / "browser" / "chrome"


def test_install_and_uninstall(tmp_path: Path) -> None:
    exe = tmp_path / "remembrancer-browser-host"
    chromium = json.loads(install("chromium", exe, home=tmp_path).read_text())
    firefox = json.loads(install("firefox", exe, home=tmp_path).read_text())
    assert chromium == {
        "name": HOST_NAME, "description": chromium["description"], "path": str(exe), "type": "stdio",
        "allowed_origins": [f"chrome-extension://{CHROMIUM_EXTENSION_ID}/"],
    }
    assert firefox["allowed_extensions"] == [GECKO_EXTENSION_ID] and "allowed_origins" not in firefox
    assert uninstall("chromium", home=tmp_path) is not None
    assert uninstall("chromium", home=tmp_path) is None
    assert (tmp_path / ".mozilla/native-messaging-hosts" / f"{HOST_NAME}.json").exists()


def test_a_custom_data_dir_gets_a_launcher(tmp_path: Path) -> None:
    launcher = host_executable(tmp_path / "data", custom_data_dir=True)
    text = launcher.read_text()
    assert "--data-dir" in text and str(tmp_path / "data") in text and launcher.stat().st_mode & 0o100


def test_extension_id_is_derived_from_the_manifest_key() -> None:
    """Chromium's ID is the first 128 bits of SHA-256 of the public key, as letters a-p."""
    manifest = json.loads((EXTENSION_DIR / "manifest.json").read_text())
    digest = hashlib.sha256(base64.b64decode(manifest["key"])).hexdigest()[:32]
    assert "".join(chr(ord("a") + int(c, 16)) for c in digest) == CHROMIUM_EXTENSION_ID
    assert manifest["browser_specific_settings"]["gecko"]["id"] == GECKO_EXTENSION_ID
    assert manifest["manifest_version"] == 3 and "nativeMessaging" in manifest["permissions"]
    for name in ("background.js", "content.js", "detect.js", "panel.html", "panel.js", "popup.html", "popup.js"):
        assert (EXTENSION_DIR / name).exists()


def test_the_bundle_names_the_host_next_to_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Frozen, the host is the bundle's own executable, not whatever `remembrancer-browser-host` is on PATH."""
    import remembrancer.app.browser_install as browser_install

    bundle = tmp_path / "bundle"
    monkeypatch.setattr(browser_install, "is_frozen", lambda: True)
    monkeypatch.setattr(browser_install.sys, "executable", str(bundle / "remembrancer"))
    monkeypatch.setattr(browser_install.shutil, "which", lambda name: "/usr/bin/elsewhere")
    assert host_executable(tmp_path / "data", custom_data_dir=False).parent == bundle
