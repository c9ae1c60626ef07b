"""The vector index: exact in-memory search for small tables, an in-memory IVF for mid-sized ones, LanceDB ANN for large ones."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from remembrancer.memory.store import vectors as vectors_module
from remembrancer.memory.store.vectors import VectorIndex

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
    monkeypatch.setattr(vectors_module, "IVF_MAX_ROWS", 100)  # above the in-memory IVF's size too
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
    monkeypatch.setattr(vectors_module, "IN_MEMORY_MAX_ROWS", 100)
    monkeypatch.setattr(vectors_module, "IVF_MAX_ROWS", 100)
    index.add([f"t{i}" for i in range(600)], unit_rows(600))
    from lancedb.index import IvfPq

    from remembrancer.memory.store.lance_loop import run

    run(index._table.create_index("vector", config=IvfPq(distance_type="cosine", num_partitions=4, num_sub_vectors=2)))
    index._indices = None
    assert index.ensure_ann_index() is True
    assert [str(i.index_type) for i in index._index_list() if "vector" in i.columns] == [vectors_module.ANN_INDEX_TYPE]


def clustered_rows(n: int, clusters: int = 40, seed: int = 0) -> np.ndarray:
    """Unit vectors around a few centres, as sentence embeddings are (uniform noise has no structure to index)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, DIM))
    rows = centres[rng.integers(0, clusters, n)] + 0.35 * rng.normal(size=(n, DIM))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def mid_sized(index: VectorIndex, monkeypatch: pytest.MonkeyPatch) -> tuple[VectorIndex, np.ndarray, list[str]]:
    monkeypatch.setattr(vectors_module, "IN_MEMORY_MAX_ROWS", 100)
    monkeypatch.setattr(vectors_module, "IVF_MAX_ROWS", 100_000)
    matrix = clustered_rows(3000)
    ids = [f"t{i}" for i in range(3000)]
    index.add(ids, matrix)
    return index, matrix, ids


