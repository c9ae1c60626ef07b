"""Keeping a full-text query's cost bounded on a large store.

BM25 scores every row a query matches, so a query of common words (a
participant's name, "think", a year that fact texts carry) costs ~1 us per
matched row, ~3-5x that in the window table: 100+ ms on a 100k-message store.
When the query's words match more rows of a table than the budget in total,
its commonest words are left out of that table's query (the rarest is always
kept): they carry the least BM25 weight, and the dense search still sees the
whole question. Each table counts its own matches: a year is rare in what
people said but common in facts, whose dates are resolved.

Counting is capped just past what the decision needs (`max(budget, ceiling) + 1`):
a word matching more rows than that is left out unless it is the rarest, so
its exact count matters only when every word of the query is that common
(then those words are counted in full, to keep the rarest). The decision is
the same as with exact counts; a question at a million messages counts ~3 new
words per table, ~1 ms each in full, 0.2 ms capped.
"""
from __future__ import annotations

import logging

import sqlite_utils

from remembrancer.memory.recall.query_text import fts_match, keywords
from remembrancer.memory.store import fulltext

logger = logging.getLogger(__name__)


class TermBudget:
    """The MATCH expression for a query over `fts_table` (default `<table>_fts`), within `budget` matched rows (0: no limit).

    With a `ceiling`, a query whose rarest word alone still matches more rows
    than that gets no expression at all: one word found in tens of thousands
    of rows ranks them by little more than their length, and scoring them
    cost recall at a million messages about half its time (see `RecallParams.window_row_ceiling`).
    """

    def __init__(self, db: sqlite_utils.Database, table: str, budget: int, fts_table: str | None = None, ceiling: int = 0):
        self.db = db
        self.table = table  # whose largest rowid bounds the matches
        self.fts_table = fts_table or f"{table}_fts"
        self.budget = budget
        self.ceiling = ceiling  # 0: none
        self._counts: tuple[tuple[int, int], dict[str, tuple[int, bool]]] | None = None

    def match(self, query: str) -> str | None:
        words = keywords(query)
        if not words or (len(words) < 2 and not self.ceiling) or not self.budget:
            return fts_match(query)
        version = self._version()
        if version[1] * len(words) <= min(self.budget, self.ceiling or self.budget):  # the largest rowid bounds every word's count
            return fts_match(query)
        cap = max(self.budget, self.ceiling) + 1
        counts = {word: self._matches(word, version, cap) for word in words}
        if min(counts.values()) >= cap and not self.ceiling:  # every word over the cap: which is rarest needs exact counts
            counts = {word: self._matches(word, version) for word in words}
        kept = sorted(words, key=lambda w: (counts[w], words.index(w)))
        while len(kept) > 1 and sum(counts[w] for w in kept) > self.budget:
            kept.pop()
        if self.ceiling and sum(counts[w] for w in kept) > self.ceiling:
            logger.debug("%s query: left out, its rarest word matches %d rows", self.fts_table, counts[kept[0]])
            return None
        if len(kept) < len(words):
            # counts only: queries are private and the log file is not encrypted
            logger.debug("%s query: left out %d of %d words (document counts %s)", self.fts_table, len(words) - len(kept), len(words),
                         sorted(counts.values()))
        return fts_match(" ".join(w for w in words if w in kept))

    def _version(self) -> tuple[int, int]:
        """Changes when another connection writes or rows are added (not on reviews)."""
        return fulltext.table_version(self.db, self.table)

    def _matches(self, word: str, version: tuple[int, int], cap: int | None = None) -> int:
        """How many rows match `word`, counted up to `cap` (None: exactly), cached until the table changes.

        The cache holds (count, exact): a capped count below its cap is exact too.
        """
        if self._counts is None or self._counts[0] != version:
            self._counts = (version, {})
        cache = self._counts[1]
        known = cache.get(word)
        if known is not None and (known[1] or (cap is not None and known[0] >= cap)):
            return min(known[0], cap) if cap is not None else known[0]
        count = fulltext.match_count(self.db, self.fts_table, fts_match(word), cap)
        cache[word] = (count, cap is None or count < cap)
        return count
