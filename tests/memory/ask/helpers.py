"""Recall items and a recall function for ask tests, without a store."""
from __future__ import annotations

from remembrancer.memory.types import RecallItem


def item(id: str, text: str, level: str = "fact", sources: list[str] | None = None, speaker: str = "Odile") -> RecallItem:
    return RecallItem(id=id, level=level, text=text, score=1.0, sources=sources or [f"m-{id}"], retention=1.0,
                      speaker=speaker, time="2034-05-08T09:46:00+00:00")


ITEMS = [
    item("f1", "Odile moved to Berlin in spring 2034.", sources=["m-7"]),
    item("m2", "We should grab coffee sometime!", level="message", sources=["m-9"], speaker="Wren"),
    item("f3", "Odile works as a counselor.", sources=["m-12"]),
]


def fixed_recall(items: list[RecallItem]):
    calls: list[tuple[str, int, int | None]] = []

    def recall(question: str, k: int, budget: int | None) -> list[RecallItem]:
        calls.append((question, k, budget))
        return list(items[:k])

    recall.calls = calls  # type: ignore[attr-defined]
    return recall
