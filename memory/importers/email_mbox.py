"""Reading a mailbox file one message at a time, and telling mail from other files.

A Google Takeout mailbox runs to gigabytes. `mailbox.mbox` would first scan
the whole file for its table of contents and then read it again message by
message; this reader makes one pass, holds one message's bytes at a time,
and knows the line each message starts on, which the error for a broken
message names. A "From " line starts a message when a blank line precedes
it or it carries the date the mbox format puts there, so an unescaped
"From here on ..." in a body does not cut a message in two. Lines escaped by
the writer (">From ", mboxrd) lose one ">".
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from remembrancer.memory.errors import InputError

# "From kit@example.com Mon Jan  1 10:00:00 2024", "From 1787@xxx Tue Jan 02 09:00:00 +0000 2024", "From - Mon Jan  1 10:00:00 2024"
_FROM_DATE = re.compile(
    rb"^From \S*\s+(?:[A-Za-z]{3},?\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(?:([+-]\d{4})\s+)?(\d{4})\b"
)
_ESCAPED_FROM = re.compile(rb"^>+From ")
_HEADER = re.compile(rb"^[!-9;-~]+:")
_MONTHS = {name: number for number, name in enumerate(
    (b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec"), start=1)}
# Headers a mail client writes; a note that happens to open with "Date:" and "Subject:" lines has no "From:" among them.
_MAIL_HEADERS = {b"date", b"subject", b"message-id", b"to", b"cc", b"mime-version", b"content-type", b"received", b"return-path"}
HEAD_BYTES = 65536


@dataclass(frozen=True)
class RawMessage:
    """One message of a mailbox: its number (from 1), first line, bytes, and the date of its "From " line."""

    number: int
    line: int
    data: bytes
    envelope_date: datetime | None


def read_mbox(path: Path) -> Iterator[RawMessage]:
    """The messages of the mbox at `path`, in file order; InputError when text comes before the first "From " line."""
    number, start, envelope, lines = 0, 0, None, []  # type: int, int, datetime | None, list[bytes]
    previous_blank = True
    with path.open("rb") as handle:
        for line_number, line in enumerate(handle, start=1):
            if line.startswith(b"From ") and (previous_blank or _FROM_DATE.match(line)):
                if number:
                    yield RawMessage(number, start, b"".join(lines), envelope)
                number, start, envelope, lines = number + 1, line_number, envelope_date(line), []
            elif number:
                lines.append(line[1:] if line[:1] == b">" and _ESCAPED_FROM.match(line) else line)
            elif line.strip():
                raise InputError('not an mbox: text before the first "From " line', path, line_number)
            previous_blank = not line.strip()
    if number:
        yield RawMessage(number, start, b"".join(lines), envelope)


def envelope_date(line: bytes) -> datetime | None:
    """The date of an mbox "From " line: with its zone when it has one, else local time (as a naive export time is)."""
    match = _FROM_DATE.match(line)
    if not match:
        return None
    month_name, day, hour, minute, second, zone, year = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    offset = (int(zone[1:3]) * 60 + int(zone[3:5])) * (-1 if zone[:1] == b"-" else 1) if zone else None
    try:
        moment = datetime(int(year), month, int(day), int(hour), int(minute), int(second or 0))
        return moment.astimezone() if offset is None else moment.replace(tzinfo=timezone(timedelta(minutes=offset)))
    except (ValueError, OverflowError, OSError):  # no such day or hour, an offset of a day or more, a year the clock cannot place
        return None


def looks_like_mbox(head: bytes) -> bool:
    """The first line is an mbox "From " line with its date, and a header line follows (not a note's "From the desk of")."""
    lines = head.splitlines()
    return len(lines) > 1 and bool(_FROM_DATE.match(lines[0])) and bool(_HEADER.match(lines[1]))


def looks_like_message(head: bytes) -> bool:
    """A single message (.eml): the file opens with header lines, "From:" and two more a mail client writes among them."""
    names: set[bytes] = set()
    lines = head.splitlines()
    for index, line in enumerate(lines):
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t") and index:
            continue  # a folded header's continuation
        if not _HEADER.match(line):
            if index == len(lines) - 1 and len(head) >= HEAD_BYTES:
                break  # the head ends inside a header
            return False
        names.add(line.split(b":", 1)[0].strip().lower())
    return b"from" in names and len(names & _MAIL_HEADERS) >= 2


def read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError:
        return b""
