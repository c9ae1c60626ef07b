"""A deterministic embedder for tests: hashed bag of words, no model.

Texts sharing words get similar vectors, so retrieval tests mean something,
and the result is identical on every machine and run. Like the real model,
it sees only a text's first passage.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from remembrancer.memory.embedding.base import Embedder
from remembrancer.memory.passages import first_passage

_WORD = re.compile(r"\w+")


class FakeEmbedder(Embedder):
    name = "fake-hash-64"
    dim = 64
    batch_size = 256

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(first_passage(text).lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                bucket = int.from_bytes(digest[:2], "little") % self.dim
                sign = 1.0 if digest[2] & 1 else -1.0
                out[row, bucket] += sign
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else 0.0
            if not norm:
                out[row, 0] = 1.0
        return out
