"""Assembling the list: a fact restated by many messages is built and offered once, whatever their number."""
from __future__ import annotations

from datetime import datetime, timezone

from remembrancer.memory.recall import associative
from remembrancer.memory.recall.associative import AssociativeParams, AssociativeRecall
from remembrancer.memory.types import RecallItem

NOW = datetime(2031, 5, 1, tzinfo=timezone.utc)


def _recall() -> AssociativeRecall:
    recall = AssociativeRecall.__new__(AssociativeRecall)
    recall.db, recall.params = None, AssociativeParams()
    return recall


def test_near_repeats_of_one_fact_are_not_built_again(monkeypatch) -> None:
    """Messages 1-200 all restate fact 7 ("Wren keeps bees."); messages 201-205 say other things."""
    built_rows: list[int] = []

    def build_items(db, candidates, best_fact, now, asked=()):
        built_rows.extend(r for r, _ in candidates)
        out = {}
        for rowid, score in candidates:
            if rowid in best_fact:
                fact = best_fact[rowid]
                out[rowid] = RecallItem(id=f"f{fact}", level="fact", text="Wren keeps bees.", score=score, sources=["m1", "m2"], retention=1.0)
            elif rowid != 203:  # 203 is only talk: no item
                out[rowid] = RecallItem(id=f"m{rowid}", level="message", text=f"Wren said thing {rowid}.", score=score, sources=[f"m{rowid}"], retention=1.0)
        return out

    monkeypatch.setattr(associative, "build_items", build_items)
    scores = {r: 10.0 - r / 100 for r in range(1, 201)} | {r: 1.0 - r / 1000 for r in range(201, 206)}
    best_fact = dict.fromkeys(range(1, 201), 7)
    items = _recall()._assemble([], scores, best_fact, [], 5, None, NOW, [])
    assert [item.id for item in items] == ["f7", "m201", "m202", "m204", "m205"]
    # the first batch (2k rows) was built before the fact was offered; none of its 190 other restatements was built after
    assert built_rows[:10] == list(range(1, 11)) and not set(built_rows) & set(range(11, 201))
    assert built_rows.count(203) == 1  # a row without an item does not start a batch of its own


def test_a_fact_that_did_not_fit_the_budget_is_not_offered_again(monkeypatch) -> None:
    def build_items(db, candidates, best_fact, now, asked=()):
        return {
            r: RecallItem(id=f"f{best_fact[r]}", level="fact", text="word " * 40, score=s, sources=[f"m{best_fact[r]}"], retention=1.0) if r in best_fact
            else RecallItem(id=f"m{r}", level="message", text="short", score=s, sources=[f"m{r}"], retention=1.0)
            for r, s in candidates
        }

    monkeypatch.setattr(associative, "build_items", build_items)
    scores = {1: 3.0, 2: 2.9, 3: 2.8, 4: 2.7}
    items = _recall()._assemble([], scores, {2: 9, 3: 9}, [], 10, 30, NOW, [])
    assert [item.id for item in items] == ["m1", "m4"]  # the long fact does not fit after m1, from either message
