"""Relative and absolute time expressions, resolved against when a message was said.

A fact must read on its own months later, so "yesterday" has to become
"on 7 May 2023". `find_dates(text, now)` returns every mention with:

* `value`: a normalised value whose shape carries the precision:
  day "2023-05-07", weekend "2023-05-06" (its Saturday), week "2023-W18"
  (ISO week), month "2023-05", season "2022-summer" (winter is labelled by the
  year its December falls in: "2022-winter" = Dec 2022 - Feb 2023), year
  "2023". Vague mentions ("the other day", "a few weeks ago") get precision
  "approx" and the value of their best estimate.
* `iso`: the same as an ISO date, "YYYY-MM" or "YYYY" (weeks -> their Monday,
  seasons -> their first month), the form `FactCandidate.time_mentioned` takes.
* `phrase` / `bare`: what to write in the fact ("on 7 May 2023" / "7 May 2023").
  Weeks and vague mentions are anchored to the message date ("in the week before
  8 May 2023", "a few days before 8 May 2023"): honest about their precision.

Seasons are northern-hemisphere. Ambiguous mentions ("on Friday", "in May",
"this weekend") look at the sentence: future wording picks the next one,
anything else the most recent one, because chats mostly recount the past.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from remembrancer.memory.extraction.date_units import (
    MONTH_NAMES, MONTH_NUM, WEEKDAYS, add_months, fmt_day, iso_week, monday_of, relative_unit, season, shape,
    weekday_date,
)

_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
            "thirty": 30, "couple": 2, "a couple": 2, "a couple of": 2, "couple of": 2,
            "a few": 3, "few": 3, "several": 4}
_VAGUE = {"a few", "few", "several"}
# Prepositions the default phrase already supplies ("on"/"in"); others are kept.
_ABSORBED_PREPS = {"on", "in", "at"}

_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM_RE = r"(?:\d{1,3}|a couple of|a couple|couple of|a few|few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
_PART_RE = r"(?:\s+(?P<part>morning|afternoon|evening|night))?"

DATE_RE = re.compile(
    r"\b(?:just\s+)?(?:(?P<prep>on|in|at|during|over|since|until|till|by|before|after|from|around|through|for)\s+)?(?:"
    r"(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d))"
    rf"|(?P<dmy>(?:the\s+)?(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH_RE})\.?(?:,?\s+(?P<y1>(?:19|20)\d\d))?)"
    rf"|(?P<mdy>(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<y2>(?:19|20)\d\d))?)"
    rf"|(?P<my>(?:(?P<my_mod>last|this|next|this past|this coming)\s+)?(?P<m3>{_MONTH_RE})(?:,?\s+(?:of\s+)?(?P<y3>(?:19|20)\d\d))?)"
    rf"|(?P<ago>(?:(?:about|around|roughly|almost|nearly|over|like|just|only)\s+)?(?P<n>{_NUM_RE})\s+(?P<unit>day|week|month|year)s?(?:\s+or\s+so)?\s+(?:ago|back|earlier))"
    rf"|(?P<relday>(?P<rd>the day before yesterday|the day after tomorrow|yesterday|today|tonight|tomorrow){_PART_RE})"
    r"|(?P<partrel>(?P<pr_mod>last|this|tomorrow)\s+(?P<pr_part>night|morning|afternoon|evening))"
    rf"|(?P<span>(?:the\s+)?(?P<span_dir>next|coming|past|last)\s+(?P<span_n>few|couple of|several|{_NUM_RE})\s+(?P<span_u>day|week|month|year)s)"
    r"|(?P<otherday>the other (?P<od_unit>day|week)|a few days back)"
    r"|(?P<lwm>(?P<lwm_mod>last|this|next|this past|this coming|past|coming|earlier this|later this|the past|the last|the next)\s+(?P<lwm_u>weekend|week|month|year))"
    rf"|(?P<wd>(?:(?P<wd_mod>last|this|next|this past|this coming)\s+)?(?P<wd_day>{_DAY_RE})(?P<wd_pl>s)?{_PART_RE.replace('part', 'wd_part')})"
    r"|(?P<wdab>(?P<wdab_mod>last|this|next|on)\s+(?P<wdab_day>mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?(?=[\s,.!?]|$))"
    r"|(?P<season>(?:the\s+)?(?:(?P<s_mod>last|this|next|this past|this coming|past)\s+)?(?P<s_name>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<s_year>(?:19|20)\d\d))?)"
    r"|(?P<year>(?P<yy>(?:19|20)\d\d)(?![\d-]))"
    r"|(?P<theweekend>the weekend)"
    r")\b(?!['’]s\b)",
    re.IGNORECASE,
)
_FUTURE_RE = re.compile(
    r"\b(?:will|won't|'ll|gonna|going to|plan(?:ning|s)? to|hop(?:e|ing) to|can't wait|looking forward|"
    r"next|upcoming|tomorrow|soon|about to|want to|wanna|would like|'d like|'d love|scheduled|coming up)\b"
    r"|\b(?:am|'m|are|'re)\s+(?!(?:feeling|loving|enjoying|struggling|thinking|trying|working|doing|getting)\b)\w+ing\b",
    re.IGNORECASE,
)
_PAST_RE = re.compile(
    r"\b(?:was|were|did|didn't|had|went|got|came|saw|made|took|found|gave|told|met|ran|left|bought|won|lost|"
    r"(?!(?:excited|interested|tired|scared|pleased|thrilled|need|feed|proceed)\b)\w{3,}ed)\b",
    re.IGNORECASE,
)
_VERB_AFTER_RE = re.compile(r"\s+(?:was|is|has|had|will|seemed|felt|has been|went|turned out)\b", re.IGNORECASE)
_PREFILTER = re.compile(r"\d|day|week|month|year|night|morning|noon|evening|tonight|tomorrow|ago|spring|summer|fall|autumn|winter|"
                        r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """One time expression: where it is, what it means, and how to write it."""

    start: int
    end: int
    text: str
    value: str
    precision: str  # day | weekend | week | month | season | year | approx
    iso: str
    bare: str       # "7 May 2023"
    phrase: str     # "on 7 May 2023"
    relative: bool

    def replacement(self) -> str:
        """The phrase to write in place of `text`, keeping a preposition we don't supply."""
        prep = self.text.split(None, 1)[0].lower() if " " in self.text else ""
        if prep in {"since", "until", "till", "by", "before", "after", "from", "around", "through", "during", "over", "for"}:
            return f"{self.text.split(None, 1)[0]} {self.bare}"
        return self.phrase


