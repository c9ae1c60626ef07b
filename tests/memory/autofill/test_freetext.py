"""Free-text fields: topic attributes and recall, with a (fake) model or without one."""
from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from remembrancer.memory import Memory
from remembrancer.memory.autofill.engine import autofill
from remembrancer.memory.autofill.types import FormField
from remembrancer.memory.llm.base import Completion, LanguageModel

NOW = datetime(2024, 7, 1, 12, 0, tzinfo=timezone.utc)
ALLERGIES = FormField(name="allergies", label="Allergies we should know about")
HOBBIES = FormField(name="hobbies", label="What are your hobbies?", type="textarea")


class ScriptedModel(LanguageModel):
    """Answers every prompt with `reply(prompt)`; records prompts and schemas."""

    name = "scripted"

    def __init__(self, reply, chat_template: bool = False):
        self.reply = reply
        self.has_chat_template = chat_template
        self.prompts: list[str] = []
        self.schemas: list[dict[str, Any] | None] = []

    def complete(self, prompt: str, *, max_tokens: int = 256, stop: Sequence[str] = (), temperature: float = 0.0,
                 json_schema: dict[str, Any] | None = None, on_token=None, cancel: threading.Event | None = None) -> Completion:
        self.prompts.append(prompt)
        self.schemas.append(json_schema)
        text = self.reply(prompt)
        return Completion(text, len(prompt) // 4, len(text) // 4)

    def chat(self, messages, **kwargs: Any) -> Completion:
        return self.complete(messages[-1]["content"], **kwargs)


def _notes(prompt: str) -> list[str]:
    """The notes of the last block of the prompt (after the few-shot examples)."""
    block = prompt.rsplit("Notes:\n", 1)[1].split("\nField:")[0]
    return [line.split(". ", 1)[1] for line in block.splitlines()]


def test_without_a_model_the_topic_attributes_answer(user_store: Memory) -> None:
    allergies, hobbies = autofill(user_store, [ALLERGIES, HOBBIES], now=NOW)
    assert allergies.value == "allergic to hazelnuts" and allergies.reason == "free text: persona"
    assert "u-10" in allergies.sources
    assert hobbies.value and "bouldering" in hobbies.value and "violin" in hobbies.value
    assert allergies.confidence < 0.7  # lower than a direct attribute


def test_a_grounded_model_answer_is_used_and_cites_its_notes(user_store: Memory) -> None:
    def reply(prompt: str) -> str:
        notes = _notes(prompt)
        index = next(i for i, n in enumerate(notes, 1) if "hazelnut" in n)
        return json.dumps({"answer": "Hazelnuts", "notes": [index]})

    model = ScriptedModel(reply)
    (allergies,) = autofill(user_store, [ALLERGIES], model=model, now=NOW)
    assert allergies.value == "Hazelnuts" and allergies.reason == "free text: recall+model"
    assert "u-10" in allergies.sources
    assert model.schemas[0] and model.schemas[0]["required"] == ["answer", "notes"]
    assert "Field: Allergies we should know about" in model.prompts[0]


def test_an_ungrounded_or_failing_model_falls_back(user_store: Memory) -> None:
    invented = ScriptedModel(lambda prompt: json.dumps({"answer": "Shellfish and gluten", "notes": [1]}))
    (allergies,) = autofill(user_store, [ALLERGIES], model=invented, now=NOW)
    assert allergies.value == "allergic to hazelnuts" and allergies.reason == "free text: persona"

    def broken() -> LanguageModel:
        raise RuntimeError("no model file")

    (again,) = autofill(user_store, [ALLERGIES], model=broken, now=NOW)
    assert again.value == "allergic to hazelnuts"
    garbage = ScriptedModel(lambda prompt: "not json")
    assert autofill(user_store, [ALLERGIES], model=garbage, now=NOW)[0].value == "allergic to hazelnuts"


def test_the_model_is_never_asked_about_sensitive_or_standard_fields(user_store: Memory) -> None:
    model = ScriptedModel(lambda prompt: json.dumps({"answer": "4111 1111 1111 1111", "notes": []}))
    fields = [FormField(name="pw", type="password", label="Password"), FormField(name="email", autocomplete="email"),
              FormField(name="secret", label="Security answer", type="textarea")]
    out = autofill(user_store, fields, model=model, now=NOW)
    assert model.prompts == []
    assert [s.value for s in out] == [None, "lena@fischer.dev", None]


def test_a_model_answer_shaped_like_a_secret_never_leaves(user_store: Memory) -> None:
    model = ScriptedModel(lambda prompt: json.dumps({"answer": "hazelnuts, card 4111 1111 1111 1111", "notes": []}))
    (allergies,) = autofill(user_store, [ALLERGIES], model=model, now=NOW)
    assert allergies.value is None and "card number" in allergies.reason


def test_a_missing_model_is_looked_for_once_per_form(user_store: Memory) -> None:
    calls = []

    def missing() -> LanguageModel:
        calls.append(1)
        raise RuntimeError("no model file")

    out = autofill(user_store, [ALLERGIES, HOBBIES], model=missing, now=NOW)
    assert calls == [1] and out[0].value == "allergic to hazelnuts"
