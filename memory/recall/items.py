"""Recall items for the best candidates, read in a few batched statements.

Built one by one, an item costs two to five statements (a fact's row, its
source turns, the turns around them); ten items cost ~40 statements, ~2 ms
at 100k messages. Here one statement per kind of row serves the whole
batch.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlite_utils

from remembrancer.memory.forgetting import retention
from remembrancer.memory.recall.snippet import only_talk, trimmed
from remembrancer.memory.store import messages as repo
from remembrancer.memory.store import search
from remembrancer.memory.types import ContextTurn, RecallItem

EVIDENCE_TURNS = 3  # source turns a fact shows as its context, with one turn before and after them
# A fact item lists at most this many of its sources, the oldest, and says how many there are
# in all: one said in thousands of messages cost recall ~28 ms to list them all at a million
# messages, and a list of thousands of ids is no use to whoever reads it.
ITEM_SOURCES = 32


def build_items(
    db: sqlite_utils.Database, candidates: Sequence[tuple[int, float]], best_fact: dict[int, int], now: datetime,
    asked: Sequence[str] = (),
) -> dict[int, RecallItem]:
    """Message rowid -> its item (its best fact when it has one, else the message), for each (rowid, score).

    A message is shown trimmed of its greeting and closing questions, never of a sentence holding a word `asked`.
    """
    fact_rowids = sorted({best_fact[r] for r, _ in candidates if r in best_fact})
    facts = search.facts_by_rowid(db, fact_rowids)
    sources = search.fact_sources_in_time_order(db, fact_rowids, ITEM_SOURCES)
    counts = search.source_counts(db, [f for f in fact_rowids if len(sources[f]) >= ITEM_SOURCES])
    messages = repo.rows_by_rowid(db, [r for r, _ in candidates if r not in best_fact])

    # The turns each item shows around itself: a message's neighbours; a fact's first sources with the turn before and after them.
    spans: dict[int, list[int]] = {f: [s.rowid for s in sources[f]][:EVIDENCE_TURNS] for f in facts}
    edges = {r for rowids in spans.values() if rowids for r in (rowids[0], rowids[-1])} | set(messages)
    around = repo.neighbours(db, sorted(edges))
    shown = {n for r in edges for n in around.get(r, (None, None)) if n is not None} | {r for rowids in spans.values() for r in rowids}
    turns = repo.rows_by_rowid(db, sorted(shown))

    items: dict[int, RecallItem] = {}
    for rowid, score in candidates:
        fact = best_fact.get(rowid)
        if fact is None and rowid in messages:
            if only_talk(messages[rowid]["text"], asked):
                continue  # "Hey! How have you been?": nothing to remember, not worth a place in the list
            prev, nxt = around.get(rowid, (None, None))
            items[rowid] = _message_item(messages[rowid], score, now, [turns[n] for n in (prev, nxt) if n is not None and n in turns], asked)
        elif fact in facts:
            rowids = spans[fact]
            before = around.get(rowids[0], (None, None))[0] if rowids else None
            after = around.get(rowids[-1], (None, None))[1] if rowids else None
            context = [turns[r] for r in dict.fromkeys(r for r in (before, *rowids, after) if r is not None) if r in turns]
            items[rowid] = _fact_item(facts[fact], sources[fact], score, now, context, counts.get(fact))
    return items


def evidence_context(db: sqlite_utils.Database, message_ids: list[str]) -> list[ContextTurn]:
    """The source messages (up to three) with the turn before and after them."""
    rowid_of = repo.rowids_for_ids(db, message_ids[:EVIDENCE_TURNS])
    rowids = [rowid_of[m] for m in message_ids[:EVIDENCE_TURNS] if m in rowid_of]
    if not rowids:
        return []
    around = repo.neighbours(db, [rowids[0], rowids[-1]])
    before, after = around.get(rowids[0], (None, None))[0], around.get(rowids[-1], (None, None))[1]
    ordered = [r for r in (before, *rowids, after) if r is not None]
    rows = repo.rows_by_rowid(db, ordered)
    return [_turn(rows[r]) for r in dict.fromkeys(ordered) if r in rows]


def _message_item(row: dict, score: float, now: datetime, context: list[dict], asked: Sequence[str] = ()) -> RecallItem:
    return RecallItem(
        id=row["id"],
        level="message",
        text=trimmed(row["text"], asked),
        score=score,
        sources=[row["id"]],
        retention=retention(row["stability_days"], row["last_review"], row["learned_at"], now, bool(row.get("pinned"))),
        speaker=row["speaker"],
        time=row["time"],
        conversation=row["conversation"],
        context=[_turn(turn) for turn in context],
    )


def _fact_item(
    row: search.FactRow, sources: list[search.SourceTurn], score: float, now: datetime, context: list[dict], source_count: int | None = None,
) -> RecallItem:
    return RecallItem(
        id=row.id, level="fact", text=row.text, score=score, sources=[s.id for s in sources],
        retention=retention(row.stability_days, row.last_review, row.learned_at, now, bool(row.pinned)), valid_from=row.valid_from,
        valid_to=row.valid_to, speaker=row.subject, time=row.time_said, conversation=sources[0].conversation if sources else None,
        context=[_turn(turn) for turn in context],  # "why do I know this?"
        source_count=source_count,
    )


def _turn(row: dict) -> ContextTurn:
    return ContextTurn(id=row["id"], speaker=row["speaker"], time=row["time"], text=row["text"])
