"""Contact attributes (name, email, phone, street address) from first-person statements."""
from __future__ import annotations

import pytest

from remembrancer.memory.extraction.base import ATTRIBUTES
from tests.memory.extraction.helpers import extract

CONTACT_CASES = [
    ("My name is Ana Lima.", "name", "Ana Lima"),
    ("Hi! My full name is Ana Lusia de Sousa, nice to meet you.", "name", "Ana Lusia de Sousa"),
    ("I'm Odile Brooks, the new neighbour.", "name", "Odile Brooks"),
    ("I go by Caro Brooks at work.", "name", "Caro Brooks"),
    ("My email is odile.b@example.org.", "email", "odile.b@example.org"),
    ("You can reach me at Caro_B+news@mail.example.co.uk any time.", "email", "caro_b+news@mail.example.co.uk"),
    ("My new e-mail address is now cb@brooks.dev", "email", "cb@brooks.dev"),
    ("My number is 555-123-4567.", "phone", "555-123-4567"),
    ("Call me on +44 7700 900123 if the train is late.", "phone", "+44 7700 900123"),
    ("My mobile is (415) 555-0198.", "phone", "(415) 555-0198"),
    ("I live at 12 Rua X, 1100-123 Lisboa.", "address", "12 Rua X, 1100-123 Lisboa"),
    ("My address is 221B Baker Street, London NW1 6XE.", "address", "221B Baker Street, London NW1 6XE"),
    ("I moved to Hauptstraße 5, 10115 Berlin and love it.", "address", "Hauptstraße 5, 10115 Berlin"),
]


@pytest.mark.parametrize(("text", "attribute", "value"), CONTACT_CASES)
def test_contact_attributes(text: str, attribute: str, value: str) -> None:
    found = [f for f in extract(text) if f.attribute == attribute]
    assert found, f"no {attribute} in {text!r}: {[f.text for f in extract(text)]}"
    assert found[0].value == value and found[0].subject == "Odile" and attribute in ATTRIBUTES


@pytest.mark.parametrize("text", [
    "I'm Brazilian, by the way.",                 # a nationality is not a name
    "I'm Happy Feet's biggest fan.",               # a capitalised title is not a self-introduction
    "I moved to Berlin in 2019.",                  # a year beside a city is not a street address
    "My card number is 4539 1488 0343 6467.",      # a card is not a phone number
    "The address is on the website.",
    "I called my mum at 9 and she was fine.",
])
def test_no_contact_attribute_without_its_shape(text: str) -> None:
    assert not [f for f in extract(text) if f.attribute in ("name", "email", "phone", "address")]


def test_someone_elses_email_is_theirs() -> None:
    facts = extract("My email is mel@example.org.", speaker="Wren", listeners=("Odile",))
    assert [(f.subject, f.value) for f in facts if f.attribute == "email"] == [("Wren", "mel@example.org")]


def test_a_two_word_speaker_is_the_subject_not_their_surname() -> None:
    facts = extract("I live in Lisbon.", speaker="Ana Lima", listeners=("Ben",))
    assert [(f.subject, f.attribute, f.value) for f in facts] == [("Ana Lima", "home", "Lisbon")]


@pytest.mark.parametrize(("text", "expected"), [
    ("My name is Ana Lima and my email is ana@lima.org.", {("name", "Ana Lima"), ("email", "ana@lima.org")}),
    ("I live in Lisbon and I work at Acme Corp.", {("home", "Lisbon"), ("work", "Acme Corp")}),
    ("My email is ana@lima.org; my number is 555-123-4567.", {("email", "ana@lima.org"), ("phone", "555-123-4567")}),
])
def test_every_attribute_of_a_sentence_is_kept(text: str, expected: set[tuple[str, str]]) -> None:
    facts = extract(text, speaker="Ana Lima", listeners=("Ben",))
    assert {(f.attribute, f.value) for f in facts if f.attribute} == expected
    assert all(f.sources == ["m1"] and f.subject == "Ana Lima" for f in facts)