_TARGET_PREPOSITIONS = frozenset({"for"})  # "by/until Friday" also narrate the past


def is_future(text: str, pos: int | None = None) -> bool:
    """Whether the wording near `pos` talks about what is coming (decides "on Friday" etc.).

    The nearest tense marker wins, so "went there on Friday and will go again"
    stays in the past for "on Friday".
    """
    futures = [m.start() for m in _FUTURE_RE.finditer(text)]
    if not futures:
        return False
    if pos is None:
        return True
    pasts = [m.start() for m in _PAST_RE.finditer(text)]
    if not pasts:
        return True
    return min(abs(f - pos) for f in futures) < min(abs(p - pos) for p in pasts)


def _resolve(m: re.Match[str], today: date, future: bool) -> tuple[str, str, str, str, str] | None:
    g = m.group
    anchor = fmt_day(today)
    if g("iso"):
        try:
            day = date(int(g("iy")), int(g("im")), int(g("id")))
        except ValueError:
            return None
        return shape("day", day, bare=fmt_day(day))
    if g("dmy") or g("mdy"):
        mon, dd, yy = (g("m1"), g("d1"), g("y1")) if g("dmy") else (g("m2"), g("d2"), g("y2"))
        if g("mdy") and mon == "may":
            return None  # lowercase "may 5" is more likely the verb than the month
        month = MONTH_NUM[mon.lower().rstrip(".")]
        try:
            if yy:
                day = date(int(yy), month, int(dd))
            else:  # the nearest occurrence, or the next one when the sentence is about the future
                options = [date(today.year + k, month, int(dd)) for k in (-1, 0, 1)]
                options = [o for o in options if o >= today] if future else options
                day = min(options, key=lambda o: abs((o - today).days))
        except ValueError:
            return None
        return shape("day", day, bare=fmt_day(day))
    if g("my"):
        mon, mod, yy = g("m3"), (g("my_mod") or "").lower(), g("y3")
        if mon.lower() == "may" and mon != "May" or (not yy and not mod and not g("prep")):
            return None
        if len(mon) <= 3 and not yy and mon.lower() != "may":
            return None  # "mar", "jan" alone are too ambiguous without a year
        month = MONTH_NUM[mon.lower().rstrip(".")]
        if yy:
            year = int(yy)
        elif mod in ("last", "this past"):
            year = today.year if month < today.month else today.year - 1
        elif mod in ("next", "this coming"):
            year = today.year if month > today.month else today.year + 1
        elif mod == "this" or not future:
            year = today.year if month <= today.month or mod == "this" else today.year - 1
        else:
            year = today.year if month >= today.month else today.year + 1
        return shape("month", year=year, month=month, bare=f"{MONTH_NAMES[month - 1]} {year}")
    if g("ago"):
        word = g("n").lower()
        n = int(word) if word.isdigit() else _NUMBERS[word]
        unit, vague = g("unit").lower(), word in _VAGUE
        if unit == "day":
            day = today - timedelta(days=n)
            if vague:
                return day.isoformat(), "approx", day.isoformat(), f"{word} days before {anchor}", f"{word} days before {anchor}"
            return shape("day", day, bare=fmt_day(day))
        if unit == "week":
            day = today - timedelta(days=7 * n)
            text = f"{word} week{'s' if n != 1 or vague else ''} before {anchor}"
            return (day.isoformat() if vague else iso_week(day)), ("approx" if vague else "week"), monday_of(day).isoformat(), text, text
        if unit == "month":
            year, month = add_months(today.year, today.month, -n)
            if vague:
                text = f"{word} months before {MONTH_NAMES[today.month - 1]} {today.year}"
                return f"{year}-{month:02d}", "approx", f"{year}-{month:02d}", text, text
            return shape("month", year=year, month=month, bare=f"{MONTH_NAMES[month - 1]} {year}")
        if vague:
            text = f"{word} years before {today.year}"
            return str(today.year - n), "approx", str(today.year - n), text, text
        return shape("year", year=today.year - n, bare=str(today.year - n))
    if g("relday") or g("partrel"):
        word = (g("rd") or g("pr_mod")).lower()
        part = (g("part") or g("pr_part") or "").lower()
        offset = {"yesterday": -1, "last": -1, "tomorrow": 1, "the day before yesterday": -2,
                  "the day after tomorrow": 2}.get(word, 0)
        if word == "tonight":
            part = "evening"
        if word == "last" and part != "night":
            return None  # "last morning" is not English
        if word == "last" and part == "night":
            offset = -1
        day = today + timedelta(days=offset)
        bare = f"the {part} of {fmt_day(day)}" if part else fmt_day(day)
        return shape("day", day, bare=bare)
    if g("span"):  # "the next few months": a stretch, anchored to the message date
        ahead = g("span_dir").lower() in ("next", "coming")
        n, unit = g("span_n").lower(), g("span_u").lower()
        count = int(n) if n.isdigit() else _NUMBERS.get(n, 3)
        day = today + timedelta(days={"day": 1, "week": 7, "month": 30, "year": 365}[unit] * (count if ahead else -count))
        bare = f"the {n} {unit}s {'after' if ahead else 'before'} {anchor}"
        return day.isoformat(), "approx", (today if ahead else day).isoformat(), bare, f"in {bare}"
    if g("otherday"):
        if (g("od_unit") or "").lower() == "week":
            day = today - timedelta(days=10)
            text = f"a week or two before {anchor}"
        else:
            day = today - timedelta(days=3)
            text = f"a few days before {anchor}"
        return day.isoformat(), "approx", day.isoformat(), text, text
    if g("lwm"):
        return relative_unit(g("lwm_mod").lower(), g("lwm_u").lower(), today, future)
    if g("theweekend"):
        if (g("prep") or "").lower() not in {"over", "on", "at", "during"}:
            return None
        return relative_unit("next" if future else "last", "weekend", today, future)
    if g("wd"):
        if g("wd_pl") and not g("wd_mod"):
            return None  # "on Mondays" is a habit, not a date
        return weekday_date(g("wd_mod"), g("wd_day"), g("wd_part"), today, future)
    if g("wdab"):  # "last Fri": abbreviations only after a modifier, "sat"/"sun" are words too
        full = next(d for d in WEEKDAYS if d.startswith(g("wdab_day").lower()[:3]))
        mod = g("wdab_mod").lower()
        return weekday_date(None if mod == "on" else mod, full, None, today, future)
    if g("season"):
        mod, year = (g("s_mod") or "").lower(), g("s_year")
        if not mod and not year:
            return None
        return season(mod, g("s_name").lower(), int(year) if year else None, today, future)
    if g("year"):
        if (g("prep") or "").lower() not in {"in", "since", "until", "till", "by", "before", "after", "from", "around", "during", "for"}:
            return None
        return shape("year", year=int(g("yy")), bare=g("yy"))
    return None


