"""The LanceDB vector index, keyed by SQLite message ids.

LanceDB holds nothing that SQLite does not: ids and vectors only, so the whole
folder can be deleted and rebuilt (`remembrancer reindex`). Above
`ANN_MIN_ROWS` vectors an IVF index is built, because a flat scan of 100k
384-d vectors costs ~250 ms here and an indexed query ~10 ms.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

ANN_MIN_ROWS = 20_000
# Re-train the index when this share of rows is not covered by it: LanceDB
# flat-scans unindexed rows, which is correct but slows search as they grow.
ANN_STALE_FRACTION = 0.2
# Search: probe this many IVF partitions (of ~sqrt(rows)) and re-rank
# refine_factor * k PQ candidates with their full vectors. Measured at 100k
# MiniLM vectors against a flat scan (benchmarks/scale.py corpus, 200 queries):
# 48/2 finds 0.90 of the true top 10 and 0.80 of the top 100 in ~9 ms;
# the former 24/4 found 0.84 and 0.72 in ~10 ms (re-ranking costs more than probing).
ANN_NPROBES = 48
ANN_REFINE_FACTOR = 2


class VectorIndex:
    """One LanceDB table of (id, vector) pairs for one memory level."""

    def __init__(self, folder: Path, table: str, dim: int):
        os.environ.setdefault("LANCE_LOG", "error")
        import lancedb

        self.folder = folder
        self.table_name = table
        self.dim = dim
        folder.mkdir(parents=True, exist_ok=True)
        self._db = lancedb.connect(str(folder))
        self._table = self._open_or_create()

    def _schema(self):
        import pyarrow as pa

        return pa.schema([pa.field("id", pa.string()), pa.field("vector", pa.list_(pa.float32(), self.dim))])

    def _open_or_create(self):
        if self.table_name in self._db.list_tables().tables:
            table = self._db.open_table(self.table_name)
            vector_type = table.schema.field("vector").type
            if getattr(vector_type, "list_size", self.dim) == self.dim:
                return table
            logger.warning("vector table %s has another dimension; recreating it", self.table_name)
            self._db.drop_table(self.table_name)
        return self._db.create_table(self.table_name, schema=self._schema())

    def drop(self) -> None:
        """Remove every vector (the index is rebuilt from SQLite afterwards)."""
        self._db.drop_table(self.table_name)
        self._table = self._db.create_table(self.table_name, schema=self._schema())

    def count(self) -> int:
        return self._table.count_rows()

    def ids(self) -> set[str]:
        # A plain scan of the id column: `to_lance()` would need the separate
        # `pylance` package, which is not a dependency.
        column = self._table.search().select(["id"]).limit(None).to_arrow().column("id")
        return set(column.to_pylist())

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        import pyarrow as pa

        if not len(ids):
            return
        flat = pa.array(np.ascontiguousarray(vectors, dtype=np.float32).ravel())
        batch = pa.table({"id": pa.array(list(ids), pa.string()), "vector": pa.FixedSizeListArray.from_arrays(flat, self.dim)})
        self._table.add(batch)

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            quoted = ", ".join("'" + i.replace("'", "''") + "'" for i in chunk)
            self._table.delete(f"id IN ({quoted})")

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Top-k ids by cosine similarity (higher is closer)."""
        if self.count() == 0:
            return []
        query = self._table.search(np.asarray(vector, dtype=np.float32)).distance_type("cosine").limit(k)
        if self.has_ann_index():
            query = query.nprobes(ANN_NPROBES).refine_factor(ANN_REFINE_FACTOR)
        result = query.select(["id", "_distance"]).to_arrow()
        ids = result.column("id").to_pylist()
        distances = result.column("_distance").to_pylist()
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances)]

    def has_ann_index(self) -> bool:
        if not hasattr(self, "_has_index"):
            self._has_index = bool(self._table.list_indices())
        return self._has_index

    def optimize(self) -> None:
        """Compact small fragments left by many appends (search slows with them)."""
        try:
            self._table.optimize()
        except Exception:  # optimisation is an optimisation; never fail a write for it
            logger.exception("LanceDB optimize failed")

    def ensure_ann_index(self, force: bool = False) -> bool:
        """Build or refresh the ANN index when the table is large enough.

        Returns True when an index was (re)built.
        """
        rows = self.count()
        if rows < ANN_MIN_ROWS and not force:
            return False
        if self.has_ann_index() and not force:
            stats = self._table.index_stats(self._table.list_indices()[0].name)
            unindexed = getattr(stats, "num_unindexed_rows", 0) or 0
            if unindexed <= ANN_STALE_FRACTION * rows:
                return False
        partitions = max(16, int(rows**0.5))
        logger.info("building ANN index over %d vectors (%d partitions)", rows, partitions)
        self._table.create_index(
            metric="cosine", index_type="IVF_PQ", num_partitions=partitions, num_sub_vectors=self.dim // 8, replace=True
        )
        self._has_index = True
        return True


def fetch_vectors(index: VectorIndex, ids: list[str]) -> dict[str, np.ndarray]:
    """Stored vectors by id (for dedupe and clustering without re-embedding)."""
    out: dict[str, np.ndarray] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        quoted = ", ".join("'" + i.replace("'", "''") + "'" for i in chunk)
        table = index._table.search().where(f"id IN ({quoted})").select(["id", "vector"]).limit(None).to_arrow()
        for i, vector in zip(table.column("id").to_pylist(), table.column("vector").to_numpy(zero_copy_only=False)):
            out[i] = np.asarray(vector, dtype=np.float32)
    return out
