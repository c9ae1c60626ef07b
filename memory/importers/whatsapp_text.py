"""What a WhatsApp message's text holds besides words: system lines and media placeholders.

System lines ("Kit added Lou", "Messages and calls are end-to-end encrypted")
are not something anyone said, so they never become memories. Android writes
them without a speaker; iOS attributes them to the group (or the contact) and
starts their text with U+200E, the mark that tells them from a person who
typed "Kit left" themselves: the group-event sentences are only matched on a
speaker's text when that mark is there. Media lines become the contract's
`attachments` ({kind, name}): an export made "without media" names no file.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from remembrancer.memory.importers.whatsapp_lines import MARKS

_WHO = r"[^:\n]+"  # an actor: a system line has no colon outside its quotes
# Group events (Android: a header with no speaker that still has a colon in a quoted subject; iOS: a marked text).
EVENTS = re.compile(
    "|".join([
        rf"{_WHO} changed the subject (?:from .* )?to .*",
        rf"{_WHO} (?:changed|deleted|removed|updated) (?:this group's|the group|the group's) (?:icon|description|name|settings|invite link)\b.*",
        rf"{_WHO} created (?:the )?(?:group|this group|community)\b.*",
        rf"{_WHO} (?:added|removed) {_WHO}",
        rf"{_WHO} (?:left|joined)",
        rf"{_WHO} joined (?:using|via|from) {_WHO}",
        rf"{_WHO} (?:was|were) (?:added|removed)\b[^:]*",
        rf"{_WHO} changed (?:their|his|her) phone number\b.*",
        rf"{_WHO} changed to \+?[\d \-()]+",
        rf"(?:Your )?security code (?:with {_WHO} )?changed\b.*",
        rf"{_WHO}'s security code changed\b.*",
        rf"(?:{_WHO} (?:is|are)|You're) (?:now|no longer) (?:an )?admins?\b.*",
        rf"(?:{_WHO} )?(?:turned (?:on|off)|changed|updated) (?:disappearing messages|the message timer|admin-only\b)[^:]*.*",
        r"Disappearing messages\b.*",
        rf"{_WHO} pinned a message",
        rf"{_WHO} (?:started|ended) a (?:voice|video) call",
        r"(?:Missed )?(?:group )?(?:voice|video) call\b.*",
        r"You (?:blocked|unblocked) this contact\b.*",
        r"This (?:chat|business) (?:is with|uses|account)\b.*",
        r"Waiting for this message\b.*",
        # the encryption notice in the phone's language (iOS marks it; words vary by version)
        r"[^:\n]*(?:end-to-end|Ende-zu-Ende|extremo a extremo|bout en bout|ponta a ponta|end-to-end|uçtan uca|сквозн|端到端|エンドツーエンド|종단간).*",
    ]),
    re.I,
)
# Noise a speaker's text may be even without the mark (hand-copied exports, older phones).
NOISE = re.compile(
    "|".join([
        r"Messages and calls are end-to-end encrypted\b.*",
        r"Messages to this (?:group|chat) are now secured with end-to-end encryption\b.*",
        r"This message was deleted(?: by (?:an )?admin.*)?\.?",
        r"You deleted this message\.?",
        r"Missed (?:group )?(?:voice|video) call\b.*",
        r"Waiting for this message\. This may take a while\.?",
        r"null",  # Android writes a view-once message it did not keep as "null"
    ]),
    re.I,
)
EDITED = re.compile(rf"[ {MARKS}]*<This message was edited>$")

_OMITTED = re.compile(
    r"<(?:Media omitted|Medien ausgeschlossen|Multimedia omitido|Médias omis|Mídia oculta|Media weggelaten|Media omessi)>"
    r"|<View once (?P<once>voice message|photo|video) omitted>"
    r"|(?P<what>image|photo|video|audio|sticker|GIF|document|Contact card|video note) omitted",
    re.I,
)
_ATTACHED = re.compile(r"<attached: (?P<name>[^<>\n]+?)>")  # iOS with media
_FILE_ATTACHED = re.compile(  # Android with media
    r"(?P<name>\S[^\n]*?\.\w{1,5}) \((?:file attached|Datei angehängt|archivo adjunto|fichier joint|arquivo anexado|bestand bijgevoegd|file allegato)\)",
    re.I,
)
_OMITTED_KIND = {"image": "image", "photo": "image", "sticker": "image", "gif": "video", "video": "video",
                 "video note": "video", "audio": "audio", "voice message": "audio", "document": "file", "contact card": "file"}
_EXTENSIONS = {
    "image": {"jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "bmp"},
    "video": {"mp4", "mov", "3gp", "mkv", "avi", "webm", "m4v"},
    "audio": {"opus", "ogg", "m4a", "mp3", "aac", "amr", "wav", "caf"},
}
_LABEL = {"image": "photo", "audio": "audio", "video": "video", "file": "file"}


def unmark(text: str) -> str:
    """`text` without the invisible marks around it (for matching, never for storing)."""
    return text.strip(MARKS + " \u00a0\u202f")


def is_system_text(text: str, marked: bool, alone: bool) -> bool:
    """Whether a speaker's message is WhatsApp's, not the person's.

    Marked (iOS): a group event or noise, whatever follows it. Unmarked: only
    noise that is the whole message ("This message was deleted").
    """
    bare = unmark(text)
    if marked:
        return bool(NOISE.fullmatch(bare) or EVENTS.fullmatch(bare))
    return alone and NOISE.fullmatch(bare) is not None


def is_android_event(rest: str) -> bool:
    """Whether an Android header's rest is a group event whose quoted subject holds a colon (so it looks like "Name: text")."""
    return EVENTS.fullmatch(unmark(rest)) is not None


def kind_of(name: str) -> str:
    """image|video|audio|file from a file name's extension (WhatsApp names: IMG-, VID-, PTT-, 00000012-PHOTO-...)."""
    suffix = PurePosixPath(name).suffix.lower().lstrip(".")
    return next((kind for kind, extensions in _EXTENSIONS.items() if suffix in extensions), "file")


def take_attachments(lines: list[str]) -> tuple[list[str], list[dict[str, Any]]]:
    """The message's lines without their media placeholders, and the attachments those placeholders stood for."""
    kept: list[str] = []
    found: list[dict[str, Any]] = []
    for line in lines:
        bare = unmark(line)
        omitted = _OMITTED.fullmatch(bare)
        if omitted:
            what = (omitted["once"] or omitted["what"] or "").lower()
            found.append({"kind": _OMITTED_KIND.get(what, "file")})
            continue
        attached = _FILE_ATTACHED.fullmatch(bare)
        if attached:
            found.append({"kind": kind_of(attached["name"]), "name": attached["name"]})
            continue
        names = _ATTACHED.findall(line)
        if names:
            found.extend({"kind": kind_of(name), "name": name} for name in names)
            line = unmark(_ATTACHED.sub("", line))
            if not line:
                continue
        kept.append(line)
    return kept, found


def placeholder_lines(attachments: list[dict[str, Any]]) -> list[str]:
    """"[photo]" for media the export left out, so the chat still shows that something was sent (named ones: `attachment_lines`)."""
    return [f"[{_LABEL[item['kind']]}]" for item in attachments if not item.get("name")]
