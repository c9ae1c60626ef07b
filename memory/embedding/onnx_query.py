"""The bundled MiniLM run by ONNX Runtime, for one short text at a time (recall queries).

Why a second runtime for the same weights: a recall embeds one query of
10-20 tokens, and there torch spends most of its time in matrix products
whose weights MKL re-packs on every call; ONNX Runtime packs them once.
Measured here (2-core AMD EPYC, AVX2, one thread, a 15-token query): 17 ms
against torch's 34 ms in the same minute, and the same vectors (cosine
1.0000). Batches stay in torch: sentence-transformers sorts them by length
and torch's batched products beat ONNX Runtime's here (97 against 66
texts/s), so imports do not change.

The ONNX file is exported from the bundled weights (no download) on first
use, about 4 s, into the cache dir; its name holds a hash of the weights
file's identity and of the library versions that shape the graph, and it is
written atomically.
A new file is checked against torch on probe sentences (short, long, past
the token limit, non-Latin), and again on two short ones by each process
that loads it: a failed export, a damaged file or any difference falls back
to torch, logged once, so a query is never embedded differently from the
stored vectors.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

# Probe texts for the equivalence check: short, long, digits, non-Latin, and
# one past the model's 256-token limit (truncation must agree too).
PROBES = (
    "hi",
    "When did Bob adopt the dog?",
    "We moved to Lisbon in March 2021 and I started a new job at the harbour authority.",
    "Ana's favourite café — the one near Praça do Comércio — closed on 3/4/2024.",
    "旅行の計画はどうなった？",
    " ".join(["memory"] * 400),
)
# A file already checked after its export is checked again on these only (~0.1 s at each start).
QUICK_PROBES = PROBES[:2]
MIN_COSINE = 0.9999
ONNX_OPSET = 17
STALE_EXPORT_DAYS = 30


def cache_dir() -> Path:
    """Where derived model files live: `REMEMBRANCER_CACHE_DIR`, else the platform's user cache dir."""
    override = os.environ.get("REMEMBRANCER_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("remembrancer", appauthor=False)) / "models"


class OnnxQueryEncoder:
    """One text -> unit vector, the way the SentenceTransformer computes it (mean pooling, then L2)."""

    def __init__(self, session: Any, tokenize: Any):
        self._session = session
        self._tokenize = tokenize
        self._inputs = {i.name for i in session.get_inputs()}

    def encode(self, text: str) -> np.ndarray:
        features = self._tokenize([text])
        feed = {name: features[name].numpy().astype(np.int64) for name in ("input_ids", "attention_mask", "token_type_ids") if name in self._inputs}
        hidden = self._session.run(None, feed)[0][0]
        mask = feed["attention_mask"][0].astype(np.float32)[:, None]
        pooled = (hidden * mask).sum(axis=0) / max(float(mask.sum()), 1e-9)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)


