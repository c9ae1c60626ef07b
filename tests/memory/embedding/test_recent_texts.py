"""An import embeds a text said again (in the same call or lately) once, and every text keeps its own vector."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from remembrancer.memory.embedding.fake import FakeEmbedder
from remembrancer.memory.embedding.recent_texts import RecentTextVectors


class CountingEmbedder(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return super().embed(texts)


def test_a_text_repeated_in_one_call_is_embedded_once_and_every_row_gets_its_vector() -> None:
    embedder = CountingEmbedder()
    recent = RecentTextVectors(embedder)
    texts = ["Wren: Congrats!!", "Wren: we moved to Tallinn", "Wren: Congrats!!", "Oskar: Congrats!!"]
    vectors = recent.embed(texts)
    assert embedder.seen == ["Wren: Congrats!!", "Wren: we moved to Tallinn", "Oskar: Congrats!!"]
    assert np.allclose(vectors, FakeEmbedder().embed(texts))
    assert recent.reused == 1


def test_a_text_embedded_lately_is_taken_from_the_last_call() -> None:
    embedder = CountingEmbedder()
    recent = RecentTextVectors(embedder)
    recent.embed(["Wren: Send me pictures!", "Wren: the ferry was late"])
    vectors = recent.embed(["Oskar: on my way", "Wren: Send me pictures!"])
    assert embedder.seen[2:] == ["Oskar: on my way"]
    assert np.allclose(vectors, FakeEmbedder().embed(["Oskar: on my way", "Wren: Send me pictures!"]))


def test_only_the_most_recently_used_texts_are_kept() -> None:
    embedder = CountingEmbedder()
    recent = RecentTextVectors(embedder, capacity=2)
    recent.embed(["a", "b"])
    recent.embed(["a"])       # used again: "b" is now the oldest
    recent.embed(["c"])       # pushes "b" out
    embedder.seen.clear()
    recent.embed(["a", "b", "c"])
    assert embedder.seen == ["b"]


def test_no_texts_no_call() -> None:
    embedder = CountingEmbedder()
    assert RecentTextVectors(embedder).embed([]).shape == (0, embedder.dim)
    assert embedder.seen == []
