"""Downloads, tested only against a local file:// folder and a refused port (never the network)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from remembrancer.memory.errors import InputError
from remembrancer.memory.llm.download import download_model
from remembrancer.memory.llm.errors import ModelError
from remembrancer.memory.llm.models import ModelManager
from tests.memory.llm.gguf_files import write_tiny_gguf


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    """A folder laid out like the Hub's URLs: <base>/<owner>/<repo>/resolve/main/<file>."""
    folder = tmp_path / "hub" / "someone" / "tiny-GGUF" / "resolve" / "main"
    folder.mkdir(parents=True)
    write_tiny_gguf(folder / "tiny-q8_0.gguf")
    (folder / "notes.gguf").write_text("not a model", encoding="utf-8")
    return tmp_path / "hub"


@pytest.fixture
def manager(tmp_path: Path) -> ModelManager:
    return ModelManager(tmp_path / "data", tmp_path / "cache")


def test_download_verifies_and_registers(hub: Path, manager: ModelManager) -> None:
    source = hub / "someone" / "tiny-GGUF" / "resolve" / "main" / "tiny-q8_0.gguf"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    seen: list[tuple[int, int]] = []
    entry = download_model(manager, "someone/tiny-GGUF", "tiny-q8_0.gguf", sha256=digest,
                           progress=lambda done, total, _: seen.append((done, total)), base_url=hub.as_uri())
    assert entry.source == "downloaded" and entry.sha256 == digest and entry.origin == "someone/tiny-GGUF/tiny-q8_0.gguf"
    assert Path(entry.path).read_bytes() == source.read_bytes()
    assert seen and seen[-1][0] == source.stat().st_size
    assert [e.name for e in manager.entries()][-1] == "tiny-q8_0"


def test_checksum_mismatch_registers_nothing(hub: Path, manager: ModelManager) -> None:
    with pytest.raises(ModelError, match="checksum mismatch"):
        download_model(manager, "someone/tiny-GGUF", "tiny-q8_0.gguf", sha256="0" * 64, base_url=hub.as_uri())
    assert not manager.registry_path.exists()
    assert not list(manager.models_dir.iterdir())


def test_a_download_that_is_not_gguf_registers_nothing(hub: Path, manager: ModelManager) -> None:
    with pytest.raises(InputError, match="not a GGUF file"):
        download_model(manager, "someone/tiny-GGUF", "notes.gguf", base_url=hub.as_uri())
    assert not list(manager.models_dir.iterdir())


def test_offline_fails_clearly(manager: ModelManager) -> None:
    with pytest.raises(ModelError, match="no network"):
        download_model(manager, "someone/tiny-GGUF", "tiny-q8_0.gguf", base_url="http://127.0.0.1:9", timeout=5)
    assert not manager.registry_path.exists()


@pytest.mark.parametrize("repo, filename, message", [
    ("not-a-repo", "a.gguf", "OWNER/NAME"),
    ("someone/tiny", "../../etc/passwd.gguf", "inside the repo"),
    ("someone/tiny", "weights.bin", "expected a .gguf"),
])
def test_bad_arguments_are_input_errors(manager: ModelManager, repo: str, filename: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        download_model(manager, repo, filename, base_url="http://127.0.0.1:9")
