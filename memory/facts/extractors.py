"""Choosing a fact extractor by name; imported lazily like the embedders."""
from __future__ import annotations

from remembrancer.memory.extraction.base import Extractor

EXTRACTORS = ("rules", "none")


def get_extractor(name: str) -> Extractor | None:
    """The extractor called `name`; None for "none" (messages only)."""
    if name == "rules":
        from remembrancer.memory.extraction.rules import RulesExtractor

        return RulesExtractor()
    if name == "none":
        return None
    raise ValueError(f"unknown extractor {name!r} (known: {', '.join(EXTRACTORS)})")
