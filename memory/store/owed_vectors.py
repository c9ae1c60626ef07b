"""Vectors an import owes one level: being computed on the embedding stream, stored from the import's thread.

SQLite is written from one thread, so the stream only computes; the import
stores what is ready between its own steps (`store_ready`), waits when too
much is owed (`wait_below`: the texts are held in memory until embedded) and
stores the rest before it ends (`store_all`). Rows not stored yet keep
`embedded = 0`: after a crash or a failure the next open embeds them.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future

import sqlite_utils

from remembrancer.memory.store import vector_sync
from remembrancer.memory.store.levels import EmbeddedLevel
from remembrancer.memory.store.vectors import VectorIndex

Progress = Callable[[int, int, str], None]


class OwedVectors:
    def __init__(self, db: sqlite_utils.Database, index: VectorIndex, level: EmbeddedLevel) -> None:
        self._db, self._index, self._level = db, index, level
        self._owed: deque[tuple[list[int], Future]] = deque()
        self.rows = 0  # rows owed now
        self.stored = 0  # rows stored so far

    def add(self, rowids: Sequence[int], vectors: Future) -> None:
        if rowids:
            self._owed.append((list(rowids), vectors))
            self.rows += len(rowids)

    def store_ready(self) -> None:
        """Store every computed batch at the head of the queue (in order), without waiting."""
        while self._owed and self._owed[0][1].done():
            self._store_next()

    def wait_below(self, limit: int) -> None:
        """Wait for and store the oldest batches until at most `limit` rows are owed."""
        while self._owed and self.rows > limit:
            self._store_next()

    def store_all(self, progress: Progress | None = None) -> None:
        total = self.stored + self.rows
        while self._owed:
            self._store_next()
            if progress:
                progress(self.stored, total, "embedding")

    def _store_next(self) -> None:
        rowids, vectors = self._owed[0]
        computed = vectors.result()  # its error is the import's; the rows stay unembedded
        self._owed.popleft()
        self.rows -= len(rowids)
        vector_sync.store(self._db, self._index, self._level, rowids, computed)
        self.stored += len(rowids)
