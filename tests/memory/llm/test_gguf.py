"""Reading GGUF headers: the bundled model's metadata, and clear errors for corrupt files."""
from __future__ import annotations

from pathlib import Path

import pytest

from remembrancer.memory.errors import InputError
from remembrancer.memory.llm.gguf import read_gguf_info
from tests.memory.llm.gguf_files import write_tiny_gguf


def test_bundled_model_metadata(bundled_gguf: Path) -> None:
    info = read_gguf_info(bundled_gguf)
    assert info.architecture == "gemma3"
    assert info.quantisation == "Q4_K_M"
    assert info.context_length == 32768
    assert info.size_bytes == bundled_gguf.stat().st_size
    assert info.has_chat_template is False  # a base model: callers use completion-style prompts
    assert "270m" in info.name.lower()


def test_tiny_header_reads_without_tensors(tmp_path: Path) -> None:
    info = read_gguf_info(write_tiny_gguf(tmp_path / "tiny.gguf", context=1024, file_type=7))
    assert (info.name, info.architecture, info.quantisation, info.context_length) == ("tiny test model", "tiny", "Q8_0", 1024)


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "does not start with 'GGUF'"),
        (b"PK\x03\x04 a zip file, not a model" * 4, "does not start with 'GGUF'"),
        (b"GGUF" + b"\x03\x00\x00\x00", "truncated or corrupt"),
        (b"GGUF" + b"\x07\x00\x00\x00" + b"\x00" * 16, "unsupported or corrupt"),
    ],
)
def test_corrupt_files_are_named(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "broken.gguf"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_gguf_info(path)
    assert str(path) in str(err.value) and reason in str(err.value)


def test_truncated_download_is_refused(bundled_gguf: Path, tmp_path: Path) -> None:
    """Half of the real file: a perfect header, but the tensor data ends early."""
    half = tmp_path / "half.gguf"
    with bundled_gguf.open("rb") as src:
        half.write_bytes(src.read(bundled_gguf.stat().st_size // 2))
    with pytest.raises(InputError, match="tensor data ends early"):
        read_gguf_info(half)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_gguf_info(tmp_path / "nope.gguf")
    with pytest.raises(InputError, match="is a folder"):
        read_gguf_info(tmp_path)
