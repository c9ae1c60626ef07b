"""What chat wraps around news: the gap since the last talk, "here's ..." with a picture (invented turns)."""
from __future__ import annotations

from remembrancer.memory.extraction.base import MessageView
from remembrancer.memory.extraction.pronouns import name_once
from remembrancer.memory.extraction.chat_talk import without_chat_gap
from remembrancer.memory.extraction.rules import RulesExtractor


def facts(*turns: tuple[str, str]) -> list[str]:
    views = [MessageView(id=f"m{i}", conversation="c", speaker=who, time="2024-03-04T10:00:00+00:00", text=text)
             for i, (who, text) in enumerate(turns)]
    return [f.text for f in RulesExtractor().extract(views) if f.standalone]


def test_the_gap_since_the_last_chat_is_no_news() -> None:
    assert without_chat_gap("A lot's happened since we last talked.") == ""
    assert without_chat_gap("It's been ages since we last spoke!") == ""
    assert without_chat_gap("Since we last spoke, I started teaching evening classes.") == "I started teaching evening classes."
    assert facts(("Odile", "Crazy stuff's been happening since we last chatted."), ("Bram", "Tell me!")) == []


def test_heres_a_picture_is_something_shared() -> None:
    said = facts(("Odile", "Autumn is gorgeous, here's a sketch I did of the old mill."), ("Bram", "Lovely!"),
                 ("Odile", "I've been busy carving - here's a spoon I just finished."))
    assert "Odile shared a sketch Odile did of the old mill." in said
    assert "Odile has been busy carving and shared a spoon Odile just finished." in said


def test_a_name_before_an_adverb_and_its_verb_is_a_subject() -> None:
    assert name_once("Odile shared a spoon Odile just finished.", {"Odile": "f"}, ["Odile"]) == \
        "Odile shared a spoon she just finished."
    assert name_once("Odile thanked Bram and told Odile's sister.", {"Odile": "f", "Bram": "m"}, ["Odile", "Bram"]).endswith("her sister.")


def test_a_dropped_subject_before_been_is_the_speaker() -> None:
    assert "Odile has just been helping some friends repaint their boat." in facts(
        ("Odile", "Just been helping some friends repaint their boat. It's been fun!"), ("Bram", "Nice!"))
