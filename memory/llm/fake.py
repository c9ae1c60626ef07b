"""A deterministic language model for tests: no weights, same output every run.

It behaves like the real runtime where callers depend on it: it streams its
output a token at a time through `on_token`, stops between tokens when
`cancel` is set, and with a `json_schema` it emits JSON that matches the
schema (the grammar guarantee of llama.cpp). Tests script exact replies
(including broken ones) through `replies`, and read back what was asked in
`prompts`. Like a real model asked to continue a prompt that already holds
the start of its reply, a scripted reply is continued where the prompt
leaves off (`{"answer": "` in the prompt, the script's `{"answer": "Odile
...`), and what a stop sequence held back is continued by the next call
whose prompt extends this one with what was written so far (a caller that
generates an answer, then its citations, in two calls). A scripted reply
that ends before a requested stop sequence was met ran out of tokens
(`finish_reason` "length").
"""
from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Sequence
from typing import Any

from remembrancer.memory.llm.base import Completion, LanguageModel, TokenCallback
from remembrancer.memory.llm.errors import ModelError
from remembrancer.memory.llm.transcript import TRANSCRIPT_STOPS, completion_transcript

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
        self._held: tuple[str, str] | None = None  # (prompt + what was written, the rest of the scripted reply)
        self._replies_given = False  # whether the last reply came from the script
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
        reply, scripted = self._continued(prompt)
        if reply is None:
            reply, scripted = self._next_reply(prompt, json_schema), bool(self._replies_given)
            if scripted:
                reply = _after_overlap(prompt, reply)
        cut = min((reply.index(marker) for marker in stop if marker and marker in reply), default=None)
        ran_out = scripted and bool(stop) and cut is None and json_schema is None
        if cut is not None:
            self._held = (prompt + reply[:cut], reply[cut:])
            reply = reply[:cut]
        else:
            self._held = None
        if json_schema is not None and scripted:
            reply = _json_prefix(reply)
        tokens = _TOKEN_RE.findall(reply)
        finish = "length" if len(tokens) > max_tokens or ran_out else "stop"
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

    def _continued(self, prompt: str) -> tuple[str | None, bool]:
        """The rest of the last scripted reply when `prompt` goes on from where it stopped, with what it held back."""
        if self._held is None or not prompt.startswith(self._held[0]):
            return None, False
        added, rest = prompt[len(self._held[0]):], self._held[1]
        overlap = next((n for n in range(min(len(added), len(rest)), 0, -1) if added.endswith(rest[:n])), 0)
        if not overlap:
            return None, False
        self._held = None
        return rest[overlap:], True

    def _next_reply(self, prompt: str, schema: dict[str, Any] | None) -> str:
        self._replies_given = bool(self._replies)
        if self._replies:
            reply = self._replies.pop(0)
            return reply(prompt) if callable(reply) else reply
        text = self._text if self._text is not None else _first_quote(prompt)
        if schema is not None:
            return json.dumps(schema_instance(schema, text))
        return text


def _after_overlap(prompt: str, reply: str, least: int = 3) -> str:
    """`reply` without the start the prompt already holds (`... Answer: {"answer": "` + `{"answer": "Odile ...`)."""
    for n in range(min(len(prompt), len(reply)), least - 1, -1):
        if prompt.endswith(reply[:n]):
            return reply[n:]
    return reply


def _json_prefix(text: str) -> str:
    """The JSON value `text` starts with (a grammar ends generation when its value is complete), else `text`."""
    try:
        _, end = json.JSONDecoder().raw_decode(text.lstrip())
    except json.JSONDecodeError:
        return text
    return text.lstrip()[:end]


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
