"""ChatGPT's data export: `conversations.json` (or the export's .zip).

Each conversation is a tree of nodes (`mapping`); the visible thread is the
path from `current_node` up to the root, so edited-away branches are not
imported as if they had been said.
"""
from __future__ import annotations

import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.base import Importer, check_unicode, read_text
from remembrancer.memory.types import ParsedMessage

SPEAKERS = {"user": "User", "assistant": "ChatGPT"}


class ChatGPTImporter(Importer):
    name = "chatgpt"
    suffixes = (".json", ".zip")

    def claims(self, path: Path) -> bool:
        if path.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(path) as archive:
                    return any(n.endswith("conversations.json") for n in archive.namelist())
            except (zipfile.BadZipFile, OSError):
                return False
        return path.name.lower() == "conversations.json" or (
            path.suffix.lower() == ".json" and _head(path).lstrip().startswith("[") and '"mapping"' in _head(path)
        )

    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        text = _read_export(path)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg}", path, exc.lineno) from None
        except RecursionError:
            raise InputError("invalid JSON: nested too deeply", path, 1) from None
        if not isinstance(data, list):
            raise InputError("expected a list of conversations (ChatGPT conversations.json)", path, 1)
        messages: list[ParsedMessage] = []
        for index, conversation in enumerate(data):
            try:
                found = _conversation_messages(conversation, index)
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError, OSError) as exc:  # odd shapes, absurd times
                raise InputError(f"conversation #{index + 1}: {exc}", path, _line_of(text, conversation)) from None
            try:
                messages.extend(check_unicode(message, path, None) for message in found)
            except InputError as exc:
                raise InputError(f"conversation #{index + 1}: {exc.reason}", path, _line_of(text, conversation)) from None
        return messages


def _head(path: Path) -> str:
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            return handle.read(65536)
    except OSError:
        return ""


def _read_export(path: Path) -> str:
    if path.suffix.lower() != ".zip":
        return read_text(path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.endswith("conversations.json")]
            if not names:
                raise InputError("zip holds no conversations.json", path, None)
            data = archive.read(names[0])
    except zipfile.BadZipFile:
        raise InputError("not a valid zip file", path, None) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"conversations.json is not UTF-8 (byte {exc.start})", path, data[: exc.start].count(b"\n") + 1) from None


def _line_of(text: str, conversation: Any) -> int:
    """Best-effort line of a conversation in the file, for the error message."""
    if isinstance(conversation, dict):
        for key in ("conversation_id", "id", "title"):
            value = conversation.get(key)
            if isinstance(value, str) and value:
                pos = text.find(json.dumps(value))
                if pos >= 0:
                    return text.count("\n", 0, pos) + 1
    return 1


def _conversation_messages(conversation: Any, index: int) -> list[ParsedMessage]:
    if not isinstance(conversation, dict):
        raise ValueError("not an object")
    mapping = conversation.get("mapping")
    if not isinstance(mapping, dict):
        raise ValueError("missing `mapping`")
    conv_id = str(conversation.get("conversation_id") or conversation.get("id") or f"conversation-{index + 1}")
    title = str(conversation.get("title") or conv_id)
    node_id = conversation.get("current_node")
    if node_id is None:  # no pointer: follow first children from the root
        node_id = _last_of_first_branch(mapping)
    path_ids: list[str] = []
    seen: set[str] = set()
    while node_id is not None:
        if node_id in seen:
            raise ValueError("cycle in `mapping`")
        seen.add(node_id)
        node = mapping.get(node_id)
        if not isinstance(node, dict):
            raise ValueError(f"node {node_id!r} referenced but missing")
        path_ids.append(node_id)
        node_id = node.get("parent")
    fallback_time = conversation.get("create_time")
    out: list[ParsedMessage] = []
    for node_id in reversed(path_ids):
        message = mapping[node_id].get("message")
        if not isinstance(message, dict):
            continue
        role = (message.get("author") or {}).get("role", "other")
        if role not in SPEAKERS:
            continue  # system and tool messages are not something anyone said
        text = _content_text(message.get("content") or {})
        if not text.strip() or (message.get("metadata") or {}).get("is_visually_hidden_from_conversation"):
            continue
        stamp = message.get("create_time") or fallback_time
        if not isinstance(stamp, (int, float)):
            raise ValueError(f"message {message.get('id')!r} has no create_time")
        out.append(
            ParsedMessage(
                id=str(message.get("id") or node_id),
                conversation=title,
                time=datetime.fromtimestamp(float(stamp), tz=timezone.utc).isoformat(timespec="seconds"),
                speaker=SPEAKERS[role],
                text=text.strip(),
                role=role,
                metadata={"chatgpt_conversation_id": conv_id},
            )
        )
    return out


def _last_of_first_branch(mapping: dict) -> str | None:
    roots = [key for key, node in mapping.items() if isinstance(node, dict) and node.get("parent") is None]
    node_id = roots[0] if roots else None
    seen: set[str] = set()
    while node_id is not None and mapping.get(node_id, {}).get("children"):
        if node_id in seen:  # a child that is its own ancestor would loop for ever
            raise ValueError("cycle in `mapping`")
        seen.add(node_id)
        node_id = mapping[node_id]["children"][-1]
    return node_id


def _content_text(content: dict) -> str:
    parts = content.get("parts")
    if isinstance(parts, list):
        return "\n".join(p for p in parts if isinstance(p, str))
    text = content.get("text")
    return text if isinstance(text, str) else ""
