"""Builders for extraction tests: messages in, facts out."""
from __future__ import annotations

from remembrancer.memory.extraction.base import FactCandidate, MessageView
from remembrancer.memory.extraction.rules import RulesExtractor

T = "2034-05-08T09:46:00+00:00"  # a Monday


def msg(text: str, speaker: str = "Odile", id: str = "m1", time: str = T) -> MessageView:
    return MessageView(id=id, conversation="c1", speaker=speaker, time=time, text=text)


def extract(text: str, speaker: str = "Odile", *, listeners: tuple[str, ...] = ("Wren",),
            time: str = T) -> list[FactCandidate]:
    """Facts from one message; `listeners` say "Hi!" so the conversation has that many speakers."""
    messages = [msg(text, speaker, "m1", time)]
    messages += [msg("Hi!", name, f"l{i}", time) for i, name in enumerate(listeners)]
    return [f for f in RulesExtractor().extract(messages) if f.sources == ["m1"]]


def texts(text: str, **kwargs: object) -> list[str]:
    return [f.text for f in extract(text, **kwargs)]  # type: ignore[arg-type]
