"""Names of pets, relatives and partners, however the sentence states them (invented names).

The patterns read the coreference-rewritten sentence ("Jory's dog Rex"), so
the cases are written in that form.
"""
from __future__ import annotations

import pytest

from remembrancer.memory.extraction.attributes import match_attribute

NAMES = {"Jory", "Pell", "Rex", "Bella", "Toby", "Ottla", "Bram", "Leo", "Ivy"}


@pytest.mark.parametrize(("sentence", "attribute", "value"), [
    ("Jory's dog Rex chewed a slipper.", "pet", "dog named Rex"),
    ("Jory's dogs Rex and Bella hate the rain.", "pet", "dogs named Rex and Bella"),
    ("Jory's dogs Rex, Bella and Toby hate the rain.", "pet", "dogs named Rex, Bella and Toby"),
    ("Jory got a puppy named Toby.", "pet", "puppy named Toby"),
    ("Jory and others also got a puppy named Toby.", "pet", "puppy named Toby"),
    ("Bella is Jory's dog too.", "pet", "dog named Bella"),
    ("Rex, Jory's dog, is asleep.", "pet", "dog named Rex"),
    ("Jory's cat's name is Miso.", "pet", "cat named Miso"),
    ("Jory's sister Ottla is visiting.", "family", "sister Ottla"),
    ("Jory's sister Ottla and Pell went out.", "family", "sister Ottla"),  # Pell is not a sister
    ("Jory's kids, Leo and Ivy, loved it.", "family", "kids Leo and Ivy"),
    ("Bram, Jory's boyfriend, cooked.", "relationship", "boyfriend Bram"),
    ("Ottla is Jory's sister.", "family", "sister Ottla"),
    ("Jory's brother is called Corwin.", "family", "brother Corwin"),
])
def test_names_are_kept_with_the_relation(sentence: str, attribute: str, value: str) -> None:
    found = match_attribute(sentence, NAMES | {"Miso", "Corwin"}, "Jory")
    assert found is not None and (found.subject, found.attribute, found.value) == ("Jory", attribute, value)


def test_a_pronoun_is_not_a_name() -> None:
    found = match_attribute("She is Jory's sister.", NAMES, "Jory")
    assert found is None or "She" not in found.value


@pytest.mark.parametrize("sentence", ["Jory works as a user at Orbiton.", "Jory works as an assistant."])
def test_a_chat_role_is_not_an_occupation(sentence: str) -> None:
    found = match_attribute(sentence, NAMES, "Jory")
    assert found is None or found.attribute != "occupation"


def test_a_course_keeps_its_subject_and_a_played_instrument_loses_its_tail() -> None:
    assert match_attribute("Jory started a course in marine biology.", NAMES, "Jory").value == "course in marine biology"
    assert match_attribute("Jory plays the cello in an orchestra.", NAMES, "Jory").value == "cello"
