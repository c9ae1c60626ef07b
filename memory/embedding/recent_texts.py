"""The vectors of texts an import embedded lately, so a text said again is not embedded again.

Chats repeat themselves word for word: "Congrats!!", "Send me pictures!",
"ok", the same sentence in a forwarded message, a fact restated in many
chats. An embedder gives one text one vector, so a text seen in the last
`capacity` texts takes the vector it got then instead of a model call.
The same speaker matters: messages are embedded as "speaker: text".

Lives for one import (`memory.embedding.stream.EmbedStream`), never in
the embedder: timing the embedder must time the model, and a cache there
would make its second pass free.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from remembrancer.memory.embedding.base import Embedder

# ~16k texts of 384 floats: ~25 MB, a few thousand messages of chat back.
DEFAULT_CAPACITY = 16_384


class RecentTextVectors:
    """A bounded map text -> vector, least recently used first out."""

    def __init__(self, embedder: Embedder, capacity: int = DEFAULT_CAPACITY) -> None:
        self.embedder = embedder
        self.capacity = capacity
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self.reused = 0  # texts that took a vector embedded earlier (or earlier in the same call)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """`embedder.embed(texts)`, embedding each distinct text not seen lately once."""
        out = np.empty((len(texts), self.embedder.dim), dtype=np.float32)
        if not len(texts):
            return out
        new = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        embedded = self.embedder.embed(new) if new else np.empty((0, self.embedder.dim), dtype=np.float32)
        fresh = {text: embedded[i].copy() for i, text in enumerate(new)}  # copies: a kept row would pin its whole batch
        for i, text in enumerate(texts):
            vector = fresh.get(text)
            if vector is None:
                vector = self._vectors[text]
                self._vectors.move_to_end(text)
            out[i] = vector
        self.reused += len(texts) - len(new)
        for text, vector in fresh.items():
            self._vectors[text] = vector
        while len(self._vectors) > self.capacity:
            self._vectors.popitem(last=False)
        return out
