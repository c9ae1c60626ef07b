from __future__ import annotations

from remembrancer.memory.store.driver import sqlite
from pathlib import Path

import pytest

from remembrancer.memory.store import messages as repo
from remembrancer.memory.store.database import DB_FILENAME, open_database
from remembrancer.memory.store.migrations import MIGRATIONS, applied_versions, migrate
from tests.helpers import parsed

ALL_VERSIONS = [version for version, _, _ in MIGRATIONS]


def tables(conn: sqlite.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger', 'index')")}


def test_fresh_store_gets_every_migration_once(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    db = open_database(path)
    recorded = db.execute("SELECT version, name FROM _migrations ORDER BY version").fetchall()
    assert recorded == [(v, name) for v, name, _ in MIGRATIONS]
    assert {"messages", "messages_fts", "imports", "meta", "windows_fts"} <= tables(db.conn)
    db.conn.close()

    conn = sqlite.connect(path, isolation_level=None)
    assert migrate(conn) == []  # re-opening applies nothing
    assert conn.execute("SELECT count(*) FROM _migrations").fetchone()[0] == len(MIGRATIONS)
    conn.close()
    reopened = open_database(path)
    assert reopened.execute("SELECT count(*) FROM _migrations").fetchone()[0] == len(MIGRATIONS)
    reopened.conn.close()


def test_first_call_returns_the_versions_applied(tmp_path: Path) -> None:
    conn = sqlite.connect(tmp_path / "x.sqlite3", isolation_level=None)
    assert migrate(conn, MIGRATIONS[:1]) == [1]
    assert applied_versions(conn) == {1}
    assert migrate(conn) == ALL_VERSIONS[1:]
    assert applied_versions(conn) == set(ALL_VERSIONS)


def test_old_store_is_upgraded_and_window_docs_backfilled(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    conn = sqlite.connect(path, isolation_level=None)
    assert migrate(conn, MIGRATIONS[:1]) == [1]
    assert "windows_fts" not in tables(conn)
    conn.execute("BEGIN")
    repo.insert_messages(
        conn,
        [
            parsed("q", "Which bakery did you like?", "Ana", time="2024-01-01T10:00:00+00:00"),
            parsed("a", "The one with cardamom buns.", "Ben", time="2024-01-01T10:01:00+00:00"),
            parsed("z", "Great, let us go Sunday.", "Ana", time="2024-01-01T10:02:00+00:00"),
            parsed("other", "Unrelated conversation.", "Cy", conversation="c2"),
        ],
        "old.jsonl",
        "2024-01-02T00:00:00+00:00",
    )
    conn.execute("COMMIT")
    conn.close()

    db = open_database(path)
    assert [row[0] for row in db.execute("SELECT version FROM _migrations ORDER BY version")] == ALL_VERSIONS
    rowid = {mid: r for r, mid in db.execute("SELECT rowid, id FROM messages")}
    windows = dict(db.execute("SELECT rowid, w5 FROM windows_fts"))  # 5-turn windows only, since migration 12
    assert set(windows) == set(rowid.values())  # one window doc per message
    assert windows[rowid["a"]] == "Ana: Which bakery did you like? \nBen: The one with cardamom buns. \nAna: Great, let us go Sunday."
    assert windows[rowid["other"]] == "Cy: Unrelated conversation."
    # the backfilled windows are searchable: the answer turn's window holds the question's words
    hits = {r for (r,) in db.execute("SELECT rowid FROM windows_fts WHERE windows_fts MATCH 'bakery'")}
    assert hits == {rowid["q"], rowid["a"], rowid["z"]}
    # and every turn links to the turns before and after it
    links = {r: (p, n) for r, p, n in db.execute("SELECT rowid, prev_rowid, next_rowid FROM messages")}
    assert links[rowid["q"]] == (None, rowid["a"]) and links[rowid["a"]] == (rowid["q"], rowid["z"]) and links[rowid["z"]] == (rowid["a"], None)
    assert links[rowid["other"]] == (None, None)
    db.conn.close()


def _failing_callable(conn: sqlite.Connection) -> None:
    conn.execute("CREATE TABLE half_done (x INTEGER)")
    conn.execute("INSERT INTO meta (key, value) VALUES ('half', 'yes')")
    raise RuntimeError("migration bug")


@pytest.mark.parametrize(
    "step",
    [_failing_callable, "CREATE TABLE half_done (x INTEGER);\nINSERT INTO meta (key, value) VALUES ('half', 'yes');\nINSERT INTO no_such_table VALUES (1);"],
    ids=["callable", "sql"],
)
def test_failing_migration_rolls_back(tmp_path: Path, step) -> None:
    path = tmp_path / DB_FILENAME
    db = open_database(path)
    db.conn.execute("INSERT INTO meta (key, value) VALUES ('kept', '1')")
    before_schema = tables(db.conn)
    with pytest.raises((RuntimeError, sqlite.OperationalError)):
        migrate(db.conn, MIGRATIONS + [(99, "broken", step)])
    assert not db.conn.in_transaction
    assert tables(db.conn) == before_schema
    assert "half_done" not in tables(db.conn)
    assert db.execute("SELECT key FROM meta").fetchall() == [("kept",)]
    assert 99 not in applied_versions(db.conn)
    # and the store still works and can be migrated by a fixed version later
    assert migrate(db.conn, MIGRATIONS + [(99, "fixed", "CREATE TABLE fixed (x INTEGER);")]) == [99]
    assert "fixed" in tables(db.conn)
    db.conn.close()
