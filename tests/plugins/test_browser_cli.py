"""`remembrancer browser install|uninstall|pair|log` through the CLI entry point."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from remembrancer.app.browser_log import BrowserLog
from remembrancer.app.browser_pairing import Pairings
from remembrancer.app.cli.main import main
from tests.plugins.host_helpers import KEY, ORIGIN


def test_install_and_uninstall_write_under_home(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "browser", "install", "--browser", "chromium", "--browser", "firefox"]) == 0
    chromium = tmp_path / "home/.config/chromium/NativeMessagingHosts/org.remembrancer.browser_host.json"
    manifest = json.loads(chromium.read_text())
    assert Path(manifest["path"]).name == "host-launcher.sh"  # a custom data dir is pinned by a launcher
    assert (tmp_path / "home/.mozilla/native-messaging-hosts/org.remembrancer.browser_host.json").exists()
    assert main(["--data-dir", str(data_dir), "browser", "uninstall", "--browser", "chromium"]) == 0
    assert not chromium.exists()
    assert "removed" in capsys.readouterr().out


def test_pair_list_approve_revoke(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = Pairings(data_dir).request(ORIGIN, KEY, "Chromium").code
    assert main(["--data-dir", str(data_dir), "browser", "pair", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pending"][0]["code"] == code
    assert main(["--data-dir", str(data_dir), "browser", "pair", "--approve", code]) == 0
    assert f"Paired {ORIGIN}" in capsys.readouterr().out
    assert Pairings(data_dir).is_paired(ORIGIN, KEY)
    assert main(["--data-dir", str(data_dir), "browser", "pair", "--revoke", ORIGIN]) == 0
    assert not Pairings(data_dir).is_paired(ORIGIN, KEY)


def test_approving_an_unknown_code_exits_2(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "browser", "pair", "--approve", "999-999"]) == 2
    assert "no pending pairing request has code 999-999" in capsys.readouterr().err


def test_log_shows_offers_and_fills_without_values(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from remembrancer.memory.autofill.types import FieldSuggestion

    log = BrowserLog(data_dir)
    log.offered("http://127.0.0.1:8000", [FieldSuggestion("first", "Ana", 0.9, ["p-1"]), FieldSuggestion("pw", None, reason="never filled")])
    log.filled("http://127.0.0.1:8000", ["first"], [])
    assert main(["--data-dir", str(data_dir), "browser", "log"]) == 0
    out = capsys.readouterr().out
    assert "offered  http://127.0.0.1:8000  first  (none for: pw)" in out and "filled   http://127.0.0.1:8000  first" in out
    assert "Ana" not in out
    assert main(["--data-dir", str(data_dir), "browser", "log", "--json", "--limit", "1"]) == 0
    assert [e["event"] for e in json.loads(capsys.readouterr().out)] == ["filled"]
    assert main(["--data-dir", str(data_dir), "browser", "log", "--limit", "0"]) == 2
