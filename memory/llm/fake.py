"""A deterministic language model for tests: no weights, same output every run.

It behaves like the real runtime where callers depend on it: it streams its
output a token at a time through `on_token`, stops between tokens when
`cancel` is set, and with a `json_schema` it emits JSON that matches the
schema (the grammar guarantee of llama.cpp). Tests script exact replies
(including broken ones) through `replies`, and read back what was asked in
`prompts`.
"""
from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Sequence
from typing import Any

from memory.llm.base import Completion, LanguageModel, TokenCallback
from memory.llm.errors import ModelError
from memory.llm.transcript import TRANSCRIPT_STOPS, completion_transcript

logger = logging.getLogger(__name__)

Reply = str | Callable[[str], str]
_TOKEN_RE = re.compile(r"\s*\S+|\s+")
_QUOTE_RE = re.compile(r"«([^»]+)»")


class FakeModel(LanguageModel):
    """Scripted or schema-shaped replies, streamed word by word."""

    def __init__(
        self,
        replies: Sequence[Reply] = (),
        *,
        name: str = "fake",
        text: str | None = None,
        fail: Exception | None = None,
        context_length: int = 2048,
        chat_template: bool = False,
    ):
        self.name = name
        self.context_length = context_length
        self.has_chat_template = chat_template
        self._replies = list(replies)
        self._text = text  # None: the first «quoted» passage of the prompt's last section, else "fake answer"
        self._fail = fail
        self.prompts: list[str] = []
        self.schemas: list[dict[str, Any] | None] = []
        self.closed = False

    def complete(
        self,
        prompt: str,
        *,
        max_tokens: int = 256,
        stop: Sequence[str] = (),
        temperature: float = 0.0,
        json_schema: dict[str, Any] | None = None,
        on_token: TokenCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Completion:
        self.prompts.append(prompt)
        self.schemas.append(json_schema)
        if self._fail is not None:
            raise ModelError(str(self._fail)) from self._fail
        reply = self._next_reply(prompt, json_schema)
        for marker in stop:
            if marker and marker in reply:
                reply = reply[: reply.index(marker)]
        tokens = _TOKEN_RE.findall(reply)
        finish = "length" if len(tokens) > max_tokens else "stop"
        out: list[str] = []
        for token in tokens[:max_tokens]:
            if cancel is not None and cancel.is_set():
                finish = "cancelled"
                break
            out.append(token)
            if on_token is not None:
                on_token(token)
        return Completion("".join(out), self.count_tokens(prompt), len(out), finish)

    def chat(
        self,
        messages: Sequence[dict[str, str]],
        *,
        max_tokens: int = 256,
        stop: Sequence[str] = (),
        temperature: float = 0.0,
        json_schema: dict[str, Any] | None = None,
        on_token: TokenCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Completion:
        stops = tuple(stop) if self.has_chat_template else (*stop, *TRANSCRIPT_STOPS)
        return self.complete(
            completion_transcript(messages), max_tokens=max_tokens, stop=stops, temperature=temperature,
            json_schema=json_schema, on_token=on_token, cancel=cancel,
        )

    def count_tokens(self, text: str) -> int:
        return max(1, len(_TOKEN_RE.findall(text)))

    def close(self) -> None:
        self.closed = True

    def _next_reply(self, prompt: str, schema: dict[str, Any] | None) -> str:
        if self._replies:
            reply = self._replies.pop(0)
            return reply(prompt) if callable(reply) else reply
        text = self._text if self._text is not None else _first_quote(prompt)
        if schema is not None:
            return json.dumps(schema_instance(schema, text))
        return text


def _first_quote(prompt: str) -> str:
    """What a reader of our few-shot prompts would answer with: the task's first quoted memory.

    Echoing it keeps end-to-end tests of `ask` grounded (the answer is in a
    memory) without scripting every reply.
    """
    match = _QUOTE_RE.search(prompt.rsplit("### ", 1)[-1])
    return match.group(1) if match else "fake answer"


def schema_instance(schema: dict[str, Any], text: str = "fake answer") -> Any:
    """The simplest value matching `schema` (the JSON-schema subset our prompts use).

    Enums take their first value, arrays their minimum length (at least one
    item when allowed, so citation lists are exercised), strings `text` cut
    to `maxLength`, objects every property in order.
    """
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return schema_instance(schema[key][0], text)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        return {name: schema_instance(sub, text) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        count = max(schema.get("minItems", 0), min(1, schema.get("maxItems", 1)))
        return [schema_instance(schema.get("items", {}), text) for _ in range(count)]
    if kind == "string":
        return text[: schema.get("maxLength", len(text))]
    if kind == "integer":
        return int(schema.get("minimum", 0))
    if kind == "number":
        return float(schema.get("minimum", 0))
    if kind == "boolean":
        return False
    return None
