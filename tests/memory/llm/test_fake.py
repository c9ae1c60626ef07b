"""The fake model behaves like the runtime where callers depend on it."""
from __future__ import annotations

import json
import threading

from remembrancer.memory.ask.prompt import answer_schema
from remembrancer.memory.llm.fake import FakeModel, schema_instance


def test_streams_every_token_in_order() -> None:
    pieces: list[str] = []
    completion = FakeModel(["one two three"]).complete("prompt", on_token=pieces.append)
    assert pieces == ["one", " two", " three"] and completion.text == "one two three"
    assert (completion.tokens_out, completion.finish_reason) == (3, "stop")


def test_cancel_stops_between_tokens() -> None:
    cancel = threading.Event()
    pieces: list[str] = []

    def on_token(text: str) -> None:
        pieces.append(text)
        cancel.set()

    completion = FakeModel(["one two three"]).complete("p", on_token=on_token, cancel=cancel)
    assert pieces == ["one"] and completion.finish_reason == "cancelled"


def test_schema_output_is_valid_json_of_that_shape() -> None:
    schema = answer_schema(3)
    model = FakeModel()
    data = json.loads(model.complete("p", json_schema=schema).text)
    assert set(data) == {"answer", "cites"} and data["cites"] == [1]
    assert model.schemas == [schema]
    assert schema_instance({"type": "array", "maxItems": 0}) == []


def test_max_tokens_and_stop() -> None:
    assert FakeModel(["a b c d"]).complete("p", max_tokens=2).finish_reason == "length"
    assert FakeModel(["yes\nUser: more"]).complete("p", stop=["\nUser:"]).text == "yes"


def test_chat_without_template_is_a_transcript() -> None:
    model = FakeModel(["hi"])
    model.chat([{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello"}])
    assert model.prompts[0] == "Instructions: Be brief.\n\nUser: Hello\n\nAssistant:"
