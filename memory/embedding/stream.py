"""An import's model calls, on one thread of their own: what a write waits for first, the rest after.

Building the levels above the messages is Python (one core, the GIL); the
model holds no GIL while it computes. So an import hands its texts to this
thread and goes on extracting, writing facts, clustering scenes and building
persona while the model works through them:

- *urgent* texts are those a write is waiting for: facts, whose vectors
  dedupe them against the facts already stored, and the messages they share
  a vector with. They run before any text queued `later`.
- *later* texts are messages no fact waits for; their vectors only have to be
  stored before the import ends, so they fill the time the Python levels take.

Calls run one at a time in priority, then submission order, through one
`RecentTextVectors` (a text said again is embedded once), which only this
thread touches.
"""
from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Sequence
from concurrent.futures import Future

import numpy as np

from remembrancer.memory.embedding.base import Embedder
from remembrancer.memory.embedding.recent_texts import RecentTextVectors

URGENT, LATER, _STOP = 0, 1, 2


class EmbedStream:
    """`embed(texts, urgent)` -> a Future of their vectors; `close()` runs what is queued (or cancels it) and ends the thread."""

    def __init__(self, embedder: Embedder) -> None:
        self._recent = RecentTextVectors(embedder)
        self._queue: queue.PriorityQueue[tuple[int, int, Sequence[str] | None, Future | None]] = queue.PriorityQueue()
        self._order = itertools.count()
        self._thread: threading.Thread | None = None
        self._closed = False

    def embed(self, texts: Sequence[str], urgent: bool) -> Future:
        if self._closed:
            raise RuntimeError("the embedding stream is closed")
        if self._thread is None:  # made at the first call: an import with nothing to embed starts no thread
            self._thread = threading.Thread(target=self._run, name="import-embed", daemon=True)
            self._thread.start()
        future: Future = Future()
        self._queue.put((URGENT if urgent else LATER, next(self._order), list(texts), future))
        return future

    def close(self, cancel: bool = False) -> None:
        """Wait for every queued call; with `cancel`, the ones not started are cancelled instead."""
        if self._closed:
            return
        self._closed = True
        if cancel:
            self._cancel_queued()
        if self._thread is not None:
            self._queue.put((_STOP, next(self._order), None, None))
            self._thread.join()

    def __enter__(self) -> EmbedStream:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        self.close(cancel=kind is not None)

    def _cancel_queued(self) -> None:
        while True:
            try:
                _, _, _, future = self._queue.get_nowait()
            except queue.Empty:
                return
            if future is not None:
                future.cancel()

    def _run(self) -> None:
        while True:
            _, _, texts, future = self._queue.get()
            if future is None:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                vectors: np.ndarray = self._recent.embed(texts or [])
            except BaseException as exc:  # the waiting write raises it
                future.set_exception(exc)
            else:
                future.set_result(vectors)
