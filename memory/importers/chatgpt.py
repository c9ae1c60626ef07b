"""ChatGPT's data export: `conversations.json` (or the export's .zip).

Each conversation is a tree of nodes (`mapping`); the visible thread is the
path from `current_node` up to the root, so edited-away branches are not
imported as if they had been said.

A conversation is keyed by its export id (`chatgpt:<conversation_id>`, the
title kept in metadata): titles repeat ("New chat"), and keying by them
merged strangers into one thread, each shown as the other's context. Message
ids stay the export's own message ids, as before, so a store that imported
an export keeps recognising its messages (migration 13 moved their
conversations to the new keys). The person is "Me" unless the export names
them (`user.json`), never "User": a label, not a person.

A message without a time (`create_time: null`) takes its `update_time`,
else the previous message's time, else the conversation's: one untimed
message used to reject the whole export. Only a conversation with no time
anywhere is an error. Custom instructions become notes
(`chatgpt_instructions`).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers import chatgpt_instructions as instructions
from remembrancer.memory.importers.assistant_export import export_kind, line_of, load_list, owner_name, read_conversations, side_file
from remembrancer.memory.importers.base import Importer, check_unicode
from remembrancer.memory.types import ParsedMessage

logger = logging.getLogger(__name__)

DEFAULT_OWNER = "Me"
ASSISTANT = "ChatGPT"


class ChatGPTImporter(Importer):
    name = "chatgpt"
    label = "ChatGPT export"
    suffixes = (".json", ".zip")

    def claims(self, path: Path) -> bool:
        return export_kind(path) == "chatgpt"

    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        text = read_conversations(path)
        data = load_list(text, path, "conversations (ChatGPT conversations.json)")
        owner = owner_name(side_file(path, "user.json"), "name", "full_name") or DEFAULT_OWNER
        messages: list[ParsedMessage] = []
        notes: dict[str, ParsedMessage] = {}
        for index, conversation in enumerate(data):
            try:
                thread = _conversation_messages(conversation, index, owner)
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError, OSError) as exc:  # odd shapes, absurd times
                raise InputError(f"conversation #{index + 1}: {exc}", path, _line_of(text, conversation)) from None
            if thread.untimed:  # the line is searched only now: a scan of the whole text per conversation would be quadratic
                logger.warning("%s: conversation #%d (line %d): %d message(s) without a time took a neighbour's or the conversation's",
                               path, index + 1, _line_of(text, conversation), thread.untimed)
            try:
                messages.extend(check_unicode(message, path, None) for message in thread.messages)
                for note in thread.notes:
                    check_unicode(note, path, None)
                    if note.id not in notes or note.time < notes[note.id].time:
                        notes[note.id] = note  # the same instructions in every conversation: one note, the earliest
            except InputError as exc:
                raise InputError(f"conversation #{index + 1}: {exc.reason}", path, _line_of(text, conversation)) from None
        return messages + sorted(notes.values(), key=lambda n: n.time)  # stable: about the person, then how to answer


def _line_of(text: str, conversation: Any) -> int:
    """Best-effort line of a conversation in the file, for the error message."""
    if isinstance(conversation, dict):
        for key in ("conversation_id", "id", "title"):
            found = line_of(text, conversation.get(key))
            if found is not None:
                return found
    return 1


@dataclass
class _Thread:
    messages: list[ParsedMessage] = field(default_factory=list)
    notes: list[ParsedMessage] = field(default_factory=list)
    untimed: int = 0  # messages that took another's time


def _stamp(message: dict, key: str) -> float | None:
    value = message.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"message {message.get('id')!r}: `{key}` is not a number of seconds")
    return float(value)


def _iso(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, tz=timezone.utc).isoformat(timespec="seconds")


def _conversation_messages(conversation: Any, index: int, owner: str) -> _Thread:
    if not isinstance(conversation, dict):
        raise ValueError("not an object")
    mapping = conversation.get("mapping")
    if not isinstance(mapping, dict):
        raise ValueError("missing `mapping`")
    conv_id = str(conversation.get("conversation_id") or conversation.get("id") or f"conversation-{index + 1}")
    title = str(conversation.get("title") or "")
    key = f"chatgpt:{conv_id}"
    conv_time = _stamp(conversation, "create_time")
    conv_time = conv_time if conv_time is not None else _stamp(conversation, "update_time")
    thread = _Thread()
    # (node id, message, its own time or None) for each visible turn, in order
    visible: list[tuple[str, dict, float | None]] = []
    last: float | None = None
    first_known: float | None = None
    for node_id in _thread_ids(conversation, mapping):
        message = mapping[node_id].get("message")
        if not isinstance(message, dict):
            continue
        own = _stamp(message, "create_time")
        if own is None:
            own = _stamp(message, "update_time")
        if own is not None:
            last = own
            first_known = own if first_known is None else first_known
        role = (message.get("author") or {}).get("role", "other")
        if role not in ("user", "assistant") or instructions.is_instructions(message):
            continue  # system and tool messages are not something anyone said; instructions are read below
        text = _content_text(message.get("content") or {})
        if not text.strip() or (message.get("metadata") or {}).get("is_visually_hidden_from_conversation"):
            continue
        if message.get("create_time") is None:
            thread.untimed += 1
        visible.append((node_id, message, own if own is not None else last))
    fallback = conv_time if conv_time is not None else first_known
    for node_id, message, stamp in visible:
        when = stamp if stamp is not None else fallback
        if when is None:
            raise ValueError(f"no time anywhere (message {message.get('id') or node_id!r} and the conversation have none)")
        role = message["author"]["role"]
        thread.messages.append(ParsedMessage(
            id=str(message.get("id") or node_id),
            conversation=key,
            time=_iso(when),
            speaker=owner if role == "user" else ASSISTANT,
            text=_content_text(message["content"]).strip(),
            role=role,
            metadata={"chatgpt_conversation_id": conv_id, "conversation_title": title},
        ))
    thread.notes = _instruction_notes(mapping, conv_id, owner, conv_time if conv_time is not None else first_known)
    return thread


def _thread_ids(conversation: dict, mapping: dict) -> list[str]:
    """The node ids from the root to `current_node` (the last of the first branch when none is given)."""
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
    return path_ids[::-1]


def _instruction_notes(mapping: dict, conv_id: str, owner: str, conv_time: float | None) -> list[ParsedMessage]:
    """The custom instructions anywhere in the tree (they sit beside the thread, often on no branch the walk follows)."""
    notes: list[ParsedMessage] = []
    for node in mapping.values():
        message = node.get("message") if isinstance(node, dict) else None
        if not isinstance(message, dict) or not instructions.is_instructions(message):
            continue
        stamp = _stamp(message, "create_time")
        stamp = stamp if stamp is not None else conv_time
        if stamp is None:
            continue  # a time is needed to store a note; the conversation had none anywhere
        for which, text in instructions.instruction_texts(message):
            notes.append(ParsedMessage(
                id=instructions.note_id(which, text), conversation=instructions.CONVERSATION, time=_iso(stamp), speaker=owner,
                text=text, role="user", kind="note", metadata={"chatgpt_custom_instructions": which, "chatgpt_conversation_id": conv_id},
            ))
    return notes


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
