"""Telegram Desktop's JSON export (`result.json`): one chat, or the whole account.

Settings > Advanced > Export Telegram data (format: JSON) writes the whole
account as `{"about": ..., "personal_information": {...}, "chats": {"list":
[chat, ...]}, "left_chats": {...}}`; a chat's own "Export chat history"
writes one chat, `{"name", "type", "id", "messages": [...]}`. Both are read.

Who the person is: the account export names them (`personal_information.
user_id`), and their messages (`from_id` "user<id>") get role "user". A
single chat's export does not, but says enough in two cases: Saved Messages
is the person's own chat (its id is theirs), and in a one-to-one chat the
chat's id is the other person's, so the one other sender is the owner. A
group exported on its own does not say: there a sender with one of the
names the person gave is them (`importers.owner`).

Ids are the export's own (`telegram:<chat id>:<message id>`): the same chat
exported again, alone or inside the account export, adds nothing. The
conversation is `telegram:<chat id>` with the chat's name as its `title`, so
two chats called "Mum" stay two conversations.

Times: `date` is the exporting computer's local wall clock without a zone,
`date_unixtime` the instant; together they give the offset the person saw,
so "22:15" stays 22:15 in the zone it was said in.

Forwarded messages keep the words' author as the speaker (role "other"),
with who forwarded them in metadata: a friend's "I got engaged!" forwarded
by the person is not something the person said about themselves.
"""
from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.attachments import attachment_lines, with_attachments
from remembrancer.memory.importers.base import ImportOptions, Importer, check_unicode, iso_time, owned
from remembrancer.memory.importers.owner import NOBODY, Owner
from remembrancer.memory.importers.json_peek import is_list, leading_keys, load_json, read_head
from remembrancer.memory.importers.telegram_text import extra_lines, flatten_text, media_attachments, placeholder
from remembrancer.memory.timeutil import to_iso
from remembrancer.memory.types import ParsedMessage

logger = logging.getLogger(__name__)

CHAT_TYPES = frozenset({"personal_chat", "bot_chat", "saved_messages", "replies", "private_group", "private_supergroup",
                        "public_supergroup", "private_channel", "public_channel"})
# Top-level keys of the account export besides "about" (which sections there are depends on what was ticked).
ACCOUNT_KEYS = frozenset({"personal_information", "profile_pictures", "stories", "contacts", "frequent_contacts",
                          "sessions", "web_sessions", "other_data", "chats", "left_chats"})
DEFAULT_TITLES = {"saved_messages": "Saved Messages", "replies": "Replies"}
# Each message object starts with its id and its type; chats and contacts do not.
_MESSAGE_START = re.compile(r'\{\s*"id"\s*:\s*"?(-?\d+)"?\s*,\s*"type"\s*:')


class TelegramImporter(Importer):
    name = "telegram"
    label = "Telegram export"
    suffixes = (".json",)

    def configured(self, options: ImportOptions) -> Importer:
        return self.for_owner(options)

    def claims(self, path: Path) -> bool:
        if path.suffix.lower() not in self.suffixes:
            return False
        keys = leading_keys(read_head(path))
        return keys is not None and (is_account_export(keys) or is_chat_export(keys))

    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        text, data = load_json(path)
        if not isinstance(data, dict):
            raise InputError("expected a Telegram export: an object with `messages` or `chats`", path, 1)
        if "messages" in data:
            chats, owner = [data], None
        elif isinstance(data.get("chats"), dict) or isinstance(data.get("left_chats"), dict):
            chats, owner = _account_chats(data, path), _account_owner(data, path)
        else:
            raise InputError("expected a Telegram export: an object with `messages` or `chats`", path, 1)
        messages: list[ParsedMessage] = []
        seen = 0  # messages before this chat's, in file order: finds a bad one's line
        for index, chat in enumerate(chats, start=1):
            messages.extend(_chat_messages(chat, index, owner, path, text, seen, self.owner))
            seen += len(chat["messages"])
        return messages


def is_chat_export(keys: dict[str, Any]) -> bool:
    chat_type = keys.get("type")
    known_type = "type" in keys and (chat_type is None or (isinstance(chat_type, str) and chat_type in CHAT_TYPES))
    return known_type and isinstance(keys.get("id"), int) and is_list(keys.get("messages"))


def is_account_export(keys: dict[str, Any]) -> bool:
    return isinstance(keys.get("about"), str) and any(key in keys for key in ACCOUNT_KEYS)


