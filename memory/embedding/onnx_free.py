"""The bundled MiniLM without torch: ONNX Runtime and the `tokenizers` library only.

Loading torch and sentence-transformers costs a CLI process about 6-9 s and
450 MB before it has embedded anything, which is most of a `recall` or a small
`import` (a 1 MB message took 9.4 s and 685 MB for the process, 2.8 s and
60 MB of it for the message). This encoder reads the ONNX file that
`memory.embedding.onnx_query` exported from the bundled weights, tokenizes
with the model's own `tokenizer.json` (the same fast tokenizer
sentence-transformers uses, with its 256-token truncation) and mean-pools and
normalises as the model does.

It is used only after a process that had torch loaded proved it equal: the
exporter writes a manifest (one per install) after comparing this encoder's vectors with
torch's on probe texts (cosine >= 0.9999), naming the weights file's
identity and the ONNX Runtime and tokenizers versions. Any change (a
reinstalled model package, another ONNX Runtime) voids the manifest, and
the embedder falls back to torch, which checks and writes it again. Stored
vectors and query vectors therefore never come from two different models.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

MANIFEST_PREFIX = "minilm-onnx-"
MAX_TOKENS = 256  # sentence_bert_config.json's max_seq_length, read again at load
BATCH = 32
MIN_COSINE = 0.9999
# Batches run on this many threads, each a one-thread ONNX Runtime call on
# one shared session (`run` is thread-safe and holds no GIL while it computes).
# On 2 cores, 2000 chat texts: 390-400 texts/s, against 332-344 for one call
# with two intra-op threads and 246 for torch's two threads (same run).
MAX_WORKERS = 4


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


class TorchFreeEncoder:
    """Texts -> unit vectors with ONNX Runtime; batches are sorted by length so padding stays small.

    A call with more than one batch spreads its batches over `workers`
    threads: long-lived, made at the first such call, so one text (a query)
    never waits for a pool.
    """

    def __init__(self, session: Any, tokenizer: Any, workers: int = 1):
        self._session = session
        self._tokenizer = tokenizer
        self._inputs = {i.name for i in session.get_inputs()}
        self._workers = max(1, workers)
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        chunks = [order[start : start + BATCH] for start in range(0, len(order), BATCH)]
        pooled = self._map(lambda chunk: self._encode_chunk(encodings, chunk), chunks)
        out = np.empty((len(texts), pooled[0].shape[1]), dtype=np.float32)
        for chunk, vectors in zip(chunks, pooled):
            out[chunk] = vectors
        return out

    def _map(self, work: Callable[[list[int]], np.ndarray], chunks: list[list[int]]) -> list[np.ndarray]:
        if len(chunks) == 1 or self._workers == 1:
            return [work(chunk) for chunk in chunks]
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="embed")
        return list(self._pool.map(work, chunks))

    def _encode_chunk(self, encodings: Any, chunk: list[int]) -> np.ndarray:
        """Mean-pooled unit vectors of one length-sorted batch, in `chunk`'s order."""
        width = max(len(encodings[i].ids) for i in chunk)
        ids = np.zeros((len(chunk), width), dtype=np.int64)
        mask = np.zeros((len(chunk), width), dtype=np.int64)
        types = np.zeros((len(chunk), width), dtype=np.int64)
        for row, i in enumerate(chunk):
            n = len(encodings[i].ids)
            ids[row, :n] = encodings[i].ids
            mask[row, :n] = 1
            types[row, :n] = encodings[i].type_ids
        feed = {name: value for name, value in (("input_ids", ids), ("attention_mask", mask), ("token_type_ids", types))
                if name in self._inputs}
        hidden = self._session.run(None, feed)[0]
        weights = mask.astype(np.float32)[:, :, None]
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled.astype(np.float32, copy=False)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


def model_identity(model_dir: Path) -> dict[str, Any]:
    """What the manifest is valid for: the weights file as installed, and the two runtimes' versions."""
    import onnxruntime
    import tokenizers

    weights = model_dir / "model.safetensors"
    stat = weights.stat()
    return {"weights": str(weights.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
            "onnxruntime": onnxruntime.__version__, "tokenizers": tokenizers.__version__}


def manifest_path(cache: Path, identity: dict[str, Any]) -> Path:
    """One manifest per install (weights file and runtime versions): two installs sharing the cache dir
    (a second checkout, the desktop bundle, a CI clone) must not void each other's."""
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]
    return cache / f"{MANIFEST_PREFIX}{digest}.json"


def load(model_dir: Path, cache: Path, threads: int = 1, workers: int = 1) -> TorchFreeEncoder | None:
    """The encoder when a checked export for exactly these weights and runtimes exists; else None (use torch).

    `threads`: ONNX Runtime's threads per call; `workers`: calls at once for a many-batch text list.
    """
    try:
        identity = model_identity(model_dir)
        manifest = json.loads(manifest_path(cache, identity).read_text(encoding="utf-8"))
        if manifest.get("identity") != identity:
            return None
        onnx_file = cache / manifest["onnx"]
        if not onnx_file.exists():
            return None
        return TorchFreeEncoder(session(onnx_file, threads), tokenizer(model_dir), workers)
    except (FileNotFoundError, ImportError):  # never certified here, or a build without onnxruntime (the desktop bundle)
        return None
    except Exception as exc:  # a faster path, never a requirement
        logger.warning("embedding without torch unavailable (%s: %s); torch is used", type(exc).__name__, exc)
        return None


def certify(model_dir: Path, cache: Path, onnx_file: Path, reference: Any, probes: Sequence[str]) -> bool:
    """Compare this encoder with torch's vectors on `probes`; write the manifest when they agree.

    `reference(texts)` is the loaded SentenceTransformer's encoding (unit vectors).
    """
    try:
        encoder = TorchFreeEncoder(session(onnx_file, 1), tokenizer(model_dir))
        ours = encoder.encode(list(probes))
        theirs = np.asarray(reference(list(probes)), dtype=np.float32)
        cosine = float(np.min(np.sum(ours * theirs, axis=1)))
        if cosine < MIN_COSINE:
            logger.warning("embedding without torch differs from torch (cosine %.6f); not used", cosine)
            manifest_path(cache, model_identity(model_dir)).unlink(missing_ok=True)
            return False
        identity = model_identity(model_dir)
        data = {"onnx": onnx_file.name, "identity": identity, "cosine": round(cosine, 6)}
        target = manifest_path(cache, identity)
        temp = target.with_suffix(".tmp")
        temp.write_text(json.dumps(data, indent=2), encoding="utf-8")
        os.replace(temp, target)
        logger.info("embedding without torch certified (cosine to torch %.6f)", cosine)
        return True
    except Exception as exc:
        logger.warning("embedding without torch not certified (%s: %s)", type(exc).__name__, exc)
        return False


def tokenizer(model_dir: Path) -> Any:
    """The model's fast tokenizer with sentence-transformers' truncation (and no padding: batches pad themselves)."""
    from tokenizers import Tokenizer

    config = json.loads((model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.enable_truncation(int(config.get("max_seq_length", MAX_TOKENS)))
    tok.no_padding()
    return tok


def session(path: Path, threads: int) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
