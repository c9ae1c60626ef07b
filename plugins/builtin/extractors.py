"""The built-in fact extractors ("rules", and "none" for messages only) as a plugin."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from memory.extraction.base import Extractor
from memory.facts.extractors import EXTRACTORS, get_extractor
from plugins.hookspecs import hookimpl


@hookimpl
def register_extractors(register: Callable[[str, Callable[[], Extractor | None]], None]) -> None:
    for name in EXTRACTORS:
        register(name, partial(get_extractor, name))
