"""Calendar arithmetic behind dates.py: weeks, weekends, months, seasons relative to a day.

Kept apart from the pattern matching so each can be read on its own. Every
function returns (value, precision, iso, bare, phrase) as `DateMention` wants.
"""
from __future__ import annotations

from datetime import date, timedelta

MONTHS = ("january", "february", "march", "april", "may", "june", "july",
          "august", "september", "october", "november", "december")
MONTH_NAMES = [m.capitalize() for m in MONTHS]
MONTH_NUM = {m: i + 1 for i, m in enumerate(MONTHS)} | {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def fmt_day(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def shape(kind: str, day: date | None = None, *, year: int = 0, month: int = 0, bare: str, prep: str = "on",
        value: str | None = None, iso: str | None = None) -> tuple[str, str, str, str, str]:
    """(value, precision, iso, bare, phrase) for the common shapes."""
    if kind == "day" and day is not None:
        v = day.isoformat()
        return value or v, "day", iso or v, bare, f"{prep} {bare}" if prep else bare
    if kind == "month":
        v = f"{year}-{month:02d}"
        return value or v, "month", iso or v, bare, f"in {bare}"
    if kind == "year":
        return value or str(year), "year", iso or str(year), bare, f"in {bare}"
    raise ValueError(kind)


def relative_unit(mod: str, unit: str, today: date, future: bool) -> tuple[str, str, str, str, str]:
    anchor = fmt_day(today)
    step = {"last": -1, "this past": -1, "past": -1, "the past": -1, "the last": -1, "next": 1, "this coming": 1,
            "coming": 1, "the next": 1}.get(mod, 0)
    if unit == "weekend":
        if step == 0:
            step = 1 if future else -1
        if step < 0:
            sat = today - timedelta(days=(today.weekday() - 5) % 7 or 7)
            if today.weekday() >= 5 and mod in ("last", "past", "the past", "the last"):
                sat -= timedelta(days=7)
        else:
            sat = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
        sun = sat + timedelta(days=1)
        first = f"{sat.day} {MONTH_NAMES[sat.month - 1]}" if sat.month != sun.month else str(sat.day)
        bare = f"the weekend of {first}-{fmt_day(sun)}" if sat.year == sun.year else f"the weekend of {fmt_day(sat)}"
        return sat.isoformat(), "weekend", sat.isoformat(), bare, f"on {bare}"
    if unit == "week":
        day = today + timedelta(days=7 * step)
        bare = {-1: f"the week before {anchor}", 0: f"the week of {anchor}", 1: f"the week after {anchor}"}[step]
        return iso_week(day), "week", monday_of(day).isoformat(), bare, f"in {bare}"
    if unit == "month":
        year, month = add_months(today.year, today.month, step)
        return shape("month", year=year, month=month, bare=f"{MONTH_NAMES[month - 1]} {year}")
    return shape("year", year=today.year + step, bare=str(today.year + step))


def weekday_date(mod: str | None, name: str, part: str | None, today: date, future: bool) -> tuple[str, str, str, str, str]:
    target = WEEKDAYS.index(name.lower())
    mod = (mod or "").lower()
    back = (today.weekday() - target) % 7 or 7   # days back to the most recent one before today
    ahead = (target - today.weekday()) % 7 or 7  # days to the next one after today
    if mod in ("last", "this past"):
        day = today - timedelta(days=back)
    elif mod in ("next", "this coming"):
        day = today + timedelta(days=ahead)
    elif mod == "this":
        day = today + timedelta(days=(target - today.weekday()) % 7) if future else today - timedelta(days=(today.weekday() - target) % 7)
    else:
        day = today + timedelta(days=ahead) if future else today - timedelta(days=back)
    bare = f"the {part.lower()} of {fmt_day(day)}" if part else fmt_day(day)
    return shape("day", day, bare=bare)


def season(mod: str, name: str, year: int | None, today: date, future: bool) -> tuple[str, str, str, str, str]:
    start = SEASON_START[name]
    label = "fall" if name == "autumn" else name
    if year is None:
        # Index seasons as year*4 + k with winter belonging to its December's year.
        cur_k = {12: 3, 1: 3, 2: 3}.get(today.month, (today.month - 3) // 3)
        cur_year = today.year - 1 if today.month <= 2 else today.year
        cur = cur_year * 4 + cur_k
        k = {3: 0, 6: 1, 9: 2, 12: 3}[start]
        this = (cur // 4) * 4 + k
        if mod in ("last", "this past", "past") or (mod == "" and not future):
            index = this if this < cur else this - 4
        elif mod in ("next", "this coming"):
            index = this if this > cur else this + 4
        else:  # "this summer": the current year's one
            index = (today.year - (1 if label == "winter" and today.month <= 2 else 0)) * 4 + k
        year = index // 4
    if label == "winter":
        bare = f"winter {year}-{(year + 1) % 100:02d}"
        return f"{year}-winter", "season", f"{year}-12", bare, f"in {bare}"
    bare = f"{label} {year}"
    return f"{year}-{label}", "season", f"{year}-{start:02d}", bare, f"in {bare}"
