"""Answers quote facts that read on their own first (#18 item 1)."""
from __future__ import annotations

from remembrancer.memory.ask.engine import _quick, readable_first
from remembrancer.memory.types import RecallItem


def item(id: str, level: str, text: str, score: float) -> RecallItem:
    return RecallItem(id=id, level=level, text=text, score=score, sources=["m1"], retention=1.0)


def test_a_dangling_fact_is_moved_back_never_dropped() -> None:
    items = [item("f1", "fact", "Odile loved it.", 0.9), item("m1", "message", "hi", 0.8),
             item("f2", "fact", "Odile loved the pottery course.", 0.7)]
    assert [i.id for i in readable_first(items)] == ["m1", "f2", "f1"]
    answer = _quick("What did Odile love?", items, None)
    assert answer.answer == "pottery course" and [c.id for c in answer.citations] == ["f2"]  # never the dangling f1
