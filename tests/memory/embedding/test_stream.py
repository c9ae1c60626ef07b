"""The import's embedding stream: urgent texts first, errors to the waiting write, queued calls cancelled on failure."""
from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import pytest

from remembrancer.memory.embedding.fake import FakeEmbedder
from remembrancer.memory.embedding.stream import EmbedStream


class _Gated(FakeEmbedder):
    """Records each call's first text; the first call waits for `gate`."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.gate = threading.Event()
        self.started = threading.Event()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not self.order:
            self.started.set()
            self.gate.wait(10)
        self.order.append(texts[0])
        if texts[0] == "boom":
            raise ValueError("bad batch")
        return super().embed(texts)


def test_urgent_calls_overtake_queued_later_ones() -> None:
    embedder = _Gated()
    with EmbedStream(embedder) as stream:
        first = stream.embed(["first"], urgent=False)
        assert embedder.started.wait(10)  # the model is busy with it when the rest is queued
        later = [stream.embed([f"later {i}"], urgent=False) for i in range(3)]
        urgent = stream.embed(["urgent"], urgent=True)
        embedder.gate.set()
        assert urgent.result(10).shape == (1, embedder.dim)
        assert [f.result(10).shape for f in [first, *later]] == [(1, embedder.dim)] * 4
    assert embedder.order == ["first", "urgent", "later 0", "later 1", "later 2"]


def test_a_failed_call_raises_where_it_is_awaited_and_the_stream_goes_on() -> None:
    embedder = _Gated()
    embedder.gate.set()
    with EmbedStream(embedder) as stream:
        bad = stream.embed(["boom"], urgent=True)
        good = stream.embed(["fine"], urgent=True)
        with pytest.raises(ValueError, match="bad batch"):
            bad.result(10)
        assert good.result(10).shape == (1, embedder.dim)


def test_leaving_on_an_error_cancels_what_has_not_started() -> None:
    embedder = _Gated()
    with pytest.raises(RuntimeError):
        with EmbedStream(embedder) as stream:
            running = stream.embed(["running"], urgent=True)
            assert embedder.started.wait(10)
            queued = [stream.embed([f"queued {i}"], urgent=False) for i in range(3)]
            threading.Timer(0.2, embedder.gate.set).start()
            raise RuntimeError("the import failed")
    assert running.done() and all(f.cancelled() for f in queued)
    assert embedder.order == ["running"]


def test_a_repeated_text_is_embedded_once_across_calls() -> None:
    embedder = _Gated()
    embedder.gate.set()
    with EmbedStream(embedder) as stream:
        one = stream.embed(["Ana: Congrats!!", "Ana: see you"], urgent=True).result(10)
        two = stream.embed(["Ana: Congrats!!"], urgent=False).result(10)
    assert np.array_equal(one[0], two[0]) and embedder.order == ["Ana: Congrats!!"]


def test_nothing_to_embed_starts_no_thread() -> None:
    before = threading.active_count()
    with EmbedStream(FakeEmbedder()):
        assert threading.active_count() == before
