from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from remembrancer.memory import Memory
from remembrancer.memory.core import VECTOR_FOLDER
from remembrancer.memory.embedding.fake import FakeEmbedder
from remembrancer.memory.recall.query_text import fts_match
from remembrancer.memory.store.database import get_meta
from tests.helpers import CHAT, record, write_chat, write_jsonl

# Every word a stopword: full-text search has nothing to match, only vectors can find it.
DENSE_ONLY_TEXT = "I was there before you"


class OtherFake(FakeEmbedder):
    """Another embedding space: a changed model name must rebuild the vectors."""

    name = "fake-hash-32"
    dim = 32


def import_chat(data_dir: Path, tmp_path: Path) -> int:
    records = CHAT + [record("dense", DENSE_ONLY_TEXT, "Zoe", "misc", "2024-06-01T12:00:00")]
    with Memory(data_dir, "fake", extractor=None) as mem:
        mem.import_path(write_jsonl(tmp_path / "chat.jsonl", records))
        return mem.stats().levels["message"]


def dense_top(mem: Memory, query: str) -> list[str]:
    """Top recalled id for a query only the vectors can answer.

    Smoothing is off: with a single ranked list it lifts any mid-conversation
    turn above a lone exact hit, which is beside the point here.
    """
    assert fts_match(query) is None
    mem.recall_engine.params.neighbour_weight = 0.0
    return [item.id for item in mem.recall(query, k=1)]


def embedded_flags(mem: Memory) -> set[int]:
    return {row[0] for row in mem.db.execute("SELECT DISTINCT embedded FROM messages")}


def test_deleted_vector_folder_is_rebuilt_on_open(data_dir: Path, tmp_path: Path) -> None:
    count = import_chat(data_dir, tmp_path)
    shutil.rmtree(data_dir / VECTOR_FOLDER)

    with Memory(data_dir, "fake", extractor=None) as mem:
        assert mem.last_reconcile is not None and mem.last_reconcile.vectors_added == count
        assert mem.vectors.count() == count == mem.stats().levels["message"]
        assert mem.vectors.ids() == {r[0] for r in mem.db.execute("SELECT id FROM messages")}
        assert embedded_flags(mem) == {1}
        assert dense_top(mem, DENSE_ONLY_TEXT) == ["dense"]


def test_consistent_store_reconciles_to_nothing(data_dir: Path, tmp_path: Path) -> None:
    count = import_chat(data_dir, tmp_path)
    with Memory(data_dir, "fake", extractor=None) as mem:
        report = mem.last_reconcile
        assert (report.orphans_removed, report.vectors_added, report.rebuilt) == (0, 0, False)
        assert mem.vectors.count() == count


def test_orphan_vectors_are_removed_on_open(data_dir: Path, tmp_path: Path) -> None:
    count = import_chat(data_dir, tmp_path)
    with Memory(data_dir, "fake", extractor=None) as mem:
        mem.vectors.add(["ghost-1", "ghost-2"], mem.embedder.embed(["ghost one", "ghost two"]))
        assert mem.vectors.count() == count + 2

    with Memory(data_dir, "fake", extractor=None) as mem:
        assert mem.last_reconcile.orphans_removed == 2
        assert mem.vectors.count() == count
        assert "ghost-1" not in mem.vectors.ids()
        assert all(hit != "ghost-1" for hit, _ in mem.vectors.search(mem.embedder.embed_one("ghost one"), 50))


def test_vector_missing_for_a_marked_message_is_re_added(data_dir: Path, tmp_path: Path) -> None:
    count = import_chat(data_dir, tmp_path)
    with Memory(data_dir, "fake", extractor=None) as mem:
        mem.vectors.delete(["trip-2"])  # e.g. a crash after the SQLite commit
    with Memory(data_dir, "fake", extractor=None) as mem:
        assert mem.last_reconcile.vectors_added == 1
        assert mem.vectors.count() == count and "trip-2" in mem.vectors.ids()


