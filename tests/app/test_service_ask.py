"""The GUI's entry points to the model: `MemoryService.ask` and `MemoryService.models`."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService
from remembrancer.memory.errors import InputError
from remembrancer.memory.llm.fake import FakeModel
from tests.helpers import write_chat


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MemoryService:
    monkeypatch.setenv("REMEMBRANCER_MODEL", "fake")
    service = MemoryService(AppContext(tmp_path / "data"))
    service.import_path(write_chat(tmp_path / "chat.jsonl"))
    yield service
    service.close()


def test_ask_streams_on_the_calling_thread_and_cites(service: MemoryService) -> None:
    threads: set[int] = set()
    tokens: list[str] = []

    def on_token(text: str) -> None:
        threads.add(threading.get_ident())
        tokens.append(text)

    answer = service.ask("Where did Odile move?", on_token=on_token)
    assert "".join(tokens) == answer.answer and threads == {threading.get_ident()}
    assert answer.citations and all(c.sources for c in answer.citations) and answer.model == "fake"


def test_the_model_is_built_once_and_not_at_start(service: MemoryService) -> None:
    assert service.ctx._llm is None or service.ctx.llm._model is None  # nothing built by opening or importing
    service.ask("Where did Odile move?")
    model = service.models.get()
    assert isinstance(model, FakeModel) and service.models.get() is model
    assert [e.name for e in service.models.manager.entries()] == ["bundled"]


def test_cancelled_before_start_degrades(service: MemoryService) -> None:
    cancel = threading.Event()
    cancel.set()
    answer = service.ask("Where did Odile move?", cancel=cancel)
    assert answer.degraded and "cancelled" in answer.note and answer.citations


def test_an_empty_question_is_bad_input(service: MemoryService) -> None:
    with pytest.raises(InputError, match="empty"):
        service.ask("   ")
