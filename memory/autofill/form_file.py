"""Reading a form description (FORM.json) with errors that name the line.

The file holds a JSON list of field objects, or `{"fields": [...]}` (the
shape the browser host sends). Every field is checked before any is used,
and a problem is an `InputError` naming `FILE:LINE` of the offending field:
`json` reports positions only for syntax errors, so the array is walked
element by element with `raw_decode` to know where each field starts.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from remembrancer.memory.autofill.types import FormField
from remembrancer.memory.errors import InputError

_KEYS = ("name", "id", "label", "placeholder", "type", "autocomplete")
_DECODER = json.JSONDecoder()


def read_form(path: str | Path) -> list[FormField]:
    """The fields of the form in `path`, in order; `InputError` naming `FILE:LINE` on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start})", path) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path, exc.lineno) from None
    return parse_fields(document, text, path)


def parse_fields(document: Any, text: str, path: str | Path) -> list[FormField]:
    if isinstance(document, dict):
        if not isinstance(document.get("fields"), list):
            raise InputError('expected a list of fields or an object with a "fields" list', path, 1)
        items, starts = document["fields"], _array_starts(text, _value_start(text, "fields"))
    elif isinstance(document, list):
        items, starts = document, _array_starts(text, _skip(text, 0))
    else:
        raise InputError('expected a list of fields or an object with a "fields" list', path, 1)
    fields = []
    for index, (item, start) in enumerate(zip(items, starts)):
        line = text.count("\n", 0, start) + 1
        fields.append(_field(item, index, path, line))
    return fields


def _field(item: Any, index: int, path: str | Path, line: int) -> FormField:
    where = f"field {index + 1}"
    if not isinstance(item, dict):
        raise InputError(f"{where}: expected an object with name/id/label/placeholder/type/autocomplete", path, line)
    for key in _KEYS:
        if item.get(key) is not None and not isinstance(item[key], str):
            raise InputError(f"{where}: {key!r} must be a string, not {type(item[key]).__name__}", path, line)
    if not any(item.get(k) for k in ("name", "id", "label", "placeholder", "autocomplete")):
        raise InputError(f"{where}: needs at least one of name, id, label, placeholder, autocomplete", path, line)
    return FormField.from_json(item)


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _array_starts(text: str, pos: int) -> list[int]:
    """Offsets where each element of the JSON array at `pos` starts (the text is known to be valid)."""
    starts: list[int] = []
    pos = _skip(text, pos + 1)  # past "["
    while pos < len(text) and text[pos] != "]":
        starts.append(pos)
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, pos)
        if text[pos] == ",":
            pos = _skip(text, pos + 1)
    return starts


def _value_start(text: str, wanted: str) -> int:
    """Offset of the value of top-level key `wanted` in the JSON object of `text`."""
    pos = _skip(text, _skip(text, 0) + 1)  # past "{"
    while pos < len(text) and text[pos] != "}":
        key, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, _skip(text, pos) + 1)  # past ":"
        if key == wanted:
            return pos
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, pos)
        if text[pos] == ",":
            pos = _skip(text, pos + 1)
    raise ValueError(f"no key {wanted!r}")  # unreachable: the caller checked the parsed object
