"""The built-in importers (JSON Lines, ChatGPT, Markdown, text logs) as a plugin."""
from __future__ import annotations

from collections.abc import Callable

from remembrancer.memory.importers import builtin_importers
from remembrancer.memory.importers.base import Importer
from remembrancer.plugins.hookspecs import hookimpl


@hookimpl
def register_importers(register: Callable[[Importer], None]) -> None:
    for importer in builtin_importers().values():
        register(importer)
