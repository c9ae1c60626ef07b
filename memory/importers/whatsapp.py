"""WhatsApp's "Export chat": `WhatsApp Chat with NAME.txt` (Android), `_chat.txt` (iOS), or the export's .zip.

The export is plain text in the phone's locale with no message ids and no
owner marker, so ids hash what a message is (wall-clock time, speaker, text,
and how many times that exact message came before), not where it sits: an
export made again months later, longer, keeps the ids of the messages both
share and a re-import adds only the new ones. A line whose speaker is "You"
is the person's own (`role: user`), and so is one whose speaker has one of
the names the person gave (`importers.owner`).
"""
from __future__ import annotations

import hashlib
import logging
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.attachments import attachment_lines, with_attachments
from remembrancer.memory.importers.base import ImportOptions, Importer, check_unicode, owned, read_text, relative_name
from remembrancer.memory.importers.whatsapp_lines import DATE_ORDERS, Header, detect_order, header_time, match_header, split_speaker
from remembrancer.memory.importers.whatsapp_text import (
    EDITED, is_android_event, is_system_text, placeholder_lines, take_attachments, unmark,
)
from remembrancer.memory.timeutil import to_iso
from remembrancer.memory.types import ParsedMessage

logger = logging.getLogger(__name__)

EXPECTED = "expected a WhatsApp line such as `12/31/23, 10:15 PM - Name: text` or `[31.12.23, 22:15:03] Name: text`"
# The export's file (or zip, or unzipped folder) name in the phone's language: the chat's name follows.
_TITLE = re.compile(
    r"^(?:WhatsApp[ -]Chat (?:with|-|mit|met) |Chat de WhatsApp con |Discussion WhatsApp avec |Conversa do WhatsApp com "
    r"|Chat WhatsApp con |WhatsApp-chat met )(?P<name>.+?)(?: \(\d+\))?$",
    re.I,
)
_HEAD_CHARS = 4096
# What a damaged, truncated, encrypted (RuntimeError) or oddly compressed (NotImplementedError) zip raises.
_ZIP_ERRORS = (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error, OSError, ValueError)
_QUOTES = "\"\u201c\u201d\u201e\u00ab\u00bb"


@dataclass
class _Entry:
    header: Header
    line: int
    lines: list[str] = field(default_factory=list)


class WhatsAppImporter(Importer):
    name = "whatsapp"
    label = "WhatsApp chat export"
    suffixes = (".txt", ".zip")

    def __init__(self, date_order: str | None = None):
        if date_order is not None and date_order not in DATE_ORDERS:
            raise InputError(f"unknown date order {date_order!r} (choose from {', '.join(DATE_ORDERS)})")
        self.date_order = date_order

    def configured(self, options: ImportOptions) -> Importer:
        importer = WhatsAppImporter(options.date_order) if options.date_order else self
        return importer.for_owner(options)

    def claims(self, path: Path) -> bool:
        """A .txt whose first line is a WhatsApp header, or a .zip holding one (never by name alone)."""
        suffix = path.suffix.lower()
        try:
            if suffix == ".txt":
                with path.open("r", encoding="utf-8", errors="replace") as handle:
                    return _looks_like_chat(handle.read(_HEAD_CHARS))
            if suffix == ".zip":
                with zipfile.ZipFile(path) as archive:
                    return bool(_chat_members(archive))
        except _ZIP_ERRORS:
            return False
        return False

    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        messages = self._parse(path, root)
        return [owned(m, self.owner) for m in messages] if self.owner else messages

    def _parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        source = relative_name(path, root)
        if path.suffix.lower() != ".zip":
            return parse_chat(read_text(path), path, source, chat_name(path), self.date_order)
        messages: list[ParsedMessage] = []
        members = _read_zip(path)
        for member, text in members:
            prefix = source if len(members) == 1 else f"{source}/{member}"
            try:
                messages.extend(parse_chat(text, path, prefix, chat_name(path, member), self.date_order))
            except InputError as exc:
                raise InputError(f"{member}: {exc.reason}", path, exc.line) from None
        return messages


