"""E-mail: mailboxes (`mbox`: Google Takeout, Thunderbird) and single `.eml` messages.

Each message becomes one message of its thread: the sender (display name,
else address) speaks, at the `Date` header's time with its zone, and says
"Subject: ..." then the body's own words (see `email_body`); attachments are
named, never stored. A thread is one conversation, `email:<root id>`: the
first of `References` (the thread's first message), else `In-Reply-To`,
else the message's own Message-ID. Each message names its root in its own
headers, so a thread's conversation is the same whatever order its messages
arrive in and whichever file they come from (the Sent folder and the Inbox
of the same thread meet). Ids are the Message-ID, so the same message in two
mailboxes, or imported twice, is stored once.

The export does not say whose mailbox it is: a sender whose address or name
is one the person gave is them (role "user", `importers.owner`), every other
sender is "other". The sender's address is kept in the metadata.
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.attachments import attachment_lines, with_attachments
from remembrancer.memory.importers.base import ImportOptions, Importer, check_unicode, owned
from remembrancer.memory.importers.email_body import attachments_of, body_text
from remembrancer.memory.importers.email_headers import clean, header_values, sender, text_value
from remembrancer.memory.importers.email_mbox import RawMessage, looks_like_mbox, looks_like_message, read_head, read_mbox
from remembrancer.memory.importers.email_parse import parse_message
from remembrancer.memory.timeutil import to_iso
from remembrancer.memory.types import ParsedMessage

logger = logging.getLogger(__name__)

_KNOWN = frozenset({"from", "to", "date", "subject", "message-id", "in-reply-to", "references"})
_READ = _KNOWN | {"x-mozilla-status", "x-gmail-labels"}
_ANGLE_ID = re.compile(r"<([^<>\s]+)>")
_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|sv|vs|tr|r|rif|odp|antw)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_MONTHS = {name: number for number, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_PLAIN_DATE = re.compile(rf"(?:[a-z]{{3}}, )?(\d{{1,2}}) ({'|'.join(_MONTHS)}) ([1-9]\d{{3}}) (\d{{2}}):(\d{{2}}):(\d{{2}}) ([+-])(\d{{2}})(\d{{2}})", re.IGNORECASE)
_SUBJECT = "Subject: "  # the stored text's first line, when the message has a subject
_EXPUNGED = 0x0008  # Thunderbird's X-Mozilla-Status flag: deleted, waiting for the folder to be compacted


# Files a mailbox is never saved as (Thunderbird's have no extension, saved messages `.eml` or `.txt`):
# notes, data other importers read, and media. Auto-detection skips reading their heads.
NEVER_MAIL = frozenset({
    ".md", ".markdown", ".json", ".jsonl", ".ndjson", ".zip", ".msf", ".canvas", ".css", ".js", ".html", ".pdf",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".svg", ".bmp", ".mp3", ".m4a", ".ogg", ".opus", ".wav",
    ".mp4", ".mov", ".webm", ".avi",
})


class EmailImporter(Importer):
    name = "email"
    label = "e-mail"
    suffixes = (".mbox", ".eml")

    def configured(self, options: ImportOptions) -> Importer:
        return self.for_owner(options)

    def claims(self, path: Path) -> bool:
        if super().claims(path):
            return True
        if path.suffix.lower() in NEVER_MAIL:
            return False  # not worth a 64 KB read of every note and picture of a vault
        head = read_head(path)
        return looks_like_mbox(head) or looks_like_message(head)

    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        head = read_head(path)
        if not head.strip():
            return []  # an empty mailbox (Thunderbird keeps one per empty folder)
        is_mbox = head.lstrip(b"\r\n").startswith(b"From ") or path.suffix.lower() == ".mbox"
        raws = read_mbox(path) if is_mbox else _single(path)
        messages: dict[str, ParsedMessage] = {}
        fallback_ids: dict[str, int] = {}
        for raw in raws:
            message = _message(raw, path, is_mbox, fallback_ids)
            if message is None:
                continue
            message = owned(message, self.owner, address=message.metadata["sender_address"])
            first = messages.setdefault(message.id, message)
            if first is not message and first.text != message.text:
                logger.warning("%s: message %d repeats the Message-ID of an earlier one with other text; the first is kept",
                               path, raw.number)
        return list(messages.values())


def _single(path: Path) -> Iterator[RawMessage]:
    yield RawMessage(1, 1, path.read_bytes(), None)


def _message(raw: RawMessage, path: Path, in_mbox: bool, fallback_ids: dict[str, int]) -> ParsedMessage | None:
    """One stored message for `raw`, None for one with nothing to keep (or deleted, or spam); InputError naming it."""
    label = f"message {raw.number}"
    try:
        message = parse_message(raw.data)  # headers kept raw; `email_headers` reads the few used (see there why)
    except Exception as exc:  # the parser is lenient; whatever it still cannot read is this message's fault
        raise InputError(f"{label}: headers cannot be parsed ({type(exc).__name__})", path, raw.line) from None
    headers = header_values(message, _READ)
    if not headers.keys() & _KNOWN:
        raise InputError(f"{label}: no e-mail headers (From:, Date:, Subject:)", path, raw.line)
    if _deleted_or_spam(headers):
        return None
    where = f"{path}: {label}"
    speaker, address = sender(headers.get("from"))
    moment = _date(headers.get("date")) or raw.envelope_date
    if moment is None:
        raise InputError(f"{label}: no readable Date header" + (' and no date on its "From " line' if in_mbox else ""), path, raw.line)
    time = to_iso(moment if moment.tzinfo else moment.astimezone())
    subject = text_value("subject", headers.get("subject"))
    attachments = attachments_of(message)
    body = body_text(message, where)
    text = "\n".join(part for part in (f"{_SUBJECT}{subject}" if subject else "", body) if part)
    text = with_attachments(text, attachment_lines(attachments, path, raw.line))
    if not text:
        return None
    own_id = _first_id(text_value("message-id", headers.get("message-id")))
    metadata: dict[str, Any] = {"sender_address": address, "subject": subject}
    if own_id:
        metadata["email_message_id"] = own_id
    if in_mbox:
        metadata["mbox_message"] = raw.number
    if attachments:
        metadata["attachments"] = attachments
    parsed = ParsedMessage(
        id=f"email:{own_id}" if own_id else _fallback_id(time, speaker, subject, fallback_ids),
        conversation=f"email:{_thread_root(headers, own_id, subject)}",
        time=time,
        speaker=speaker,
        text=text,
        metadata=metadata,
        line=raw.line,
    )
    try:
        return check_unicode(parsed, path, raw.line)
    except InputError as exc:
        raise InputError(f"{label}: {exc.reason}", path, raw.line) from None


def _date(raw: str | None) -> datetime | None:
    """The Date header; "-0000" (zone unknown) and zone-less dates are UTC, as RFC 5322 says; None when unreadable.

    A date in RFC 5322's own form ("Tue, 2 Jan 2024 10:00:00 +0100") is read
    here, as `parsedate_to_datetime` reads it, in a quarter of its time. The
    raw text is read, as `policy.default` does (no encoded words in a date).
    """
    value = clean(" ".join(raw.split())) if raw else ""
    if not value:
        return None
    try:
        plain = _PLAIN_DATE.fullmatch(value)
        if plain:
            day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = plain.groups()
            offset = (int(zone_hours) * 3600 + int(zone_minutes) * 60) * (-1 if sign == "-" else 1)
            zone = None if offset == 0 and sign == "-" else timezone(timedelta(seconds=offset))
            moment = datetime(int(year), _MONTHS[month.lower()], int(day), int(hour), int(minute), int(second), tzinfo=zone)
        else:
            moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _deleted_or_spam(headers: dict[str, str]) -> bool:
    status = text_value("x-mozilla-status", headers.get("x-mozilla-status"))
    try:
        if status and int(status, 16) & _EXPUNGED:
            return True
    except ValueError:
        pass
    labels = {label.strip().lower() for label in text_value("x-gmail-labels", headers.get("x-gmail-labels")).split(",")}
    return "spam" in labels


def extraction_text(message_id: str, text: str) -> str:
    """What the fact extractor reads of a stored message: an e-mail's subject as a line of its own, a reply's not at all.

    The stored text opens with "Subject: ...", for search. Read as it is, the
    label made junk ("Ana thinks that subject: Moved to Lyon ..."), and a
    reply's subject, which repeats the words of whoever started the thread,
    was put in the replier's mouth ("Re: I adopted a puppy" from Bo: "Bo
    adopted a puppy") and read again for every reply. Other messages are
    returned as they are.
    """
    if not (message_id.startswith("email:") and text.startswith(_SUBJECT)):
        return text
    first, _, rest = text.partition("\n")
    subject = first[len(_SUBJECT):]
    return rest if _REPLY_PREFIX.match(subject) else f"{subject}\n{rest}" if rest else subject


def _first_id(value: str) -> str:
    """The first `<id>` of a Message-ID, In-Reply-To or References value (a bare id when it has no brackets)."""
    match = _ANGLE_ID.search(value)
    if match:
        return match.group(1)
    words = value.split()
    return words[0].strip("<>") if words else ""


def _thread_root(headers: dict[str, str], own_id: str, subject: str) -> str:
    root = (_first_id(text_value("references", headers.get("references")))
            or _first_id(text_value("in-reply-to", headers.get("in-reply-to"))) or own_id)
    if root:
        return root
    normalised = " ".join(_REPLY_PREFIX.sub("", subject).lower().split())
    return "subject-" + hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:16]


def _fallback_id(time: str, speaker: str, subject: str, seen: dict[str, int]) -> str:
    """An id for a message without a Message-ID: its date, sender and subject (and occurrence, for exact repeats)."""
    key = f"{time}\x1f{speaker}\x1f{subject}"
    seen[key] = seen.get(key, 0) + 1
    return "email:" + hashlib.sha1(f"{key}\x1f{seen[key]}".encode()).hexdigest()[:16]
