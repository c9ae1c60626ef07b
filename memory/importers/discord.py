"""DiscordChatExporter's JSON: one channel (a server channel, a thread, a DM) per file.

Discord itself offers no export of one's messages that keeps the
conversation (the data package holds only your own side), so people use
DiscordChatExporter, which writes `{"guild": {...}, "channel": {...},
"messages": [...]}`. Ids are Discord's own snowflakes (`discord:<id>`,
unique across Discord), so a channel exported again, or in overlapping
date ranges, adds only what is new.

Kept: ordinary messages and replies (types "Default" and "Reply"), with
their attachments by file extension. Skipped: joins, pins, thread
creations, calls and the like, and bots' messages, which in a server are
noise (role embeds, music-bot chatter); in a DM with a bot the bot is the
other side of the conversation and its messages stay, as an assistant's.
The export does not say which account exported it: an author whose name or
server nickname is one the person gave is them (role "user",
`importers.owner`), everyone else is "other".
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.attachments import attachment_lines, with_attachments
from remembrancer.memory.importers.base import ImportOptions, Importer, check_unicode, iso_time, owned
from remembrancer.memory.importers.json_peek import is_list, leading_keys, line_of, load_json, read_head
from remembrancer.memory.types import ParsedMessage

logger = logging.getLogger(__name__)

KEPT_TYPES = frozenset({"Default", "Reply"})
DM_TYPES = frozenset({"DirectTextChat", "DirectGroupTextChat"})
_EXTENSIONS = {
    "image": {"jpg", "jpeg", "png", "gif", "webp", "bmp", "heic", "heif", "tif", "tiff", "svg", "avif"},
    "video": {"mp4", "mov", "webm", "mkv", "avi", "m4v", "wmv", "3gp"},
    "audio": {"mp3", "ogg", "oga", "opus", "wav", "m4a", "flac", "aac", "wma"},
}
_MESSAGE_START = re.compile(r'\{\s*"id"\s*:\s*"(\d+)"\s*,\s*"type"\s*:')


def kind_of(file_name: str) -> str:
    """The contract's attachment kind a file's extension says (image, video, audio), else "file"."""
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    return next((kind for kind, known in _EXTENSIONS.items() if extension in known), "file")


class DiscordImporter(Importer):
    name = "discord"
    label = "Discord channel export"
    suffixes = (".json",)

    def configured(self, options: ImportOptions) -> Importer:
        return self.for_owner(options)

    def claims(self, path: Path) -> bool:
        if path.suffix.lower() not in self.suffixes:
            return False
        keys = leading_keys(read_head(path))
        return keys is not None and is_channel_export(keys)

    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        text, data = load_json(path)
        if not isinstance(data, dict) or not isinstance(data.get("channel"), dict) or not isinstance(data.get("messages"), list):
            raise InputError("expected a DiscordChatExporter export: an object with `channel` and `messages`", path, 1)
        guild = data.get("guild") if isinstance(data.get("guild"), dict) else {}
        channel = data["channel"]
        channel_id = channel.get("id")
        if not isinstance(channel_id, (str, int)) or isinstance(channel_id, bool) or not str(channel_id).strip():
            raise InputError("`channel.id` must be a string", path, line_of(text, re.compile(r'"channel"\s*:')))
        base = _channel_metadata(guild, channel)
        messages = data["messages"]
        bot_dm = _is_dm(channel) and any(_is_bot(m) for m in messages)
        out: list[ParsedMessage] = []
        for position, message in enumerate(messages):
            try:
                parsed = _message(message, str(channel_id), base, bot_dm, path)
                if parsed is not None:
                    author = message["author"]
                    out.append(check_unicode(owned(parsed, self.owner, author.get("name"), author.get("nickname")), path, None))
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
                reason = exc.reason if isinstance(exc, InputError) else str(exc)
                raise InputError(f"message {position + 1}: {reason}", path, _message_line(text, message, position)) from None
        logger.debug("discord channel %s: %d of %d messages kept", channel_id, len(out), len(messages))
        return out


def is_channel_export(keys: dict[str, Any]) -> bool:
    guild, channel = keys.get("guild"), keys.get("channel")
    return isinstance(guild, dict) and "id" in guild and isinstance(channel, dict) and "id" in channel \
        and is_list(keys.get("messages"))


def _channel_metadata(guild: dict[str, Any], channel: dict[str, Any]) -> dict[str, Any]:
    """What names the conversation: guild and channel (their names change; the ids in the conversation do not)."""
    names = {"guild": guild.get("name"), "guild_id": guild.get("id"), "channel": channel.get("name"),
             "category": channel.get("category"), "channel_type": channel.get("type")}
    metadata = {key: value for key, value in names.items() if isinstance(value, str) and value}
    channel_name = metadata.get("channel", str(channel.get("id")))
    in_guild = not _is_dm(channel) and metadata.get("guild")
    metadata["title"] = f"{metadata['guild']} #{channel_name}" if in_guild else channel_name
    return metadata


def _is_dm(channel: dict[str, Any]) -> bool:
    return isinstance(channel.get("type"), str) and channel["type"] in DM_TYPES


def _is_bot(message: Any) -> bool:
    author = message.get("author") if isinstance(message, dict) else None
    return isinstance(author, dict) and author.get("isBot") is True


def _message(message: Any, channel_id: str, base: dict[str, Any], bot_dm: bool, path: Path) -> ParsedMessage | None:
    if not isinstance(message, dict):
        raise ValueError("must be an object")
    message_id = message.get("id")
    if isinstance(message_id, bool) or not isinstance(message_id, (str, int)) or not str(message_id).strip():
        raise ValueError("`id` must be a string")
    kind = message.get("type", "Default")
    if not isinstance(kind, str):
        raise ValueError("`type` must be a string")
    author = message.get("author")
    if not isinstance(author, dict):
        raise ValueError("`author` must be an object")
    if kind not in KEPT_TYPES or (author.get("isBot") is True and not bot_dm):
        return None
    time = iso_time(message.get("timestamp"), path, None, "timestamp")
    content = message.get("content") or ""
    if not isinstance(content, str):
        raise ValueError("`content` must be a string")
    attachments = _attachments(message.get("attachments"))
    embeds = _embeds(message.get("embeds"))
    stickers = [s["name"] for s in _list(message.get("stickers")) if isinstance(s, dict) and isinstance(s.get("name"), str)]
    said = with_attachments(content, attachment_lines(attachments, path, 0) if attachments else [])
    if not said:  # a bot's card, a sticker alone: what the chat shows
        said = "\n".join([*(e["text"] for e in embeds if e.get("text")), *(f"[sticker: {name}]" for name in stickers)])
    if not said.strip():
        return None
    speaker = next((v for v in (author.get("nickname"), author.get("name")) if isinstance(v, str) and v.strip()), "Unknown User")
    metadata = {**base, **_keep(message, author, attachments, embeds, stickers, path)}
    return ParsedMessage(
        id=f"discord:{message_id}", conversation=f"discord:{channel_id}", time=time, speaker=speaker, text=said,
        role="assistant" if author.get("isBot") is True else "other", metadata=metadata,
    )


def _attachments(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError("`attachments` must be a list")
    out: list[dict[str, Any]] = []
    for index, item in enumerate(value, start=1):
        name = item.get("fileName") if isinstance(item, dict) else None
        if not isinstance(name, str):
            raise ValueError(f"attachment {index}: `fileName` must be a string")
        attachment: dict[str, Any] = {"kind": kind_of(name), "name": name}
        if isinstance(item.get("url"), str):
            attachment["url"] = item["url"]
        out.append(attachment)
    return out


def _embeds(value: Any) -> list[dict[str, str]]:
    """Link previews and bots' cards: their title and address, and the words they show."""
    out: list[dict[str, str]] = []
    for embed in _list(value):
        if not isinstance(embed, dict):
            continue
        kept = {key: embed[key] for key in ("title", "url") if isinstance(embed.get(key), str) and embed[key]}
        words = [embed.get(key) for key in ("title", "description")]
        text = "\n".join(w for w in words if isinstance(w, str) and w.strip())
        if kept or text:
            out.append({**kept, "text": text} if text else kept)
    return out


