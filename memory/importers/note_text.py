"""Reading a note's bytes as text, leniently: the one place an importer guesses an encoding.

Chat exports and JSON Lines stay strict (`base.read_text`): a wrong guess
there would store garbled messages under ids that later imports repeat.
A note in a vault is different: it was written by hand, often years ago on
another machine, and one Windows-1252 note must not keep the rest of the
vault out. So a note that is not UTF-8 is decoded as Windows-1252 (the
superset of Latin-1 that Windows editors wrote), else as Latin-1, which
decodes any byte, and the caller is told, so the person can check it. Only the
standard library: no detection package, whose guesses on short notes are no
better than this order.

A file that is not text at all (an image or a PDF renamed `.md`, a sync
conflict's binary) raises `NotText`: the caller skips and lists it rather than
storing its bytes as a note.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from remembrancer.memory.errors import InputError

# Control characters a text file does not hold (tab, newline, form feed and carriage return are text).
_CONTROL = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0C, 0x0D)) + b"\x7f"
_MAX_CONTROL_SHARE = 0.05  # more than 1 byte in 20 a control character: not a note someone typed
_FALLBACKS = ("cp1252", "latin-1")


class NotText(InputError):
    """The file holds binary data, not text: skipped and listed, never stored."""


def decode_note(path: Path) -> tuple[str, str | None]:
    """(text, warning or None): UTF-8 (a BOM allowed), UTF-16 with a BOM, else Windows-1252 / Latin-1 with a warning."""
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            raise NotText("not text: a UTF-16 mark but undecodable bytes; skipped", path) from None
    if b"\x00" in data:
        raise NotText("not text (NUL bytes): skipped", path)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        first_bad, line = exc.start, data[: exc.start].count(b"\n") + 1
    if data and sum(data.count(c) for c in _CONTROL) / len(data) > _MAX_CONTROL_SHARE:
        raise NotText("not text (mostly control bytes): skipped", path)
    for encoding in _FALLBACKS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        label = "Windows-1252" if encoding == "cp1252" else "Latin-1"
        return text, f"{path}:{line}: not valid UTF-8 (byte {first_bad}); read as {label}: check its accented letters"
    raise AssertionError("Latin-1 decodes every byte")  # pragma: no cover
