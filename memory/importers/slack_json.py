"""The JSON lists of a Slack export, read item by item with the line each item starts on.

An error has to name the line of the broken message, but `json.loads` says
nothing about where a list's items stand. Decoding the list one item at a
time with `JSONDecoder.raw_decode` (the same C scanner) gives each item's
position at no extra cost. Inside a zip the line belongs to the day file,
not the zip, so `Source` puts both in the message: `export.zip: general/
2024-01-01.json:12: message 3: ...`.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remembrancer.memory.errors import InputError

_SPACE = re.compile(r"[ \t\r\n]*")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class Source:
    """Where a Slack JSON text came from: a file on disk, or a `member` of the zip at `path`."""

    path: Path
    member: str | None = None

    def error(self, reason: str, line: int | None) -> InputError:
        if self.member is None:
            return InputError(reason, self.path, line)
        where = f"{self.member}:{line}" if line else self.member
        return InputError(f"{where}: {reason}", self.path, None)


def json_items(text: str, source: Source, expected: str) -> Iterator[tuple[int, Any]]:
    """(line, item) for each item of the JSON list `text`; InputError naming the line of the first problem."""
    text = text.lstrip("\ufeff")
    position = _SPACE.match(text).end()  # type: ignore[union-attr]  # matches the empty string at worst
    if not text.startswith("[", position):
        raise source.error(f"expected {expected}", _line(text, position))
    position = _SPACE.match(text, position + 1).end()  # type: ignore[union-attr]
    line, counted = 1, 0
    closed = text.startswith("]", position)
    while not closed:
        line, counted = line + text.count("\n", counted, position), position
        try:
            item, end = _DECODER.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise source.error(f"invalid JSON: {exc.msg}", exc.lineno) from None
        except RecursionError:
            raise source.error("invalid JSON: nested too deeply", line) from None
        yield line, item
        position = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        if text.startswith(",", position):
            position = _SPACE.match(text, position + 1).end()  # type: ignore[union-attr]
        elif text.startswith("]", position):
            closed = True
        else:
            raise source.error("invalid JSON: expected ',' or ']'", _line(text, position))
    if _SPACE.match(text, position + 1).end() != len(text):  # type: ignore[union-attr]
        raise source.error("invalid JSON: extra data after the list", _line(text, position + 1))


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1
