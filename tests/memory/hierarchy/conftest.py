"""A tiny deterministic extractor, so hierarchy tests do not depend on the rules' wording."""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.extraction.base import Extractor, FactCandidate, MessageView

_PATTERNS = [
    (re.compile(r"\bI live in (\w+)", re.I), "home", "{s} lives in {v}"),
    (re.compile(r"\bI moved to (\w+)", re.I), "home", "{s} moved to {v}"),
    (re.compile(r"\bI love (\w+)", re.I), "likes", "{s} loves {v}"),
    (re.compile(r"\bI don't like (\w+)", re.I), "likes", "{s} does not like {v}"),
]


class PatternExtractor(Extractor):
    """One fact per sentence-level pattern; otherwise the message restated."""

    name = "test-patterns"

    def extract(self, messages: Sequence[MessageView]) -> list[FactCandidate]:
        facts = []
        for m in messages:
            matched = False
            for pattern, attribute, template in _PATTERNS:
                hit = pattern.search(m.text)
                if hit:
                    matched = True
                    negated = "don't" in hit.group(0)
                    facts.append(
                        FactCandidate(
                            text=template.format(s=m.speaker, v=hit.group(1)), subject=m.speaker, sources=[m.id], time_said=m.time,
                            attribute=attribute, value=hit.group(1), confidence=0.8, polarity=-1 if negated else 1, entities=[hit.group(1)],
                        )
                    )
            if not matched:
                facts.append(FactCandidate(text=f"{m.speaker} said: {m.text}", subject=m.speaker, sources=[m.id], time_said=m.time))
        return facts


@pytest.fixture
def hmem(tmp_path: Path) -> Iterator[Memory]:
    memory = Memory(tmp_path / "data", "fake", extractor=PatternExtractor())
    yield memory
    memory.close()


@pytest.fixture
def embedded_texts(hmem: Memory) -> list[str]:
    """Every text `hmem`'s embedder is asked to embed from now on, in order."""
    seen: list[str] = []
    original = hmem.embedder.embed

    def recording(batch: Sequence[str]):  # type: ignore[no-untyped-def]
        seen.extend(batch)
        return original(batch)

    hmem.embedder.embed = recording  # type: ignore[method-assign]
    return seen
