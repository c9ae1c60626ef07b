"""Embedders behind one small interface, imported lazily.

`get_embedder(name)` is the only entry point; the heavy sentence-transformers
import happens on first use so the CLI and the GUI start fast.
"""
from __future__ import annotations

from remembrancer.memory.embedding.base import Embedder

_CACHE: dict[str, Embedder] = {}


def get_embedder(name: str = "minilm") -> Embedder:
    """One instance per process and name: the model loads once."""
    if name not in _CACHE:
        if name == "minilm":
            from remembrancer.memory.embedding.minilm import MiniLMEmbedder

            _CACHE[name] = MiniLMEmbedder()
        elif name == "fake":
            from remembrancer.memory.embedding.fake import FakeEmbedder

            _CACHE[name] = FakeEmbedder()
        else:
            raise ValueError(f"unknown embedder {name!r} (known: minilm, fake)")
    return _CACHE[name]


__all__ = ["Embedder", "get_embedder"]