def test_mid_sized_tables_are_searched_in_memory_once_the_ivf_is_built(mid_sized, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    index, matrix, ids = mid_sized
    assert index.search(matrix[0], 10)[0][0] == "t0"  # LanceDB answers: nobody asked for the in-memory index
    assert not index._ivf.ready() and index._ivf._builder is None
    index.warm(wait=True)
    monkeypatch.setattr(VectorIndex, "_lancedb_search", lambda *a: pytest.fail("LanceDB asked"))
    overlap = []
    for position in range(0, 3000, 60):
        hits = index.search(matrix[position], 10)
        assert hits[0][0] == ids[position] and hits[0][1] == pytest.approx(1.0, abs=0.02)
        overlap.append(len({i for i, _ in hits} & set(exact_top(matrix, ids, matrix[position], 10))) / 10)
    assert np.mean(overlap) >= 0.85


def test_the_ivf_follows_adds_and_deletes(mid_sized) -> None:  # type: ignore[no-untyped-def]
    index, matrix, ids = mid_sized
    index.warm(wait=True)
    extra = clustered_rows(20, seed=7)
    index.add([f"new{i}" for i in range(20)], extra)  # kept aside and searched exactly
    assert index._ivf.ready()
    assert index.search(extra[3], 1)[0][0] == "new3"
    index.delete(["t5", "new3"])
    assert index._ivf._index is None  # dropped: LanceDB answers until the rebuild, which starts by itself
    assert index.search(extra[3], 1)[0][0] != "new3"
    assert index.search(matrix[5], 1)[0][0] != "t5"
    index._ivf._builder.join(10)
    assert index._ivf.ready() and index.search(matrix[5], 1)[0][0] != "t5" and index.search(matrix[6], 1)[0][0] == "t6"


def test_a_build_overtaken_by_a_write_is_dropped() -> None:
    import threading

    from remembrancer.memory.store.ivf import IvfCache

    release = threading.Event()
    rows = clustered_rows(500)

    def slow_load() -> tuple[list[str], np.ndarray]:
        release.wait(5)
        return [f"t{i}" for i in range(500)], rows

    cache = IvfCache(slow_load, "things")
    assert cache.search(rows[0], 1) is None and cache._builder is None  # not asked for: the caller asks LanceDB
    assert cache.warm() is False  # the build starts
    cache.added(["late"], rows[:1])  # a write the loaded rows may not hold
    release.set()
    cache._builder.join(5)
    assert cache._index is None
    assert cache.warm(wait=True, timeout=5) and cache.search(rows[0], 1)[0][0] == "t0"


def test_ivf_with_every_partition_probed_ranks_as_the_exact_search() -> None:
    from remembrancer.memory.store.ivf import InMemoryIvf

    matrix = clustered_rows(800)
    ids = [f"t{i}" for i in range(800)]
    ivf = InMemoryIvf(ids, matrix)
    for query in clustered_rows(10, seed=3):
        hits = ivf.search(query, 5, nprobe=len(ivf.centroids))
        exact = matrix @ query
        assert [i for i, _ in hits][:1] == exact_top(matrix, ids, query, 1)
        for i, sim in hits:
            assert sim == pytest.approx(float(exact[ids.index(i)]), abs=0.02)  # int8 codes


def test_ivf_orders_near_ties_as_the_exact_search() -> None:
    """Neighbours closer than the int8 codes resolve (0.0002 cosine apart) come back in their exact order:
    the best rows by codes are rescored with the residual codes."""
    from remembrancer.memory.store.ivf import InMemoryIvf

    rng = np.random.default_rng(11)
    query = unit_rows(1, seed=4)[0]
    noise = rng.normal(size=(400, DIM))
    noise -= np.outer(noise @ query, query)  # orthogonal to the query
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    cosines = 0.8 - 0.0002 * rng.permutation(400)
    matrix = (cosines[:, None] * query + np.sqrt(1 - cosines**2)[:, None] * noise).astype(np.float32)
    matrix = np.vstack([matrix, clustered_rows(1600, seed=9)])
    ids = [f"t{i}" for i in range(len(matrix))]
    ivf = InMemoryIvf(ids, matrix)
    hits = ivf.search(query, 20, nprobe=len(ivf.centroids))
    assert [i for i, _ in hits] == exact_top(matrix, ids, query, 20)
    exact = matrix @ query
    assert all(sim == pytest.approx(float(exact[ids.index(i)]), abs=2e-4) for i, sim in hits)


def test_warming_an_empty_or_small_table_builds_no_ivf(index: VectorIndex, caplog: pytest.LogCaptureFixture) -> None:
    """The desktop app warms every level when it opens a store, new ones too: nothing to build, nothing logged."""
    import logging

    from remembrancer.memory.store.ivf import InMemoryIvf

    with caplog.at_level(logging.ERROR):
        index.warm(wait=True)
        assert index._ivf._builder is None and index.search(unit_rows(1)[0], 3) == []
        index.add(["a", "b"], unit_rows(2))
        index.warm(wait=True)
        assert index._ivf._builder is None and index._copy is not None
    assert not caplog.records
    assert InMemoryIvf([], np.zeros((0, DIM), np.float32)).search(unit_rows(1)[0], 3) == []


def test_a_table_whose_creation_was_killed_is_created_again(tmp_path: Path) -> None:
    """A process killed inside create_table leaves a folder with no version: the next open must not fail on it."""
    import shutil

    VectorIndex(tmp_path / "vectors", "things", DIM)
    shutil.rmtree(tmp_path / "vectors" / "things.lance" / "_versions")  # what a kill before the first commit leaves
    index = VectorIndex(tmp_path / "vectors", "things", DIM)
    assert index.count() == 0
    index.add(["a"], np.ones((1, DIM), dtype=np.float32))
    assert index.count() == 1
