"""What a recalled memory offers to quote: its sentences in the order said, and who said what about themselves.

The extractive answerer (`memory.ask.extractive`) reads sentences, not
items: a fact is a summary, and the message it rests on may say more; the
sentence said next may say what a sentence restating the question leaves
out. A message is quoted in the third person about its speaker ("Kit's
shooting", never "my shooting"), by the extractor's own `coref.rewrite`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from remembrancer.memory.extraction.coref import rewrite
from remembrancer.memory.types import ContextTurn, RecallItem

_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])|\s*\n+\s*")
_SELF_NAMED_RE = re.compile(r"\b(?:[Cc]all me|I am|I'm|[Mm]y name is|[Mm]y name's)\s+((?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+)?)")
CONTINUED_SENTENCES = 1  # sentences of the next turn that may continue a source message


def sentences(item: RecallItem) -> list[str]:
    """The item's own text, sentence by sentence (a scene without its title, which restates the summary)."""
    text = item.text
    if item.level == "scene" and ": " in text:
        text = text.split(": ", 1)[1]  # the title restates the summary
    return split(text)


def split(text: str) -> list[str]:
    """Sentences and lines of `text`, of four characters or more."""
    return [s.strip() for s in _SENTENCE_RE.split(text) if s and len(s.strip()) > 3]


def passages(item: RecallItem) -> list[list[tuple[str, bool]]]:
    """The runs of sentences an item offers, in the order said: (sentence, own) pairs.

    A question restates what was said before its answer ("Why did Kit join
    the choir?" restates "Kit joined a choir."); the answer is often the
    sentence said next ("Kit wanted to sing with others."). So the sentence
    after one that matches the question, in the same message or opening the
    next turn, may answer it too. An item's own text and its source messages
    are `own` (they may match the question); the turn after a source message
    is not (it only continues one).
    """
    passages = [[(text, True) for text in sentences(item)]]
    if item.level == "message":
        after = _next_turn(item)
        if after is not None:
            passages[0] += [(text, False) for text in split(in_third_person(after.text, after.speaker))[:CONTINUED_SENTENCES]]
        return passages
    run: list[tuple[str, bool]] = []
    for turn in item.context:
        if turn.id in item.sources:
            run += [(text, True) for text in split(in_third_person(turn.text, turn.speaker))]
        elif run:
            passages.append(run + [(text, False) for text in split(in_third_person(turn.text, turn.speaker))[:CONTINUED_SENTENCES]])
            run = []
    if run:
        passages.append(run)
    return passages


def _next_turn(item: RecallItem) -> ContextTurn | None:
    """The turn said right after a recalled message (its context holds the turn before and the turn after)."""
    later = [turn for turn in item.context if item.time and turn.time and turn.time > item.time]
    return later[0] if later else None


def in_third_person(text: str, speaker: str) -> str:
    """A message quoted in an answer about its speaker: "my shooting" -> "Kit's shooting", so no "my" reaches the reader."""
    return rewrite(text, speaker, None) if speaker else text


def aliases(items: Sequence[RecallItem]) -> dict[str, set[str]]:
    """Speaker -> the names they give themselves in the recalled turns ("people call me Sasha"), lower-case.

    The user's own chats name them "Me"; a question asks for them by name or
    nickname. A memory said by "Me" is about Sasha when Me said who they are.
    """
    out: dict[str, set[str]] = {}
    for item in items:
        turns = [(item.speaker, item.text)] if item.level == "message" else []
        turns += [(turn.speaker, turn.text) for turn in item.context]
        for speaker, text in turns:
            for match in _SELF_NAMED_RE.finditer(text or ""):
                if speaker:
                    out.setdefault(speaker.lower(), set()).update(w.lower() for w in match.group(1).split())
    return out
