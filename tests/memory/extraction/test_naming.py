"""Names given across two turns (#18 item 2, names kept): "What are their names?" / "Pip and Moss!".

Invented people and phrasing throughout.
"""
from __future__ import annotations

import pytest

from remembrancer.memory.extraction.base import FactCandidate, MessageView
from remembrancer.memory.extraction.naming import asked_noun, kin_mentioned, names_in_answer
from remembrancer.memory.extraction.rules import RulesExtractor

T = "2024-04-02T18:00:00+00:00"


def talk(*lines: tuple[str, str]) -> list[FactCandidate]:
    return RulesExtractor().extract([MessageView(id=f"m{i}", conversation="c", speaker=who, time=T, text=text)
                                     for i, (who, text) in enumerate(lines)])


def named(facts: list[FactCandidate]) -> list[tuple[str, str | None, list[str]]]:
    return [(f.text, f.attribute, f.sources) for f in facts if " named " in f.text]


def test_two_pets_named_in_answer_to_the_others_question() -> None:
    facts = talk(("Odile", "We've got a puppy and a kitten now, the house is chaos."),
                 ("Wren", "So cute! What are their names?"),
                 ("Odile", "Pip and Moss! They never stop playing."))
    assert named(facts) == [("Odile's pets are named Pip and Moss.", "pet", ["m2"])]


def test_one_pet_named_after_what_is_her_name() -> None:
    facts = talk(("Odile", "I finally adopted a rescue dog from the shelter on Elm Street."),
                 ("Wren", "Aww! What's her name?"),
                 ("Odile", "Her name is Biscuit, she's a sweetheart."))
    assert named(facts) == [("Odile's dog is named Biscuit.", "pet", ["m2"])]


def test_the_question_can_name_its_noun() -> None:
    facts = talk(("Wren", "What's your brother's name again?"), ("Odile", "Anselm. He's the quiet one."))
    assert named(facts) == [("Odile's brother is named Anselm.", "family", ["m1"])]


@pytest.mark.parametrize("question, answer", [
    ("What's her name?", "Wren, you always ask that!"),          # the other person, not a name given
    ("What's your band's name?", "Night Owls, we play on Fridays."),  # not a pet or relative
    ("How was the trip?", "Lisbon was lovely."),                  # no name asked for
    ("What's his name?", "Biscuit loves the beach every morning."),  # a sentence about someone, not an answer
])
def test_no_name_is_invented(question: str, answer: str) -> None:
    facts = talk(("Odile", "We got a new puppy last week."), ("Wren", question), ("Odile", answer))
    assert named(facts) == []


def test_the_readers() -> None:
    assert kin_mentioned("I adopted this cute pup yesterday") == ("pup", False)
    assert kin_mentioned("We have a dog and a cat") == ("pets", True)
    assert asked_noun("What are their names?") == ("", True)
    assert asked_noun("What did you name him?") == ("", False)
    assert names_in_answer("They're called Fig, Olive and Date!", {"Odile", "Wren"}) == ["Fig", "Olive", "Date"]
