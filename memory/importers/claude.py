"""Claude's data export: `conversations.json` (or the export's .zip, with `users.json` beside it).

Each conversation has its `chat_messages` in order, `sender` "human" or
"assistant". A message's words are its `content` parts of type text (tool
calls, tool results and thinking are not something anyone said); exports
without `content` have only `text`, where Claude writes a placeholder for
each block it cannot show, which is dropped. Attached files become
attachments by name: their `extracted_content` (a whole pasted document) is
not what the person said, and stays out of the text.

Ids are the export's own (`claude:<uuid>`), so a re-import adds nothing;
the conversation is `claude:<uuid>` with its name in metadata, as names
repeat. The person is named by `users.json` when the export has it, else
"Me".
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.assistant_export import export_kind, line_of, load_list, owner_name, read_conversations, side_file
from remembrancer.memory.importers.attachments import attachment_lines, with_attachments
from remembrancer.memory.importers.base import Importer, check_unicode, iso_time
from remembrancer.memory.importers.file_kinds import attachment
from remembrancer.memory.types import ParsedMessage

DEFAULT_OWNER = "Me"
ASSISTANT = "Claude"
ROLES = {"human": "user", "assistant": "assistant"}
_PLACEHOLDER = re.compile(r"(?:```\s*)?This block is not supported on your current device yet\.(?:\s*```)?")
_BLANKS = re.compile(r"\n{3,}")


class ClaudeImporter(Importer):
    name = "claude"
    label = "Claude export"
    suffixes = (".json", ".zip")

    def claims(self, path: Path) -> bool:
        return export_kind(path) == "claude"

    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        text = read_conversations(path)
        data = load_list(text, path, "conversations (Claude conversations.json)")
        owners = _owners(side_file(path, "users.json"))
        messages: list[ParsedMessage] = []
        for index, conversation in enumerate(data):
            messages.extend(_Conversation(path, text, index, conversation, owners).messages())
        return messages


def _owners(users: Any) -> dict[str | None, str]:
    """Account uuid -> the person's full name; `None` -> the first named user (a conversation without an account)."""
    found: dict[str | None, str] = {}
    for user in users if isinstance(users, list) else [users]:
        name = owner_name(user, "full_name", "name") if isinstance(user, dict) else None
        if name:
            found.setdefault(user.get("uuid") if isinstance(user.get("uuid"), str) else None, name)
            found.setdefault(None, name)
    return found


class _Conversation:
    """One conversation being read, so every error can say which conversation, which message and which line."""

    def __init__(self, path: Path, text: str, index: int, conversation: Any, owners: dict[str | None, str]):
        self.path, self.text, self.index, self.raw = path, text, index, conversation
        account = conversation.get("account") if isinstance(conversation, dict) else None
        account_id = account.get("uuid") if isinstance(account, dict) and isinstance(account.get("uuid"), str) else None
        self.owner = owners.get(account_id) or owners.get(None) or DEFAULT_OWNER

    def fail(self, reason: str, number: int | None = None, message: Any = None) -> InputError:
        """The error naming this conversation (and message), at the line of its uuid (searched only now: a scan of the whole text)."""
        where = f"conversation #{self.index + 1}" + (f", message {number}" if number else "")
        line = line_of(self.text, message.get("uuid")) if isinstance(message, dict) else None
        if line is None and isinstance(self.raw, dict):
            line = line_of(self.text, self.raw.get("uuid"))
        return InputError(f"{where}: {reason}", self.path, line or 1)

    def time(self, record: dict, number: int | None, message: Any = None) -> str | None:
        """The record's `created_at`, else its `updated_at`, as ISO with offset; None when it has neither."""
        for key in ("created_at", "updated_at"):
            value = record.get(key)
            if value is None or value == "":
                continue
            try:
                return iso_time(value, self.path, None, key)
            except InputError as exc:
                raise self.fail(exc.reason, number, message) from None
        return None

    def messages(self) -> list[ParsedMessage]:
        conversation = self.raw
        if not isinstance(conversation, dict):
            raise self.fail("not an object")
        turns = conversation.get("chat_messages")
        if not isinstance(turns, list):
            raise self.fail("missing `chat_messages` (a list)")
        conv_uuid = conversation.get("uuid")
        key = f"claude:{conv_uuid}" if isinstance(conv_uuid, str) and conv_uuid else f"claude:conversation-{self.index + 1}"
        title = conversation.get("name") if isinstance(conversation.get("name"), str) else ""
        conv_time = self.time(conversation, None)
        out: list[ParsedMessage] = []
        untimed: list[int] = []  # positions in `out` still without a time (nothing before them had one)
        last = conv_time
        for number, turn in enumerate(turns, start=1):
            if not isinstance(turn, dict):
                raise self.fail("not an object", number)
            sender = turn.get("sender")
            role = ROLES.get(sender) if isinstance(sender, str) else None
            if role is None:
                raise self.fail(f"`sender` must be \"human\" or \"assistant\", not {turn.get('sender')!r}", number, turn)
            when = self.time(turn, number, turn)
            last = when or last
            body = _words(turn)
            files = _attachments(turn)
            said = with_attachments(body, attachment_lines(files, self.path, None)) if files else body.strip()
            if not said:
                continue  # a turn of tool calls only, or an empty one
            metadata: dict[str, Any] = {"conversation_title": title}
            if files:
                metadata["attachments"] = files
            uuid = turn.get("uuid")
            message_id = f"claude:{uuid}" if isinstance(uuid, str) and uuid else _fallback_id(key, number, role, said)
            if last is None:
                untimed.append(len(out))
            message = ParsedMessage(
                id=message_id, conversation=key, time=last or "", speaker=self.owner if role == "user" else ASSISTANT, text=said,
                role=role, metadata=metadata,
            )
            try:
                out.append(check_unicode(message, self.path, None))
            except InputError as exc:
                raise self.fail(exc.reason, number, turn) from None
        if untimed:  # leading turns without a time take the first time said after them
            later = next((m.time for m in out if m.time), None)
            if later is None:
                raise self.fail("no time anywhere: neither the conversation nor any message has `created_at`")
            for position in untimed:
                out[position] = replace(out[position], time=later)
        return out


def _words(turn: dict) -> str:
    """The turn's text parts (tool use, tool results and thinking skipped), else its `text` without Claude's placeholders."""
    content = turn.get("content")
    if isinstance(content, list):
        parts = [p.get("text") for p in content if isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str)]
        if any(p.strip() for p in parts):
            return "\n\n".join(p.strip() for p in parts if p.strip())
    text = turn.get("text")
    return _BLANKS.sub("\n\n", _PLACEHOLDER.sub("", text)).strip() if isinstance(text, str) else ""


def _attachments(turn: dict) -> list[dict[str, str]]:
    """The turn's `attachments` and `files` by name, each once (a file can be listed in both)."""
    found: dict[str, dict[str, str]] = {}
    for key in ("attachments", "files", "files_v2"):
        items = turn.get(key)
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            name = item.get("file_name")
            if isinstance(name, str) and name.strip() and name.strip() not in found:
                mime = item.get("file_type") if isinstance(item.get("file_type"), str) else None
                found[name.strip()] = attachment(name.strip(), mime)
    return list(found.values())


def _fallback_id(conversation: str, number: int, role: str, text: str) -> str:
    """A message without a `uuid` (never seen in a real export): its place and words, stable across re-imports of the file."""
    digest = hashlib.sha1(f"{role}\x1f{text}".encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{conversation}:{number}:{digest}"
