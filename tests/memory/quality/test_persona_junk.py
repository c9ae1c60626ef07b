"""`junk_reason` and `duplicate_groups` on invented persona attributes."""
from __future__ import annotations

import pytest

from remembrancer.memory.quality.persona_junk import canonical_value, duplicate_groups, junk_reason


@pytest.mark.parametrize(
    "attribute, value, text, reason",
    [
        ("goal", "return", "Jay wants to return.", "no object"),
        ("likes", "read", "Jay likes read.", "grammar"),
        ("goal", "asking her out on a date", "Jay wants to asking her out on a date.", "grammar"),
        ("hobby", "playing", "Jay's hobby: playing", "filler"),
        ("education", "course", "Jay's education: course", "filler"),
        ("pet", "pets", "Jay has pets.", "filler"),
        ("likes", "stuff", "Jay likes stuff.", "filler"),
        ("likes", "her cooking", "She likes her cooking.", "pronoun"),
        ("hobby", "", "", "filler"),
        ("hobby", "been busy", "Lene enjoys been busy", "grammar"),  # an auxiliary where an activity belongs
        ("likes", "just go for a walk", "Lene likes just go for a walk", "grammar"),
        ("likes", "Lene's favourite", "Lene likes Lene's favourite", "filler"),
        ("education", "and Lene's passion", "Lene studies and Lene's passion", "grammar"),
    ],
)
def test_junk(attribute: str, value: str, text: str, reason: str) -> None:
    assert junk_reason(attribute, value, text) == reason


@pytest.mark.parametrize(
    "attribute, value, text",
    [
        ("hobby", "bowling", "Jay enjoys bowling."),
        ("pet", "dog", "Jay has a dog named Rex."),
        ("goal", "adopt a second dog", "Jay wants to adopt a second dog."),
        ("goal", "retire", "Jay wants to retire."),
        ("home", "Quillton", "Jay lives in Quillton."),
        ("hobby", "plays the cello", "Sol plays the cello."),
        ("goal", "return to Lisbon in May", "Fenna wants to return to Lisbon in May."),
        ("likes", "to read", "Lene likes to read"),
        ("age", "34", "Lene is 34 years old"),
        ("likes", "dance and theatre", "Lene likes dance and theatre"),  # a noun that is also a verb
        ("dislikes", "board games", "Lene dislikes board games"),
        ("likes", "being outdoors", "Lene loves being outdoors"),
    ],
)
def test_readable_values_pass(attribute: str, value: str, text: str) -> None:
    assert junk_reason(attribute, value, text) is None


def test_without_a_sentence_the_value_is_judged() -> None:
    assert junk_reason("hobby", "playing", None) == "filler"
    assert junk_reason("hobby", "chess", None) is None


def test_dog_words_are_one_thing() -> None:
    assert {canonical_value(v) for v in ["pup", "puppy", "dog", "dogs", "2 puppies", "a dog named Rex"]} == {"dog"}
    assert canonical_value("mum") == canonical_value("mother")


def test_duplicates_group_one_persons_values_of_one_kind() -> None:
    attrs = [{"subject": "Jay", "attribute": "pet", "value": v} for v in ["pup", "puppy", "dog", "dogs", "pets", "cat"]]
    attrs.append({"subject": "Mia", "attribute": "pet", "value": "dog"})
    attrs.append({"subject": "Jay", "attribute": "likes", "value": "dogs"})
    groups = duplicate_groups(attrs)
    assert len(groups) == 1
    assert sorted(a["value"] for a in groups[0]) == ["dog", "dogs", "pets", "pup", "puppy"]


def test_opposite_polarity_is_a_conflict_not_a_duplicate() -> None:
    attrs = [{"subject": "Ana", "attribute": "likes", "value": "cats", "polarity": 1},
             {"subject": "Ana", "attribute": "likes", "value": "cat", "polarity": -1}]
    assert duplicate_groups(attrs) == []


def test_vague_values_of_other_kinds_are_not_duplicates() -> None:
    attrs = [{"subject": "Lene", "attribute": "likes", "value": v} for v in ["an old song from a film", "their work"]]
    assert duplicate_groups(attrs) == []


def test_no_duplicates_when_values_differ() -> None:
    attrs = [{"subject": "Ana", "attribute": "family", "value": v} for v in ["sister", "brother", "mother"]]
    assert duplicate_groups(attrs) == []
