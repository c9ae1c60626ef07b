"""Reported speech (#18 item 1): opinions, advice and remarks to the other become facts that stand alone.

Invented people and phrasing throughout.
"""
from __future__ import annotations

import pytest

from remembrancer.memory.extraction.antecedents import demote_demonstratives
from remembrancer.memory.extraction.reported import report
from remembrancer.memory.extraction.standalone import dangling_words, is_standalone
from tests.memory.extraction.helpers import extract

PEOPLE = {"Odile", "Wren"}


@pytest.mark.parametrize("said, expected", [
    ("Helping strangers brings real joy.", "Odile thinks that helping strangers brings real joy."),
    ("Our neighbours give us strength to face any storm.",
     "Odile thinks that people's neighbours give people strength to face any storm."),
    ("Taking time for ourselves is crucial.", "Odile thinks that taking time for oneself is crucial."),
    ("Your patience and skill will pay off!", "Odile told Wren that Wren's patience and skill will pay off."),
    ("Don't let the rainy days bring you down.", "Odile told Wren not to let the rainy days bring Wren down."),
    ("Keep practising the cello every evening.", "Odile told Wren to keep practising the cello every evening."),
    ("Looks like your bakery is growing fast.", "Odile thinks that Wren's bakery is growing fast."),
    ("I'm so thankful for the glassblowing lessons.", "Odile is so thankful for the glassblowing lessons."),
    ("Glad you found a choir that feels like home!", "Odile is glad that Wren found a choir that feels like home."),
    ("So happy to hear your sister got the job.", "Odile is happy that Wren's sister got the job."),
    ("Love experimenting with new glazes.", "Odile loves experimenting with new glazes."),
    ("Here's a pic from the harbour at dawn.", "Odile shared a pic from the harbour at dawn."),
    ("What people can build together is incredible.", "Odile thinks that what people can build together is incredible."),
    ("Have a blast at the regatta!", "Odile told Wren to have a blast at the regatta."),
    ("Pets bring so much calm to a home.", "Odile thinks that pets bring so much calm to a home."),
])
def test_a_sentence_is_reported_with_its_speaker(said: str, expected: str) -> None:
    assert report(said, "Odile", "Wren", PEOPLE) == expected


@pytest.mark.parametrize("said", [
    "Congrats on the new studio!",           # a wish
    "Sounds like a plan.",                   # no clause
    "Must be lovely to see your pots on display.",  # the subject is in the conversation
    "It's a balancing act, but fun.",        # "it" points at something unsaid
    "They're the ones playing at the fair.",  # so does "they", though two names are in the frame
    "So happy for you!",                     # feelings alone
    "Glad to be home at last.",              # "[I'm] glad ...": no clause to be glad of
    "Such a moving, tender performance.",    # no verb at all
    "Part of the fun of learning a new craft.",      # "[It's] part of ..."
    "What a lovely evening.",                # an exclamation, no clause
])
def test_nothing_is_reported_that_says_nothing_or_dangles(said: str) -> None:
    assert report(said, "Odile", "Wren", PEOPLE) is None


def test_a_story_told_as_we_is_not_an_opinion() -> None:
    text = report("We went kayaking and we loved the caves.", "Odile", "Wren", PEOPLE)
    assert text is not None and "thinks" not in text and text.startswith("Odile and")


def test_known_pronouns_follow_the_first_name() -> None:
    text = report("Your support will help me finish the mural.", "Odile", "Wren", PEOPLE, {"Odile": "f", "Wren": "m"})
    assert text == "Odile told Wren that his support will help her finish the mural."


def test_reported_facts_reach_the_store_as_standalone_facts_without_attributes() -> None:
    facts = extract("Setbacks are just chances for comebacks. Don't give up on the food truck!")
    reported = [f for f in facts if f.text.startswith("Odile t")]
    assert [f.text for f in reported] == ["Odile thinks that setbacks are just chances for comebacks.",
                                          "Odile told Wren not to give up on the food truck."]
    assert all(f.standalone and f.attribute is None and f.subject == "Odile" for f in reported)


def test_a_sentence_with_a_gerund_subject_is_no_dropped_i() -> None:
    texts = [f.text for f in extract("Baking bread brings calm.")]
    assert "Odile is baking bread brings calm." not in texts
    assert "Odile thinks that baking bread brings calm." in texts


@pytest.mark.parametrize("text, expected", [
    ("Odile is reading this novel and loves it.", "Odile is reading a novel and loves it."),
    ("Odile painted that harbour at dawn.", "Odile painted a harbour at dawn."),
    ("Odile keeps chasing those dreams.", "Odile keeps chasing dreams."),
    ("Odile moved this week.", "Odile moved this week."),  # a time, not a pointer
])
def test_a_demonstrative_with_nothing_before_it_loses_its_pointing(text: str, expected: str) -> None:
    assert demote_demonstratives(text, dangling_words(text)) == expected
    assert is_standalone(expected)


def test_a_demonstrative_in_a_message_is_read_alone() -> None:
    texts = [f.text for f in extract("I'm reading this novel and I'm totally hooked!")]
    assert "Odile is reading a novel and Odile is totally hooked." in texts
