"""The built-in importers (JSON Lines, ChatGPT, Markdown, text logs) as a plugin."""
from __future__ import annotations

from collections.abc import Callable

from memory.importers import builtin_importers
from memory.importers.base import Importer
from plugins.hookspecs import hookimpl


@hookimpl
def register_importers(register: Callable[[Importer], None]) -> None:
    for importer in builtin_importers().values():
        register(importer)
