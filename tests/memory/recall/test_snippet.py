"""A recalled message is shown without the greeting before it and the questions after it (invented turns)."""
from __future__ import annotations

import pytest

from remembrancer.memory.recall.snippet import trimmed


@pytest.mark.parametrize(("text", "shown"), [
    ("Hey Odile! Good to see you! I started night classes in welding. What's new with you? Anything fun?",
     "… I started night classes in welding. …"),
    ("Thanks, Bram! It was the Harbour Lights quartet, they were so good! How was your week?",
     "… It was the Harbour Lights quartet, they were so good! …"),
    ("I moved to Ghent in May. The flat is tiny but bright.", "I moved to Ghent in May. The flat is tiny but bright."),
    ("Hey Bram! Good to see you! How have you been?", "Hey Bram! Good to see you! How have you been?"),  # all talk: whole
    ("Did you ever finish the kayak?", "Did you ever finish the kayak?"),
])
def test_a_message_keeps_what_it_says(text: str, shown: str) -> None:
    assert trimmed(text) == shown


def test_the_middle_is_never_touched() -> None:
    text = "Wow, Odile! Thanks so much. The kiln finally works. Want to see? I fired six bowls. Any tips for glazes?"
    assert trimmed(text) == "… The kiln finally works. Want to see? I fired six bowls. …"


def test_a_sentence_holding_what_was_asked_is_kept() -> None:
    text = "Ha, cats and instruments never mix. Is the violin okay?"
    assert trimmed(text) == "Ha, cats and instruments never mix. …"
    assert trimmed(text, ["violin"]) == text
    assert trimmed("Hey Bram! Painting helps me unwind. Have you tried painting?", ["paint"]).endswith("tried painting?")


def test_a_turn_of_only_talk_says_nothing_to_remember() -> None:
    from remembrancer.memory.recall.snippet import only_talk

    assert only_talk("Hey Bram! Good to see you! How have you been?")
    assert not only_talk("Hey Bram! How is the kayak coming along?", ["kayak"])  # what was asked about
    assert not only_talk("Hey Bram! I finished the kayak.")
