"""Importers by format name, and choosing one for a file or folder."""
from __future__ import annotations

import logging
from pathlib import Path

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.base import Importer
from remembrancer.memory.importers.chatgpt import ChatGPTImporter
from remembrancer.memory.importers.email import EmailImporter
from remembrancer.memory.importers.jsonl import JsonlImporter
from remembrancer.memory.importers.markdown import MarkdownImporter
from remembrancer.memory.importers.slack import SlackImporter
from remembrancer.memory.importers.textlog import TextLogImporter

logger = logging.getLogger(__name__)

FORMATS = ("auto", "jsonl", "chatgpt", "markdown", "text", "email", "slack")


def builtin_importers() -> dict[str, Importer]:
    return {
        imp.name: imp
        for imp in (JsonlImporter(), ChatGPTImporter(), MarkdownImporter(), TextLogImporter(), EmailImporter(), SlackImporter())
    }


def plan_files(path: Path, fmt: str = "auto", importers: dict[str, Importer] | None = None) -> list[tuple[Path, Importer]]:
    """Which importer reads which file under `path`.

    A single file in `auto` must be recognised (else InputError); inside a
    folder, unrecognised files and hidden folders (`.obsidian`, `.git`) are
    skipped with a log line, as a vault holds attachments too.
    """
    importers = importers or builtin_importers()
    if fmt not in importers and fmt != "auto":
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if not path.exists():
        raise InputError("no such file or folder", path)
    if path.is_file():
        return [(path, _choose(path, fmt, importers, strict=True))]
    plan = []
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        if any(part.startswith(".") for part in file.relative_to(path).parts):
            continue
        importer = _choose(file, fmt, importers, strict=False)
        if importer is None:
            logger.info("skipping %s: not a format Remembrancer imports", file)
            continue
        plan.append((file, importer))
    return plan


def _choose(path: Path, fmt: str, importers: dict[str, Importer], strict: bool) -> Importer | None:
    if fmt != "auto":
        chosen = importers[fmt]
        return chosen if strict or chosen.claims(path) else None
    for name in ("jsonl", "chatgpt", "text", "markdown"):
        if name in importers and importers[name].claims(path):
            return importers[name]
    for importer in importers.values():
        if importer.name not in ("jsonl", "chatgpt", "text", "markdown") and importer.claims(path):
            return importer
    if path.suffix.lower() == ".txt":
        return importers["markdown"]  # a plain-text note
    if strict:
        raise InputError(f"cannot tell the format; pass --format {'|'.join(FORMATS[1:])}", path)
    return None


__all__ = ["FORMATS", "Importer", "builtin_importers", "plan_files"]
