"""An inverted-file index in memory: approximate cosine search over 8-bit codes.

Why not LanceDB's own IVF index for mid-sized tables: each LanceDB query has
a fixed cost, ~8 ms of CPU here (planning, its runtime's threads, reading the
ids back), whatever the probe count; a recall runs two (messages, facts), a
quarter of its CPU at 100k messages. This index answers the same question in
~2 ms from memory. It is a cache: built from the LanceDB table on first use,
kept up to date by the writes made through the same `VectorIndex`, and
dropped when in doubt.

Layout: spherical k-means (about sqrt(rows) partitions) over the unit
vectors; rows stored by partition as int8 codes with one scale per dimension
(a quarter of float32's memory: 38 MB per 100k MiniLM vectors), and a second
int8 array of what the codes leave out (the residual, at 1/254 of the code's
step). A search scores the centroids, then the rows of the `nprobe` nearest
partitions by their codes, then rescores its best `REFINE_FACTOR` x k by
codes plus residuals: 16-bit resolution for the order of the top, which
8-bit codes alone cannot give where neighbours differ by less than 0.001
cosine (a million stand-in vectors: 0.705 of the exact top 10 by codes). The
residuals are read for those few rows only (a loaded copy reads them from
its file, `memory.store.ivf_file.ResidualFile`).
"""
from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from remembrancer.memory.kmeans import spherical_kmeans, unit_rows

logger = logging.getLogger(__name__)

TRAIN_ROWS_PER_PARTITION = 64  # k-means trains on a sample of this many rows per partition
MAX_TRAIN_ROWS = 131_072  # and on no more than this many in all (a million rows: ~1 min of CPU to train and assign)
TRAIN_ITERATIONS = 8
# Partitions: about sqrt(rows), and past ~65k rows at most this many rows each,
# so that a search reads about the same number of rows at a million as at 100k.
ROWS_PER_PARTITION = 256
MAX_PARTITIONS = 4096
# A search scores the rows of this share of the partitions. Measured at 100k
# MiniLM messages (316 partitions) with 150 real queries against an exact
# search: 32 probes find 0.87 of the true top 10 and 0.82 of the top 100 in
# 2.2 ms, 48 probes 0.91 and 0.87 in 3.0 ms; LanceDB's IVF_SQ with 48 probes
# 0.90 and 0.83 in 7.9 ms.
PROBE_SHARE = 1 / 8
MIN_PROBES = 16
# Past 768 partitions the share would read ever more rows (the cost of a
# search is the rows it reads); this many probes read ~25k rows. At a million
# messages (3,906 partitions, 40 questions against an exact search) 48 probes
# brought 0.80 of the exact top 10 among the 100 candidates and 0.85 of the
# facts' top 10; 96 probes 0.89 and 0.92, for ~2.3 ms more on the thread that
# runs beside recall's full-text searches (recall p50 48.3 -> 39.3 ms in the
# same run: no slower). The messages' top 10 stays ~0.7 with the stand-in
# vectors used at that size: for 3 of 4 questions their 10th and 11th nearest
# differ by less than 0.001 cosine, below what int8 codes resolve.
MAX_PROBES = 96
# A search rescores this many times k of the rows the codes rank best. On the
# 1M store (100 questions, k = 100) 2x gave the same top 10 as 8x and 0.998
# of its top 100 (1x: 0.971), each row costing a read (`ivf_file.ResidualFile`).
REFINE_FACTOR = 2
RESIDUAL_STEPS = 254  # residual step = code step / this: |residual| <= step / 2 fits int8
# Rows added after the build are searched exactly beside it; past this share
# of the indexed rows the index is rebuilt (in the background).
MAX_DELTA_SHARE = 0.2
# After writes, the saved copy (`IvfCache(saved=...)`) is brought up to date
# this long after the last one: an import writes in batches, saved once.
SAVE_DELAY = 2.0


