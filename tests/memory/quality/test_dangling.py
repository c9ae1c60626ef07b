"""`dangling_words`: pronouns and deictics a fact uses without its referent, on invented sentences."""
from __future__ import annotations

import pytest

from remembrancer.memory.quality.dangling import dangling_words


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Kit is gonna give it a go.", ["it"]),
        ("It was fun.", ["It"]),
        ("Thought Kit would refresh those skills in this course.", ["those", "this"]),
        ("Jay went there last summer.", ["there"]),
        ("Jay loved that.", ["that"]),
        ("That was the best day for Jay.", ["That"]),
        ("She adopted a cat.", ["She"]),
        ("Jay wanted to take them all home.", ["them"]),
        ("He said it was great.", ["He", "it"]),
        ("Jay is into that stuff.", ["that"]),
        ("Jay is happy about it.", ["it"]),
        ("Jay's grandmother gave him this necklace.", ["this"]),
        ("These are Jay's favourite shoes.", ["These"]),
        ("Noor showed him the photo of the harbour.", ["him"]),  # not Noor: that would be "himself"
        ("Ana hugged her.", ["her"]),
        ("Marek Olsen will switch them to the new server.", ["them"]),  # one person, two capitalised words
        ("Marek Olsen loves it.", ["it"]),
        ("That dog is cute.", ["That"]),
        ("Kit watched that movie twice.", ["that"]),
        ("Ruth agrees, so that is the plan.", ["that"]),  # the earlier clause names nothing
        ("Ezra wanted to bring that same calm to his studio.", ["that"]),
    ],
)
def test_flags_words_with_no_referent(text: str, expected: list[str]) -> None:
    assert dangling_words(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jay lost his keys.",  # possessive after the subject's name
        "Ana said that the shop closed early.",  # complementizer
        "Ana loves the book that changed her life.",  # relative pronoun
        "Ana loves the book that her mom gave her.",
        "Jay thinks that pottery is relaxing.",
        "It was hard for Ana to leave Lyon.",  # expletive it
        "It rained all day at Ana's wedding.",
        "Jay found it easy to make friends at the club.",
        "There is a park near Ana's flat.",  # existential there
        "Ana moved to Lyon and loves it there.",
        "Jay plays guitar and loves it.",
        "Ana bought a new bike and rides it to work.",
        "Jay's dogs love their toys.",
        "Mia and Theo said they would visit in May.",
        "Jay started a pottery class this year.",  # a relative date, not a pointer
        "Jay took a pottery course and finished the course this spring.",
        "Jay's sister Fenna visited him in June.",
        "Ana's kids love painting with her.",
        "Those who volunteer at the shelter inspire Ana.",
        "Ana finds painting relaxing because it calms her.",
        "Jay has three dogs named Rex, Bella and Toby.",
        "Ana told Bo that she missed him.",
        "Ivo will never forget the day his youngest took his first steps.",
        "Dana ran into a neighbour who said something that really upset her.",  # "that" after an adverb
        "Pia is still thinking that nursing is the way to go.",
        "Rosa is so glad for Tam that music is helping Tam relax.",
        "Lio is curious to see where the new job takes him.",  # object of another clause's verb
        "Bea has met some kind young climbers and coached them all summer.",
        "Oren loves jazz and poetry, and mixing them keeps Oren busy.",  # coordinated antecedent
        "Suki bought a mug with a fox on it that glows at night.",  # relative after a pronoun
        "Tove painted the cabin Tove had rented.",
        "Anselm wants to build that greenhouse his father sketched.",  # the clause says which
        "Kira got two job offers, so that was a relief.",  # discourse deixis to an earlier clause
        "Juno tried something new that changed her week.",
        "Pell kept the letters that mattered and threw out any that did not.",
        "Ana would love to support those with similar worries.",  # people the phrase describes
        "Ana is open to brands that share her values.",
        "Painting murals and seeing them finished makes Ivo proud.",  # a gerund's object
        "Ivo still keeps that knitted scarf his aunt made him.",
        "Ivo saw a play in March 2021 that was moving.",
        "Ana gave her sister a lift.",
        "Noor's mother called to ask whether Noor needs her old sofa.",
        "",
    ],
)
def test_leaves_resolved_and_grammatical_uses_alone(text: str) -> None:
    assert dangling_words(text) == []


def test_curly_apostrophes_are_read_like_straight_ones() -> None:
    assert dangling_words("It’s broken.") == ["It"]
    assert dangling_words("Jay’s bike lost its chain.") == []
