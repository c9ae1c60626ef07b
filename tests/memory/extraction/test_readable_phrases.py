"""What a person reads keeps its grammar: whole noun phrases, pronouns in the right case, no invented subject (#18)."""
from __future__ import annotations

import pytest

from remembrancer.memory.extraction.pronouns import name_once
from remembrancer.memory.persona.pronouns import name_once_in
from tests.memory.extraction.helpers import extract, texts


@pytest.mark.parametrize("said, attribute, value", [
    ("My dream is to build a warm and sunny studio for my students.", "goal", "build a warm and sunny studio"),
    ("I'm passionate about making a calm, welcoming space for new players.", "likes", "making a calm, welcoming space"),
    ("I want to buy a van and drive to Lisbon.", "goal", "buy a van"),  # two plans, not one noun
])
def test_a_value_is_not_cut_between_two_adjectives(said: str, attribute: str, value: str) -> None:
    assert [(f.attribute, f.value) for f in extract(said) if f.attribute] == [(attribute, value)]


def test_a_gerund_subject_gets_no_invented_speaker() -> None:
    [fact] = texts("Moving house isn't easy, but I adore the new street.")
    assert not fact.startswith("Odile is moving")


def test_a_contraction_is_never_half_of_an_antecedent() -> None:
    assert all("isn " not in t for t in texts("Sharing our recipes isn't always easy. I want to pass it on to others."))


@pytest.mark.parametrize("text, expected", [
    ("Bruna's own journey and the help Bruna got made a difference.", "Bruna's own journey and the help she got made a difference."),
    ("Bruna had a rough year, and Bruna wants to rest now.", "Bruna had a rough year, and she wants to rest now."),
    ("Bruna asked Tomas to call Bruna back.", "Bruna asked Tomas to call her back."),
    ("Bruna thanked Tomas for the soup Bruna loved.", "Bruna thanked Tomas for the soup she loved."),
])
def test_a_later_mention_takes_the_pronoun_in_its_case(text: str, expected: str) -> None:
    assert name_once(text, {"Bruna": "f", "Tomas": "m"}, ["Bruna", "Tomas"]) == expected


def test_a_profile_sentence_names_its_person_once() -> None:
    assert name_once_in("Bruna would love to help in any way Bruna can", "Bruna", {"Bruna": "f"}) == \
        "Bruna would love to help in any way she can"
    assert name_once_in("Bruna wants to help Bruna's friends", "Bruna", {}) == "Bruna wants to help Bruna's friends"
