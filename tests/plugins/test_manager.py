"""The plugin manager: built-ins, enabled-only entry-point plugins, isolation, secrets."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from remembrancer.app.context import AppContext
from remembrancer.app.plugins import Plugins
from remembrancer.memory import Memory
from remembrancer.memory.errors import InputError
from tests.helpers import write_chat
from tests.file_keyring import FileKeyring


def _memo(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "harbour.memo"
    path.write_text("# 2024-05-01T10:00:00\nAna: The sailing club meets at the old harbour lighthouse.\nBo: I will bring the blue kayak.\n", encoding="utf-8")
    return path


def _enable(data_dir: Path, *names: str) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_text(json.dumps({"plugins_enabled": list(names), "extractor": "none"}), encoding="utf-8")


def test_builtins_register_through_the_hooks() -> None:
    plugins = Plugins()
    assert {"jsonl", "chatgpt", "markdown", "text"} <= set(plugins.importers())
    assert {"rules", "none"} <= set(plugins.extractor_factories())
    assert plugins.extractor("none") is None
    assert plugins.failures == []


def test_installed_plugin_is_not_loaded_unless_enabled(sample_site: Path) -> None:
    plugins = Plugins(enabled=[])
    assert "sample" in plugins.available
    assert plugins.loaded == []
    assert "memo" not in plugins.importers()


def test_enabled_plugin_adds_an_importer_the_app_uses(sample_site: Path, data_dir: Path, tmp_path: Path) -> None:
    _enable(data_dir, "sample")
    ctx = AppContext(data_dir)
    try:
        assert ctx.plugins.loaded == ["sample"]
        summary = ctx.memory().import_path(_memo(tmp_path / "notes"))
        assert summary.messages_added == 2
        items = ctx.memory().recall("sailing club lighthouse", k=3)
        assert items and "harbour-2" in items[0].sources
    finally:
        ctx.close()


def test_without_the_plugin_the_memo_file_is_not_recognised(sample_site: Path, data_dir: Path, tmp_path: Path) -> None:
    _enable(data_dir)
    ctx = AppContext(data_dir)
    try:
        with pytest.raises(InputError, match="cannot tell the format"):
            ctx.memory().import_path(_memo(tmp_path / "notes"))
    finally:
        ctx.close()


def test_plugin_gets_only_its_own_namespaced_secrets(sample_site: Path, test_keyring: FileKeyring) -> None:
    import remembrancer_sample

    Plugins(enabled=["sample"])
    assert test_keyring.entries() == {"plugin:sample:token": "sample-token"}
    secrets = remembrancer_sample.SECRETS[-1]
    assert secrets.namespace == "plugin:sample:"
    assert secrets.get("token") == "sample-token"
    assert secrets.get("browser:paired:x") is None  # only ever read under its own prefix
    assert not hasattr(secrets, "__dict__")  # no attribute to reach the keyring through


def test_a_plugin_that_fails_to_import_does_not_stop_the_others(sample_site: Path, caplog: pytest.LogCaptureFixture) -> None:
    plugins = Plugins(enabled=["crasher", "sample"])
    assert plugins.loaded == ["sample"]
    assert [(f.plugin, f.stage) for f in plugins.failures] == [("crasher", "load")]
    assert "broken on purpose" in plugins.failures[0].error
    assert "memo" in plugins.importers()
    assert sum("crasher" in r.getMessage() for r in caplog.records if r.levelname == "WARNING") == 1


def test_a_plugin_failing_in_its_hooks_is_reported_once_and_switched_off(sample_site: Path, data_dir: Path, tmp_path: Path) -> None:
    import remembrancer_crasher_hooks

    _enable(data_dir, "crashy-hooks", "sample")
    ctx = AppContext(data_dir)
    try:
        memory = ctx.memory()  # register_importers raised: the plugin is off, the built-ins and sample remain
        assert [(f.plugin, f.stage) for f in ctx.plugins.failures] == [("crashy-hooks", "register_importers")]
        assert "memo" in memory.importers and "jsonl" in memory.importers
        calls = remembrancer_crasher_hooks.CALLS["memory_did_add"]
        memory.import_path(_memo(tmp_path / "notes"))
        assert remembrancer_crasher_hooks.CALLS["memory_did_add"] == calls  # unregistered: never called again
        assert len(ctx.plugins.failures) == 1
    finally:
        ctx.close()


def test_an_event_hook_failure_does_not_fail_the_import(sample_site: Path, tmp_path: Path) -> None:
    import remembrancer_crasher_hooks

    plugins = Plugins(enabled=["crashy-hooks"])
    before = remembrancer_crasher_hooks.CALLS["memory_did_add"]
    with Memory(tmp_path / "d", "fake", extractor=None, events=plugins.events) as memory:
        summary = memory.import_path(write_chat(tmp_path / "chat.jsonl"))
        memory.import_path(write_chat(tmp_path / "chat2.jsonl"))
    assert summary.messages_added == 7
    assert remembrancer_crasher_hooks.CALLS["memory_did_add"] == before + 1  # failed once, then switched off
    assert [(f.plugin, f.stage) for f in plugins.failures] == [("crashy-hooks", "memory_did_add")]


def test_enabled_but_missing_plugin_is_reported() -> None:
    plugins = Plugins(enabled=["nowhere"])
    assert [(f.plugin, f.stage) for f in plugins.failures] == [("nowhere", "not installed")]


def test_unknown_extractor_setting_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="unknown extractor 'nope'"):
        Plugins().extractor("nope")