def _account_chats(data: dict[str, Any], path: Path) -> list[dict[str, Any]]:
    """Chats, then chats the person left (the file's order), each checked for a `messages` list."""
    chats: list[dict[str, Any]] = []
    for section in ("chats", "left_chats"):
        block = data.get(section)
        if block is None:
            continue
        chat_list = block.get("list") if isinstance(block, dict) else None
        if not isinstance(chat_list, list):
            raise InputError(f"`{section}.list` must be a list of chats", path, None)
        chats.extend(chat_list)
    for index, chat in enumerate(chats, start=1):
        if not isinstance(chat, dict) or not isinstance(chat.get("messages"), list):
            raise InputError(f"chat {index}: must be an object with a `messages` list", path, None)
    return chats


def _account_owner(data: dict[str, Any], path: Path) -> str | None:
    info = data.get("personal_information")
    if info is None:
        return None
    user_id = info.get("user_id") if isinstance(info, dict) else None
    if user_id is None:
        return None
    if isinstance(user_id, bool) or not isinstance(user_id, (int, str)):
        raise InputError("`personal_information.user_id` must be a number", path, None)
    return f"user{user_id}"


def _chat_messages(chat: Any, index: int, owner: str | None, path: Path, text: str, seen: int,
                   named: Owner = NOBODY) -> list[ParsedMessage]:
    """`owner`: the person's `from_id` when the export says it; else `named`, the names they gave, find them."""
    if not isinstance(chat, dict) or not isinstance(chat.get("messages"), list):
        raise InputError("expected a Telegram chat: an object with a `messages` list", path, 1)
    chat_id, chat_type = chat.get("id"), chat.get("type")
    if isinstance(chat_id, bool) or not isinstance(chat_id, (int, str)) or not str(chat_id).strip():
        raise InputError(f"chat {index}: `id` must be a number", path, None)
    name = chat.get("name")
    title = name if isinstance(name, str) and name.strip() else DEFAULT_TITLES.get(str(chat_type), f"Telegram chat {chat_id}")
    base = {"title": title, "chat_type": chat_type} if isinstance(chat_type, str) else {"title": title}
    owner = owner or _chat_owner(chat)
    bot = f"user{chat_id}" if chat_type == "bot_chat" else None
    out: list[ParsedMessage] = []
    for position, message in enumerate(chat["messages"]):
        where = f"chat {title!r}, message {position + 1}"
        try:
            parsed = _message(message, chat_id, base, owner, bot, path)
            if parsed is not None:
                out.append(check_unicode(parsed if owner else owned(parsed, named), path, None))
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, OSError) as exc:
            reason = exc.reason if isinstance(exc, InputError) else str(exc)
            raise InputError(f"{where}: {reason}", path, _message_line(text, message, seen + position)) from None
    logger.debug("telegram chat %s: %d of %d messages kept", chat_id, len(out), len(chat["messages"]))
    return out


def _chat_owner(chat: dict[str, Any]) -> str | None:
    """The person, when a single chat's export tells: Saved Messages is theirs; a one-to-one chat's other sender."""
    chat_id, chat_type = chat.get("id"), chat.get("type")
    if chat_type == "saved_messages":
        return f"user{chat_id}"
    if chat_type not in ("personal_chat", "bot_chat"):
        return None
    senders = {_from_id(m) for m in chat["messages"] if isinstance(m, dict) and m.get("type") == "message"}
    senders -= {None, f"user{chat_id}"}
    return senders.pop() if len(senders) == 1 else None


def _from_id(message: dict[str, Any]) -> str | None:
    value = message.get("from_id")
    if isinstance(value, int) and not isinstance(value, bool):  # exports before 2020 wrote the bare number
        return f"user{value}"
    return value if isinstance(value, str) and value else None


def _message(message: Any, chat_id: Any, base: dict[str, Any], owner: str | None, bot: str | None, path: Path) -> ParsedMessage | None:
    if not isinstance(message, dict):
        raise ValueError("must be an object")
    kind = message.get("type")
    if not isinstance(kind, str):
        raise ValueError("`type` must be a string")
    message_id = message.get("id")
    if isinstance(message_id, bool) or not isinstance(message_id, (int, str)) or not str(message_id).strip():
        raise ValueError("`id` must be a number")
    if kind != "message":
        return None  # "service" (joins, calls, pins, title changes) and "unsupported" are not something anyone said
    time = _time(message, path)
    words, links = flatten_text(message.get("text"))
    if not words and message.get("text_entities") is not None:
        words, links = flatten_text(message.get("text_entities"))
    attachments = media_attachments(message)
    lines = attachment_lines(attachments, path, 0) if attachments else []
    body = "\n".join(part for part in (words.strip(), *extra_lines(message)) if part)
    said = with_attachments(body, lines) or placeholder(attachments)
    if not said.strip():
        return None  # an empty message (a game, an invoice): nothing to remember
    speaker, role, metadata = _who(message, owner, bot)
    metadata = {**base, **metadata}
    _keep(metadata, message, chat_id, links, attachments, path)
    return ParsedMessage(
        id=f"telegram:{chat_id}:{message_id}", conversation=f"telegram:{chat_id}", time=time,
        speaker=speaker, text=said, role=role, metadata=metadata,
    )