def load_query_encoder(model: Any, weights: Path, directory: Path | None = None) -> OnnxQueryEncoder | None:
    """An ONNX Runtime encoder equivalent to `model` (a loaded SentenceTransformer), or None to stay with torch.

    `weights` is the model's weight file, hashed into the cache file's name.
    """
    try:
        import onnxruntime  # noqa: F401  (the desktop bundle leaves it out: queries there use torch)
    except ImportError:
        logger.info("query encoder: onnxruntime is not installed; queries are embedded by torch")
        return None
    try:
        if not _mean_pooled_and_normalised(model):
            logger.info("query encoder: the model is not mean-pooled and normalised; staying with torch")
            return None
        path = (directory or cache_dir()) / f"minilm-query-{_fingerprint(weights)}.onnx"
        probes = QUICK_PROBES
        if path.exists():
            try:
                session = _session(path)
            except Exception as exc:  # a damaged file: export it again
                logger.warning("query encoder: %s does not load (%s); exporting it again", path.name, exc)
                path.unlink(missing_ok=True)
        if not path.exists():
            _export(model, path)
            probes = PROBES
            session = _session(path)
        encoder = OnnxQueryEncoder(session, _tokenizer(model))
        reference = model.encode(list(probes), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        cosine = min(float(encoder.encode(text) @ expected) for text, expected in zip(probes, reference))
        if cosine < MIN_COSINE:
            logger.warning("query encoder: %s differs from torch (cosine %.6f); removed, staying with torch", path.name, cosine)
            path.unlink(missing_ok=True)
            return None
        logger.info("query encoder: ONNX Runtime (%s, cosine to torch %.6f)", path.name, cosine)
        _certify_torch_free(model, weights.parent, path)
        return encoder
    except Exception as exc:  # a faster path, never a requirement
        logger.warning("query encoder: ONNX Runtime unavailable (%s: %s); queries are embedded by torch", type(exc).__name__, exc)
        return None


def _certify_torch_free(model: Any, model_dir: Path, onnx_file: Path) -> None:
    """Let later processes embed without torch (`memory.embedding.onnx_free`), once its vectors are proven equal to torch's."""
    from remembrancer.memory.embedding import onnx_free

    if onnx_free.load(model_dir, onnx_file.parent) is not None:
        return
    reference = lambda texts: model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)  # noqa: E731
    onnx_free.certify(model_dir, onnx_file.parent, onnx_file, reference, PROBES)


def _mean_pooled_and_normalised(model: Any) -> bool:
    kinds = [type(module).__name__ for module in model]
    if kinds[:2] != ["Transformer", "Pooling"] or kinds[2:] not in ([], ["Normalize"]):
        return False
    return getattr(model[1], "pooling_mode", "mean") == "mean" or bool(getattr(model[1], "pooling_mode_mean_tokens", False))


def _tokenizer(model: Any) -> Any:
    """The model's own preprocessing (`preprocess` in sentence-transformers 5, `tokenize` before): same truncation, same ids."""
    return getattr(model, "preprocess", None) or model.tokenize


def _fingerprint(weights: Path) -> str:
    import onnxruntime
    import torch
    import transformers

    # The weights file's size and time stand for its content: it lives in an
    # installed package, which a reinstall rewrites (hashing 90 MB: 0.16 s per start).
    stat = weights.stat()
    digest = hashlib.sha256(f"{weights.resolve()} {stat.st_size} {stat.st_mtime_ns}".encode())
    digest.update(f"torch {torch.__version__} transformers {transformers.__version__} opset {ONNX_OPSET} ort {onnxruntime.__version__}".encode())
    return digest.hexdigest()[:16]


def _export(model: Any, path: Path) -> None:
    import torch

    transformer = model[0].auto_model.eval()
    sample = _tokenizer(model)(["an example sentence"])
    names = [name for name in ("input_ids", "attention_mask", "token_type_ids") if name in sample]

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
            return self.transformer(**dict(zip(names, inputs))).last_hidden_state

    path.parent.mkdir(parents=True, exist_ok=True)
    logger.info("query encoder: exporting the embedding model to ONNX (once, a few seconds)")
    fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".onnx.tmp")
    os.close(fd)
    try:
        axes = {name: {0: "batch", 1: "tokens"} for name in names} | {"hidden": {0: "batch", 1: "tokens"}}
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # tracer and deprecation notes about the exporter, not about the result
            torch.onnx.export(
                LastHiddenState(), tuple(sample[name] for name in names), temp,
                input_names=names, output_names=["hidden"], dynamic_axes=axes, opset_version=ONNX_OPSET, dynamo=False,
            )
        os.replace(temp, path)
        for stale in path.parent.glob("minilm-query-*.onnx"):  # exports for other weights or library versions
            # Another install sharing this cache dir may still use its export: only long-unused ones go.
            if stale != path and time.time() - stale.stat().st_mtime > STALE_EXPORT_DAYS * 86400:
                stale.unlink(missing_ok=True)
    finally:
        Path(temp).unlink(missing_ok=True)


def _session(path: Path) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    # One thread: a query is embedded beside SQLite and LanceDB work on the other core.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
