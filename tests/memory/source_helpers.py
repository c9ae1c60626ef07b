"""Builders for the watched-source tests (core, app and UI): invented notes and a look at what the store holds."""
from __future__ import annotations

from pathlib import Path
from typing import Any


def write_note(path: Path, *paragraphs: str, heading: str = "Garden") -> Path:
    """A Markdown note: one heading, then the paragraphs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {heading}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def notes(memory: Any) -> dict[str, tuple[str, bool]]:
    """id -> (text, archived) of every note a `Memory` holds."""
    return {m.id: (m.text, m.archived) for m in memory.messages("note")}


def current_texts(memory: Any) -> set[str]:
    """The texts of the current (not archived) notes: what a test checks whatever the note ids look like."""
    return {m.text for m in memory.messages("note") if not m.archived}


def ids_under(stored: dict[str, tuple[str, bool]], note: str) -> list[str]:
    """The ids of `note`'s items (`note#heading`, maybe with a suffix), sorted."""
    return sorted(note_id for note_id in stored if note_id.startswith(note + "#"))
