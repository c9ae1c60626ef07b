"""Stand-ins for MiniLM at import, for corpus sizes whose real embedding would take hours.

- `RandomUnitEmbedder` (`--vectors random`): seeded random unit vectors.
  Storage and search cost are real; an approximate index cannot do better
  than chance on them (random points have no neighbourhoods), so its share
  of the exact top 10 means nothing there.
- `WordMeanEmbedder` (`--vectors words`): a text's vector is the normalised
  mean of MiniLM's vectors of its words, each distinct word embedded once.
  Nearly as cheap, and the vectors have the clustered shape of real sentence
  vectors (texts about the same things lie together, in MiniLM's space), so
  the approximate index's share of the exact top 10 is a fair estimate of
  what it finds on real vectors at that size.

Both carry MiniLM's name and dimension so that the store, reopened with the
real MiniLM for recall, keeps these vectors instead of rebuilding them;
queries are embedded by the real MiniLM.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from benchmarks.scale_corpus import SEED

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SKIP = frozenset("a an the i you we my our your to of in on at for and or but is was it that this with be have has had me".split())


class RandomUnitEmbedder:
    """Seeded random unit vectors."""

    batch_size = 2048

    def __init__(self, name: str, dim: int, seed: int = SEED):
        self.name = name
        self.dim = dim
        self._rng = np.random.default_rng(seed)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._rng.standard_normal((len(texts), self.dim), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


class WordMeanEmbedder:
    """The mean of MiniLM's vectors of a text's words (each word embedded once, then cached)."""

    batch_size = 2048

    def __init__(self, minilm):
        self.name = minilm.name
        self.dim = minilm.dim
        self._minilm = minilm
        self._row: dict[str, int] = {}
        self._matrix = np.zeros((1024, self.dim), np.float32)
        self.words_embedded = 0

    def _words(self, text: str) -> list[str]:
        return [w for w in (m.lower() for m in _WORD.findall(text)) if w not in _SKIP] or ["note"]

    def _learn(self, words: set[str]) -> None:
        new = sorted(w for w in words if w not in self._row)
        if not new:
            return
        vectors = self._minilm.embed(new)
        need = len(self._row) + len(new)
        if need > len(self._matrix):
            grown = np.zeros((max(need, 2 * len(self._matrix)), self.dim), np.float32)
            grown[: len(self._row)] = self._matrix[: len(self._row)]
            self._matrix = grown
        for word, vector in zip(new, vectors):
            self._matrix[len(self._row)] = vector
            self._row[word] = len(self._row)
        self.words_embedded += len(new)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        per_text = [self._words(t) for t in texts]
        self._learn({w for words in per_text for w in words})
        rows = np.fromiter((self._row[w] for words in per_text for w in words), dtype=np.int64)
        starts = np.cumsum([0] + [len(words) for words in per_text[:-1]])
        sums = np.add.reduceat(self._matrix[rows], starts, axis=0)
        return (sums / np.linalg.norm(sums, axis=1, keepdims=True)).astype(np.float32)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
