"""The in-memory IVF saved beside its LanceDB table: loaded at the next start when the table is unchanged, ignored when in doubt."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from remembrancer.memory.store import ivf as ivf_module
from remembrancer.memory.store import ivf_file
from remembrancer.memory.store import vectors as vectors_module
from remembrancer.memory.store.vectors import VectorIndex
from tests.memory.store.test_vectors import DIM, clustered_rows


@pytest.fixture
def mid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, np.ndarray]:
    monkeypatch.setattr(vectors_module, "IN_MEMORY_MAX_ROWS", 100)
    monkeypatch.setattr(vectors_module, "IVF_MAX_ROWS", 100_000)
    monkeypatch.setattr(ivf_module, "SAVE_DELAY", 60.0)  # the tests save explicitly
    matrix = clustered_rows(3000)
    VectorIndex(tmp_path / "vectors", "things", DIM).add([f"t{i}" for i in range(3000)], matrix)
    return tmp_path / "vectors", matrix


def no_kmeans(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("k-means ran: the saved index was not loaded")

    monkeypatch.setattr(ivf_module, "train_centroids", refuse)


def results(index: VectorIndex, queries: np.ndarray) -> list[list[tuple[str, float]]]:
    return [index.search(query, 10) for query in queries]


def test_a_restart_loads_the_saved_index_and_searches_alike(mid, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder, matrix = mid
    first = VectorIndex(folder, "things", DIM)
    first.warm(wait=True)
    assert (folder / "things.ivf" / "key.json").exists()
    # once saved, the builder searches the saved copy too: its own arrays would stay in its memory
    assert isinstance(first._ivf._index.codes, np.memmap) and isinstance(first._ivf._index.residual, ivf_file.ResidualFile)
    queries = clustered_rows(20, seed=5)
    built = results(first, queries)
    no_kmeans(monkeypatch)
    second = VectorIndex(folder, "things", DIM)
    second.warm(wait=True)
    assert second._ivf.ready() and isinstance(second._ivf._index.codes, np.memmap) and isinstance(second._ivf._index.ids, np.memmap)
    monkeypatch.setattr(VectorIndex, "_lancedb_search", lambda *a: pytest.fail("LanceDB asked"))
    found = results(second, queries)
    assert found == built and all(type(i) is str for hits in found for i, _ in hits)


def test_the_saved_copy_searches_as_the_arrays_it_was_saved_from(tmp_path: Path) -> None:
    """Residual rows read from the file (`ResidualFile`) score as the built array does, scores included."""
    matrix = clustered_rows(2000, seed=2)
    built = ivf_module.InMemoryIvf([f"t{i}" for i in range(2000)], matrix)
    key = {"version": 1, "rows": 2000, "dim": DIM}
    ivf_file.save(tmp_path / "t.ivf", built, [], np.zeros((0, DIM), np.float32), key)
    loaded, _, _ = ivf_file.load(tmp_path / "t.ivf", key)
    assert isinstance(loaded.residual, ivf_file.ResidualFile) and loaded.residual.shape == built.residual.shape
    rows = np.array([0, 7, 1999, 7])
    assert np.array_equal(loaded.residual[rows], built.residual[rows])
    for query in clustered_rows(10, seed=6):
        assert loaded.search(query, 20) == built.search(query, 20)
    loaded.saved_base = None  # a save that cannot link the files writes them from the loaded copy
    ivf_file.save(tmp_path / "again.ivf", loaded, [], np.zeros((0, DIM), np.float32), key)
    assert np.array_equal(np.load(tmp_path / "again.ivf" / "residual.npy"), built.residual)


def test_rows_added_after_the_build_are_saved_and_loaded_too(mid, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder, _ = mid
    first = VectorIndex(folder, "things", DIM)
    first.warm(wait=True)
    extra = clustered_rows(20, seed=7)
    first.add([f"new{i}" for i in range(20)], extra)
    first.optimize()  # a new table version with the same rows
    assert first._ivf.save()
    no_kmeans(monkeypatch)
    second = VectorIndex(folder, "things", DIM)
    second.warm(wait=True)
    assert second._ivf.ready() and second.search(extra[3], 1)[0][0] == "new3"


def test_a_stale_key_is_ignored_and_the_index_rebuilt(mid, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder, _ = mid
    first = VectorIndex(folder, "things", DIM)
    first.warm(wait=True)
    before = (folder / "things.ivf" / "key.json").read_text()
    extra = clustered_rows(5, seed=9)
    writer = VectorIndex(folder, "things", DIM)  # another process: its writes move the version on, the saved key stays
    writer.add([f"other{i}" for i in range(5)], extra)
    assert (folder / "things.ivf" / "key.json").read_text() == before
    second = VectorIndex(folder, "things", DIM)
    assert ivf_file.load(folder / "things.ivf", second._ivf_key()) is None
    second.warm(wait=True)
    assert second.search(extra[2], 1)[0][0] == "other2"
    assert ivf_file.load(folder / "things.ivf", second._ivf_key()) is not None  # the rebuild was saved


@pytest.mark.parametrize("damage", ["truncate codes", "truncate residual", "garbage key", "wrong dim", "drop ids"])
def test_a_damaged_file_is_ignored_and_the_index_rebuilt(mid, damage: str) -> None:  # type: ignore[no-untyped-def]
    folder, matrix = mid
    VectorIndex(folder, "things", DIM).warm(wait=True)
    saved = folder / "things.ivf"
    if damage == "truncate codes":
        data = (saved / "codes.npy").read_bytes()
        (saved / "codes.npy").write_bytes(data[: len(data) // 2])
    elif damage == "truncate residual":
        data = (saved / "residual.npy").read_bytes()
        (saved / "residual.npy").write_bytes(data[: len(data) - 1])
    elif damage == "garbage key":
        (saved / "key.json").write_text("{not json")
    elif damage == "wrong dim":
        np.save(saved / "codes.npy", np.zeros((3000, DIM + 1), np.int8))
    else:
        (saved / "ids.npy").unlink()
    index = VectorIndex(folder, "things", DIM)
    assert ivf_file.load(saved, index._ivf_key()) is None
    index.warm(wait=True)
    assert index._ivf.ready() and index.search(matrix[42], 1)[0][0] == "t42"
    assert ivf_file.load(saved, index._ivf_key()) is not None


def test_drop_removes_the_saved_index(mid) -> None:  # type: ignore[no-untyped-def]
    folder, _ = mid
    index = VectorIndex(folder, "things", DIM)
    index.warm(wait=True)
    assert (folder / "things.ivf").exists()
    index.drop()
    assert not (folder / "things.ivf").exists()
    assert not list(folder.glob("things.ivf*"))


def test_saved_arrays_hold_no_pickles(mid) -> None:  # type: ignore[no-untyped-def]
    folder, _ = mid
    VectorIndex(folder, "things", DIM).warm(wait=True)
    for array in (folder / "things.ivf").glob("*.npy"):
        np.load(array, allow_pickle=False)


def test_maintain_after_an_import_leaves_a_saved_index_the_next_start_loads(mid, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder, _ = mid
    writer = VectorIndex(folder, "things", DIM)
    writer.maintain()  # what an import does after its writes: no search needed it, yet the index is built and saved
    assert (folder / "things.ivf" / "key.json").exists()
    no_kmeans(monkeypatch)
    reader = VectorIndex(folder, "things", DIM)
    reader.warm(wait=True)
    assert reader._ivf.ready()


def test_a_later_import_extends_the_loaded_index_instead_of_rebuilding_it(mid, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder, _ = mid
    VectorIndex(folder, "things", DIM).maintain()
    no_kmeans(monkeypatch)
    writer = VectorIndex(folder, "things", DIM)
    writer.follow_writes()  # as an import does before it writes
    writer.add([f"late{i}" for i in range(30)], clustered_rows(30, seed=9))
    writer.maintain()  # no k-means: the 30 rows ride beside the loaded index, and the save includes them
    reader = VectorIndex(folder, "things", DIM)
    reader.warm(wait=True)
    assert reader._ivf.ready() and reader.search(clustered_rows(30, seed=9)[3], 1)[0][0] == "late3"


def test_partitions_and_probes_keep_a_search_reading_about_the_same_rows_up_to_a_million() -> None:
    for rows in (100_000, 300_000, 1_000_000):
        partitions = ivf_module.partitions_for(rows)
        read = ivf_module.probes_for(partitions) * rows / partitions
        assert read <= 26_000, (rows, partitions, read)  # 96 probes of ~256 rows (`ivf.MAX_PROBES`), bounded whatever the size


def test_a_one_shot_command_searches_the_saved_copy_without_building_or_asking_lancedb(mid, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder, _ = mid
    writer = VectorIndex(folder, "things", DIM)
    writer.maintain()
    queries = clustered_rows(10, seed=5)
    expected = results(writer, queries)
    no_kmeans(monkeypatch)
    monkeypatch.setattr(VectorIndex, "_lancedb_search", lambda *a: pytest.fail("LanceDB asked"))
    one_shot = VectorIndex(folder, "things", DIM)  # never warmed: a command that recalls once and exits
    assert results(one_shot, queries) == expected
    assert one_shot._ivf._builder is None  # loaded on the searching thread, nothing built


def test_without_a_current_saved_copy_a_one_shot_command_asks_lancedb_and_builds_nothing(mid, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder, matrix = mid
    no_kmeans(monkeypatch)  # nothing was saved, and a one-shot command must not pay for a build
    one_shot = VectorIndex(folder, "things", DIM)
    assert one_shot.search(matrix[42], 1)[0][0] == "t42"  # LanceDB's scan: exact
    assert one_shot._ivf._builder is None and not one_shot._ivf.ready()


def test_tables_the_in_memory_ivf_covers_get_no_lancedb_ann_index(mid, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder, _ = mid
    writer = VectorIndex(folder, "things", DIM)
    writer.maintain()  # 3,000 rows: past the exact copy, within the IVF
    assert not writer.has_ann_index() and writer.searched_approximately()  # what `stats` shows as its ANN index
    monkeypatch.setattr(vectors_module, "IVF_MAX_ROWS", 2000)
    writer.maintain()  # past the IVF's size: LanceDB's own index serves
    assert writer.has_ann_index()
