"""Dates in a question ("on 16 June, 2023", "in May 2023", "last week") as a time range.

A question that names a time is about what was said then, or about facts
that happened then. The range is resolved against the command's clock, with
the same resolver the extractor uses for messages.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from remembrancer.memory.extraction.dates import DateMention, find_dates

# People mention an event some days after it happened.
TALK_LAG = timedelta(days=3)


@dataclass(frozen=True)
class TimeRange:
    start: date
    end: date  # inclusive

    def said_bounds(self) -> tuple[str, str]:
        """ISO bounds on `time_utc` of messages that may speak of the range."""
        return self.start.isoformat(), (self.end + TALK_LAG + timedelta(days=1)).isoformat()

    def mention_conditions(self) -> list[tuple[str, list[str]]]:
        """SQL conditions on `time_mentioned` that together hold every mention overlapping the range, finest first.

        Day mentions inside it, then the months and then the years that
        contain part of it: ranges over an index rather than a parse of every
        fact. Finest first because a day's question is answered by what
        happened that day before what happened "in 2021".
        """
        months: list[str] = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month) and len(months) < 600:
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        years = [f"{y:04d}" for y in range(self.start.year, self.end.year + 1)]
        return [
            ("time_mentioned >= ? AND time_mentioned < ?", [self.start.isoformat(), (self.end + timedelta(days=1)).isoformat()]),
            (f"time_mentioned IN ({','.join('?' * len(months))})", months),
            (f"time_mentioned IN ({','.join('?' * len(years))})", years),
        ]

    def overlaps_mention(self, mentioned: str) -> bool:
        """Whether a fact's `time_mentioned` (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) overlaps the range."""
        other = _range_of_iso(mentioned)
        return other is not None and other.start <= self.end and self.start <= other.end


def query_range(query: str, now: datetime) -> TimeRange | None:
    """The span the question names, or None (vague or no date)."""
    ranges = [r for r in (_range(m) for m in find_dates(query, now)) if r is not None]
    if not ranges:
        return None
    return TimeRange(min(r.start for r in ranges), max(r.end for r in ranges))


def _range_of_iso(value: str) -> TimeRange | None:
    precision = {10: "day", 7: "month", 4: "year"}.get(len(value))
    return _span(value, precision) if precision else None


def _range(mention: DateMention) -> TimeRange | None:
    return _span(mention.iso, mention.precision)


def _span(iso: str, precision: str) -> TimeRange | None:
    iso = iso + {4: "-01-01", 7: "-01"}.get(len(iso), "")
    try:
        start = date.fromisoformat(iso)
    except ValueError:
        return None
    span = {
        "day": timedelta(days=0),
        "weekend": timedelta(days=1),
        "week": timedelta(days=6),
        "season": timedelta(days=91),
    }
    if precision in span:
        return TimeRange(start, start + span[precision])
    if precision == "month":
        return TimeRange(start.replace(day=1), start.replace(day=calendar.monthrange(start.year, start.month)[1]))
    if precision == "year":
        return TimeRange(date(start.year, 1, 1), date(start.year, 12, 31))
    return None  # "approx": too vague to filter by
