from __future__ import annotations

from pathlib import Path

import pytest

from memory.store.database import get_meta, open_database, set_meta, transaction


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
