"""Time parsing and the injectable clock.

Every stored time is ISO 8601 with an explicit offset so that ordering and
decay never depend on the machine's zone at read time. Naive input is local
time, as the import contract says.
"""
from __future__ import annotations

from datetime import datetime, timezone


def parse_time(value: str) -> datetime:
    """Parse ISO 8601 (a trailing `Z` allowed); naive means local time."""
    text = value.strip()
    if text.endswith("Z") or text.endswith("z"):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()  # interpret as local time
    return parsed


def to_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def ensure_aware(moment: datetime | None) -> datetime:
    """The clock a command runs at; naive values are rejected by converting to local."""
    if moment is None:
        return utc_now()
    return moment if moment.tzinfo is not None else moment.astimezone()
