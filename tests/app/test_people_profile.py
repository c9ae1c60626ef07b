"""The People view's data: who is known, and one person's page by kind with a dated timeline (invented people)."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from remembrancer.app.people import build_profile, summarise_people
from remembrancer.app.service import MemoryService
from remembrancer.memory.browse import PersonaView
from tests.planted_secrets import leaked


def view(pid: str, subject: str, attribute: str, kind: str, text: str, **extra: Any) -> PersonaView:
    fields: dict[str, Any] = dict(confidence=0.8, polarity=1, first_seen="2024-06-20T10:00:00+00:00", last_seen="2024-06-20T10:00:00+00:00",
                                  flagged=None, evidence=[f"f-{pid}"], sources=[f"m-{pid}"], kind=kind)
    fields.update(extra)
    return PersonaView(pid, subject, attribute, text.split()[-1], text, **fields)


VIEWS = [
    view("1", "Ilse", "home", "places", "Ilse lives in Brackwater", flagged="no longer current"),
    view("2", "Ilse", "home", "places", "Ilse lives in Lindhaven"),
    view("3", "Ilse", "pet", "pets", "Ilse has a dog named Pip"),
    view("4", "Ilse", "name", "identity", "Ilse's name is Ilse Varn"),
    view("5", "Ilse", "event", "events", "Ilse graduated on 14 June 2024", first_seen="2024-06-20T10:00:00+00:00"),
    view("6", "Ilse", "event", "events", "Ilse moved to Lindhaven in the week before 2 August 2024", first_seen="2024-08-02T09:00:00+00:00"),
    view("7", "Ilse", "event", "events", "Ilse won the regional chess tournament on 3 May 2024", first_seen="2024-06-21T10:00:00+00:00"),
    view("8", "Ilse", "mystery", "unheard-of", "Ilse has a mystery"),
    view("9", "Pell", "hobby", "activities", "Pell enjoys hiking"),
]
DATES = {"f-5": "2024-06-14", "f-6": "2024-07-22", "f-7": "2024-05-03"}


def test_people_best_known_first_with_their_events_counted() -> None:
    people = summarise_people(VIEWS)
    assert [(p.name, p.attributes, p.events) for p in people] == [("Ilse", 8, 3), ("Pell", 1, 0)]


def test_sections_follow_the_kind_order_and_current_values_come_first() -> None:
    profile = build_profile("Ilse", [v for v in VIEWS if v.subject == "Ilse"], DATES)
    assert [s.kind for s in profile.sections] == ["identity", "places", "pets", "other"]  # events live in the timeline
    places = profile.sections[1].values
    assert [v.text for v in places] == ["Ilse lives in Lindhaven", "Ilse lives in Brackwater"]
    assert profile.count == 8


def test_the_timeline_is_dated_by_what_the_facts_say_and_as_precisely_as_the_sentence() -> None:
    profile = build_profile("Ilse", [v for v in VIEWS if v.subject == "Ilse"], DATES)
    assert [(e.when, e.date, e.text) for e in profile.timeline] == [
        ("2024-05-03", "3 May 2024", "Ilse won the regional chess tournament"),
        ("2024-06-14", "14 June 2024", "Ilse graduated"),
        # "last week" resolves to the week's start: the month is shown, the sentence keeps its own words
        ("2024-07-22", "July 2024", "Ilse moved to Lindhaven in the week before 2 August 2024"),
    ]


def test_an_event_without_a_dated_fact_is_placed_when_it_was_told() -> None:
    event = view("10", "Ilse", "event", "events", "Ilse opened a bakery", first_seen="2024-03-09T10:00:00+00:00")
    [entry] = build_profile("Ilse", [event], {}).timeline
    assert (entry.when, entry.date, entry.text) == ("2024-03-09", "March 2024", "Ilse opened a bakery")


@pytest.fixture
def planted(planted_service: MemoryService) -> MemoryService:
    return planted_service


def test_every_page_and_its_sources_are_masked(planted: MemoryService) -> None:
    people = planted.people()
    assert people
    shown = repr(people)
    for person in people:
        profile = planted.profile(person.name)
        shown += repr(asdict(profile))
        values = [v for s in profile.sections for v in s.values] + [e.value for e in profile.timeline]
        shown += "".join(q.text for v in values for q in planted.sources([v.id], limit=5))
    assert leaked(shown) == []
