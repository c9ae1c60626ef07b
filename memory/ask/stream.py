"""Streaming only the answer text out of the model's JSON as it is generated.

The model writes `{"answer": "Odile lives in ...", "cites": [2]}` a token
at a time; a chat window should show `Odile lives in ...` growing, not
JSON punctuation. The schema puts `answer` first, so the filter waits for
the opening quote of its value, then forwards decoded characters (escapes
resolved) until the closing quote, and ignores the rest.
"""
from __future__ import annotations

import json
import re

from remembrancer.memory.llm.base import TokenCallback

_START_RE = re.compile(r'"answer"\s*:\s*"')
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class AnswerStream:
    """Feed raw model tokens; the answer string's characters reach `on_token`."""

    def __init__(self, on_token: TokenCallback):
        self._on_token = on_token
        self._buffer = ""
        self._pos: int | None = None  # where the undecoded part of the answer string begins
        self._done = False

    def feed(self, piece: str) -> None:
        if self._done:
            return
        self._buffer += piece
        if self._pos is None:
            match = _START_RE.search(self._buffer)
            if not match:
                return
            self._pos = match.end()
        out, self._pos, self._done = _decode(self._buffer, self._pos)
        if out:
            self._on_token(out)


def _decode(buffer: str, pos: int) -> tuple[str, int, bool]:
    """Decode JSON string characters from `pos`; stop before an incomplete escape."""
    out: list[str] = []
    while pos < len(buffer):
        char = buffer[pos]
        if char == '"':
            return "".join(out), pos + 1, True
        if char != "\\":
            out.append(char)
            pos += 1
            continue
        if pos + 1 >= len(buffer):
            break
        code = buffer[pos + 1]
        if code == "u":
            if pos + 6 > len(buffer):
                break
            try:
                out.append(json.loads(f'"{buffer[pos:pos + 6]}"'))
            except json.JSONDecodeError:
                pass  # a lone surrogate half: dropped rather than shown as garbage
            pos += 6
        else:
            out.append(_ESCAPES.get(code, code))
            pos += 2
    return "".join(out), pos, False
