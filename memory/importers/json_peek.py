"""Peeking into JSON exports: their leading keys (to detect them) and the line a record starts on (to report it).

Many services export one big JSON object (Telegram's `result.json`,
DiscordChatExporter's channel files) and all of them end in `.json`, so
auto-detection must look at content. Parsing a file of hundreds of
megabytes only to decide whose it is would make `import ~/Downloads` crawl;
`leading_keys` decodes the top-level keys found in the file's first 64 KB
instead, stopping at the first value the head cuts off (a long message list).

`json.loads` keeps no positions, so an importer that finds a bad record
after parsing looks for where it starts with `line_of`, only then.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.base import read_text

HEAD_BYTES = 65536
_WS = re.compile(r"[ \t\r\n]*")
# `\x0B`: Telegram Desktop writes control characters other than \n, \r and \t this way, which JSON does not allow.
_HEX_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\x([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Cut:
    """A top-level value the head ends inside of; `opener` is its first character (`[` for a list)."""

    opener: str


def read_head(path: Path, size: int = HEAD_BYTES) -> str:
    """The file's first `size` bytes as text (undecodable bytes replaced: this only decides the format)."""
    try:
        with path.open("rb") as handle:
            return handle.read(size).decode("utf-8", errors="replace")
    except OSError:
        return ""


def leading_keys(head: str) -> dict[str, Any] | None:
    """The top-level keys of the JSON object `head` starts, each with its value or a `Cut`; None if it starts no object."""
    text = head.lstrip("\ufeff \t\r\n")
    if not text.startswith("{"):
        return None
    decoder = json.JSONDecoder()
    found: dict[str, Any] = {}
    pos = _skip(text, 1)
    while pos < len(text) and text[pos] != "}":
        try:
            key, pos = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError):
            return found
        pos = _skip(text, pos)
        if not isinstance(key, str) or not text.startswith(":", pos):
            return found
        pos = _skip(text, pos + 1)
        if pos >= len(text):
            return found
        try:
            value, end = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError):
            found[key] = Cut(text[pos])
            return found
        if end >= len(text):  # a number the head may have cut short
            found[key] = Cut(text[pos])
            return found
        found[key] = value
        pos = _skip(text, end)
        if not text.startswith(",", pos):
            return found
        pos = _skip(text, pos + 1)
    return found


def is_list(value: Any) -> bool:
    """A list, or the start of one the head cut off."""
    return isinstance(value, list) or (isinstance(value, Cut) and value.opener == "[")


def load_json(path: Path) -> tuple[str, Any]:
    """The file's text and its parsed value; InputError naming the line of a syntax error.

    A `\\xHH` escape (Telegram Desktop's form for a control character) is
    read as the `\\u00HH` it means rather than rejecting the whole export.
    """
    text = read_text(path)
    try:
        return text, json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Invalid \\escape" and _HEX_ESCAPE.search(text):
            try:
                return text, json.loads(_HEX_ESCAPE.sub(r"\1\\u00\2", text))
            except json.JSONDecodeError as again:
                exc = again
            except RecursionError:
                raise InputError("invalid JSON: nested too deeply", path, 1) from None
        raise InputError(f"invalid JSON: {exc.msg}", path, exc.lineno) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply", path, 1) from None


def line_of(text: str, pattern: re.Pattern[str], nth: int = 0, default: int | None = 1) -> int | None:
    """The line where `pattern` matches for the `nth` time (0-based) in `text`, else `default`."""
    for index, match in enumerate(pattern.finditer(text)):
        if index == nth:
            return text.count("\n", 0, match.start()) + 1
    return default


def _skip(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]  # `[ ...]*` always matches
