"""The People view's data: who the store knows, and one person's profile as a page reads it.

The persona level lists attributes one per row, sorted for the CLI. A
person looking someone up wants a page instead: what is known about them
grouped by kind ("where does she live", "who is in his family") in the
order `memory.persona.kinds.KIND_ORDER` gives, and what happened in their
life in date order. This module shapes the (already masked) persona rows
into that page; it reads nothing itself, so `MemoryService` decides what
is fetched and masked, and the GUI only draws.

An event's date is the date its evidence names (the fact's
`time_mentioned`: "won the cup on 3 May 2024"), not the day it was told;
an event whose facts carry no date falls back to when it was first told.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from remembrancer.memory.browse import PersonaView
from remembrancer.memory.persona.kinds import KIND_ORDER
from remembrancer.memory.persona.phrasing import readable_date

__all__ = ["KIND_ORDER", "PersonProfile", "PersonSummary", "ProfileSection", "TimelineEntry", "build_profile", "summarise_people"]

EVENT_KIND = "events"


@dataclass(frozen=True)
class PersonSummary:
    """One row of the people list: a name and how much the store knows about them."""

    name: str
    attributes: int   # values known, dated events included
    events: int       # of which dated life events


@dataclass(frozen=True)
class ProfileSection:
    """The values of one kind ("places", "pets"...), current ones first."""

    kind: str
    values: list[PersonaView]


@dataclass(frozen=True)
class TimelineEntry:
    """One dated life event: the date it happened (as far as the evidence says) and its sentence."""

    when: str          # ISO date or prefix ("2024-05-03", "2024-05"): what the timeline sorts by
    date: str          # "3 May 2024" when the sentence says that day, else "May 2024"
    text: str          # the sentence, without a closing "on 3 May 2024" that `date` already says
    value: PersonaView


@dataclass(frozen=True)
class PersonProfile:
    """One person's page: sections in `KIND_ORDER` (empty kinds left out, events in `timeline`)."""

    name: str
    sections: list[ProfileSection] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(s.values) for s in self.sections) + len(self.timeline)


def summarise_people(views: Iterable[PersonaView]) -> list[PersonSummary]:
    """One summary per person, the best-known first: whom you talk with most is whom you look up most."""
    counts: dict[str, list[int]] = {}
    for view in views:
        row = counts.setdefault(view.subject, [0, 0])
        row[0] += 1
        row[1] += view.kind == EVENT_KIND
    people = [PersonSummary(name, n, events) for name, (n, events) in counts.items()]
    return sorted(people, key=lambda p: (-p.attributes, p.name.casefold()))


def build_profile(name: str, views: Iterable[PersonaView], event_dates: Mapping[str, str | None]) -> PersonProfile:
    """The page for `name` from their persona rows; `event_dates` maps fact ids to the date they name."""
    by_kind: dict[str, list[PersonaView]] = {}
    timeline: list[TimelineEntry] = []
    for view in views:
        if view.kind == EVENT_KIND:
            timeline.append(_timeline_entry(view, event_dates))
        else:
            by_kind.setdefault(view.kind if view.kind in KIND_ORDER else "other", []).append(view)
    # Within a kind the store's order (surest first) stays; what is no longer current goes after what is.
    sections = [ProfileSection(kind, sorted(by_kind[kind], key=lambda v: v.flagged is not None)) for kind in KIND_ORDER if by_kind.get(kind)]
    timeline.sort(key=lambda e: (e.when, e.value.first_seen))
    return PersonProfile(name, sections, timeline)


def _timeline_entry(view: PersonaView, event_dates: Mapping[str, str | None]) -> TimelineEntry:
    """The event's date, said as precisely as its sentence says it.

    A relative date resolves to the start of its span ("last week", said on
    21 Jan, is dated 10 Jan): the day is right for sorting, but printed next
    to "in the week before 21 January" it would read as a contradiction. So
    the day is shown only when the sentence states that very day (and the
    sentence then drops it); otherwise the month is, and the sentence keeps
    its own wording.
    """
    named = sorted(d for d in (event_dates.get(fact) for fact in view.evidence) if d)
    when = (named[0] if named else view.first_seen)[:10]  # a time_mentioned is a date or its prefix; first_seen a full time
    text = view.text
    day = readable_date(when)
    for tail in (f" on {day}", f" in {day}"):
        if text.endswith(tail) and len(text) > len(tail):
            return TimelineEntry(when, day, text[: -len(tail)], view)
    return TimelineEntry(when, readable_date(when[:7]), text, view)
