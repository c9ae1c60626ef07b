"""The contract's attachment kind (image, audio, video, file) of an exported file, from its MIME type or name.

Exports name what was attached ("IMG_0042.jpg", `file_type: "image/png"`,
`"pdf"`) but rarely say what kind of thing it is; the kind decides the
bracketed label a person reads ("[photo: ...]"), so it is guessed the way a
file manager would, with the standard library's table.
"""
from __future__ import annotations

import mimetypes

_MAJOR = {"image": "image", "audio": "audio", "video": "video"}


def kind_of(name: str, mime: str | None = None) -> str:
    """"image", "audio", "video" or "file"."""
    guessed = mime if mime and "/" in mime else mimetypes.guess_type(name or "", strict=False)[0]
    if not guessed and mime:  # a bare extension, as Claude writes `file_type: "pdf"`
        guessed = mimetypes.guess_type(f"x.{mime}", strict=False)[0]
    return _MAJOR.get((guessed or "").split("/", 1)[0], "file")


def attachment(name: str, mime: str | None = None) -> dict[str, str]:
    """An attachment in the contract's shape: its kind and name (no caption: the export has none)."""
    return {"kind": kind_of(name, mime), "name": name}
