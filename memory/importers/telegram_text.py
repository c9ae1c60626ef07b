"""What one Telegram Desktop message says, as plain text: its entities flattened, its media as attachments.

The export writes `text` as a string when a message has no formatting and
otherwise as a list of strings and entity objects (`{"type": "bold",
"text": "..."}`, `{"type": "text_link", "text": "here", "href": "..."}`).
What a person read is the entities' text joined in order; the links behind
linked words are kept aside, in metadata, so they do not break sentences.

Media are fields of the message (`photo`, `file` with `media_type`,
`poll`, `location_information`, `contact_information`) and become the
contract's attachments: `[video: IMG_2034.MOV]` lines after the words.
A file the person chose not to download appears as "(File not included.
...)": the attachment is kept, without a name.
"""
from __future__ import annotations

import re
from typing import Any

# The export's placeholders for files it did not save, with the file's name before them at times.
_SKIPPED_FILE = re.compile(r"^(?P<name>.*?)\s*\((?:File|Photo) (?:not included|exceeds maximum size|unavailable)[^)]*\)\s*$", re.S)
_KIND = {"voice_message": "audio", "audio_file": "audio", "video_file": "video", "video_message": "video",
         "animation": "video", "sticker": "image"}
# Files whose exported names the export made up ("audio_1@05-11-2023_09-00-00.ogg"): no name worth reading.
_GENERATED_NAMES = ("voice_message", "video_message", "sticker")
# What a chat shows for a media message with no words: "[voice message]".
_PLACEHOLDER = {"voice_message": "voice message", "video_message": "video message", "sticker": "sticker",
                "animation": "GIF", "audio_file": "audio", "video_file": "video"}


def flatten_text(value: Any) -> tuple[str, list[str]]:
    """The message's words and the links behind linked words; ValueError for a shape the export never writes."""
    if value is None:
        return "", []
    if isinstance(value, str):
        return value, []
    if not isinstance(value, list):
        raise ValueError("`text` must be a string or a list of strings and entities")
    parts: list[str] = []
    links: list[str] = []
    for index, part in enumerate(value, start=1):
        if isinstance(part, str):
            parts.append(part)
            continue
        if not isinstance(part, dict) or not isinstance(part.get("text", ""), str):
            raise ValueError(f"`text` part {index} must be a string or an entity with a string `text`")
        parts.append(part.get("text", ""))
        href = part.get("href")
        if part.get("type") == "text_link" and isinstance(href, str) and href:
            links.append(href)
    return "".join(parts), links


def media_attachments(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The message's photo or file as contract attachments (kind, name) with what else the export says of it."""
    attachments: list[dict[str, Any]] = []
    photo = message.get("photo")
    if isinstance(photo, str) and photo:
        attachments.append({"kind": "image", "path": _saved_path(photo)} if _saved_path(photo) else {"kind": "image"})
    file = message.get("file")
    media_type = message.get("media_type")
    if (isinstance(file, str) and file) or isinstance(media_type, str):
        attachments.append(_file_attachment(message, file if isinstance(file, str) else "", media_type))
    return attachments


def _file_attachment(message: dict[str, Any], file: str, media_type: Any) -> dict[str, Any]:
    kind = _KIND.get(media_type, "file") if isinstance(media_type, str) else "file"
    attachment: dict[str, Any] = {"kind": kind}
    if isinstance(media_type, str):
        attachment["media_type"] = media_type
    saved = _saved_path(file)
    if saved:
        attachment["path"] = saved
    name = message.get("file_name")
    if not isinstance(name, str) or not name.strip():
        skipped = _SKIPPED_FILE.match(file)
        name = skipped["name"] if skipped else saved.rsplit("/", 1)[-1]
    if name and media_type not in _GENERATED_NAMES:
        attachment["name"] = name
    performer, title = message.get("performer"), message.get("title")
    song = " - ".join(part for part in (performer, title) if isinstance(part, str) and part.strip())
    if song:
        attachment["caption"] = song
    emoji = message.get("sticker_emoji")
    if media_type == "sticker" and isinstance(emoji, str) and emoji:
        attachment["emoji"] = emoji
    for key in ("mime_type", "duration_seconds"):
        if isinstance(message.get(key), (str, int)) and not isinstance(message.get(key), bool):
            attachment[key] = message[key]
    return attachment


def _saved_path(value: str) -> str:
    """The file's path inside the export, or "" when the export did not save it."""
    return "" if not value or _SKIPPED_FILE.match(value) else value


def placeholder(attachments: list[dict[str, Any]]) -> str:
    """What stands for a media message with no words and no named attachment: "[photo]", "[voice message]"."""
    for attachment in attachments:
        if attachment.get("media_type") == "sticker" and attachment.get("emoji"):
            return str(attachment["emoji"])
        label = _PLACEHOLDER.get(str(attachment.get("media_type")), "photo" if attachment["kind"] == "image" else "file")
        return f"[{label}]"
    return ""


def extra_lines(message: dict[str, Any]) -> list[str]:
    """Polls, places and shared contacts as the lines a person reads in the chat."""
    lines: list[str] = []
    poll = message.get("poll")
    if isinstance(poll, dict) and isinstance(poll.get("question"), str):
        lines.append(f"Poll: {poll['question']}")
        answers = poll.get("answers")
        for answer in answers if isinstance(answers, list) else []:
            if isinstance(answer, dict) and isinstance(answer.get("text"), str):
                lines.append(f"- {answer['text']}")
    place = ", ".join(v for v in (message.get("place_name"), message.get("address")) if isinstance(v, str) and v.strip())
    location = message.get("location_information")
    if not place and isinstance(location, dict):
        place = ", ".join(str(location[k]) for k in ("latitude", "longitude") if isinstance(location.get(k), (int, float)))
    if place:
        lines.append(f"[location: {place}]")
    contact = message.get("contact_information")
    if isinstance(contact, dict):
        name = " ".join(v for v in (contact.get("first_name"), contact.get("last_name")) if isinstance(v, str) and v.strip())
        if name:
            lines.append(f"[contact: {name}]")
    return lines