def _who(message: dict[str, Any], owner: str | None, bot: str | None) -> tuple[str, str, dict[str, Any]]:
    """Speaker, role and the sender's metadata; a forwarded message is its author's words."""
    sender = message.get("from")
    name = sender if isinstance(sender, str) and sender.strip() else "Deleted Account"
    from_id = _from_id(message)
    metadata: dict[str, Any] = {"from_id": from_id} if from_id else {}
    if "forwarded_from" in message:
        author = message["forwarded_from"]
        author = author if isinstance(author, str) and author.strip() else "Hidden Account"
        return author, "other", {**metadata, "forwarded_from": author, "forwarded_by": name}
    role = "user" if owner and from_id == owner else "assistant" if bot and from_id == bot else "other"
    return name, role, metadata


def _keep(metadata: dict[str, Any], message: dict[str, Any], chat_id: Any, links: list[str], attachments: list[dict[str, Any]],
          path: Path) -> None:
    """What else the export says of a message that a reader may want back: the reply, edits, links, media files."""
    reply = message.get("reply_to_message_id")
    if isinstance(reply, (int, str)) and not isinstance(reply, bool):
        metadata["reply_to_message_id"] = reply
        peer = message.get("reply_to_peer_id")
        if peer is None:
            metadata["reply_to"] = f"telegram:{chat_id}:{reply}"
    for key in ("saved_from", "via_bot", "author"):
        if isinstance(message.get(key), str) and message[key]:
            metadata[key] = message[key]
    if message.get("edited") is not None or message.get("edited_unixtime") is not None:
        metadata["edited"] = _time(message, path, "edited")
    if links:
        metadata["links"] = links
    if attachments:
        metadata["attachments"] = attachments


def _time(message: dict[str, Any], path: Path, field: str = "date") -> str:
    """The instant (`<field>_unixtime`) at the offset the local `<field>` shows; the local time alone when that is all."""
    unix, local = message.get(f"{field}_unixtime"), message.get(field)
    if unix is None:
        if local is None:
            raise ValueError(f"`{field}` is missing")
        return iso_time(local, path, None, field)
    if isinstance(unix, bool) or not isinstance(unix, (int, str)) or not str(unix).strip().lstrip("-").isdigit():
        raise ValueError(f"`{field}_unixtime` must be a number of seconds, not {unix!r}")
    instant = datetime.fromtimestamp(int(unix), timezone.utc)
    if isinstance(local, str):
        try:
            wall = datetime.fromisoformat(local)
        except ValueError:
            raise ValueError(f"`{field}` is not ISO 8601: {local!r}") from None
        if wall.tzinfo is not None:
            return to_iso(instant.astimezone(wall.tzinfo))
        offset = wall - instant.replace(tzinfo=None)
        if offset.total_seconds() % 900 == 0 and abs(offset) <= timedelta(hours=14):
            return to_iso(instant.astimezone(timezone(offset)))
    return to_iso(instant)


def _message_line(text: str, message: Any, nth: int) -> int | None:
    """The line a bad message starts on: the file's nth message object if its id agrees, else its id's next object after the one before."""
    message_id = message.get("id") if isinstance(message, dict) else None
    if isinstance(message_id, bool) or not isinstance(message_id, (int, str)):
        return None  # not an object with an id: nothing in the text to find it by
    starts: list[re.Match[str]] = []
    for match in _MESSAGE_START.finditer(text):
        starts.append(match)
        if len(starts) > nth:
            break
    if len(starts) > nth and starts[nth].group(1) == str(message_id):
        return text.count("\n", 0, starts[nth].start()) + 1
    pattern = re.compile(r'\{\s*"id"\s*:\s*"?' + re.escape(str(message_id)) + r'"?\s*[,}]')
    found = pattern.search(text, starts[nth - 1].end() if 0 < nth <= len(starts) else 0) or pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None
