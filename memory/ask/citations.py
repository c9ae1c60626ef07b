"""From the model's JSON to an answer with citations that point at real memories.

The grammar makes the JSON well formed, but a small model can still stop at
`max_tokens` mid-string, cite nothing, or answer with words none of its
cited memories contain. `parse_reply` reads what is there and says what is
wrong; `support_by_overlap` is the honest fallback when the model cited
nothing usable: the memories that share the answer's content words, or else
the best recalled memory, and the caller says so in the answer's note.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from remembrancer.memory.llm.grounding import content_words
from remembrancer.memory.types import Citation, RecallItem

logger = logging.getLogger(__name__)

@dataclass
class Reply:
    """What the model's output says, once read; `problem` is None when it is usable as is."""

    answer: str
    cites: list[int] = field(default_factory=list)
    problem: str | None = None


def parse_reply(text: str, n_memories: int) -> Reply:
    """Read `{"answer": ..., "cites": [...]}`; cites outside 1..n are dropped and reported."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Reply("", [], f"the model's output is not complete JSON ({exc.msg})")
    if not isinstance(data, dict) or not isinstance(data.get("answer"), str):
        return Reply("", [], "the model's output has no answer string")
    answer = " ".join(data["answer"].split())
    raw = data.get("cites") if isinstance(data.get("cites"), list) else []
    valid = [c for c in raw if isinstance(c, int) and not isinstance(c, bool) and 1 <= c <= n_memories]
    cites = list(dict.fromkeys(valid))
    problem = None
    if not answer:
        problem = "the model gave an empty answer"
    elif len(valid) < len(raw):
        problem = "the model cited memories it was not given"
    elif not cites:
        problem = "the model cited no memory"
    return Reply(answer, cites, problem)


def answer_words(answer: str, question: str) -> set[str]:
    """The answer's content words that are news: words restating the question prove nothing."""
    words = content_words(answer)
    return (words - content_words(question)) or words


def grounded(answer: str, question: str, cites: Sequence[int], items: Sequence[RecallItem]) -> list[int]:
    """The cited numbers whose memory shares a content word of the answer (beyond the question's).

    A small model can cite [2] while answering from [1]; a citation that
    shares no word with the answer does not support it. An answer without
    content words ("Yes.") keeps its citations: there is nothing to check.
    """
    words = answer_words(answer, question)
    if not words:
        return list(cites)
    return [n for n in cites if words & content_words(items[n - 1].text)]


def support_by_overlap(answer: str, question: str, items: Sequence[RecallItem], limit: int = 2) -> list[int]:
    """1-based numbers of the items sharing most of the answer's new words (best first)."""
    words = answer_words(answer, question)
    scored = []
    for number, item in enumerate(items, 1):
        shared = len(words & content_words(item.text))
        if shared:
            scored.append((-shared, number))
    return [number for _, number in sorted(scored)[:limit]]


def supported_share(answer: str, question: str, items: Sequence[RecallItem]) -> float:
    """The share of the answer's new words found in any of `items` (1.0 when it has none)."""
    words = answer_words(answer, question)
    if not words:
        return 1.0
    known = set().union(*(content_words(item.text) for item in items)) if items else set()
    return len(words & known) / len(words)


def to_citations(numbers: Sequence[int], items: Sequence[RecallItem]) -> list[Citation]:
    return [Citation(id=items[n - 1].id, text=items[n - 1].text, sources=list(items[n - 1].sources)) for n in numbers]
