"""A store built by the real rules extractor from a few invented lines."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.browse import PersonaView, list_persona
from tests.helpers import record, write_jsonl


@pytest.fixture
def profile_of(tmp_path: Path) -> Iterator[Callable[..., list[PersonaView]]]:
    """profile_of(lines, person): import "Speaker: text" lines, return that person's persona."""
    opened: list[Memory] = []

    def build(lines: list[str], person: str) -> list[PersonaView]:
        records = []
        for i, line in enumerate(lines):
            speaker, text = line.split(":", 1)
            records.append(record(f"m{i}", text.strip(), speaker=speaker.strip(), time=f"2024-03-{1 + i // 20:02d}T10:{i % 60:02d}:00"))
        memory = Memory(tmp_path / f"data{len(opened)}", "fake")
        opened.append(memory)
        memory.import_path(write_jsonl(tmp_path / f"c{len(opened)}.jsonl", records))
        return list_persona(memory.db, person)

    yield build
    for memory in opened:
        memory.close()
