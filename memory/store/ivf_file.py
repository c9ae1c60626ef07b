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
        residual = np.load(path / "residual.npy", mmap_mode="r")  # read for a search's few best rows only
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
        and residual.dtype == np.int8 and residual.shape == codes.shape
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
