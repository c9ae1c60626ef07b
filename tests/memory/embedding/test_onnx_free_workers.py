"""Many batches are spread over threads; every text still gets its own vector, in its place."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np

from remembrancer.memory.embedding import onnx_free
from remembrancer.memory.embedding.onnx_free import TorchFreeEncoder


@dataclass
class _Encoding:
    ids: list[int]
    type_ids: list[int]


class _Tokenizer:
    """One id per word (its length), so texts differ in length and in content."""

    def encode_batch(self, texts: list[str]) -> list[_Encoding]:
        out = []
        for text in texts:
            ids = [101] + [len(word) * 7 + i for i, word in enumerate(text.split())] + [102]
            out.append(_Encoding(ids, [0] * len(ids)))
        return out


@dataclass
class _Input:
    name: str


@dataclass
class _Session:
    """Hidden states that depend on each token id only; records which thread ran each batch."""

    threads: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get_inputs(self) -> list[_Input]:
        return [_Input("input_ids"), _Input("attention_mask")]

    def run(self, _outputs: object, feed: dict[str, np.ndarray]) -> list[np.ndarray]:
        with self.lock:
            self.threads.add(threading.current_thread().name)
        time.sleep(0.002)  # long enough for the other workers to take batches
        ids = feed["input_ids"].astype(np.float32)[:, :, None]
        hidden = np.concatenate([np.sin(ids * (k + 1)) for k in range(8)], axis=2)
        return [hidden * (feed["attention_mask"][:, :, None] > 0)]


TEXTS = [" ".join(["word"] * (i % 17 + 1) + [f"n{i}"]) for i in range(150)]


def test_spread_over_workers_the_vectors_are_those_of_one_thread() -> None:
    alone = TorchFreeEncoder(_Session(), _Tokenizer(), workers=1).encode(TEXTS)
    session = _Session()
    spread = TorchFreeEncoder(session, _Tokenizer(), workers=3).encode(TEXTS)
    assert spread.shape == (len(TEXTS), 8) and spread.dtype == np.float32
    assert np.array_equal(spread, alone)
    assert len({name for name in session.threads if name.startswith("embed")}) >= 2
    assert np.allclose(np.linalg.norm(spread, axis=1), 1.0)


def test_one_batch_runs_on_the_calling_thread() -> None:
    session = _Session()
    encoder = TorchFreeEncoder(session, _Tokenizer(), workers=4)
    encoder.encode(TEXTS[: onnx_free.BATCH])
    encoder.encode_one("where is the kite")
    assert session.threads == {threading.current_thread().name}
