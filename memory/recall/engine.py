"""Hybrid recall over messages and notes.

Two retrievers, BM25 over SQLite FTS5 and cosine over LanceDB, each return a
ranked candidate list; the lists are fused with RRF, smoothed along the
conversation, and the top k come back with their neighbouring turns as
context. Every returned item counts as a review (the forgetting curve).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import sqlite_utils

from memory.embedding.base import Embedder
from memory.forgetting import retention
from memory.recall.reinforce import reinforce_rows
from memory.recall.fusion import reciprocal_rank_fusion, smooth_with_neighbours
from memory.recall.query_text import fts_match, keywords
from memory.store import messages as repo
from memory.store.vectors import VectorIndex
from memory.types import ContextTurn, RecallItem

logger = logging.getLogger(__name__)


@dataclass
class RecallParams:
    """Knobs of the ranking; defaults are what the benchmarks measured."""

    candidates: int = 100
    bm25_weight: float = 1.0
    window_weight: float = 1.0  # each of the 3- and 5-turn window lists
    dense_weight: float = 1.0
    rrf_k: int = 30
    neighbour_weight: float = 0.2
    speaker_column_weight: float = 0.3
    # Dense hits below this cosine similarity do not vote: RRF ignores score
    # magnitudes, so without a floor the tail of unrelated messages would.
    dense_min_similarity: float = 0.15
    # A query that names a participant ("What did Ana say about...") prefers
    # what that participant said; the gain is a multiplier on the fused score.
    named_speaker_boost: float = 0.3
    # BM25 scores every row a query matches, so a query of common words (a
    # participant's name, "think") costs ~1 us per matched window: 100+ ms on a
    # 100k-message store. When the query's terms match more messages than this
    # in total, the most common terms are left out of the full-text query
    # (rarest kept, at least one): they carry the least BM25 weight, and the
    # dense list still sees the whole question. Stores whose queries stay under
    # the budget (all of LoCoMo: at most 1554) rank exactly as before. 0: off.
    fts_row_budget: int = 2000


class RecallEngine:
    def __init__(self, db: sqlite_utils.Database, vectors: VectorIndex, embedder: Embedder, params: RecallParams | None = None):
        self.db = db
        self.vectors = vectors
        self.embedder = embedder
        self.params = params or RecallParams()
        self._speaker_cache: tuple[tuple[int, int], list[str]] | None = None
        self._df_cache: tuple[tuple[int, int], dict[str, int]] | None = None

    def recall(self, query: str, k: int, now: datetime, reinforce: bool = True) -> list[RecallItem]:
        scores = self.score(query)
        top = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        items = self._items(top, now)
        if reinforce and items:
            reinforce_rows(self.db, {"messages": [item.id for item in items]}, now)
        return items

    def score(
        self, query: str, query_vector: np.ndarray | None = None, extra: Sequence[tuple[list[int], float]] = ()
    ) -> dict[int, float]:
        """Fused, smoothed scores of candidate message rowids.

        `extra` are further ranked lists of message rowids with their weights:
        the upper levels (facts, scenes) vote for the messages they rest on.
        """
        p = self.params
        match = self.fts_query(query)
        if query_vector is None and query.strip():
            query_vector = self.embedder.embed_one(query)
        rankings = [
            self._bm25_turns(match, p.candidates),
            self._bm25_windows(match, "w3", p.candidates),
            self._bm25_windows(match, "w5", p.candidates),
            self._dense(query_vector, p.candidates),
            *(ranking for ranking, _ in extra),
        ]
        weights = [p.bm25_weight, p.window_weight, p.window_weight, p.dense_weight, *(weight for _, weight in extra)]
        fused = reciprocal_rank_fusion(rankings, weights, k=p.rrf_k)
        if not fused:
            return {}
        if p.neighbour_weight:
            fused = smooth_with_neighbours(fused, repo.neighbours(self.db, list(fused)), p.neighbour_weight)
        named = self.named_speakers(query)
        if named and p.named_speaker_boost:
            speakers = repo.speakers_of(self.db, list(fused))
            fused = {r: s * (1.0 + p.named_speaker_boost) if speakers.get(r, "").lower() in named else s for r, s in fused.items()}
        return fused

    def fts_query(self, query: str) -> str | None:
        """The FTS5 MATCH expression for `query`, within `fts_row_budget` matched messages."""
        words = keywords(query)
        budget = self.params.fts_row_budget
        version = self._version()
        if len(words) < 2 or not budget or version[1] * len(words) <= budget:  # max rowid bounds every term's count
            return fts_match(query)
        df = {word: self._document_frequency(word, version) for word in words}
        kept = sorted(words, key=lambda w: (df[w], words.index(w)))
        while len(kept) > 1 and sum(df[w] for w in kept) > budget:
            kept.pop()
        if len(kept) < len(words):
            logger.debug("full-text query %r: left out %s (%s)", query, [w for w in words if w not in kept], {w: df[w] for w in words})
        return fts_match(" ".join(w for w in words if w in kept))

    def _document_frequency(self, word: str, version: tuple[int, int]) -> int:
        """How many messages match `word` (cached until the store changes)."""
        if self._df_cache is None or self._df_cache[0] != version:
            self._df_cache = (version, {})
        cache = self._df_cache[1]
        if word not in cache:
            sql = "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?"
            cache[word] = self.db.execute(sql, [fts_match(word)]).fetchone()[0]
        return cache[word]

    def _bm25_turns(self, match: str | None, limit: int) -> list[int]:
        if match is None:
            return []
        sql = "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY bm25(messages_fts, ?, 1.0) LIMIT ?"
        return [row[0] for row in self.db.execute(sql, [match, self.params.speaker_column_weight, limit])]

    def _bm25_windows(self, match: str | None, column: str, limit: int) -> list[int]:
        if match is None:
            return []
        sql = "SELECT rowid FROM windows_fts WHERE windows_fts MATCH ? ORDER BY bm25(windows_fts, ?, ?) LIMIT ?"
        weights = (1.0, 0.0) if column == "w3" else (0.0, 1.0)
        return [row[0] for row in self.db.execute(sql, [f"{{{column}}} : ({match})", *weights, limit])]

    def named_speakers(self, query: str) -> set[str]:
        words = set(re.findall(r"\w+", query.lower()))
        return {name for name in self._speakers() if name and set(name.split()) <= words}

    def _version(self) -> tuple[int, int]:
        """Changes when another connection writes or messages are added (not on reviews)."""
        return (self.db.execute("PRAGMA data_version").fetchone()[0], self.db.execute("SELECT max(rowid) FROM messages").fetchone()[0] or 0)

    def _speakers(self) -> list[str]:
        """Known speakers, cached until another connection writes or messages are added."""
        version = self._version()
        if self._speaker_cache is None or self._speaker_cache[0] != version:
            self._speaker_cache = (version, repo.known_speakers(self.db))
        return self._speaker_cache[1]

    def _dense(self, query_vector: np.ndarray | None, limit: int) -> list[int]:
        if query_vector is None:
            return []
        hits = [(i, sim) for i, sim in self.vectors.search(query_vector, limit) if sim >= self.params.dense_min_similarity]
        rowids = repo.rowids_for_ids(self.db, [i for i, _ in hits])
        return [rowids[i] for i, _ in hits if i in rowids]

    def _items(self, top: list[tuple[int, float]], now: datetime) -> list[RecallItem]:
        rows = repo.rows_by_rowid(self.db, [rowid for rowid, _ in top])
        return [self.message_item(rows[rowid], score, now) for rowid, score in top]

    def message_item(self, row: dict, score: float, now: datetime) -> RecallItem:
        """A message as a recall item, with the turns around it as context."""
        around = repo.neighbours(self.db, [row["rowid"]]).get(row["rowid"], (None, None))
        context_rows = repo.rows_by_rowid(self.db, [n for n in around if n is not None])
        return RecallItem(
            id=row["id"],
            level="message",
            text=row["text"],
            score=score,
            sources=[row["id"]],
            retention=retention(row["stability_days"], row["last_review"], row["learned_at"], now),
            speaker=row["speaker"],
            time=row["time"],
            conversation=row["conversation"],
            context=[_turn(context_rows[n]) for n in around if n is not None and n in context_rows],
        )


def _turn(row: dict) -> ContextTurn:
    return ContextTurn(id=row["id"], speaker=row["speaker"], time=row["time"], text=row["text"])
