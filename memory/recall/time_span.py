"""The list of what was said, or happened, in a time a question names ("in May 2023", "last week").

It joins recall's fusion as one more ranked list of messages: those said in
the span and the sources of facts that mention a time in it, ranked by the
query's words and vector.
"""
from __future__ import annotations

import numpy as np
import sqlite_utils

from memory.recall.fusion import reciprocal_rank_fusion
from memory.recall.query_dates import TimeRange
from memory.store.vectors import VectorIndex


def span_ranking(
    db: sqlite_utils.Database, messages: VectorIndex, span: TimeRange, match: str | None, vector: np.ndarray | None,
    nearest: list[tuple[str, float]], cap: int, rrf_k: int,
) -> list[int]:
    """Messages said in `span`, or sources of facts that happened in it, ranked by the query.

    A span holding more than `cap` of them (a whole year of a
    busy store) names little; it is narrowed to what the query's words
    find in it, and to the nearest messages (`nearest`, the vector hits)
    said in it, so that its cost does not grow with the store.
    """
    candidates = _said_or_mentioned(db, span, cap + 1)
    if len(candidates) > cap:
        candidates = _matching_in_span(db, span, match, nearest, cap)
    if not candidates:
        return []
    rankings = []
    if match is not None:
        # Ranked over all matches, then kept to the candidates: FTS5 runs a MATCH once per value
        # of `rowid IN (...)`, 90 ms for 500 candidates; `match` is within the term budget.
        ranked = db.execute("SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rank", [match])
        rankings.append([r for (r,) in ranked if r in candidates])
    if vector is not None:
        vectors = messages.vectors(list(candidates.values()))
        similarity = {r: float(vectors[i] @ vector) for r, i in candidates.items() if i in vectors}
        rankings.append(sorted(similarity, key=lambda r: -similarity[r]))
    fused = reciprocal_rank_fusion(rankings, k=rrf_k)
    return sorted(fused, key=lambda r: (-fused[r], r))


def _said_or_mentioned(db: sqlite_utils.Database, span: TimeRange, limit: int) -> dict[int, str]:
    """Up to `limit` messages (rowid -> id) said in `span` or cited by facts that mention a time in it."""
    low, high = span.said_bounds()
    found = dict(db.execute("SELECT rowid, id FROM messages WHERE time_utc >= ? AND time_utc < ? LIMIT ?", [low, high, limit]))
    if len(found) >= limit:
        return found
    condition, params = span.mention_condition()
    mentioned = [
        rowid
        for rowid, when in db.execute(f"SELECT rowid, time_mentioned FROM facts WHERE {condition} LIMIT ?", [*params, 4 * limit])
        if span.overlaps_mention(when)
    ]
    for start in range(0, len(mentioned), 500):
        if len(found) >= limit:
            break
        chunk = mentioned[start : start + 500]
        for message, mid in db.execute(
            f"SELECT m.rowid, m.id FROM fact_sources fs JOIN messages m ON m.id = fs.message_id WHERE fs.fact_rowid IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found.setdefault(message, mid)
    return found


def _matching_in_span(db: sqlite_utils.Database, span: TimeRange, match: str | None, nearest: list[tuple[str, float]], limit: int) -> dict[int, str]:
    low, high = span.said_bounds()
    found: dict[int, str] = {}
    if match is not None:
        found.update(
            db.execute(
                "SELECT m.rowid, m.id FROM messages_fts f JOIN messages m ON m.rowid = f.rowid"
                " WHERE messages_fts MATCH ? AND m.time_utc >= ? AND m.time_utc < ? ORDER BY f.rank LIMIT ?",
                [match, low, high, limit],
            )
        )
    ids = [i for i, _ in nearest]
    if ids:
        found.update(
            db.execute(
                f"SELECT rowid, id FROM messages WHERE id IN ({','.join('?' * len(ids))}) AND time_utc >= ? AND time_utc < ?", [*ids, low, high]
            )
        )
    return found
