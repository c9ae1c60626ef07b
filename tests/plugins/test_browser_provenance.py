"""The autofill panel shows where a value comes from as a sentence and a day, not memory ids."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from remembrancer.app import ipc
from remembrancer.app.browser_policy import enforce
from remembrancer.app.browser_service import app_browser_service, register_browser_handlers
from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService
from remembrancer.memory.autofill.types import FieldSuggestion, FormField
from tests.helpers import record, write_jsonl

ROOT = Path(__file__).resolve().parents[2]
CHAT = [
    record("q1", "Hello there. My name is Oona Halvorsen.", "Oona", "intro", "2024-03-01T10:00:00", role="user"),
    record("q2", "I live in Tromsø now, right by the harbour.", "Oona", "intro", "2024-03-01T10:02:00", role="user"),
]
FIELDS = [{"id": "first", "autocomplete": "given-name"}, {"id": "pw", "type": "password"}]
SITE = "https://tickets.example/checkout"
ID_LIKE = re.compile(r"\b(?:p|f|m)-[0-9a-f]{6,}\b")


@pytest.fixture
def service(data_dir: Path, tmp_path: Path):
    service = MemoryService(AppContext(data_dir))
    service.import_path(write_jsonl(tmp_path / "chat.jsonl", CHAT))
    yield service
    service.close()


def test_offered_values_carry_the_sentence_and_day_they_come_from(service: MemoryService) -> None:
    dispatcher = ipc.Dispatcher()
    register_browser_handlers(dispatcher, app_browser_service(service))
    reply = dispatcher.dispatch({"method": "browser.autofill", "params": {"site": SITE, "fields": FIELDS}})
    by_field = {s["field"]: s for s in reply["result"]["suggestions"]}
    first = by_field["first"]
    assert first["value"] == "Oona"
    assert first["provenance"] == ["you said on 1 Mar 2024: “My name is Oona Halvorsen.”"]
    assert not any(ID_LIKE.search(line) for line in first["provenance"])
    assert by_field["pw"]["value"] is None and by_field["pw"]["provenance"] == []
    # The host rebuilds suggestions from the relay's JSON and checks them last: the lines pass through.
    rebuilt = enforce([FormField(id="first", autocomplete="given-name")], [FieldSuggestion(**first)])
    assert rebuilt[0].provenance == first["provenance"]
    # The log records evidence ids and reasons, never what was said.
    assert "Halvorsen" not in json.dumps(service.browser_log())


def test_the_panel_renders_the_provenance_line_not_the_ids() -> None:
    script = (ROOT / "plugins/browser_autofill/extension/panel.js").read_text(encoding="utf-8")
    assert "s.provenance" in script
    assert "s.sources" not in script  # ids never reach the page
