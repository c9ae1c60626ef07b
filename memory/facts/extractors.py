"""Choosing a fact extractor by name; imported lazily like the embedders."""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from remembrancer.memory.extraction.base import Extractor, FactCandidate, MessageView

EXTRACTORS = ("rules", "none")


class DeferredExtractor(Extractor):
    """An extractor built at its first `extract`, not when the store opens.

    The rules extractor compiles about a hundred attribute patterns when its
    module loads (~0.8 s on a 2-core machine), and most processes that open a
    store never extract: the background service answering `recall`, the tray
    popup, `stats`. Its name is known without building it (stats report it).
    """

    def __init__(self, name: str, build: Callable[[], Extractor]) -> None:
        self.name = name
        self._build = build
        self._built: Extractor | None = None
        self._lock = threading.Lock()  # an import and a consolidation may both reach it first

    def built(self) -> Extractor:
        with self._lock:
            if self._built is None:
                self._built = self._build()
            return self._built

    def extract(self, messages: Sequence[MessageView]) -> list[FactCandidate]:
        return self.built().extract(messages)


def _rules() -> Extractor:
    from remembrancer.memory.extraction.rules import RulesExtractor

    return RulesExtractor()


def get_extractor(name: str) -> Extractor | None:
    """The extractor called `name` (built at its first use); None for "none" (messages only)."""
    if name == "rules":
        return DeferredExtractor("rules", _rules)
    if name == "none":
        return None
    raise ValueError(f"unknown extractor {name!r} (known: {', '.join(EXTRACTORS)})")
