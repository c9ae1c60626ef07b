"""A third-party plugin, as a user would install it: a `.memo` importer.

A `.memo` file holds `Speaker: text` lines of one conversation dated by a
first `# 2024-05-01T10:00:00` line. The plugin also keeps an API token in
its namespaced secrets, to show what `plugin_did_load` gives a plugin.
"""
from __future__ import annotations

from pathlib import Path

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.base import Importer, iso_time, read_text
from remembrancer.memory.types import ParsedMessage
from remembrancer.plugins.hookspecs import hookimpl

SECRETS = []


class MemoImporter(Importer):
    name = "memo"
    suffixes = (".memo",)

    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        lines = read_text(path).splitlines()
        if not lines or not lines[0].startswith("# "):
            raise InputError("a .memo file starts with '# <ISO time>'", path, 1)
        time = iso_time(lines[0][2:].strip(), path, 1)
        messages = []
        for number, line in enumerate(lines[1:], 2):
            if not line.strip():
                continue
            speaker, sep, text = line.partition(":")
            if not sep:
                raise InputError("expected 'Speaker: text'", path, number)
            messages.append(ParsedMessage(id=f"{path.stem}-{number}", conversation=path.stem, time=time, speaker=speaker.strip(), text=text.strip()))
        return messages


@hookimpl
def register_importers(register):
    register(MemoImporter())


@hookimpl
def plugin_did_load(secrets):
    secrets.set("token", "sample-token")
    SECRETS.append(secrets)
