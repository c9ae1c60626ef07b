"""What ChatGPT's and Claude's exports share: a `conversations.json` (alone or in the export's .zip) and an owner file beside it.

Both services name their export's main file `conversations.json`, so the
file name cannot say whose it is: claiming by name gave every Claude export
to the ChatGPT importer, which rejected it ("missing `mapping`"). The first
conversation's keys do say: a ChatGPT conversation has a `mapping` (its tree
of nodes), a Claude one `chat_messages`. Whichever of the two keys comes
first in the file's head decides. The owner's name, when the export carries
it, is in `user.json` (ChatGPT) or `users.json` (Claude) beside the file.
"""
from __future__ import annotations

import json
import logging
import re
import zipfile
from pathlib import Path
from typing import Any

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.base import read_text

logger = logging.getLogger(__name__)

CONVERSATIONS = "conversations.json"
HEAD_CHARS = 65536
# A key, not a word in a message: inside a JSON string the quotes would be escaped.
_KIND_KEY = re.compile(r'"(mapping|chat_messages)"\s*:')
KIND_OF_KEY = {"mapping": "chatgpt", "chat_messages": "claude"}


def _member(names: list[str], wanted: str) -> str | None:
    """The shallowest archive member named `wanted` (an export may nest its files in a folder)."""
    found = [n for n in names if n == wanted or n.endswith("/" + wanted)]
    return min(found, key=lambda n: (n.count("/"), n)) if found else None


def head(path: Path) -> tuple[str, bool]:
    """The first characters of `path`'s conversations (the zip's member for a .zip), and whether it is a zip with a Claude `users.json`."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
                member = _member(names, CONVERSATIONS)
                if member is None:
                    return "", False
                with archive.open(member) as handle:
                    data = handle.read(HEAD_CHARS)
                return data.decode("utf-8", errors="replace"), _member(names, "users.json") is not None
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            return handle.read(HEAD_CHARS), False
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):  # RuntimeError: an encrypted zip
        return "", False


def export_kind(path: Path) -> str | None:
    """"chatgpt", "claude" or None: whose export `path` is, from its content (a named `conversations.json` with neither key is ChatGPT's, as before)."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".zip"):
        return None
    text, claude_users = head(path)
    found = _KIND_KEY.search(text)
    if found and text.lstrip().startswith("["):
        return KIND_OF_KEY[found.group(1)]
    named = (suffix == ".zip" and bool(text)) or path.name.lower() == CONVERSATIONS
    if not named:
        return None
    # An empty or broken conversations.json: the importer that reads it names the problem (`[]` imports nothing).
    return "claude" if claude_users else "chatgpt"


def read_conversations(path: Path) -> str:
    """The text of `path`, or of the `conversations.json` in the zip `path`; InputError naming the zip otherwise."""
    if path.suffix.lower() != ".zip":
        return read_text(path)
    try:
        with zipfile.ZipFile(path) as archive:
            member = _member(archive.namelist(), CONVERSATIONS)
            if member is None:
                raise InputError("zip holds no conversations.json", path, None)
            data = archive.read(member)
    except zipfile.BadZipFile:
        raise InputError("not a valid zip file", path, None) from None
    except RuntimeError:  # a password-protected member
        raise InputError("the zip is encrypted: unpack it first", path, None) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"conversations.json is not UTF-8 (byte {exc.start})", path, data[: exc.start].count(b"\n") + 1) from None


def side_file(path: Path, name: str) -> Any:
    """The parsed JSON file `name` beside the conversations (in the same zip or folder), or None.

    Only ever a nicety (the owner's name): an unreadable one is logged and
    ignored, never a reason to refuse the conversations.
    """
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                member = _member(archive.namelist(), name)
                if member is None:
                    return None
                data = archive.read(member)
        else:
            beside = path.with_name(name)
            if not beside.is_file():
                return None
            data = beside.read_bytes()
        return json.loads(data.decode("utf-8-sig"))
    except (OSError, zipfile.BadZipFile, RuntimeError, UnicodeDecodeError, ValueError, RecursionError):
        logger.warning("%s: %s beside it is unreadable; the owner is called by the default name", path, name)
        return None


def owner_name(value: Any, *keys: str) -> str | None:
    """The first non-empty string under `keys` of `value` (an object, or the first object of a list)."""
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, dict)), None)
    if not isinstance(value, dict):
        return None
    for key in keys:
        name = value.get(key)
        if isinstance(name, str) and name.strip():
            return " ".join(name.split())
    return None


def line_of(text: str, value: Any) -> int | None:
    """Best-effort line of a JSON string value in `text` (an id is unique in an export), for an error message; None when not found."""
    if isinstance(value, str) and value:
        for quoted in (json.dumps(value), json.dumps(value, ensure_ascii=False)):
            pos = text.find(quoted)
            if pos >= 0:
                return text.count("\n", 0, pos) + 1
    return None


def load_list(text: str, path: Path, what: str) -> list:
    """The JSON list in `text`; InputError naming the line of a syntax error, or line 1 when it is not a list."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", path, exc.lineno) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply", path, 1) from None
    if not isinstance(data, list):
        raise InputError(f"expected a list of {what}", path, 1)
    return data
