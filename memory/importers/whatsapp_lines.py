"""The line grammar of WhatsApp chat exports: message headers and their dates.

WhatsApp writes one header per message, in the phone's locale:
Android `12/31/23, 10:15 PM - Name: text` (or `31/12/2023, 22:15 - ...`),
iOS `[31.12.23, 22:15:03] Name: text` (or `[12/31/23, 10:15:03 PM] ...`).
Every line that is not a header continues the message above it. The export
says nothing about whether `03/04/23` is the 3rd of April or the 4th of March,
so the date order is read from the whole file (a day above 12 decides) rather
than line by line, and a file that never decides is read by its clock style.

The phone puts invisible marks in the header (U+200E before iOS lines, U+202F
before AM/PM since 2022, U+00A0 in some locales): the patterns allow them where
they appear instead of deleting them from the whole line, which would also
change the message text (French puts U+202F before `!`, Arabic needs U+200F).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from remembrancer.memory.errors import InputError

logger = logging.getLogger(__name__)

DATE_ORDERS = ("dmy", "mdy", "ymd")

MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_MARKS = f"[{MARKS}]*"
_SPACE = "[ \u00a0\u202f\u2007\u2009]"
_DATE = r"(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})\.?"
_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?"
_AMPM = rf"(?P<ampm>[AaPp]\.?{_SPACE}?[Mm]\.?)"
_STAMP = rf"{_DATE},?{_SPACE}+{_TIME}(?:{_SPACE}*{_AMPM})?"

ANDROID = re.compile(rf"^{_MARKS}{_STAMP}{_SPACE}+[-\u2013]{_SPACE}+{_MARKS}(?P<rest>.*)$")
IOS = re.compile(rf"^{_MARKS}\[{_STAMP}\]{_SPACE}*{_MARKS}(?P<rest>.*)$")
# "Name: text"; the name holds no colon (a phone number or a contact name never does).
SPEAKER = re.compile(r"^(?P<speaker>[^:\n]{1,120}?):(?:[ \u00a0]|$)(?P<text>.*)$", re.S)


@dataclass
class Header:
    """The parts of one message header, as written (the date order is not known yet)."""

    style: str  # "android" | "ios"
    a: str
    sep: str
    b: str
    c: str
    hour: int
    minute: int
    second: int
    ampm: str | None  # "am" | "pm" | None (24-hour clock)
    rest: str  # "Name: text", or a system line on Android


def match_header(line: str) -> Header | None:
    """The header that starts `line`, or None for a continuation line."""
    if not line or not (line[0].isdigit() or line[0] == "[" or line[0] in MARKS):
        return None  # most continuation lines: no regex at all
    match = IOS.match(line) or ANDROID.match(line)
    if match is None:
        return None
    ampm = match["ampm"]
    return Header(
        style="ios" if match.re is IOS else "android",
        a=match["a"], sep=match["sep"], b=match["b"], c=match["c"],
        hour=int(match["hour"]), minute=int(match["minute"]), second=int(match["second"] or 0),
        ampm=None if ampm is None else ("am" if ampm[0] in "Aa" else "pm"),
        rest=match["rest"],
    )


def split_speaker(rest: str) -> tuple[str, str] | None:
    """("Name", "text") of a header's rest, or None when it names no speaker (a system line)."""
    match = SPEAKER.match(rest)
    if match is None:
        return None
    speaker = " ".join(match["speaker"].strip(MARKS + " ~\u00a0\u202f").split())  # "~ Kit": not in the phone's contacts
    return (speaker, match["text"]) if speaker else None


def detect_order(headers: list[tuple[int, Header]], path: Path) -> str:
    """The date order of the whole file: a day above 12 decides; else the clock style does, with a warning.

    Both positions above 12 in one file cannot be one locale: an error naming
    the second line, as reading either order would invent dates.
    """
    if not headers:
        return "dmy"
    if all(len(h.a) >= 3 for _, h in headers):
        return "ymd"
    day_first = next((n for n, h in headers if int(h.a) > 12 and len(h.a) <= 2), None)
    month_first = next((n for n, h in headers if int(h.b) > 12), None)
    if day_first is not None and month_first is not None:
        raise InputError(
            f"dates are written both day-first (line {day_first}) and month-first (line {month_first}); "
            "pass --date-order dmy|mdy|ymd",
            path, max(day_first, month_first),
        )
    if day_first is not None:
        return "dmy"
    if month_first is not None:
        return "mdy"
    _, first = headers[0]
    us_style = first.ampm is not None and first.sep == "/" and len(first.c) == 2  # "12/31/23, 10:15 PM" (a British 12-hour clock writes 31/12/2023)
    order = "mdy" if us_style else "dmy"
    if any(h.a != h.b for _, h in headers):
        logger.warning("%s: no day above 12, so the date order is a guess: read as %s (pass --date-order to choose)", path, order)
    return order


def header_time(header: Header, order: str, path: Path, line: int) -> datetime:
    """The naive wall-clock time of a header read in `order`; InputError for an impossible date or hour."""
    fields = dict(zip(order, (header.a, header.b, header.c)))
    year = int(fields["y"])
    if len(fields["y"]) <= 2:
        year += 2000  # WhatsApp began in 2009: a two-digit year is this century
    hour = header.hour
    if header.ampm is not None:
        if not 1 <= hour <= 12:
            raise InputError(f"impossible hour {hour} on a 12-hour clock", path, line)
        hour = hour % 12 + (12 if header.ampm == "pm" else 0)
    try:
        return datetime(year, int(fields["m"]), int(fields["d"]), hour, header.minute, header.second)
    except ValueError:
        stamp = f"{header.a}{header.sep}{header.b}{header.sep}{header.c} {header.hour}:{header.minute:02d}"
        raise InputError(f"impossible date or time {stamp!r} (read as {order})", path, line) from None
