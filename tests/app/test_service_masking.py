"""What the desktop app shows through `MemoryService` is masked; opening a memory shows what was said."""
from __future__ import annotations

import json

import pytest

from remembrancer.app.service import MemoryService
from remembrancer.memory.llm.errors import ModelError
from tests.planted_secrets import (
    AMOUNT, IBAN, IBAN_MASK, MAIDEN, ORDER, PASSWORD, PHONE, PIN, QUERIES, RECORDS, YEAR, leaked,
)


@pytest.fixture
def service(planted_service: MemoryService) -> MemoryService:
    return planted_service


def _dump(results: list) -> str:  # type: ignore[type-arg]
    return json.dumps([r.to_json() for r in results], ensure_ascii=False)


def test_recall_masks_text_and_context(service: MemoryService) -> None:
    shown = ""
    for query in QUERIES:
        items = service.recall(query, k=10)
        assert items, query
        shown += _dump(items)
    assert leaked(shown) == []
    assert IBAN_MASK in shown and "password is ••••••" in shown and "PIN is ••••" in shown  # recalled, masked


def test_the_memory_browser_lists_are_masked(service: MemoryService) -> None:
    listings = [service.messages(), service.facts(), service.scenes(), service.persona(), service.conflicts(include_resolved=True)]
    shown = "".join(_dump(listing) for listing in listings)
    assert leaked(shown) == [] and IBAN_MASK in shown


def test_opening_a_memory_shows_the_real_text(service: MemoryService) -> None:
    assert IBAN in service.item("o-3").text
    assert PASSWORD in service.item("o-4").text and PIN in service.item("o-4").text
    assert MAIDEN in service.item("o-5").text


def test_ask_gives_the_model_no_secret_and_streams_none(service: MemoryService) -> None:
    streamed: list[str] = []
    answers = [service.ask(query, on_token=streamed.append) for query in QUERIES]
    prompts = service.models.get().prompts  # type: ignore[attr-defined]  # the fake model keeps what it was asked
    assert prompts and leaked("".join(prompts)) == []
    assert leaked(_dump(answers)) == [] and leaked("".join(streamed)) == []
    assert leaked(_dump([service.ask(query, quick=True) for query in QUERIES])) == []


def test_the_degraded_answer_lists_masked_memories(service: MemoryService, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model():  # type: ignore[no-untyped-def]
        raise ModelError("model file not found")

    monkeypatch.setattr(service.models, "get", no_model)
    answer = service.ask("Where does Orla live?")
    assert answer.citations and "model file not found" in (answer.note or "")
    assert leaked(_dump([answer])) == []


def test_ordinary_details_are_shown(service: MemoryService) -> None:
    text = " ".join(item.text for query in ("call my sister", "the deposit and the order") for item in service.recall(query, k=10))
    assert all(detail in text for detail in (PHONE, YEAR, AMOUNT, ORDER))
    assert RECORDS[-1]["text"] in [m.text for m in service.messages()]  # the message itself, unchanged
