"""A small hand-written vault with one note of each odd kind a real vault holds (invented people and places)."""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

GOOD = "---\ndate: 2024-04-02\n---\n# Orchard\n\nMirela planted three quince trees behind the Vessa mill.\n"
BAD_YAML = "---\ntitle: [Harbour walk\nthis line is not yaml\ndate: 12\n---\nTobiah fixed the lighthouse clock in Port Aldane.\n"
UNCLOSED = "---\n# Recipes\n\nGrandma Idris salts the plum jam twice.\n"
LATIN1 = "# Caf\u00e9\n\nThe caf\u00e9 in Brunvik serves cr\u00e8me br\u00fbl\u00e9e on Fridays.\n".encode("latin-1")
WIN1252 = "Ottilie said \u201cnever again\u201d about the ferry \u2013 twice.\n".encode("cp1252")
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
MTIME = datetime(2023, 9, 14, 7, 45).timestamp()


def write_vault(vault: Path) -> dict[str, Path]:
    """The vault's files by role; every file's mtime is `MTIME`, so a note without a good date is easy to spot."""
    files = {
        "good": vault / "Journal" / "orchard.md",
        "bad_yaml": vault / "Journal" / "harbour.md",
        "unclosed": vault / "recipes.md",
        "latin1": vault / "Travel" / "brunvik.md",
        "win1252": vault / "Travel" / "ferry.txt",
        "binary": vault / "Travel" / "photo.md",
    }
    contents: dict[str, str | bytes] = {"good": GOOD, "bad_yaml": BAD_YAML, "unclosed": UNCLOSED, "latin1": LATIN1, "win1252": WIN1252, "binary": BINARY}
    for role, path in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        content = contents[role]
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        os.utime(path, (MTIME, MTIME))
    return files
