"""The list of what was said, or happened, in a time a question names ("in May 2023", "last week").

It joins recall's fusion as one more ranked list of messages: those said in
the span and the sources of facts that mention a time in it, ranked by the
query's words and vector.

It is built in two steps so that its cost hides behind the query embedding:
`span_candidates` needs only SQLite and the query's words, and starts the
fetch of the candidates' vectors on LanceDB's threads; `span_ranking` adds
the vector ranking once the query vector and its nearest messages are known.
"""
from __future__ import annotations

from concurrent.futures import Future
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import sqlite_utils

from remembrancer.memory.recall.fusion import reciprocal_rank_fusion
from remembrancer.memory.recall.query_dates import TimeRange
from remembrancer.memory.store import time_index
from remembrancer.memory.store.vectors import VectorIndex

MENTION_CHUNK = 100


@dataclass
class SpanCandidates:
    """Messages a time span offers before the query vector is known."""

    span: TimeRange
    ids: dict[int, str]  # rowid -> message id
    lexical: list[int] | None  # the candidates the query's words match, best first (None: no words)
    narrowed: bool  # the span held more than the cap: only what the words match, plus the nearest messages later
    vectors: Future  # -> dict[id, vector] of `ids`


def span_candidates(
    db: sqlite_utils.Database, messages: VectorIndex, span: TimeRange, turn_scores: Mapping[int, float] | None, cap: int
) -> SpanCandidates:
    """Messages said in `span`, or sources of facts that happened in it, and their ranking by the query's words.

    `turn_scores` are the BM25 scores of every turn the query's words match
    (`RecallEngine.turn_scores`; None: the query has no words to match).
    Ranking the candidates by them costs no further full-text query: FTS5
    would run a MATCH once per value of `rowid IN (...)`, 90 ms for 500.
    A span holding more than `cap` candidates (a whole year of a busy store)
    names little; it is narrowed to the matches said in it (and, in
    `span_ranking`, to the nearest messages said in it), so that its cost
    does not grow with the store.
    """
    ids = _said_or_mentioned(db, span, cap + 1)
    narrowed = len(ids) > cap
    ranked = sorted(turn_scores, key=lambda r: (turn_scores[r], r)) if turn_scores is not None else None
    if narrowed:
        said = _said_in_span(db, span, "rowid", ranked or [])
        ids = dict(itertools.islice(((r, said[r]) for r in ranked or [] if r in said), cap))
    lexical = [r for r in ranked if r in ids] if ranked is not None else None
    return SpanCandidates(span, ids, lexical, narrowed, messages.vectors_soon(list(ids.values())))


def span_ranking(
    db: sqlite_utils.Database, candidates: SpanCandidates, vector: np.ndarray | None, nearest: list[tuple[str, float]], rrf_k: int
) -> list[int]:
    """The span's candidates ranked by the query's words and vector (RRF), best first.

    A narrowed span also takes the query's nearest messages (`nearest`, the
    vector hits with their similarity) said in it.
    """
    ids = dict(candidates.ids)
    similarity: dict[int, float] = {}
    if vector is not None:
        stored = candidates.vectors.result()
        similarity = {r: float(stored[i] @ vector) for r, i in ids.items() if i in stored}
        if candidates.narrowed and nearest:
            hit_similarity = dict(nearest)
            for rowid, mid in _said_in_span(db, candidates.span, "id", list(hit_similarity)).items():
                ids.setdefault(rowid, mid)
                similarity.setdefault(rowid, hit_similarity[mid])  # the search's own figure when no stored vector was fetched
    if not ids:
        return []
    rankings = [candidates.lexical] if candidates.lexical is not None else []
    if similarity:
        rankings.append(sorted(similarity, key=lambda r: -similarity[r]))
    fused = reciprocal_rank_fusion(rankings, k=rrf_k)
    return sorted(fused, key=lambda r: (-fused[r], r))


def _said_or_mentioned(db: sqlite_utils.Database, span: TimeRange, limit: int) -> dict[int, str]:
    """Up to `limit` messages (rowid -> id) said in `span` or cited by facts that mention a time in it.

    Mentions are taken finest first (days, then months, then years), so a
    busy year does not crowd out what happened on the day asked about.
    """
    low, high = span.said_bounds()
    found = time_index.said_between(db, low, high, limit)
    for condition, params in span.mention_conditions():
        if len(found) >= limit:
            break
        # Read lazily, a chunk of facts at a time: a busy month or year holds thousands of mentions.
        batches = time_index.mentions(db, condition, params, MENTION_CHUNK)
        while len(found) < limit and (batch := next(batches, None)):
            chunk = [mention.fact for mention in batch if span.overlaps_mention(mention.time_mentioned)]
            if not chunk:
                continue
            for message in time_index.cited_messages(db, chunk):
                found.setdefault(message.rowid, message.id)
                if len(found) >= limit:
                    break
    return found


def _said_in_span(db: sqlite_utils.Database, span: TimeRange, column: Literal["rowid", "id"], values: list) -> dict[int, str]:
    """Messages (rowid -> id) whose `column` ("rowid" or "id") is in `values` and that were said in `span`."""
    low, high = span.said_bounds()
    return time_index.said_between_among(db, column, values, low, high)