def test_duplicated_vectors_are_collapsed(data_dir: Path, tmp_path: Path) -> None:
    count = import_chat(data_dir, tmp_path)
    with Memory(data_dir, "fake", extractor=None) as mem:
        mem.vectors.add(["trip-1"], mem.embedder.embed(["dup"]))
    with Memory(data_dir, "fake", extractor=None) as mem:
        assert mem.vectors.count() == count
        assert len(mem.vectors.ids()) == count


def test_changed_embedder_rebuilds_every_vector(data_dir: Path, tmp_path: Path) -> None:
    count = import_chat(data_dir, tmp_path)
    other = OtherFake()
    with Memory(data_dir, other, extractor=None) as mem:
        assert mem.last_reconcile.rebuilt and mem.last_reconcile.vectors_added == count
        assert get_meta(mem.db, "embedding_model") == "fake-hash-32"
        assert mem.vectors.count() == count and mem.vectors.dim == 32
        stored = mem.vectors.all_vectors()[1].tolist()
        assert {len(v) for v in stored} == {32}
        assert dense_top(mem, DENSE_ONLY_TEXT) == ["dense"]
    with Memory(data_dir, "fake", extractor=None) as mem:  # and back again
        assert mem.last_reconcile.rebuilt
        assert get_meta(mem.db, "embedding_model") == FakeEmbedder.name
        assert mem.vectors.count() == count


def test_reindex_rebuilds_from_sqlite(data_dir: Path, tmp_path: Path) -> None:
    count = import_chat(data_dir, tmp_path)
    with Memory(data_dir, "fake", extractor=None) as mem:
        before = mem.vectors.search(mem.embedder.embed_one("Zoe: " + DENSE_ONLY_TEXT), 1)
        mem.vectors.add(["ghost"], np.ones((1, mem.embedder.dim), dtype=np.float32))
        report = mem.reindex()
        assert report.rebuilt and report.vectors_added == count
        assert mem.vectors.count() == count and "ghost" not in mem.vectors.ids()
        assert embedded_flags(mem) == {1}
        after = mem.vectors.search(mem.embedder.embed_one("Zoe: " + DENSE_ONLY_TEXT), 1)
        assert after[0][0] == before[0][0] == "dense"
        assert after[0][1] > 0.99


def test_open_without_reconcile_leaves_vectors_alone(data_dir: Path, tmp_path: Path) -> None:
    import_chat(data_dir, tmp_path)
    shutil.rmtree(data_dir / VECTOR_FOLDER)
    with Memory(data_dir, "fake", reconcile_on_open=False) as mem:
        assert mem.last_reconcile is None
        assert mem.vectors.count() == 0
        assert dense_top(mem, DENSE_ONLY_TEXT) == []  # nothing but the vectors could have found it


def test_chat_fixture_is_importable(tmp_path: Path) -> None:
    with Memory(tmp_path / "d", "fake") as mem:
        summary = mem.import_path(write_chat(tmp_path / "c.jsonl"))
        assert summary.messages_added == len(CHAT)


def test_the_vouched_count_is_every_row_with_a_vector_current_or_stale(tmp_path: Path) -> None:
    """Counted from the partial index (a start of a million-message store read the whole table for it)."""
    from remembrancer.memory.store import vector_sync
    from remembrancer.memory.store.levels import MESSAGES

    data_dir = tmp_path / "data"
    import_chat(data_dir, tmp_path)
    with Memory(data_dir, "fake", extractor=None) as mem:
        with mem.db.conn:
            mem.db.conn.execute("UPDATE messages SET embedded = 2 WHERE rowid IN (SELECT rowid FROM messages LIMIT 2)")
            mem.db.conn.execute("UPDATE messages SET embedded = 0 WHERE rowid IN (SELECT rowid FROM messages ORDER BY rowid DESC LIMIT 3)")
        expected = mem.db.execute("SELECT count(*) FROM messages WHERE embedded <> 0").fetchone()[0]
        assert vector_sync.vouched_count(mem.db, MESSAGES) == expected
        assert expected == mem.db.execute("SELECT count(*) FROM messages").fetchone()[0] - 3