class InMemoryIvf:
    """Ids and int8 codes grouped by nearest centroid."""

    saved_base: str | None = None  # the saved snapshot holding these arrays (`memory.store.ivf_file`)

    def __init__(self, ids: Sequence[str], vectors: np.ndarray, seed: int = 0):
        unit = unit_rows(np.asarray(vectors, dtype=np.float32))
        self.centroids = train_centroids(unit, partitions_for(len(unit)), seed)
        assignment = self._assign(unit)
        order = np.argsort(assignment, kind="stable")
        # One scale per dimension, from the largest magnitude seen: codes use the whole int8 range.
        self.scale = np.maximum(np.abs(unit).max(axis=0) if len(unit) else np.ones(unit.shape[1], np.float32), 1e-6) / 127.0
        self.codes, self.residual = quantize(unit, order, self.scale)
        self.ids = [ids[i] for i in order]
        self.bounds = np.searchsorted(assignment[order], np.arange(len(self.centroids) + 1))

    @classmethod
    def from_arrays(
        cls, ids: Sequence[str], centroids: np.ndarray, scale: np.ndarray, codes: np.ndarray, bounds: np.ndarray, residual: np.ndarray
    ) -> InMemoryIvf:
        """An index from saved arrays (no training): `codes` and `ids` may be read-only memory maps, `residual` read from its file."""
        index = cls.__new__(cls)
        index.ids, index.centroids, index.scale, index.codes, index.bounds = ids, centroids, scale, codes, bounds
        index.residual = residual
        return index

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, vector: np.ndarray, k: int, nprobe: int | None = None) -> list[tuple[str, float]]:
        """Top-k (id, approximate cosine similarity), best first."""
        if not len(self.ids) or k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32)
        query = query / (float(np.linalg.norm(query)) or 1.0)
        nprobe = nprobe or probes_for(len(self.centroids))
        nearest = np.argsort(-(self.centroids @ query))[: min(nprobe, len(self.centroids))]
        weights = self.scale * query
        positions, scores = [], []
        for partition in nearest:
            start, end = self.bounds[partition], self.bounds[partition + 1]
            if end > start:
                positions.append(np.arange(start, end))
                scores.append(self.codes[start:end].astype(np.float32) @ weights)
        if not positions:
            return []
        rows, sims = np.concatenate(positions), np.concatenate(scores)
        shortlist = min(len(rows), REFINE_FACTOR * k)
        if shortlist < len(rows):
            keep = np.argpartition(-sims, shortlist - 1)[:shortlist]
            rows, sims = rows[keep], sims[keep]
        order = np.argsort(rows, kind="stable")  # ascending positions: the residual rows are read forward
        rows, sims = rows[order], sims[order]
        sims = sims + self.residual[rows].astype(np.float32) @ (weights / RESIDUAL_STEPS)
        k = min(k, len(rows))
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.lexsort((rows[top], -sims[top]))]  # ties: the earlier row, as before
        return [(str(self.ids[rows[n]]), float(sims[n])) for n in top]

    def _assign(self, unit: np.ndarray) -> np.ndarray:
        out = np.empty(len(unit), dtype=np.int64)
        for start in range(0, len(unit), 8192):  # bounded temporary: 8192 x partitions floats
            out[start : start + 8192] = np.argmax(unit[start : start + 8192] @ self.centroids.T, axis=1)
        return out