def parse_chat(text: str, path: Path, source: str, conversation: str, date_order: str | None = None) -> list[ParsedMessage]:
    """Every message of one chat's text; InputError naming the line of the first thing that cannot be read."""
    entries: list[_Entry] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.rstrip("\r")
        header = match_header(raw)
        if header is not None:
            entries.append(_Entry(header, number, [header.rest]))
        elif entries:
            entries[-1].lines.append(raw)
        elif unmark(raw):
            raise InputError(EXPECTED, path, number)
    order = date_order or detect_order([(e.line, e.header) for e in entries], path)
    seen: Counter[str] = Counter()
    messages: list[ParsedMessage] = []
    skipped = 0
    for entry in entries:
        when = header_time(entry.header, order, path, entry.line)  # every header is checked, system lines too
        message = _message(entry)
        if message is None:
            skipped += 1
            continue
        speaker, body, metadata = message
        key = f"{when.isoformat()}\x1f{speaker}\x1f{body}"  # the wall clock, not the offset: ids do not move with the machine's zone
        seen[key] += 1
        digest = hashlib.sha1(f"{key}\x1f{seen[key]}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
        messages.append(check_unicode(ParsedMessage(
            id=f"{source}:{digest}",
            conversation=conversation,
            time=to_iso(when.astimezone()),  # a naive export time is the phone's local time
            speaker=speaker,
            text=body,
            role="user" if speaker == "You" else "other",
            metadata=metadata,
            line=entry.line,
        ), path, entry.line))
    logger.debug("%s: %d messages, %d system lines skipped (dates %s)", path, len(messages), skipped, order)
    return messages


def _message(entry: _Entry) -> tuple[str, str, dict] | None:
    """(speaker, text, metadata) of one entry, or None for a system line or an empty message."""
    header = entry.header
    if header.style == "android" and is_android_event(header.rest):
        return None
    said = split_speaker(header.rest)
    if said is None:
        return None  # a header with no "Name:" is WhatsApp's own line
    speaker, first = said
    if header.style == "android" and any(q in speaker for q in _QUOTES):
        return None  # a group event in another language whose quoted subject holds a colon, not a contact's name
    lines = [first.lstrip("\u200e"), *entry.lines[1:]]
    while len(lines) > 1 and not unmark(lines[-1]):
        lines.pop()  # the blank lines before the next header
    if is_system_text(first, marked=first.startswith("\u200e"), alone=len(lines) == 1):
        return None
    metadata: dict = {"source_line": entry.line}
    edited = EDITED.search(lines[-1])
    if edited:
        lines[-1] = lines[-1][: edited.start()]
        metadata["edited"] = True
    kept, attachments = take_attachments(lines)
    words = "\n".join(kept).strip()
    if attachments:
        metadata["attachments"] = attachments
    named = attachment_lines(attachments, Path(), entry.line)  # well-formed by construction: never raises
    body = with_attachments(words, named + placeholder_lines(attachments))
    return (speaker, body, metadata) if body else None


def chat_name(path: Path, member: str | None = None) -> str:
    """The conversation's name: "WhatsApp Chat with Kit.txt" -> "Kit"; an iOS `_chat.txt` takes its zip's or folder's name."""
    candidates = [Path(member).stem] if member else []
    candidates.append(path.stem if path.suffix.lower() == ".zip" or path.stem != "_chat" else path.parent.name)
    for candidate in candidates:
        match = _TITLE.match(candidate.strip())
        if match:
            return match["name"].strip()
    fallback = candidates[-1].strip()
    return fallback if fallback and fallback != "_chat" else "WhatsApp chat"


def _looks_like_chat(head: str) -> bool:
    for raw in head.split("\n"):
        if unmark(raw):
            return match_header(raw.rstrip("\r").lstrip("\ufeff")) is not None
    return False


def _chat_members(archive: zipfile.ZipFile) -> list[str]:
    """The chat text files of an export zip (its photos and voice notes are not read)."""
    members = []
    for info in archive.infolist():
        name = info.filename
        if info.is_dir() or not name.lower().endswith(".txt") or name.startswith("__MACOSX/"):
            continue
        with archive.open(info) as handle:
            head = handle.read(_HEAD_CHARS).decode("utf-8", errors="replace")
        if _looks_like_chat(head):
            members.append(name)
    return members


def _read_zip(path: Path) -> list[tuple[str, str]]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = _chat_members(archive)
            if not members:
                raise InputError("the zip holds no WhatsApp chat (`_chat.txt` or `WhatsApp Chat with NAME.txt`)", path, None)
            data = [(member, archive.read(member)) for member in members]
    except InputError:
        raise
    except _ZIP_ERRORS as exc:
        reason = "not a valid zip file" if isinstance(exc, zipfile.BadZipFile) else f"cannot read the zip: {exc}"
        raise InputError(reason, path, None) from None
    texts = []
    for member, raw in data:
        try:
            texts.append((member, raw.decode("utf-8-sig")))
        except UnicodeDecodeError as exc:
            raise InputError(f"{member} is not valid UTF-8 (byte {exc.start})", path, raw[: exc.start].count(b"\n") + 1) from None
    return texts
