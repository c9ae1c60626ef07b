"""The facade the memory browser and chat call: lists, detail, pin, edit, forget, conflicts, chat, settings."""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService
from remembrancer.app.settings import Settings
from remembrancer.memory.errors import InputError

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[MemoryService]:
    rows = [
        {"conversation": "c", "id": "m-1", "time": "2024-01-01T10:00:00", "speaker": "Ana", "text": "I live in Porto."},
        {"conversation": "c", "id": "m-2", "time": "2024-01-02T10:00:00", "speaker": "Ana", "text": "I love climbing on weekends."},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    svc = MemoryService(AppContext(tmp_path / "data", now=NOW))
    svc.import_path(path)
    yield svc
    svc.close()


def test_lists_and_detail(service: MemoryService) -> None:
    facts = service.facts()
    assert facts and all(f.sources for f in facts)
    assert [m.id for m in service.messages()] == ["m-2", "m-1"]  # newest first
    detail = service.item(facts[0].id)
    assert detail.id == facts[0].id and detail.sources == facts[0].sources
    assert isinstance(service.scenes(), list) and isinstance(service.persona(), list)


def test_pin_edit_and_soft_then_hard_forget(service: MemoryService) -> None:
    fact = service.facts()[0]
    service.pin(fact.id)
    assert service.item(fact.id).pinned
    service.edit_fact(fact.id, "Ana lives in Porto, Portugal")
    assert service.item(fact.id).text == "Ana lives in Porto, Portugal"
    service.forget(fact.id)
    assert service.item(fact.id).state == "forgotten"
    assert fact.id not in {f.id for f in service.facts()}
    report = service.forget("m-2", hard=True)
    assert report.deleted["message"] == 1
    with pytest.raises(InputError):
        service.item("m-2")


def test_conflicts_start_empty(service: MemoryService) -> None:
    assert service.conflicts() == []
    with pytest.raises(InputError):
        service.resolve_conflict(99, "A")


def test_chat_is_recorded_under_the_users_name(service: MemoryService) -> None:
    service.update_settings(user_name="Sam")
    summary = service.record_chat([("user", "I moved to Lisbon last year."), ("assistant", "Noted.")])
    assert summary.messages_added == 2
    assert any(f.subject == "Sam" for f in service.facts())


def test_settings_are_saved_and_unknown_names_refused(service: MemoryService) -> None:
    service.update_settings(consolidation_hour=5, hotkey="Ctrl+Alt+M")
    reloaded = Settings.load(service.data_dir)
    assert reloaded.consolidation_hour == 5 and reloaded.hotkey == "Ctrl+Alt+M"
    with pytest.raises(InputError):
        service.update_settings(nonsense=1)
