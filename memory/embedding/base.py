"""The embedder interface every backend implements."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors.

    `name` is stored with the vectors: when it changes, the vector index is
    rebuilt from SQLite instead of mixing incompatible spaces.
    """

    name: str
    dim: int
    batch_size: int = 64

    @abstractmethod
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return an (n, dim) float32 array of unit vectors."""

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def use_one_thread_here(self) -> None:
        """Embed with a single CPU thread on the calling thread (for short queries).

        A query embedding runs beside SQLite and LanceDB work in recall: a
        second compute thread gains ~1 ms on one sentence but competes with
        them for the same two cores. Backends without threads ignore this.
        """
