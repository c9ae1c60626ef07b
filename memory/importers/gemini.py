"""Gemini (and Bard) activity from Google Takeout: `My Activity/Gemini Apps/MyActivity.json`, or the Takeout .zip.

Takeout keeps no conversations, only activity records, newest first: each
"Prompted <the prompt>" record holds what the person asked (`title`), when
(`time`, UTC) and the answer as HTML (`safeHtmlItem`). Each becomes the
person's message and, when present, Gemini's answer as plain text. Records
that say nothing the person asked ("Used Gemini Apps", feedback, a Gem
created) are skipped. With no conversation to follow, a day is one:
`gemini:<YYYY-MM-DD>` by the UTC date, so the key never depends on the
zone of the machine that imports it. Ids are the record's time and a hash
of the prompt: stable across re-imports and across Takeouts.
"""
from __future__ import annotations

import hashlib
import logging
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.assistant_export import line_of, load_list
from remembrancer.memory.importers.attachments import attachment_lines, with_attachments
from remembrancer.memory.importers.base import Importer, check_unicode, read_text
from remembrancer.memory.importers.file_kinds import attachment
from remembrancer.memory.importers.html_text import html_to_text
from remembrancer.memory.timeutil import parse_time, to_iso
from remembrancer.memory.types import ParsedMessage

logger = logging.getLogger(__name__)

PRODUCTS = ("Gemini Apps", "Bard")
PROMPT_VERBS = ("Prompted ", "Asked ")
OWNER = "Me"
ASSISTANT = "Gemini"
_MARK = re.compile(r'"header"\s*:\s*"(?:Gemini Apps|Bard)"|"products"\s*:\s*\[[^\]]*"(?:Gemini Apps|Bard)"')
_MEMBER = re.compile(r"(?:^|/)(?:Gemini Apps|Bard)/MyActivity\.json$")
HEAD_CHARS = 65536


class GeminiImporter(Importer):
    name = "gemini"
    label = "Gemini activity (Google Takeout)"
    suffixes = (".json", ".zip")

    def claims(self, path: Path) -> bool:
        """A list of activity records of Gemini Apps or Bard (the file name is the same for every Google product), or a Takeout zip holding one."""
        suffix = path.suffix.lower()
        try:
            if suffix == ".zip":
                with zipfile.ZipFile(path) as archive:
                    return any(_MEMBER.search(name) for name in archive.namelist())
            if suffix == ".json":
                with path.open("r", encoding="utf-8", errors="replace") as handle:
                    head = handle.read(HEAD_CHARS)
                return head.lstrip("\ufeff \t\r\n").startswith("[") and _MARK.search(head) is not None
        except (zipfile.BadZipFile, OSError):
            return False
        return False

    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        found: dict[str, tuple[tuple[str, int], ParsedMessage]] = {}  # id -> (when said, prompt 0 / answer 1), message
        for label, text in _sources(path):
            records = load_list(text, path, "activity records (Takeout MyActivity.json)")
            skipped = 0
            for number, record in enumerate(records, start=1):
                try:
                    stamp, messages = _record_messages(record, path)
                except InputError as exc:
                    where = f"{label}: " if label else ""
                    raise InputError(f"{where}record {number}: {exc.reason}", path, _line_of(text, record)) from None
                skipped += not messages
                for part, message in enumerate(messages):
                    found.setdefault(message.id, ((stamp, part), message))  # the same record in the Bard and the Gemini Apps folder
            if skipped:
                logger.info("%s%s: %d activity record(s) without a prompt skipped", path, f" ({label})" if label else "", skipped)
        # Takeout lists the newest first; stored in the order said, so each answer follows its prompt.
        return [message for _, message in sorted(found.values(), key=lambda pair: pair[0])]


def _sources(path: Path) -> list[tuple[str, str]]:
    """(member name or "", text) of each activity file: the file itself, or every Gemini/Bard one in a Takeout zip."""
    if path.suffix.lower() != ".zip":
        return [("", read_text(path))]
    try:
        with zipfile.ZipFile(path) as archive:
            names = sorted(name for name in archive.namelist() if _MEMBER.search(name))
            if not names:
                raise InputError("zip holds no Gemini Apps/MyActivity.json (choose JSON for My Activity in Takeout)", path, None)
            out = []
            for name in names:
                data = archive.read(name)
                try:
                    out.append((name, data.decode("utf-8-sig")))
                except UnicodeDecodeError as exc:
                    raise InputError(f"{name} is not UTF-8 (byte {exc.start})", path, data[: exc.start].count(b"\n") + 1) from None
            return out
    except zipfile.BadZipFile:
        raise InputError("not a valid zip file", path, None) from None
    except RuntimeError:
        raise InputError("the zip is encrypted: unpack it first", path, None) from None


def _line_of(text: str, record: Any) -> int:
    if isinstance(record, dict):
        for key in ("title", "time"):
            found = line_of(text, record.get(key))
            if found is not None:
                return found
    return 1


def _record_messages(record: Any, path: Path) -> tuple[str, list[ParsedMessage]]:
    """When (UTC, to the microsecond) and the prompt and its answer; no message for a record that is no prompt.

    InputError (no line: the caller adds it) when malformed.
    """
    if not isinstance(record, dict):
        raise InputError("not an object", path)
    title = record.get("title")
    if title is None:
        return "", []
    if not isinstance(title, str):
        raise InputError("`title` must be a string", path)
    verb = next((v for v in PROMPT_VERBS if title.startswith(v)), None)
    prompt = title[len(verb):].strip() if verb else ""
    if not prompt:
        return "", []
    moment = _moment(record.get("time"), path)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    key = f"gemini:{moment.date().isoformat()}"
    base_id = f"gemini:{stamp}:{hashlib.sha1(prompt.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"
    when = to_iso(moment)
    files = _attached(record.get("attachedFiles"), path)
    metadata: dict[str, Any] = {}
    if files:
        metadata["attachments"] = files
    text = with_attachments(prompt, attachment_lines(files, path, None))
    out = [ParsedMessage(id=base_id, conversation=key, time=when, speaker=OWNER, text=text, role="user", metadata=metadata)]
    answer = _answer(record.get("safeHtmlItem"), path)
    if answer:
        out.append(ParsedMessage(id=f"{base_id}:answer", conversation=key, time=when, speaker=ASSISTANT, text=answer, role="assistant"))
    return stamp, [check_unicode(m, path, None) for m in out]


def _moment(value: Any, path: Path) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise InputError("`time` must be an ISO 8601 string", path)
    try:
        return parse_time(value).astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise InputError(f"`time` is not ISO 8601: {value!r}", path) from None


def _answer(items: Any, path: Path) -> str:
    if items is None:
        return ""
    if not isinstance(items, list):
        raise InputError("`safeHtmlItem` must be a list", path)
    texts = []
    for item in items:
        html = item.get("html") if isinstance(item, dict) else None
        if not isinstance(html, str):
            raise InputError("each `safeHtmlItem` must be an object with `html`", path)
        texts.append(html_to_text(html))
    return "\n".join(t for t in texts if t)


def _attached(items: Any, path: Path) -> list[dict[str, str]]:
    """`attachedFiles` (names, or objects with a name) as attachments."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise InputError("`attachedFiles` must be a list", path)
    out = []
    for item in items:
        name = item if isinstance(item, str) else (item.get("name") or item.get("fileName")) if isinstance(item, dict) else None
        if isinstance(name, str) and name.strip():
            out.append(attachment(name.strip().rsplit("/", 1)[-1]))
    return out
