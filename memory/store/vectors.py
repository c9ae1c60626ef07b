"""The LanceDB vector index, keyed by SQLite ids.

LanceDB holds nothing that SQLite does not: ids and vectors only, so the whole
folder can be deleted and rebuilt (`remembrancer reindex`).

Search takes one of three paths, by table size and process (measured here,
384-d MiniLM, 2 cores):
- up to `IN_MEMORY_MAX_ROWS` rows, an exact search over a NumPy copy of the
  table (loaded on first search, at most ~30 MB): ~1.3 ms at 20k rows, where
  every LanceDB call costs at least ~2 ms and its flat scan ~1 ms per 1,000
  rows (6 ms for 6k scenes); fetching vectors by id from the copy is free.
  Larger copies stop paying: a product over 50k rows takes 3.4 ms of both
  cores (6.8 ms on one), as much CPU as an indexed search;
- above it, in a long-lived process that asks for it (`warm`), an
  in-memory IVF index (`memory.store.ivf`, ~3 ms where a LanceDB query costs
  ~8 ms of CPU at 100k rows), built in the background, or loaded from the
  copy the last writer saved (a one-shot command loads it on its first
  search: memory maps, a recall p50 of 25 ms at a million rows); until it is ready
  (no current saved copy), LanceDB scans the table (58 ms at 100k, 0.57 s
  at a million);
- above `IVF_MAX_ROWS`, LanceDB with an IVF index of 8-bit scalar-quantised
  vectors.
Vectors are fetched from LanceDB by id through a BTREE index on `id`.

`search_together` runs the searches of one recall
(messages, facts, scenes) at once. LanceDB's synchronous query builder makes
six trips to its event loop thread per search (three of them to read the
schema), so every call here uses LanceDB's public asynchronous API on one
loop this process owns (`memory.store.lance_loop`): one trip with the
searches gathered lets its runtime run them in parallel. Measured at 100k
messages and 50k facts: 4.8 ms for one search through the query API against
6.7 ms through the builder, 6.8 ms for both gathered against ~15 ms when
two threads each ran one.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import os
import time
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

import numpy as np

from remembrancer.memory.store import ivf_file
from remembrancer.memory.store.ivf import IvfCache
from remembrancer.memory.store.lance_loop import run, submit

logger = logging.getLogger(__name__)

T = TypeVar("T")
# Tries of a LanceDB commit that another process's commit pre-empted (0.05 s, then doubling).
COMMIT_RETRIES = 6

IN_MEMORY_MAX_ROWS = 20_000
# Up to this many rows, searches go to an in-memory IVF (`memory.store.ivf`,
# memory-mapped when loaded from its saved copy) once it is built or loaded;
# LanceDB answers until then and above the cap. Imports build and save it
# (`maintain`), so a process that opens a large store loads it in seconds.
IVF_MAX_ROWS = 4_000_000  # int8 codes: 1.5 GB at the cap; a million rows take 384 MB
# LanceDB's ANN index is built only for tables past IVF_MAX_ROWS: below it,
# searches never use it once the IVF is loaded, and building it took 14 s of
# a 100k import (454 s) and 51 s of a million's. Without it, LanceDB scans
# while no current IVF copy exists (after a crash mid-import: the IVF's build,
# 6 s at 100k and ~50 s at a million, in the background).
# Re-train the index when this share of rows is not covered by it: LanceDB
# flat-scans unindexed rows, which is correct but slows search as they grow.
ANN_STALE_FRACTION = 0.2
# Search probes this many IVF partitions (of ~sqrt(rows)). Measured at 100k
# MiniLM vectors against an exact search (benchmarks/scale.py corpus, 200
# queries, top 100): IVF_SQ with 48 probes finds 0.89 of the true top 10 and
# 0.82 of the top 100 in 4.2 ms (p50); IVF_PQ (48 sub-vectors) with 48 probes
# and 2x re-ranking found 0.89 and 0.79 in 6.4 ms, without re-ranking 0.68
# and 0.68 in 4.3 ms; IVF_FLAT 0.90 and 0.83 in 5.3 ms.
ANN_NPROBES = 48
ANN_INDEX_TYPE = "IvfSq"


class VectorIndex:
    """One LanceDB table of (id, vector) pairs for one memory level."""

    def __init__(self, folder: Path, table: str, dim: int):
        os.environ.setdefault("LANCE_LOG", "error")
        import lancedb

        self.folder = folder
        self.table_name = table
        self.dim = dim
        folder.mkdir(parents=True, exist_ok=True)
        self._db = run(lancedb.connect_async(str(folder)))
        self._table = run(self._open_or_create())  # a lancedb AsyncTable
        self._forget_caches()

    def _forget_caches(self) -> None:
        # The row count, the index list and the in-memory copy all change only
        # through this object's writes (a LanceDB table handle does not see
        # other processes' writes either until it is reopened).
        self._count: int | None = None
        self._indices: list | None = None
        self._copy: _InMemoryCopy | None = None
        if getattr(self, "_ivf", None) is None:
            self._ivf = IvfCache(self.all_vectors, self.table_name, saved=ivf_file.folder_for(self.folder, self.table_name), key=self._ivf_key)
        else:
            self._ivf.invalidate()

    def _ivf_key(self) -> dict:
        """The table state a saved in-memory IVF must stand for: a write or another process's commit changes the version."""
        return {"table": self.table_name, "version": run(self._table.version()), "rows": run(self._table.count_rows()), "dim": self.dim}

    def _schema(self):
        import pyarrow as pa

        return pa.schema([pa.field("id", pa.string()), pa.field("vector", pa.list_(pa.float32(), self.dim))])

    async def _open_or_create(self):
        if self.table_name in (await self._db.list_tables()).tables and self._half_created():
            # A process killed inside create_table leaves the table's folder without a version: it held
            # nothing yet, and opening it failed ("Table 'messages' was not found") at every later open.
            logger.warning("vector table %s was never finished (a killed process); creating it again", self.table_name)
            await self._db.drop_table(self.table_name)
        if self.table_name in (await self._db.list_tables()).tables:
            table = await self._db.open_table(self.table_name)
            vector_type = (await table.schema()).field("vector").type
            if getattr(vector_type, "list_size", self.dim) == self.dim:
                return table
            logger.warning("vector table %s has another dimension; recreating it", self.table_name)
            await self._db.drop_table(self.table_name)
        return await self._db.create_table(self.table_name, schema=self._schema())

    def _half_created(self) -> bool:
        """The table's folder exists but no version of it was ever committed."""
        versions = Path(self.folder) / f"{self.table_name}.lance" / "_versions"
        return not versions.is_dir() or not any(versions.glob("*.manifest"))

    async def _recreated(self):
        await self._db.drop_table(self.table_name)
        return await self._db.create_table(self.table_name, schema=self._schema())

    def drop(self) -> None:
        """Remove every vector (the index is rebuilt from SQLite afterwards), and the saved in-memory IVF: the new table's versions start again."""
        with self._ivf.writing():
            self._table = run(self._recreated())
            self._forget_caches()
        self._ivf.forget_saved()

    def count(self) -> int:
        if self._count is None:
            self._count = run(self._table.count_rows())
        return self._count

    def id_list(self) -> list[str]:
        """Every stored id in table order, repeats included (a repeat is a defect `check` reports)."""
        # A plain scan of the id column: `to_lance()` would need the separate
        # `pylance` package, which is not a dependency.
        return run(self._table.query().select(["id"]).to_arrow()).column("id").to_pylist()

    def ids(self) -> set[str]:
        return set(self.id_list())

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        import pyarrow as pa

        if not len(ids):
            return
        matrix = np.ascontiguousarray(vectors, dtype=np.float32)
        flat = pa.array(matrix.ravel())
        batch = pa.table({"id": pa.array(list(ids), pa.string()), "vector": pa.FixedSizeListArray.from_arrays(flat, self.dim)})
        with self._ivf.writing():  # the cache follows inside: no save pairs the new version with the old rows
            self._retrying("append", lambda: run(self._table.add(batch)))
            if self._count is not None:
                self._count += len(ids)
            if self._copy is not None:
                self._copy = self._copy.extended(list(ids), matrix) if self.count() <= IN_MEMORY_MAX_ROWS else None
            self._ivf.added(list(ids), matrix)

    def delete(self, ids: Sequence[str]) -> None:
        with self._ivf.writing():
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                where = f"id IN ({_quoted(chunk)})"
                self._retrying("delete", lambda: run(self._table.delete(where)))
            if len(ids):
                self._forget_caches()

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Top-k ids by cosine similarity (higher is closer)."""
        if self.count() == 0:
            return []
        return search_together([(self, vector, k)])[0]

    def _memory_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]] | None:
        """The search from memory, or None when LanceDB must answer (no in-memory index, or not built yet)."""
        rows = self.count()
        if rows == 0:
            return []
        if rows <= IN_MEMORY_MAX_ROWS:
            return self._in_memory().search(np.asarray(vector, dtype=np.float32), k)
        if rows <= IVF_MAX_ROWS:
            with _one_blas_thread():
                return self._ivf.search(vector, k)
        return None

    def warm(self, wait: bool = False) -> None:
        """Load what searches will read from memory: the exact copy, or the IVF index (kept built from now on; `wait` for it)."""
        rows = self.count()
        if 0 < rows <= IN_MEMORY_MAX_ROWS:
            self._in_memory()
        elif IN_MEMORY_MAX_ROWS < rows <= IVF_MAX_ROWS:
            self._ivf.warm(wait)

    def all_vectors(self) -> tuple[list[str], np.ndarray]:
        """Every id and vector of the table, in table order (a contiguous float32 matrix)."""
        table = run(self._table.query().select(["id", "vector"]).to_arrow())
        column = table.column("vector").combine_chunks()
        if not table.num_rows:
            return [], np.zeros((0, self.dim), np.float32)
        matrix = column.values.to_numpy(zero_copy_only=False).reshape(-1, self.dim).astype(np.float32, copy=False)
        return table.column("id").to_pylist(), matrix

    def _searches_in_memory(self) -> bool:
        """Whether `_memory_search` answers now: the exact copy's size, or a built IVF (else LanceDB does)."""
        rows = self.count()
        return rows <= IN_MEMORY_MAX_ROWS or (rows <= IVF_MAX_ROWS and self._ivf.ready())

    def _lancedb_search(self, vector: np.ndarray, k: int) -> Coroutine:
        """The LanceDB search as a coroutine for the LanceDB loop."""
        query = self._table.query().nearest_to(np.asarray(vector, dtype=np.float32)).column("vector").distance_type("cosine").limit(k)
        if self.has_ann_index():
            query = query.nprobes(ANN_NPROBES)
        return query.select(["id", "_distance"]).to_arrow()

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors by id (for dedupe, clustering and ranking without re-embedding).

        From the in-memory copy when a search loaded it; an import does not
        load it just for this, since its writes would keep invalidating it.
        """
        return self.vectors_soon(ids).result()

    def vectors_soon(self, ids: Sequence[str]) -> Future:
        """`vectors(ids)` as a future: a LanceDB fetch runs on its threads while the caller goes on."""
        if self._copy is not None or not len(ids):
            done: Future = Future()
            done.set_result(self._copy.vectors(ids) if self._copy is not None else {})
            return done
        chunks = [ids[start : start + 500] for start in range(0, len(ids), 500)]
        fetches = [self._table.query().where(f"id IN ({_quoted(chunk)})").select(["id", "vector"]).to_arrow() for chunk in chunks]
        return submit(_vectors_by_id(fetches))

    def _in_memory(self) -> _InMemoryCopy:
        if self._copy is None:
            self._copy = _InMemoryCopy(*self.all_vectors())
        return self._copy

    def _index_list(self) -> list:
        if self._indices is None:
            self._indices = list(run(self._table.list_indices()))
        return self._indices

    def has_ann_index(self) -> bool:
        """Whether LanceDB holds an ANN index of this table (tables past `IVF_MAX_ROWS`, or from older versions)."""
        return any(_is_vector_index(index) for index in self._index_list())

    def searched_approximately(self) -> bool:
        """Whether searches go through an approximate index (the in-memory IVF or LanceDB's), not an exact scan."""
        return self.count() > IN_MEMORY_MAX_ROWS or self.has_ann_index()

    def optimize(self) -> None:
        """Compact small fragments left by many appends (search slows with them); bring indexes up to date."""
        try:
            self._retrying("compaction", lambda: run(self._table.optimize()))
        except Exception:  # optimisation is an optimisation; never fail a write for it
            logger.exception("LanceDB optimize failed")
        self._indices = None

    def _retrying(self, what: str, operation: Callable[[], T]) -> T:
        """Run a LanceDB write again when another process committed first.

        Two processes writing one data dir (the app and a CLI import, two
        imports on a first run) each compact and index the same tables; Lance
        refuses the later commit with a *retryable* conflict. The handle is
        moved to the latest version and the operation tried again, which then
        finds, for example, the index the other process just built.
        """
        for attempt in range(COMMIT_RETRIES):
            try:
                with self._ivf.writing():
                    return operation()
            except RuntimeError as exc:
                if "retryable commit conflict" not in str(exc).lower() or attempt == COMMIT_RETRIES - 1:
                    raise
                logger.info("%s of vector table %s met another process's commit; retrying", what, self.table_name)
                time.sleep(0.05 * 2**attempt)
                run(self._table.checkout_latest())
                self._forget_caches()
        raise AssertionError("unreachable")

    def purge_old_versions(self) -> None:
        """Compact and drop every older version of the table: deleted rows leave no file behind (`forget --hard`)."""
        import warnings
        from datetime import timedelta

        with warnings.catch_warnings():  # it warns that older versions go away: that is the point here
            warnings.simplefilter("ignore", UserWarning)
            with self._ivf.writing():
                run(self._table.optimize(cleanup_older_than=timedelta(0), delete_unverified=True))
                self._forget_caches()

    def maintain(self) -> None:
        """After a batch of writes: compact, then build or refresh the indexes the size calls for.

        Past the exact copy's size, the in-memory IVF is brought up to date and
        saved too: a process that opens the store next loads it instead of
        spending a minute of CPU at a million rows to build it.
        """
        self.optimize()
        self.ensure_id_index()
        self.ensure_ann_index()
        if IN_MEMORY_MAX_ROWS < self.count() <= IVF_MAX_ROWS:
            self._ivf.warm(wait=True)
            self._ivf.save()

    def follow_writes(self) -> None:
        """Before a large table is written (an import): load its saved in-memory IVF, so the writes extend it instead of outdating it."""
        if IN_MEMORY_MAX_ROWS < self.count() <= IVF_MAX_ROWS:
            self._ivf.warm(wait=True)

    def ensure_id_index(self) -> bool:
        """A BTREE index on `id`, so that fetching and deleting by id do not scan the table."""
        if self.count() == 0 or any(list(index.columns) == ["id"] for index in self._index_list()):
            return False
        from lancedb.index import BTree

        def build() -> None:
            if not any(list(index.columns) == ["id"] for index in run(self._table.list_indices())):  # another process may have built it
                run(self._table.create_index("id", config=BTree(), replace=True))

        self._retrying("id index", build)
        self._indices = None
        return True

    def ensure_ann_index(self, force: bool = False) -> bool:
        """Build or refresh the ANN index when the table is large enough.

        Returns True when an index was (re)built.
        """
        rows = self.count()
        if rows <= IVF_MAX_ROWS and not force:
            return False
        vector_index = next((index for index in self._index_list() if _is_vector_index(index)), None)
        if vector_index is not None and str(vector_index.index_type) != ANN_INDEX_TYPE:
            logger.info("replacing the %s index of %s by %s", vector_index.index_type, self.table_name, ANN_INDEX_TYPE)
        elif vector_index is not None and not force:
            stats = run(self._table.index_stats(vector_index.name))
            unindexed = getattr(stats, "num_unindexed_rows", 0) or 0
            if unindexed <= ANN_STALE_FRACTION * rows:
                return False
        partitions = max(16, int(rows**0.5))
        logger.info("building ANN index over %d vectors (%d partitions)", rows, partitions)
        from lancedb.index import IvfSq

        config = IvfSq(distance_type="cosine", num_partitions=partitions)
        self._retrying("ANN index", lambda: run(self._table.create_index("vector", config=config, replace=True)))
        self._indices = None
        self._copy = None
        return True


class _InMemoryCopy:
    """Unit-normalised vectors of a small table in memory, for exact search by one matrix product."""

    def __init__(self, ids: list[str], matrix: np.ndarray):
        self.ids = ids
        self.raw = matrix
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self.unit = matrix / np.where(norms == 0, 1.0, norms)
        self.position = {i: n for n, i in enumerate(ids)}

    def extended(self, ids: list[str], matrix: np.ndarray) -> _InMemoryCopy:
        return _InMemoryCopy(self.ids + ids, np.vstack([self.raw, matrix]))

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        norm = float(np.linalg.norm(vector)) or 1.0
        with _one_blas_thread():
            similarity = self.unit @ (vector / norm)
        k = min(k, len(self.ids))
        if k <= 0:
            return []
        top = np.argpartition(-similarity, k - 1)[:k]
        top = top[np.argsort(-similarity[top], kind="stable")]
        return [(self.ids[n], float(similarity[n])) for n in top]

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        return {i: self.raw[self.position[i]] for i in ids if i in self.position}


def search_together(requests: Sequence[tuple[VectorIndex, np.ndarray, int]]) -> list[list[tuple[str, float]]]:
    """Top-k (id, cosine similarity) of each (index, vector, k), in request order.

    The LanceDB searches go to the LanceDB loop in one trip and run there in
    parallel while the in-memory ones run on this thread.
    """
    in_lancedb = [n for n, (index, _, _) in enumerate(requests) if not index._searches_in_memory()]
    pending = None
    if in_lancedb:
        searches = [requests[n][0]._lancedb_search(requests[n][1], requests[n][2]) for n in in_lancedb]
        pending = submit(_gathered(searches))
    results: list[list[tuple[str, float]]] = [[] for _ in requests]
    for n, (index, vector, k) in enumerate(requests):
        if n not in in_lancedb:
            found = index._memory_search(vector, k)
            # dropped by a write since the start: LanceDB answers
            results[n] = found if found is not None else _hits(run(index._lancedb_search(vector, k)))
    if pending is not None:
        for n, table in zip(in_lancedb, pending.result()):
            results[n] = _hits(table)
    return results


def _hits(table) -> list[tuple[str, float]]:  # noqa: ANN001  (a pyarrow table of id, _distance)
    return [(i, 1.0 - float(d)) for i, d in zip(table.column("id").to_pylist(), table.column("_distance").to_pylist())]


async def _gathered(searches: list[Coroutine]) -> list:
    return await asyncio.gather(*searches)


async def _vectors_by_id(fetches: list[Coroutine]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for table in await asyncio.gather(*fetches):
        for i, vector in zip(table.column("id").to_pylist(), table.column("vector").to_numpy(zero_copy_only=False)):
            out[i] = np.asarray(vector, dtype=np.float32)
    return out


@functools.cache
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _one_blas_thread():
    """Run a small product on the calling thread only.

    OpenBLAS's helper threads spin for a while after each call; recall runs
    SQLite on the other core at the same time, and measured here a 6k-row
    product with two BLAS threads slowed those full-text queries from 9 to
    17 ms. One thread costs 0.08 ms more per product.
    """
    return _blas_controller().limit(limits=1, user_api="blas")


def _is_vector_index(index) -> bool:
    return "vector" in list(index.columns) and "btree" not in str(index.index_type).lower()


def _quoted(ids: Sequence[str]) -> str:
    return ", ".join("'" + i.replace("'", "''") + "'" for i in ids)
