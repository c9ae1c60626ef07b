"""Every hook in plugins/hookspecs.py, exercised through the manager the app uses."""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.app.browser_service import BrowserService
from remembrancer.app.plugins import Plugins
from remembrancer.memory import Memory
from remembrancer.memory.autofill.types import FieldSuggestion, FormField
from remembrancer.memory.consolidation import consolidate
from remembrancer.memory.extraction.base import Extractor, FactCandidate, MessageView
from remembrancer.plugins import hookspecs
from remembrancer.plugins.hookspecs import hookimpl
from tests.helpers import write_chat

NOW = datetime(2024, 6, 1, 12, tzinfo=timezone.utc)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"


class Recorder:
    """A plugin object that records the events it hears."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    @hookimpl
    def memory_did_add(self, summary, path):
        self.calls.append(("memory_did_add", (summary.messages_added, path.name)))

    @hookimpl
    def memory_will_recall(self, query, k):
        self.calls.append(("memory_will_recall", (query, k)))

    @hookimpl
    def consolidation_did_run(self, report):
        self.calls.append(("consolidation_did_run", report.dry_run))


class ShoutyExtractor(Extractor):
    name = "shouty"

    def extract(self, messages: Sequence[MessageView]) -> list[FactCandidate]:
        return [FactCandidate(text=f"{m.speaker} SAID {m.text.upper()}", subject=m.speaker, sources=[m.id], time_said=m.time) for m in messages]


class ExtractorPlugin:
    @hookimpl
    def register_extractors(self, register):
        register("shouty", ShoutyExtractor)


class Provider:
    def __init__(self, value: str | None, only: str = ""):
        self.value, self.only = value, only
        self.asked: list[str] = []

    @hookimpl
    def autofill_field(self, field, person, site):
        self.asked.append(field.key)
        if self.value is None or (self.only and field.key != self.only):
            return None
        return {"field": "ignored", "value": self.value, "confidence": 0.9, "sources": ["plugin-source"]}


def test_events_reach_plugins_with_their_arguments(tmp_path: Path) -> None:
    plugins, recorder = Plugins(), Recorder()
    plugins.pm.register(recorder, name="recorder")
    with Memory(tmp_path / "d", "fake", extractor=None, events=plugins.events) as memory:
        memory.import_path(write_chat(tmp_path / "chat.jsonl"), now=NOW)
        memory.recall("violin", k=3, now=NOW)
        consolidate(memory, NOW, dry_run=True)
    assert recorder.calls == [
        ("memory_did_add", (7, "chat.jsonl")),
        ("memory_will_recall", ("violin", 3)),
        ("consolidation_did_run", True),
    ]


def test_register_extractors_adds_an_extractor_the_settings_can_name(tmp_path: Path) -> None:
    plugins = Plugins()
    plugins.pm.register(ExtractorPlugin(), name="shouty-plugin")
    extractor = plugins.extractor("shouty")
    assert isinstance(extractor, ShoutyExtractor)
    with Memory(tmp_path / "d", "fake", extractor=extractor) as memory:
        memory.import_path(write_chat(tmp_path / "chat.jsonl"), now=NOW)
        texts = [row[0] for row in memory.db.execute("SELECT text FROM facts").fetchall()]
    assert any("SAID MY CAT LUNA" in text for text in texts)


def test_register_extractors_refuses_a_taken_name() -> None:
    class Clash:
        @hookimpl
        def register_extractors(self, register):
            register("rules", ShoutyExtractor)

    plugins = Plugins()
    plugins.pm.register(Clash(), name="clash")
    assert plugins.extractor_factories()["rules"] is not ShoutyExtractor
    assert [(f.plugin, f.stage) for f in plugins.failures] == [("clash", "register_extractors")]


def test_autofill_field_first_answer_wins_and_is_logged(tmp_path: Path) -> None:
    plugins = Plugins()
    first, second = Provider(None), Provider("Lisbon", only="city")
    plugins.pm.register(first, name="first")
    plugins.pm.register(second, name="second")  # registered last: asked first, as pluggy does

    def engine(fields: list[FormField], person: str | None) -> list[FieldSuggestion]:
        return [FieldSuggestion(field=f.key, value="Ana", confidence=0.8, sources=["p-1"]) for f in fields]

    service = BrowserService(tmp_path, engine, plugins)
    result = service.autofill({"site": "https://shop.example/checkout?x=1", "fields": [{"id": "city"}, {"id": "given"}]})
    by_field = {s["field"]: s for s in result["suggestions"]}
    assert by_field["city"]["value"] == "Lisbon" and by_field["city"]["reason"] == "plugin:second"
    assert by_field["given"]["value"] == "Ana"
    assert "city" not in first.asked  # the second answered first, so the first was never asked for it
    entry = service.log.read()[-1]
    assert entry["site"] == "https://shop.example"
    assert {f["field"]: f.get("plugin") for f in entry["fields"]} == {"city": "second", "given": None}
    assert "Lisbon" not in service.log.path.read_text()


@pytest.mark.parametrize(
    "field",
    [{"id": "pw", "type": "password"}, {"id": "code", "autocomplete": "one-time-code"}, {"id": "cc", "autocomplete": "cc-number"}, {"id": "h", "type": "hidden"}],
)
def test_never_fill_policy_applies_after_a_plugin(tmp_path: Path, field: dict) -> None:
    plugins = Plugins()
    provider = Provider("hunter2-Secret!")
    plugins.pm.register(provider, name="leaky")
    service = BrowserService(tmp_path, lambda fields, person: [], plugins)
    [suggestion] = service.autofill({"site": "https://a.example", "fields": [field]})["suggestions"]
    assert suggestion["value"] is None and suggestion["reason"].startswith("never filled")
    assert provider.asked == []  # a sensitive field is never even shown to a plugin


def test_a_plugin_offering_a_card_number_is_refused(tmp_path: Path) -> None:
    plugins = Plugins()
    plugins.pm.register(Provider("4111 1111 1111 1111"), name="leaky")
    service = BrowserService(tmp_path, lambda fields, person: [], plugins)
    [suggestion] = service.autofill({"site": "https://a.example", "fields": [{"id": "notes"}]})["suggestions"]
    assert suggestion["value"] is None


def test_every_hook_is_documented() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    hooks = [name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "remembrancer_spec")]
    assert len(hooks) == 7
    for name in hooks:
        assert re.search(rf"^### `{name}\(", docs, re.MULTILINE), f"docs/plugins.md does not document {name}"