def find_dates(text: str, now: datetime | date) -> list[DateMention]:
    """Every time expression in `text`, resolved against `now` (the message time)."""
    if not _PREFILTER.search(text):
        return []
    today = now.date() if isinstance(now, datetime) else now
    found: list[DateMention] = []
    for m in DATE_RE.finditer(text):
        # "booked a hut for July": a target month or day, so ahead of now
        target = m.group(0).split(None, 1)[0].lower() in _TARGET_PREPOSITIONS
        resolved = _resolve(m, today, target or is_future(text, m.start()))
        if resolved is None:
            continue
        value, precision, iso, bare, phrase = resolved
        relative = not (m.group("iso") or m.group("year") or (m.group("y1") or m.group("y2") or m.group("y3") or m.group("s_year")))
        found.append(DateMention(m.start(), m.end(), m.group(0), value, precision, iso, bare, phrase, bool(relative)))
    return found


def substitute_dates(text: str, mentions: list[DateMention]) -> str:
    """`text` with each mention replaced by its absolute phrase (capitalised at a sentence start)."""
    out = text
    for mention in sorted(mentions, key=lambda d: d.start, reverse=True):
        new = mention.replacement()
        if mention.start == 0 and _VERB_AFTER_RE.match(out, mention.end):
            new = mention.bare  # the date is the subject: "Yesterday was fun" -> "7 May 2023 was fun"
        if mention.start == 0 or out[:mention.start].rstrip().endswith((".", "!", "?")):
            new = new[:1].upper() + new[1:]
        out = out[:mention.start] + new + out[mention.end:]
    return out
