from __future__ import annotations

import json
from pathlib import Path

import pytest

from remembrancer.app.context import AppContext
from remembrancer.app.settings import SETTINGS_FILE, Settings, platform_dirs, resolve_data_dir


def test_data_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resolve_data_dir(None) == Path(platform_dirs().user_data_dir)
    monkeypatch.setenv("REMEMBRANCER_HOME", str(tmp_path / "from-env"))
    assert resolve_data_dir(None) == tmp_path / "from-env"
    assert resolve_data_dir(tmp_path / "from-flag") == tmp_path / "from-flag"


def test_defaults_and_round_trip_keep_unknown_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REMEMBRANCER_EMBEDDER")
    fresh = Settings.load(tmp_path)
    assert (fresh.embedder, fresh.default_k, fresh.log_level, fresh.schema_version) == ("minilm", 10, "INFO", 1)
    assert fresh.log_dir == tmp_path / "logs"

    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"default_k": 5, "future_option": {"x": 1}}), encoding="utf-8")
    loaded = Settings.load(tmp_path)
    assert loaded.default_k == 5 and loaded.extra == {"future_option": {"x": 1}}
    loaded.save()
    saved = json.loads((tmp_path / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert saved["future_option"] == {"x": 1} and saved["default_k"] == 5 and saved["schema_version"] == 1


def test_embedder_env_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"embedder": "minilm"}), encoding="utf-8")
    monkeypatch.setenv("REMEMBRANCER_EMBEDDER", "fake")
    assert Settings.load(tmp_path).embedder == "fake"


def test_broken_settings_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="settings file is not valid JSON"):
        Settings.load(tmp_path)


def test_context_opens_memory_lazily_and_logs_in_the_data_dir(tmp_path: Path) -> None:
    ctx = AppContext(tmp_path / "d")
    assert (tmp_path / "d" / "logs").is_dir()
    assert ctx._memory is None
    memory = ctx.memory()
    assert ctx.memory() is memory and memory.embedder.name == "fake-hash-64"
    ctx.close()
    assert ctx._memory is None


def test_broken_settings_file_is_bad_input_naming_file_and_line(tmp_path, capsys):
    from remembrancer.app.cli.main import main

    (tmp_path / "settings.json").write_text('{\n  "embedder": "fake",\n  oops\n}\n', encoding="utf-8")
    assert main(["--data-dir", str(tmp_path), "stats"]) == 2
    assert f"{tmp_path / 'settings.json'}:3:" in capsys.readouterr().err
