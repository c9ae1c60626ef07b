"""Reading a mailbox file one message at a time, and telling mail from other files.

A Google Takeout mailbox runs to gigabytes. `mailbox.mbox` would first scan
the whole file for its table of contents and then read it again message by
message; this reader makes one pass, holds one message's bytes (and a block
of about a megabyte) at a time, and knows the line each message starts on,
which the error for a broken message names. A "From " line starts a message
when a blank line precedes it or it carries the date the mbox format puts
there, so an unescaped "From here on ..." in a body does not cut a message
in two. Lines escaped by the writer (">From ", mboxrd) lose one ">".
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
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)
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


def read_mbox(path: Path, block_size: int = 1 << 20) -> Iterator[RawMessage]:
    """The messages of the mbox at `path`, in file order; InputError when text comes before the first "From " line.

    Read a block of whole lines at a time: only the lines that open with
    "From " are looked at one by one, so a message costs the same whether it
    has ten lines or ten thousand (a line-by-line loop was most of the time
    spent on a mailbox).
    """
    reader = _Reader(path)
    with path.open("rb") as handle:
        pending = bytearray()  # the end of the last block read, up to its last line break: a line still being read
        while True:
            data = handle.read(block_size)
            pending += data  # holds no line break before `data`: the search looks at `data` alone
            cut = pending.rfind(b"\n", len(pending) - len(data)) + 1 if data else len(pending)
            if cut:
                block = bytes(pending[:cut])
                del pending[:cut]
                yield from reader.block(block)
            if not data:
                break
    yield from reader.end()


class _Reader:
    """Cuts whole-line blocks into messages: the state that runs from one block into the next."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.number = 0  # messages begun
        self.start = 0  # the line the current message's "From " line is on
        self.envelope: datetime | None = None
        self.parts: list[bytes] = []  # the current message's bytes so far
        self.lines = 0  # line breaks before the part of the block not yet taken into a message
        self.previous_blank = True  # whether the line before the block is blank (the file's start counts as one)

    def block(self, block: bytes) -> Iterator[RawMessage]:
        taken = 0
        for at in _from_lines(block):
            line = block[at : block.find(b"\n", at) + 1 or len(block)]
            before = block[block.rfind(b"\n", 0, at - 1) + 1 : at] if at else None
            blank = self.previous_blank if before is None else not before.strip()
            if not (blank or _FROM_DATE.match(line)):
                continue  # "From here on ..." inside a body
            yield from self._close(block[taken:at])
            self.lines += block.count(b"\n", taken, at)
            self.number, self.start = self.number + 1, self.lines + 1
            self.envelope, self.parts = envelope_date(line), []
            taken = at
        self._add(block[taken:])
        self.lines += block.count(b"\n", taken)
        last = block[block.rfind(b"\n", 0, len(block) - 1) + 1 :]
        self.previous_blank = not last.strip()

    def end(self) -> Iterator[RawMessage]:
        if self.number:
            yield self._message()

    def _close(self, tail: bytes) -> Iterator[RawMessage]:
        self._add(tail)
        if self.number:
            yield self._message()

    def _add(self, piece: bytes) -> None:
        """`piece`: the lines from the current message's "From " line (or the block's start) on, to the next one."""
        if self.number:
            if not self.parts:  # less the "From " line itself
                piece = piece[piece.find(b"\n") + 1 :] if b"\n" in piece else b""
            self.parts.append(piece)
        elif piece.strip():  # before the first message only blank lines may come
            first = next(index for index, line in enumerate(piece.split(b"\n")) if line.strip())
            raise InputError('not an mbox: text before the first "From " line', self.path, self.lines + first + 1)

    def _message(self) -> RawMessage:
        data = b"".join(self.parts)
        if (b"\n>" in data or data[:1] == b">") and _ESCAPED_FROM.search(data):  # `in` is quick where a regex is not
            data = _ESCAPED_FROM.sub(b"\\1", data)  # mboxrd: a body line ">From ..." was "From ..."
        return RawMessage(self.number, self.start, data, self.envelope)


def _from_lines(block: bytes) -> Iterator[int]:
    """Where each line that opens with "From " starts (`bytes.find`: a multi-line regex tries every byte, ten times slower)."""
    if block.startswith(b"From "):
        yield 0
    at = block.find(b"\nFrom ")
    while at >= 0:
        yield at + 1
        at = block.find(b"\nFrom ", at + 1)


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