def quantize(unit: np.ndarray, order: np.ndarray, scale: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows of `unit` taken in `order` as (int8 codes, int8 residuals), in slices: a million rows never copied whole."""
    codes = np.empty((len(order), unit.shape[1]), dtype=np.int8)
    residual = np.empty_like(codes)
    step = scale / RESIDUAL_STEPS
    for start in range(0, len(order), 65536):
        rows = unit[order[start : start + 65536]]
        part = np.round(rows / scale)
        codes[start : start + len(rows)] = part
        residual[start : start + len(rows)] = np.clip(np.round((rows - part * scale) / step), -127, 127)
    return codes, residual


def partitions_for(rows: int) -> int:
    return max(1, min(MAX_PARTITIONS, max(int(math.sqrt(rows)), rows // ROWS_PER_PARTITION)))


def probes_for(partitions: int) -> int:
    return min(MAX_PROBES, max(MIN_PROBES, math.ceil(PROBE_SHARE * partitions)))


def train_centroids(unit: np.ndarray, partitions: int, seed: int = 0) -> np.ndarray:
    """Spherical k-means on a sample: unit centroids that maximise cosine to their members."""
    return spherical_kmeans(unit, partitions, seed, rows_per_partition=TRAIN_ROWS_PER_PARTITION,
                            max_sample=MAX_TRAIN_ROWS, iterations=TRAIN_ITERATIONS)


class IvfCache:
    """The `InMemoryIvf` of one table: built on a background thread, the rows added since searched exactly beside it.

    Only a long-lived process asks for it (`warm`: the desktop app when it
    opens a store, a benchmark): a build takes seconds of CPU (~6 s for 100k
    MiniLM vectors here), which a one-shot command would pay for nothing.
    `search` answers None until the index is ready (the caller asks LanceDB
    meanwhile), so no search ever waits for a build. Every write moves the
    generation on; a build that started before a delete, or before an add it
    cannot see, is dropped and started again.

    With `saved` and `key` (the LanceDB table state: version, rows, dim), the
    index is saved there after a build and again `SAVE_DELAY` seconds after
    writes (`memory.store.ivf_file`), and the next process loads it instead
    of building when the key still matches. Writes to the table run inside
    `writing()`: the table's version moves before the cache follows, and a
    save must not pair the new version with the old rows.
    """

    def __init__(
        self,
        load: Callable[[], tuple[list[str], np.ndarray]],
        name: str,
        saved: Path | None = None,
        key: Callable[[], dict[str, Any]] | None = None,
    ):
        self._load = load
        self._name = name
        self._saved = saved
        self._key = key
        self._lock = threading.Lock()
        self._generation = 0
        self._index: InMemoryIvf | None = None
        self._delta_ids: list[str] = []
        self._delta: list[np.ndarray] = []
        self._builder: threading.Thread | None = None
        self._wanted = False
        self._writes = 0  # LanceDB writes in flight
        self._epoch = 0  # moves at the start and end of every write
        self._saved_epoch: int | None = None  # the epoch the saved copy stands for
        self._timer: threading.Timer | None = None
        self._saved_tried = False

    def ready(self) -> bool:
        """Whether searches can be answered now; if wanted and not built (a write dropped it), the build starts.

        Not wanted (a one-shot command), the saved copy is used when it is current.
        """
        if self._index is None:
            if self._wanted:
                self.start_build()
            elif not self._saved_tried:
                self._adopt_saved()
        return self._index is not None

    def _adopt_saved(self) -> None:
        """Load the saved copy on this thread, once: memory maps (a one-shot recall at a million rows,
        load included, p50 25 ms), where LanceDB without an ANN index of its own scans the whole table
        at every search (0.57 s there)."""
        self._saved_tried = True
        with self._lock:
            if self._writes:
                return
            generation, epoch = self._generation, self._epoch
        loaded = self._load_saved()
        if loaded is None:
            return
        index, delta_ids, delta = loaded
        with self._lock:
            if generation == self._generation and epoch == self._epoch and self._index is None:
                self._index, self._delta_ids, self._delta = index, list(delta_ids), [delta] if len(delta_ids) else []
                self._saved_epoch = epoch

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]] | None:
        with self._lock:
            index, delta_ids, delta = self._index, list(self._delta_ids), list(self._delta)
        if index is None:
            self.ready()
            return None
        hits = index.search(vector, k)
        if delta_ids:
            query = np.asarray(vector, dtype=np.float32) / (float(np.linalg.norm(vector)) or 1.0)
            sims = np.vstack(delta) @ query
            hits = sorted([*hits, *zip(delta_ids, map(float, sims))], key=lambda hit: -hit[1])[:k]
        return hits

    def added(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        with self._lock:
            self._generation += 1
            if self._index is None:
                return
            self._delta_ids.extend(ids)
            self._delta.append(unit_rows(np.asarray(vectors, dtype=np.float32)))
            if len(self._delta_ids) > MAX_DELTA_SHARE * len(self._index):
                self._drop()

    def invalidate(self) -> None:
        with self._lock:
            self._generation += 1
            self._drop()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Around a LanceDB write: no save meanwhile; afterwards the saved copy is brought up to date (soon, once)."""
        with self._lock:
            self._writes += 1
            self._epoch += 1
        try:
            yield
        finally:
            with self._lock:
                self._writes -= 1
                self._epoch += 1
            self._schedule_save()

    def save(self) -> bool:
        """Save the index with the rows added since, keyed by the table state it stands for. True when the saved copy is current."""
        if self._saved is None or self._key is None:
            return False
        with self._lock:
            if self._index is None or self._writes:
                return False
            if self._saved_epoch == self._epoch:
                return True
            epoch, generation = self._epoch, self._generation
        key = self._key()
        with self._lock:
            if (self._epoch, self._generation) != (epoch, generation) or self._writes or self._index is None:
                return False  # a write came between: the key may not describe these rows
            index, delta_ids, delta = self._index, list(self._delta_ids), list(self._delta)
        if key.get("rows") != len(index) + len(delta_ids):
            # another process wrote the table: this cache does not hold its rows, so it must not outlive this process
            logger.info("the in-memory index of %s does not match its table; not saved", self._name)
            return False
        from remembrancer.memory.store import ivf_file

        dim = index.codes.shape[1]
        try:
            ivf_file.save(self._saved, index, delta_ids, np.vstack(delta) if delta else np.zeros((0, dim), np.float32), key)
        except OSError:
            logger.exception("saving the in-memory index of %s failed", self._name)
            return False
        with self._lock:
            if self._epoch == epoch:
                self._saved_epoch = epoch
        return True

    def forget_saved(self) -> None:
        """Delete the saved copy (the table was dropped: its versions start again)."""
        if self._timer is not None:
            self._timer.cancel()
        if self._saved is not None:
            from remembrancer.memory.store import ivf_file

            ivf_file.remove(self._saved)

    def start_build(self) -> None:
        with self._lock:
            if self._index is not None or (self._builder is not None and self._builder.is_alive()):
                return
            self._builder = threading.Thread(target=self._build, args=(self._generation,), name=f"ivf-{self._name}", daemon=True)
            self._builder.start()

    def warm(self, wait: bool = False, timeout: float | None = None) -> bool:
        """Keep this index built from now on; start building it, and `wait` for it. True when it is ready."""
        self._wanted = True
        self.start_build()
        builder = self._builder
        if wait and builder is not None:
            builder.join(timeout)
        return self._index is not None

    def _drop(self) -> None:
        self._index, self._delta_ids, self._delta = None, [], []

    def _schedule_save(self) -> None:
        if self._saved is None or self._index is None:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(SAVE_DELAY, self._save_quietly)
        self._timer.daemon = True
        self._timer.start()

    def _save_quietly(self) -> bool:
        try:
            return self.save()
        except Exception:  # a cache: the next start rebuilds
            logger.exception("saving the in-memory index of %s failed", self._name)
            return False

    def _adopt_saved_copy(self, generation: int) -> None:
        """After a build and its save: search the saved copy (memory-mapped codes, residuals read from the file)
        instead of the arrays built here, which held 0.8 GB of this process's memory at a million rows."""
        loaded = self._load_saved()
        if loaded is None:
            return
        index, delta_ids, delta = loaded
        with self._lock:
            if generation == self._generation and not self._writes and self._saved_epoch == self._epoch and self._index is not None:
                self._index, self._delta_ids, self._delta = index, list(delta_ids), [delta] if len(delta_ids) else []

    def _load_saved(self) -> tuple[InMemoryIvf, list[str], np.ndarray] | None:
        if self._saved is None or self._key is None:
            return None
        from remembrancer.memory.store import ivf_file

        try:
            return ivf_file.load(self._saved, self._key())
        except Exception:  # never trust a file that fails oddly: rebuild
            logger.exception("loading the saved in-memory index of %s failed; rebuilding", self._name)
            return None

    def _build(self, generation: int) -> None:
        try:
            started = time.perf_counter()
            with self._lock:
                epoch = self._epoch if not self._writes else None
            loaded = self._load_saved()
            if loaded is not None:
                index, delta_ids, delta = loaded
            else:
                ids, matrix = self._load()
                index, delta_ids, delta = InMemoryIvf(ids, matrix), [], np.zeros((0, matrix.shape[1]), np.float32)
        except Exception:  # a cache: LanceDB keeps answering
            logger.exception("building the in-memory index of %s failed", self._name)
            return
        with self._lock:
            current = generation == self._generation
            if current:
                self._index, self._delta_ids, self._delta = index, list(delta_ids), [delta] if len(delta_ids) else []
                if loaded is not None and epoch is not None and epoch == self._epoch:
                    self._saved_epoch = epoch  # just read from the saved copy: nothing to write back
        how = "loaded" if loaded is not None else "built"
        logger.info("in-memory index of %s %s: %d rows, %d partitions, %.1f s", self._name, how, len(index) + len(delta_ids), len(index.centroids), time.perf_counter() - started)
        if current and loaded is None and self._save_quietly():
            self._adopt_saved_copy(generation)
