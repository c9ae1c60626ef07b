"""The in-memory IVF index (`memory.store.ivf`) saved beside its LanceDB table, so a restart loads it instead of rebuilding it.

Why: building it costs k-means plus int8 coding, ~5 s of CPU at 100k vectors
and about a minute at 1M, paid at every start of the app. Loading the saved
arrays costs a fraction of a second, and the codes are memory-mapped: pages
are read as searches touch them, and they are shared with the page cache
rather than copied.

Layout: one folder `<table>.ivf` holding `.npy` arrays (centroids, scale,
codes, residual codes, bounds, ids; the rows added after the build as unit float32 vectors
and their ids) and `key.json`: the LanceDB table version and row count the
arrays stand for, the dimension, a format number and a token naming this
snapshot. A save writes a new folder beside it and swaps it in by renames;
arrays that did not change since the last save (the build's, when only the
added rows moved on) are hard links to the previous ones, so keeping the
saved copy current after a write costs little.

Trust: the key must match the open table exactly, or the folder is ignored
and the index rebuilt; so is anything unreadable or inconsistent (array
shapes, the token read before and after loading, which catches a save by
another process swapping the folder mid-load). A recreated table restarts its
versions, so `VectorIndex.drop` deletes the folder.

Privacy: the folder holds ids and quantised vectors only, no text. Like the
LanceDB table it is derived from, it is not encrypted (the vectors of an
encrypted store are stored unencrypted in LanceDB already).
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
import weakref
from pathlib import Path
from typing import Any

import numpy as np

from remembrancer.memory.store.ivf import InMemoryIvf

logger = logging.getLogger(__name__)

FORMAT = 2  # 2: the residual codes (`memory.store.ivf`); a format-1 copy is rebuilt once
BASE_ARRAYS = ("centroids", "scale", "codes", "residual", "bounds", "ids")
KEY_FILE = "key.json"


def folder_for(vectors_folder: Path, table: str) -> Path:
    return vectors_folder / f"{table}.ivf"


def save(path: Path, index: InMemoryIvf, delta_ids: list[str], delta: np.ndarray, key: dict[str, Any]) -> None:
    """Write (index, rows added since) as the snapshot valid for `key`, atomically.

    The base arrays are linked from the current snapshot when it holds the
    same build (same `base` token), else written anew.
    """
    base = getattr(index, "saved_base", None) or uuid.uuid4().hex
    staging = path.with_name(f"{path.name}.tmp-{uuid.uuid4().hex}")
    staging.mkdir(parents=True)
    try:
        previous = _read_key(path)
        reuse = previous is not None and previous.get("base") == base
        for name in BASE_ARRAYS:
            if reuse:
                try:
                    os.link(path / f"{name}.npy", staging / f"{name}.npy")
                    continue
                except OSError:  # no hard links here, or the folder was swapped: write it
                    pass
            _write_array(staging / f"{name}.npy", _base_array(index, name))
        _write_array(staging / "delta_ids.npy", np.asarray(delta_ids, dtype=np.str_).reshape(-1))
        _write_array(staging / "delta.npy", np.ascontiguousarray(delta, dtype=np.float32).reshape(-1, index.codes.shape[1]))
        record = {**key, "format": FORMAT, "base": base, "token": uuid.uuid4().hex}
        (staging / KEY_FILE).write_text(json.dumps(record), encoding="utf-8")
        _swap_in(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    index.saved_base = base  # later saves of the same build link these arrays


def load(path: Path, key: dict[str, Any]) -> tuple[InMemoryIvf, list[str], np.ndarray] | None:
    """The saved (index, added ids, added unit vectors) if the folder stands for exactly `key`; else None."""
    first = _read_key(path)
    if first is None:
        return None
    wanted = {**key, "format": FORMAT}
    if any(first.get(name) != value for name, value in wanted.items()):
        logger.info("the saved in-memory index at %s is for another table state; rebuilding", path.name)
        return None
    try:
        centroids = np.load(path / "centroids.npy")
        scale = np.load(path / "scale.npy")
        codes = np.load(path / "codes.npy", mmap_mode="r")
        residual = residual_rows(path / "residual.npy")
        bounds = np.load(path / "bounds.npy")
        ids = np.load(path / "ids.npy", mmap_mode="r")  # mapped like the codes: reading a million ids took 0.31 s
        delta_ids = np.load(path / "delta_ids.npy").tolist()
        delta = np.load(path / "delta.npy")
    except (OSError, ValueError) as exc:  # missing, truncated, not an array (pickles are refused)
        logger.warning("the saved in-memory index at %s is unreadable (%s); rebuilding", path.name, type(exc).__name__)
        return None
    dim = key.get("dim")
    consistent = (
        codes.dtype == np.int8 and codes.ndim == 2 and codes.shape[1] == dim
        and residual.dtype == np.int8 and residual.shape == codes.shape and residual.complete()
        and centroids.ndim == 2 and centroids.shape[1] == dim and scale.shape == (dim,)
        and bounds.shape == (len(centroids) + 1,) and bounds[0] == 0 and bounds[-1] == len(codes)
        and bool(np.all(np.diff(bounds) >= 0)) and ids.dtype.kind == "U" and ids.ndim == 1 and len(ids) == len(codes)
        and delta.ndim == 2 and delta.shape == (len(delta_ids), dim)
        and len(ids) + len(delta_ids) == key.get("rows")
    )
    if not consistent:
        logger.warning("the saved in-memory index at %s is inconsistent; rebuilding", path.name)
        return None
    if _read_key(path) != first:  # another process swapped in a new snapshot while this one was read
        logger.info("the saved in-memory index at %s changed while loading; rebuilding", path.name)
        return None
    index = InMemoryIvf.from_arrays(ids, centroids.astype(np.float32, copy=False), scale.astype(np.float32, copy=False), codes, bounds.astype(np.int64, copy=False), residual)
    index.saved_base = first["base"]
    return index, [str(i) for i in delta_ids], delta.astype(np.float32, copy=False)


class ResidualFile:
    """A saved 2-D int8 array whose rows are read from the file on demand (`os.pread`), never mapped.

    Why not a memory map like the codes: a search reads a few hundred
    scattered rows of it, and each page fault maps 64 KB around the row (the
    kernel's fault-around, whatever `madvise` says), so within a hundred
    recalls the whole file (384 MB at a million rows) counted in the app's
    resident memory for rows it seldom reads again. Reading them costs
    ~0.5 ms per 400 rows, from the page cache. The descriptor is opened at
    load and pins this snapshot's file, as a map would, when a later save
    swaps the folder.
    """

    def __init__(self, path: Path):
        with open(path, "rb") as handle:
            version = np.lib.format.read_magic(handle)
            read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, fortran_order, dtype = read_header(handle)
            self._offset = handle.tell()
        if fortran_order or len(shape) != 2:
            raise ValueError("not a C-ordered 2-D array")
        self.shape: tuple[int, int] = (int(shape[0]), int(shape[1]))
        self.dtype = np.dtype(dtype)
        self._fd = os.open(path, os.O_RDONLY)
        self._closer = weakref.finalize(self, os.close, self._fd)
        self._size = os.fstat(self._fd).st_size

    def complete(self) -> bool:
        """The file holds every row its header announces (a truncated copy is rebuilt)."""
        return self._size >= self._offset + self.shape[0] * self.shape[1] * self.dtype.itemsize

    def __getitem__(self, rows: np.ndarray) -> np.ndarray:
        width = self.shape[1] * self.dtype.itemsize
        start = self._offset
        data = b"".join([os.pread(self._fd, width, start + int(row) * width) for row in np.asarray(rows).ravel()])
        return np.frombuffer(data, dtype=self.dtype).reshape(-1, self.shape[1])

    def __array__(self, dtype=None, copy=None) -> np.ndarray:  # noqa: ANN001
        """Every row, read at once: a save that cannot link the saved file writes it from this."""
        size = self.shape[0] * self.shape[1] * self.dtype.itemsize
        chunks, done = [], 0
        while done < size:
            chunk = os.pread(self._fd, min(size - done, 1 << 26), self._offset + done)
            if not chunk:
                raise OSError("the residual file ended early")
            chunks.append(chunk)
            done += len(chunk)
        array = np.frombuffer(b"".join(chunks), dtype=self.dtype).reshape(self.shape)
        return array.astype(dtype, copy=False) if dtype is not None else array


def residual_rows(path: Path) -> ResidualFile | np.ndarray:
    """The residual codes as read rows (`ResidualFile`), or a memory map where `os.pread` does not exist (Windows)."""
    if hasattr(os, "pread"):
        return ResidualFile(path)
    return np.load(path, mmap_mode="r")


def remove(path: Path) -> None:
    """Delete the saved index and any leftovers of interrupted saves."""
    for leftover in [path, *path.parent.glob(f"{path.name}.tmp-*"), *path.parent.glob(f"{path.name}.old-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
        if leftover.exists():  # Windows keeps a mapped file open: the key goes, so the rest is ignored
            (leftover / KEY_FILE).unlink(missing_ok=True)
            logger.warning("could not delete %s completely", leftover.name)


def _base_array(index: InMemoryIvf, name: str) -> np.ndarray:
    if name == "ids":
        return np.asarray(index.ids, dtype=np.str_).reshape(-1)
    return np.ascontiguousarray(getattr(index, name))


def _write_array(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as out:
        np.save(out, array, allow_pickle=False)
        out.flush()
        os.fsync(out.fileno())


def _read_key(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads((path / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _swap_in(staging: Path, path: Path) -> None:
    """Replace `path` by `staging`: the old folder is renamed away first (a folder cannot replace a full one)."""
    old = path.with_name(f"{path.name}.old-{uuid.uuid4().hex}")
    try:
        os.replace(path, old)
    except FileNotFoundError:
        old = None  # type: ignore[assignment]
    os.replace(staging, path)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
