"""The vector index: exact in-memory search for small tables, LanceDB ANN for large ones."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from memory.store import vectors as vectors_module
from memory.store.vectors import VectorIndex

DIM = 16


def unit_rows(n: int, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def exact_top(matrix: np.ndarray, ids: list[str], query: np.ndarray, k: int) -> list[str]:
    order = np.argsort(-(matrix @ query), kind="stable")[:k]
    return [ids[i] for i in order]


@pytest.fixture
def index(tmp_path: Path) -> VectorIndex:
    return VectorIndex(tmp_path / "vectors", "things", DIM)


def test_small_table_search_is_exact(index: VectorIndex) -> None:
    matrix = unit_rows(300)
    ids = [f"t{i}" for i in range(300)]
    index.add(ids, matrix)
    for query in unit_rows(5, seed=1):
        hits = index.search(query, 10)
        assert [i for i, _ in hits] == exact_top(matrix, ids, query, 10)
        assert hits[0][1] == pytest.approx(float(matrix[ids.index(hits[0][0])] @ query), abs=1e-5)


def test_in_memory_copy_follows_adds_and_deletes(index: VectorIndex) -> None:
    matrix = unit_rows(50)
    index.add([f"t{i}" for i in range(40)], matrix[:40])
    index.search(matrix[0], 1)  # loads the copy
    index.add([f"t{i}" for i in range(40, 50)], matrix[40:])
    assert index.search(matrix[45], 1)[0][0] == "t45"
    assert index.count() == 50
    index.delete(["t45"])
    assert index.search(matrix[45], 1)[0][0] != "t45"
    assert index.count() == 49
    assert set(index.vectors(["t3", "t45"])) == {"t3"}


def test_vectors_by_id_round_trip_with_and_without_the_copy(index: VectorIndex) -> None:
    matrix = unit_rows(30)
    index.add([f"t{i}" for i in range(30)], matrix)
    index.ensure_id_index()
    from_lancedb = index.vectors(["t1", "t7", "missing"])
    index.search(matrix[0], 1)
    from_copy = index.vectors(["t1", "t7", "missing"])
    assert set(from_lancedb) == set(from_copy) == {"t1", "t7"}
    np.testing.assert_allclose(from_lancedb["t7"], matrix[7], atol=1e-6)
    np.testing.assert_allclose(from_copy["t7"], matrix[7], atol=1e-6)


def test_the_id_index_is_not_taken_for_a_vector_index(index: VectorIndex) -> None:
    index.add(["a", "b"], unit_rows(2))
    assert index.ensure_id_index() is True
    assert index.ensure_id_index() is False  # once
    assert index.has_ann_index() is False


def test_large_tables_are_searched_through_the_ann_index(index: VectorIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectors_module, "IN_MEMORY_MAX_ROWS", 100)
    monkeypatch.setattr(vectors_module, "ANN_MIN_ROWS", 101)
    matrix = unit_rows(2000)
    ids = [f"t{i}" for i in range(2000)]
    index.add(ids, matrix)
    assert index.ensure_ann_index() is True
    assert index.has_ann_index() is True
    found = 0
    for position in range(0, 2000, 100):  # a stored vector finds itself first
        found += index.search(matrix[position], 5)[0][0] == ids[position]
    assert found >= 18
    assert index._copy is None  # no in-memory copy of a large table


def test_an_older_kind_of_ann_index_is_replaced(index: VectorIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectors_module, "ANN_MIN_ROWS", 101)
    index.add([f"t{i}" for i in range(600)], unit_rows(600))
    from lancedb.index import IvfPq

    index._table.create_index("vector", config=IvfPq(distance_type="cosine", num_partitions=4, num_sub_vectors=2))
    index._indices = None
    assert index.ensure_ann_index() is True
    assert [str(i.index_type) for i in index._index_list() if "vector" in i.columns] == [vectors_module.ANN_INDEX_TYPE]
