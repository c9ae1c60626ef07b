"""Reading a GGUF file's header: name, architecture, quantisation, context length.

The model manager shows and checks a file before it is registered, and that
must not cost a model load (llama.cpp maps the whole file and builds a
context) nor depend on `llama_cpp` being importable. The header is small and
its layout is fixed (ggml's `docs/gguf.md`): magic, version, tensor count, then
typed key/value pairs. Only the scalar keys we show are kept; arrays (the
vocabulary: 262k strings for Gemma 3) are skipped without being decoded.

Anything that does not parse is reported as `InputError` naming the file, so
a corrupt or truncated download is refused before it is registered.
"""
from __future__ import annotations

import logging
import mmap
import struct
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from remembrancer.memory.errors import InputError

logger = logging.getLogger(__name__)

MAGIC = b"GGUF"
_MAX_STRING = 64 * 1024 * 1024  # a chat template is a few KB; a larger length means a corrupt file
_MAX_KEYS = 1_000_000

# GGUF value types -> struct format of one scalar (8 = string and 9 = array are special).
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
_U64 = struct.Struct("<Q")

# llama.cpp's `llama_ftype` (general.file_type): the quantisation most tensors use.
FILE_TYPES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K", 11: "Q3_K_S",
    12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K",
    19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL",
    26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16",
    36: "TQ1_0", 37: "TQ2_0",
}


@dataclass(frozen=True)
class GGUFInfo:
    """What the header says about a model file."""

    name: str
    architecture: str
    quantisation: str
    context_length: int
    size_bytes: int
    has_chat_template: bool
    version: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GGUFInfo:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


def read_gguf_info(path: str | Path) -> GGUFInfo:
    """The header of `path`; `InputError` naming the file when it is not a readable GGUF file."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            if handle.read(4) != MAGIC:
                raise InputError("not a GGUF file (the file does not start with 'GGUF')", path)
            if size < 24:
                raise EOFError(f"only {size} bytes")
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
                meta, version = _Cursor(view, path).header()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a .gguf file", path) from None
    except (struct.error, EOFError) as exc:
        raise InputError(f"not a valid GGUF file (truncated or corrupt header: {exc})", path) from None
    except UnicodeDecodeError:
        raise InputError("not a valid GGUF file (a header key is not UTF-8)", path) from None
    arch = str(meta.get("general.architecture", "unknown"))
    file_type = meta.get("general.file_type")
    return GGUFInfo(
        name=str(meta.get("general.name") or path.stem),
        architecture=arch,
        quantisation=FILE_TYPES.get(file_type, f"type {file_type}") if isinstance(file_type, int) else "unknown",
        context_length=int(meta.get(f"{arch}.context_length", 0) or 0),
        size_bytes=size,
        has_chat_template=bool(meta.get("tokenizer.chat_template")),
        version=version,
    )


class _Cursor:
    """Reads the header from a memory map (the vocabulary alone is megabytes of small strings)."""

    def __init__(self, view: mmap.mmap, path: Path):
        self.view = view
        self.path = path
        self.pos = 4
        self.size = len(view)

    def header(self) -> tuple[dict[str, Any], int]:
        version, n_tensors, n_keys = self.unpack("<IQQ")
        if version not in (2, 3) or n_keys > _MAX_KEYS or n_tensors > _MAX_KEYS:
            raise InputError(f"unsupported or corrupt GGUF header (version {version}, {n_keys} keys)", self.path)
        meta: dict[str, Any] = {}
        for _ in range(n_keys):
            key = self.string()
            (kind,) = self.unpack("<I")
            meta[key] = self.value(kind)
        self.check_tensor_extent(n_tensors, int(meta.get("general.alignment") or 32))
        return meta, version

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        width = struct.calcsize(fmt)
        if self.pos + width > self.size:
            raise EOFError(f"the header runs past the end of the file at byte {self.pos}")
        values = struct.unpack_from(fmt, self.view, self.pos)
        self.pos += width
        return values

    def string(self) -> str:
        (length,) = self.unpack("<Q")
        if length > _MAX_STRING or self.pos + length > self.size:
            raise EOFError(f"a string of {length} bytes at byte {self.pos}")
        text = self.view[self.pos:self.pos + length].decode("utf-8")
        self.pos += length
        return text

    def value(self, kind: int) -> Any:
        if kind in _SCALARS:
            return self.unpack(_SCALARS[kind])[0]
        if kind == _STRING:
            return self.string()
        if kind == _ARRAY:
            item_kind, count = self.unpack("<IQ")
            self.skip_array(item_kind, count)
            return None  # arrays (vocabulary, merges) are never shown
        raise EOFError(f"unknown value type {kind}")

    def skip_array(self, kind: int, count: int) -> None:
        if kind in _SCALARS:
            self.pos += struct.calcsize(_SCALARS[kind]) * count
        elif kind == _STRING:  # the hot loop: 262k vocabulary strings for Gemma 3
            read_length, view, pos = _U64.unpack_from, self.view, self.pos
            for _ in range(count):
                pos += 8 + read_length(view, pos)[0]  # struct.error past the end: reported as corrupt
            self.pos = pos
        elif kind == _ARRAY:
            for _ in range(count):
                inner, inner_count = self.unpack("<IQ")
                self.skip_array(inner, inner_count)
        else:
            raise EOFError(f"unknown array item type {kind}")
        if self.pos > self.size:
            raise EOFError("an array runs past the end of the file")

    def check_tensor_extent(self, n_tensors: int, alignment: int) -> None:
        """Refuse a file cut short: the last tensor must start inside it.

        A truncated download keeps a perfect header; the tensor table says where
        each tensor's data begins, so a file ending before the last start is
        corrupt. (A cut inside the last tensor is left to llama.cpp's own check.)
        """
        last_offset = 0
        for _ in range(n_tensors):
            self.string()
            (n_dims,) = self.unpack("<I")
            if n_dims > 8:
                raise EOFError(f"a tensor with {n_dims} dimensions")
            self.pos += 8 * n_dims + 4
            (offset,) = self.unpack("<Q")
            last_offset = max(last_offset, offset)
        data_start = -(-self.pos // alignment) * alignment
        if n_tensors and data_start + last_offset >= self.size:
            raise EOFError(f"the tensor data ends early ({self.size} bytes, tensors start up to byte {data_start + last_offset})")
