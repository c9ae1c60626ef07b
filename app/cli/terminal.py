"""Showing stored text on a terminal without letting it drive the terminal.

Imported text is kept exactly as it came (a chat may hold anything), but a
terminal obeys what it prints: ESC starts colour, cursor and title
sequences, BEL rings, CR overwrites the line, C1 controls act as ESC on some
terminals, and bidi overrides (U+202E) reorder what follows so that a line
reads differently from what it holds. Every human-readable CLI printer
passes memory text through `show`, which writes those characters as visible
escapes (`\\x1b`, `\\u202e`). `--json` output goes through `json_text`
instead: the same characters as JSON escapes, so the JSON still decodes to
the exact stored text.
"""
from __future__ import annotations

import json
import re
from typing import Any

# C0 controls except TAB and LF (kept: they only lay text out), DEL, C1 controls,
# bidi embeddings, overrides, isolates and marks, the line and paragraph
# separators, and lone surrogates (stdout cannot encode them).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# In JSON output the C0 controls are escaped by `json.dumps` already; the rest (lone surrogates
# included, which stdout could not encode) are not with ensure_ascii=False.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def show(text: object) -> str:
    """`text` with every character that could act on a terminal written as a visible escape.

    Why not strip them: the reader should see that the memory holds
    something odd, and `--json` gives the exact text when it matters.
    """
    return _UNSAFE.sub(_escape, "" if text is None else str(text))


def json_text(data: Any, indent: int | None = None) -> str:
    """`data` as JSON that decodes to the exact same strings and is still safe to print raw.

    Non-ASCII text stays readable (ensure_ascii=False); only the characters
    `show` escapes are written as `\\uXXXX`, which JSON decodes back to them.
    """
    encoded = json.dumps(data, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
