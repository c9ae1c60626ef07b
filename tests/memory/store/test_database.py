from __future__ import annotations

from pathlib import Path

import pytest

from remembrancer.memory.store import database
from remembrancer.memory.store.database import get_meta, open_database, set_meta, transaction


def test_wal_mode_and_foreign_keys_are_on(tmp_path: Path) -> None:
    db = open_database(tmp_path / "sub" / "memory.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 10000
    db.conn.close()


def test_transaction_commits_or_rolls_back(tmp_path: Path) -> None:
    db = open_database(tmp_path / "memory.sqlite3")
    with transaction(db) as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
    with pytest.raises(ZeroDivisionError):
        with transaction(db) as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES ('b', '2')")
            1 / 0
    assert db.execute("SELECT key FROM meta").fetchall() == [("a",)]
    assert not db.conn.in_transaction
    db.conn.close()


def test_meta_upserts(tmp_path: Path) -> None:
    db = open_database(tmp_path / "memory.sqlite3")
    assert get_meta(db, "embedding_model") is None
    set_meta(db, "embedding_model", "one")
    set_meta(db, "embedding_model", "two")
    assert get_meta(db, "embedding_model") == "two"
    db.conn.close()


def test_turn_links_follow_imports_in_any_order_and_forgetting(tmp_path: Path) -> None:
    """`prev_rowid`/`next_rowid` always match the conversation's time order, which recall's neighbours read."""
    from remembrancer.memory import Memory
    from remembrancer.memory.store import messages as repo
    from tests.helpers import record, write_jsonl

    def expected(db) -> dict[int, tuple[int | None, int | None]]:  # type: ignore[no-untyped-def]
        order = [r for (r,) in db.execute("SELECT rowid FROM messages WHERE conversation = 'c1' ORDER BY time_utc, rowid")]
        return {r: (order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None) for i, r in enumerate(order)}

    with Memory(tmp_path / "data", "fake", extractor=None) as mem:
        mem.import_path(write_jsonl(tmp_path / "a.jsonl", [record(f"m{i}", f"turn {i}", time=f"2024-03-01T10:{2 * i:02d}:00") for i in range(6)]))
        # a later file fills gaps in the same conversation
        mem.import_path(write_jsonl(tmp_path / "b.jsonl", [record(f"x{i}", f"late turn {i}", time=f"2024-03-01T10:{2 * i + 1:02d}:00") for i in (0, 3)]))
        rowids = [r for (r,) in mem.db.execute("SELECT rowid FROM messages")]
        assert repo.neighbours(mem.db, rowids) == expected(mem.db)
        from remembrancer.memory import forget as forget_ops
        from remembrancer.memory.timeutil import utc_now

        forget_ops.forget(mem, forget_ops.find_targets(mem, ids=["m3", "x0"]), utc_now())
        rowids = [r for (r,) in mem.db.execute("SELECT rowid FROM messages")]
        assert repo.neighbours(mem.db, rowids) == expected(mem.db)


@pytest.mark.parametrize(
    ("ram_gib", "cache_mib"),
    [(None, 512), (24, 512), (8, 512), (4, 256), (0.5, 64)],
)
def test_the_page_cache_cap_is_half_a_gib_within_a_sixteenth_of_the_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ram_gib: float | None, cache_mib: int
) -> None:
    monkeypatch.setattr(database, "memory_total", lambda: None if ram_gib is None else int(ram_gib * (1 << 30)))
    db = open_database(tmp_path / "memory.sqlite3")
    assert db.execute("PRAGMA cache_size").fetchone()[0] == -cache_mib * 1024
