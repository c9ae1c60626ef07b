"""The built-in fact extractors ("rules", and "none" for messages only) as a plugin."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from remembrancer.memory.extraction.base import Extractor
from remembrancer.memory.facts.extractors import EXTRACTORS, get_extractor
from remembrancer.plugins.hookspecs import hookimpl


@hookimpl
def register_extractors(register: Callable[[str, Callable[[], Extractor | None]], None]) -> None:
    for name in EXTRACTORS:
        register(name, partial(get_extractor, name))