def _list(value: Any) -> list[Any]:
    """A list the export holds, or none: stickers and embeds only add to what a message says."""
    return value if isinstance(value, list) else []


def _keep(message: dict[str, Any], author: dict[str, Any], attachments: list[dict[str, Any]], embeds: list[dict[str, str]],
          stickers: list[str], path: Path) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    if isinstance(author.get("id"), str):
        metadata["author_id"] = author["id"]
    if isinstance(author.get("name"), str):
        metadata["author_name"] = author["name"]
    reference = message.get("reference")
    if isinstance(reference, dict) and isinstance(reference.get("messageId"), str) and reference["messageId"]:
        metadata["reply_to"] = f"discord:{reference['messageId']}"
    edited = message.get("timestampEdited")
    if edited is not None:
        metadata["edited"] = iso_time(edited, path, None, "timestampEdited")
    if attachments:
        metadata["attachments"] = attachments
    if embeds:
        metadata["embeds"] = [{k: v for k, v in e.items() if k != "text"} for e in embeds if set(e) - {"text"}]
        if not metadata["embeds"]:
            del metadata["embeds"]
    if stickers:
        metadata["stickers"] = stickers
    return metadata


def _message_line(text: str, message: Any, nth: int) -> int | None:
    """The line a bad message starts on: found by its id (snowflakes are unique), else the nth message object."""
    message_id = message.get("id") if isinstance(message, dict) else None
    if isinstance(message_id, (str, int)) and not isinstance(message_id, bool) and str(message_id):
        pattern = re.compile(r'\{\s*"id"\s*:\s*"?' + re.escape(str(message_id)) + r'"?\s*,')
        found = line_of(text, pattern, 0, None)
        if found is not None:
            return found
    return line_of(text, _MESSAGE_START, nth, None)
