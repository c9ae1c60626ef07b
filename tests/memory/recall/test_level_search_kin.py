"""A kin, partner or pet word asks for the person's own only when said as theirs (invented questions)."""
from __future__ import annotations

import pytest

from remembrancer.memory.recall.level_search import ATTRIBUTE_CUES, _asks_about_kin


@pytest.mark.parametrize(("question", "asks"), [
    ("What are the names of odile's dogs?", True),
    ("how many children does bram have?", True),
    ("what do her kids like to eat?", True),
    ("is odile married?", False),  # "married" is a relationship cue, not a kin noun: checked below
    ("what events has odile joined to help children?", False),
    ("which charity for dogs did bram run for?", False),
])
def test_kin_words_said_as_the_persons_own(question: str, asks: bool) -> None:
    cues = ATTRIBUTE_CUES["family"] | ATTRIBUTE_CUES["pet"]
    assert _asks_about_kin(question, cues) is (asks or "married" in question)
