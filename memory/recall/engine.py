"""Hybrid scoring of messages and notes.

Two retrievers, BM25 over SQLite FTS5 and cosine over LanceDB, each return a
ranked candidate list; the lists (with the upper levels' votes) are fused with
RRF and smoothed along the conversation. `memory.recall.associative` turns
the scores into items (`memory.recall.items`), each message with its
neighbouring turns as context.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sqlite_utils

from remembrancer.memory.embedding.base import Embedder
from remembrancer.memory.recall.fusion import reciprocal_rank_fusion, smooth_with_neighbours
from remembrancer.memory.recall.query_text import keywords
from remembrancer.memory.recall.term_budget import TermBudget
from remembrancer.memory.store import fulltext
from remembrancer.memory.store import messages as repo
from remembrancer.memory.store.vectors import VectorIndex

logger = logging.getLogger(__name__)


@dataclass
class RecallParams:
    """Knobs of the ranking; defaults are what the benchmarks measured."""

    candidates: int = 100
    bm25_weight: float = 1.0
    window_weight: float = 1.0  # each window list's weight
    windows: bool = True  # the 5-turn window list
    dense_weight: float = 1.0
    rrf_k: int = 30
    neighbour_weight: float = 0.2
    # The share of a question's score its reply takes (`fusion.smooth_with_neighbours`):
    # twice an ordinary neighbour's, since the reply is where the answer usually is.
    answer_weight: float = 0.4
    speaker_column_weight: float = 0.3
    # Dense hits below this cosine similarity do not vote: RRF ignores score
    # magnitudes, so without a floor the tail of unrelated messages would.
    dense_min_similarity: float = 0.15
    # A query that names a participant ("What did Ana say about...") prefers
    # what that participant said; the gain is a multiplier on the fused score.
    named_speaker_boost: float = 0.3
    # Whether participants' names stay in the full-text query of messages (see `fts_query`).
    names_in_full_text: bool = False
    # Full-text queries whose words match more rows than this leave their
    # commonest words out (`memory.recall.term_budget`). Stores whose queries
    # stay under it (all of LoCoMo: at most 1554) rank exactly as without. 0: off.
    fts_row_budget: int = 2000
    # The same for the window list, counted in windows: a message is in five
    # 5-turn windows, so the turns' budget would let the window query score
    # ~5x as many rows (10 ms of the 100k store's recall).
    window_row_budget: int = 2000
    # A window list whose words, within that budget, still match more windows
    # than this is left out: its rarest word is then in tens of thousands of
    # windows (a million-message store: 23k for the median question), BM25
    # over them ranks by little more than length, and scoring them took half
    # of recall (same run, 180 questions: p50 72 -> 37 ms, the planted answer
    # in the top 10 as often: 0.119 and 0.127; 100k: 0.511 both). The turn
    # list, the facts and the vectors still see the word. 0: no ceiling.
    window_row_ceiling: int = 8000


class RecallEngine:
    def __init__(self, db: sqlite_utils.Database, vectors: VectorIndex, embedder: Embedder, params: RecallParams | None = None):
        self.db = db
        self.vectors = vectors
        self.embedder = embedder
        self.params = params or RecallParams()
        self._speaker_cache: tuple[tuple[int, int], list[str]] | None = None
        self.term_budget = TermBudget(db, "messages", self.params.fts_row_budget)
        self.window_budget = TermBudget(db, "messages", self.params.window_row_budget, fts_table="windows_fts", ceiling=self.params.window_row_ceiling)

    def lexical_lists(self, query: str, turn_scores: Mapping[int, float] | None = None) -> list[list[int]]:
        """BM25 rankings of turns and of 5-turn windows (message rowids).

        There is no 3-turn list: on LoCoMo dev, with neighbour smoothing and the
        5-turn list, it added nothing (evidence recall@10 0.803 with it, 0.806
        without; without the 5-turn list instead, 0.787), and migration 12
        dropped its documents.
        """
        limit = self.params.candidates
        words = self.fts_words(query)
        window_match = self.window_budget.match(words) if self.params.windows else None
        if turn_scores is not None:  # every match scored already (`turn_scores`): the best of them
            turns = sorted(turn_scores, key=lambda r: (turn_scores[r], r))[:limit]
        else:
            turns = self._bm25_turns(self.term_budget.match(words), limit)
        return [turns, self._bm25_windows(window_match, limit)] if self.params.windows else [turns]

    def turn_scores(self, match: str | None) -> dict[int, float]:
        """BM25 of every turn `match` finds (lower is better), as the turn list ranks them.

        For a question naming a time, which ranks the matches said then too
        (`memory.recall.time_span`): one full-text pass serves both (the
        term budget bounds how many rows it returns).
        """
        if match is None:
            return {}
        return fulltext.turn_bm25(self.db, match, self.params.speaker_column_weight)

    def dense_rowids(self, hits: list[tuple[str, float]]) -> list[int]:
        """Message rowids of vector hits above the similarity floor, in hit order."""
        kept = [i for i, sim in hits if sim >= self.params.dense_min_similarity]
        rowids = repo.rowids_for_ids(self.db, kept)
        return [rowids[i] for i in kept if i in rowids]

    def fuse(
        self, query: str, lexical: list[list[int]], dense: list[int], extra: Sequence[tuple[list[int], float]] = (),
        rows: Mapping[int, repo.Candidate] | None = None,
    ) -> dict[int, float]:
        """RRF of the lexical lists, the dense list and `extra`, smoothed along conversations.

        `rows` are the candidates' rows (`messages.candidates`) when the caller has read them already.
        """
        p = self.params
        rankings = [*lexical, dense, *(ranking for ranking, _ in extra)]
        weights = [p.bm25_weight, *(p.window_weight for _ in lexical[1:]), p.dense_weight, *(weight for _, weight in extra)]
        fused = reciprocal_rank_fusion(rankings, weights, k=p.rrf_k)
        if not fused:
            return {}
        if rows is None:
            rows = repo.candidates(self.db, list(fused))
        if p.neighbour_weight or p.answer_weight:
            around = {r: (row.prev, row.next) for r, row in rows.items()}
            # only a scored turn passes a share on to its reply, so only those are checked for a question
            asking = {r for r, row in rows.items() if row.asks and r in fused} if p.answer_weight != p.neighbour_weight else set()
            fused = smooth_with_neighbours(fused, around, p.neighbour_weight, asking, p.answer_weight)
        named = self.named_speakers(query)
        if named and p.named_speaker_boost:
            boost = 1.0 + p.named_speaker_boost
            fused = {r: s * boost if r in rows and rows[r].speaker.lower() in named else s for r, s in fused.items()}
        return fused

    def fts_query(self, query: str) -> str | None:
        """The FTS5 MATCH expression for `query` over messages, within `fts_row_budget` matched messages.

        Participants' names are left out when other words remain: in a chat
        between them, a name in a turn is who speaks (the named-speaker boost
        weighs that) or a greeting ("Bye Ilse!"), and BM25 ranks such short
        turns first for any question naming them. The dense search, the
        facts and the scenes still see the whole question. On LoCoMo dev:
        evidence recall@10 0.820 with the names, 0.824 without.
        """
        return self.term_budget.match(self.fts_words(query))

    def fts_words(self, query: str) -> str:
        """The words of `query` the messages' full-text search looks for (before the term budget)."""
        if not self.params.names_in_full_text:
            names = {part for name in self.named_speakers(query) for part in name.split()}
            content = [word for word in keywords(query) if word not in names]
            if names and content:
                return " ".join(content)
        return query

    def _bm25_turns(self, match: str | None, limit: int) -> list[int]:
        if match is None:
            return []
        return fulltext.best_turns(self.db, match, self.params.speaker_column_weight, limit)

    def _bm25_windows(self, match: str | None, limit: int) -> list[int]:
        if match is None:
            return []
        return fulltext.best_windows(self.db, match, limit)

    def named_speakers(self, query: str) -> set[str]:
        words = set(re.findall(r"\w+", query.lower()))
        return {name for name in self._speakers() if name and set(name.split()) <= words}

    def _version(self) -> tuple[int, int]:
        """Changes when another connection writes or messages are added (not on reviews)."""
        return fulltext.table_version(self.db, "messages")

    def _speakers(self) -> list[str]:
        """Known speakers, cached until another connection writes or messages are added."""
        version = self._version()
        if self._speaker_cache is None or self._speaker_cache[0] != version:
            self._speaker_cache = (version, repo.known_speakers(self.db))
        return self._speaker_cache[1]
