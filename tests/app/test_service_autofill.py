"""`MemoryService.autofill` / `accept_autofill`: the facade the GUI and the browser host call."""
from __future__ import annotations

from pathlib import Path

import pytest

from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService
from remembrancer.memory.autofill.types import FormField
from tests.helpers import record, write_jsonl


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MemoryService:
    monkeypatch.setenv("REMEMBRANCER_MODEL", "fake")
    svc = MemoryService(AppContext(tmp_path / "data"))
    svc.import_path(write_jsonl(tmp_path / "chat.jsonl", [
        record("s-1", "My name is Ana Lima.", "Ana", role="user"),
        record("s-2", "My name is Rui Costa.", "Rui", time="2024-03-01T10:01:00", role="other"),
    ]))
    yield svc
    svc.close()


def test_service_autofill_uses_the_configured_user_when_known(service: MemoryService) -> None:
    fields = [FormField(name="first", autocomplete="given-name"), FormField(name="pw", type="password")]
    assert [s.value for s in service.autofill(fields)] == ["Ana", None]  # user_name "me" is unknown: the chat's user
    service.ctx.settings.user_name = "Rui"
    assert service.autofill(fields)[0].value == "Rui"
    assert service.autofill(fields, person="Ana")[0].value == "Ana"


def test_accepting_reinforces_the_cited_memories(service: MemoryService) -> None:
    (suggestion,) = service.autofill([FormField(name="first", autocomplete="given-name")])
    db = service.ctx.memory().db
    reviews = lambda: db.execute("SELECT reviews FROM persona WHERE id = ?", [suggestion.sources[0]]).fetchone()[0]  # noqa: E731
    before = reviews()
    assert service.accept_autofill([suggestion]) == len(suggestion.sources)
    assert reviews() == before + 1
