"""Whether a `.txt` file no chat importer claimed still reads like a chat log.

A `.txt` file that is none of the chat formats is read as a plain-text note.
A chat export in a shape Remembrancer does not know (another app's, another
locale's) would then become one note holding the whole chat: no speakers,
no times, and no error. Such a file is refused instead ("cannot tell the
format"), alone or named among what a folder import leaves out, and
`--format markdown` still keeps it as a note when that is what is wanted.

A line "reads like chat" when it opens with a date and/or clock time
(bracketed or not, any order of day, month and year) followed by a short
name and a colon; a note's "Note: ..." or "10:15 meeting" lines do not. Most
of the first non-empty lines must look so, so a diary with a few
timestamped lines stays a note.
"""
from __future__ import annotations

import re
from pathlib import Path

HEAD_BYTES = 8192
SAMPLE_LINES = 20
MIN_CHAT_LINES = 3
MIN_SHARE = 0.6

_DATE = r"\d{1,4}[-./]\d{1,2}[-./]\d{1,4}"
_CLOCK = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s?[AaPp]\.?\s?[Mm]\.?)?"
_STAMP = rf"(?:{_DATE}(?:[,\sT]+{_CLOCK})?|{_CLOCK})"
_CHAT_LINE = re.compile(rf"^\W{{0,2}}{_STAMP}\W{{0,3}}\s*(?:[-–—|>]\s*)?[^:\s][^:]{{0,48}}:\s+\S")


def reads_like_chat(text: str) -> bool:
    """Whether most of the first non-empty lines of `text` are "time Name: words" lines."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:SAMPLE_LINES]
    chat = sum(1 for line in lines if _CHAT_LINE.match(line))
    return chat >= MIN_CHAT_LINES and chat >= MIN_SHARE * len(lines)


def file_reads_like_chat(path: Path) -> bool:
    """`reads_like_chat` of the file's head (bytes that are not UTF-8 are replaced: only the shape matters)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return False
    return reads_like_chat(head.decode("utf-8", errors="replace"))
