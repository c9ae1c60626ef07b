"""Attachments of the contract's messages (`attachments`: kind, caption, name) as searchable text.

A shared photo often says more than the words beside it ("Look at him!" with
a picture of a dachshund puppy). The contract makes a caption searchable text
of its message that may yield facts, so each attachment becomes a bracketed
line after the message's words, "[photo: a small brown dachshund puppy]":
the form a person reads in a chat log, the one full-text search and the
embedder see, and the one the extractor reads as a caption ("Ana shared a
photo of ..."). The attachments themselves stay in the message's metadata.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from remembrancer.memory.errors import InputError

KINDS = ("image", "audio", "video", "file")
# What a person calls each kind in a chat log; "photo" is what the extractor reads as a picture.
_LABEL = {"image": "photo", "audio": "audio", "video": "video", "file": "file"}


def attachment_lines(value: Any, path: Path, number: int) -> list[str]:
    """One "[photo: caption]" line per attachment with a caption or a name; InputError naming the line otherwise."""
    if not isinstance(value, list):
        raise InputError("`attachments` must be a list of objects", path, number)
    lines: list[str] = []
    for index, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise InputError(f"attachment {index}: must be an object with `kind`", path, number)
        kind = item.get("kind")
        if kind not in KINDS:
            raise InputError(f"attachment {index}: `kind` must be one of {', '.join(KINDS)}, not {kind!r}", path, number)
        for key in ("caption", "name"):
            if key in item and item[key] is not None and not isinstance(item[key], str):
                raise InputError(f"attachment {index}: `{key}` must be a string", path, number)
        caption = " ".join((item.get("caption") or "").split()).replace("[", "(").replace("]", ")")
        name = " ".join((item.get("name") or "").split()).replace("[", "(").replace("]", ")")
        said = caption or name
        if said:
            lines.append(f"[{_LABEL[kind]}: {said}]")
    return lines


def with_attachments(text: str, lines: list[str]) -> str:
    """The message's words, then its attachments' lines, each on its own line."""
    return "\n".join([part for part in [text.strip(), *lines] if part])
