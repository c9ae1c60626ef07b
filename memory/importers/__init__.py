"""Importers by format name, and choosing one for a file or folder."""
from __future__ import annotations

import logging
from pathlib import Path

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.chat_shape import file_reads_like_chat
from remembrancer.memory.importers.base import ImportOptions, Importer
from remembrancer.memory.importers.chatgpt import ChatGPTImporter
from remembrancer.memory.importers.claude import ClaudeImporter
from remembrancer.memory.importers.discord import DiscordImporter
from remembrancer.memory.importers.email import EmailImporter
from remembrancer.memory.importers.gemini import GeminiImporter
from remembrancer.memory.importers.jsonl import JsonlImporter
from remembrancer.memory.importers.markdown import MarkdownImporter
from remembrancer.memory.importers.slack import SlackImporter
from remembrancer.memory.importers.telegram import TelegramImporter
from remembrancer.memory.importers.textlog import TextLogImporter
from remembrancer.memory.importers.whatsapp import WhatsAppImporter

logger = logging.getLogger(__name__)

FORMATS = ("auto", "jsonl", "chatgpt", "claude", "gemini", "markdown", "text", "whatsapp", "telegram", "discord", "slack", "email")
# Content detection order: exports recognised by their top-level keys come before ChatGPT's conversations.json;
# mail and chat logs come before markdown, so a chat or a mailbox never becomes a plain-text note.
ORDER = ("jsonl", "telegram", "discord", "slack", "claude", "gemini", "chatgpt", "email", "text", "whatsapp", "markdown")


def builtin_importers() -> dict[str, Importer]:
    importers = (JsonlImporter(), ChatGPTImporter(), ClaudeImporter(), GeminiImporter(), MarkdownImporter(), TextLogImporter(),
                 WhatsAppImporter(), TelegramImporter(), DiscordImporter(), SlackImporter(), EmailImporter())
    return {imp.name: imp for imp in importers}


def plan_files(
    path: Path, fmt: str = "auto", importers: dict[str, Importer] | None = None, left_out: list[Path] | None = None,
) -> list[tuple[Path, Importer]]:
    """Which importer reads which file under `path`.

    A single file in `auto` must be recognised (else InputError); inside a
    folder, unrecognised files and hidden folders (`.obsidian`, `.git`) are
    skipped with a log line, as a vault holds attachments too. The
    unrecognised files (not the hidden ones) are added to `left_out`, for a
    caller that tells the person what an import will leave aside.
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
            if left_out is not None:
                left_out.append(file)
            continue
        plan.append((file, importer))
    return plan


def importer_for(path: Path, fmt: str = "auto", importers: dict[str, Importer] | None = None) -> Importer | None:
    """The importer that reads `path` as one file of a folder import would be read, or None for a file no importer takes.

    A watched folder re-reads files one at a time; a picture dropped into a
    vault must be passed over, not reported as "cannot tell the format".
    """
    importers = importers or builtin_importers()
    if fmt not in importers and fmt != "auto":
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return _choose(path, fmt, importers, strict=False)


def _choose(path: Path, fmt: str, importers: dict[str, Importer], strict: bool) -> Importer | None:
    if fmt != "auto":
        chosen = importers[fmt]
        return chosen if strict or chosen.claims(path) else None
    for name in ORDER:
        if name in importers and importers[name].claims(path):
            return importers[name]
    for importer in importers.values():
        if importer.name not in ORDER and importer.claims(path):
            return importer
    if path.suffix.lower() == ".txt":
        if not file_reads_like_chat(path):
            return importers["markdown"]  # a plain-text note
        if strict:  # a chat in an unknown shape must not become one note holding the whole chat
            raise InputError(
                "cannot tell the format: it reads like a chat log (a time, a name and a colon on each line) in a shape no importer "
                f"knows; pass --format {'|'.join(f for f in FORMATS if f != 'auto')} (markdown keeps it as a note)", path,
            )
        return None
    if strict:
        raise InputError(f"cannot tell the format; pass --format {'|'.join(f for f in FORMATS if f != 'auto')}", path)
    return None


__all__ = ["FORMATS", "ImportOptions", "Importer", "builtin_importers", "importer_for", "plan_files"]
