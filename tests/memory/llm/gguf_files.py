"""Small GGUF files written byte by byte, for tests that must not copy 250 MB."""
from __future__ import annotations

import struct
from pathlib import Path


def _string(text: str) -> bytes:
    data = text.encode("utf-8")
    return struct.pack("<Q", len(data)) + data


def write_tiny_gguf(path: Path, name: str = "tiny test model", context: int = 512, file_type: int = 15) -> Path:
    """A well-formed GGUF v3 header with no tensors: readable metadata, nothing to run."""
    keys = [
        _string("general.architecture") + struct.pack("<I", 8) + _string("tiny"),
        _string("general.name") + struct.pack("<I", 8) + _string(name),
        _string("general.file_type") + struct.pack("<I", 4) + struct.pack("<I", file_type),
        _string("tiny.context_length") + struct.pack("<I", 4) + struct.pack("<I", context),
        _string("tokenizer.ggml.tokens") + struct.pack("<I", 9) + struct.pack("<IQ", 8, 2) + _string("a") + _string("b"),
    ]
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, len(keys)) + b"".join(keys))
    return path
