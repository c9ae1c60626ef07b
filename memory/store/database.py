"""Opening the SQLite store: the key, pragmas, migrations, transactions, the meta table."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from remembrancer.memory.store.driver import is_plaintext_sqlite, sqlite
from remembrancer.memory.store.encryption import StoreKey, StoreLockedError
from remembrancer.memory.store.fts_terms import register as register_fts_terms
from remembrancer.memory.store.migrations import migrate
from remembrancer.memory.store.system_memory import memory_total

DB_FILENAME = "memory.sqlite3"
# The page cache holds decrypted pages: with SQLCipher every miss is a page to
# decrypt and authenticate. At 100k messages (a 187 MB store) recall p50 went
# from 111 ms with SQLCipher's default 8 MiB cache to 70 ms with this cap, the
# same as the plaintext store. A cap, not an allocation: it fills only with
# pages actually read. At a million messages (a 1.4 GB store) recall's
# working set outgrew 256 MiB: the same 200 questions asked again (one run,
# processes alternating) had p95 28-31 ms with 256 MiB, 22-27 ms with
# 512 MiB, 21-24 ms with 1 GiB; the process held 1096, 1363 and 1425 MB after
# 600 recalls. Half a GiB, or a sixteenth of the machine's memory when that
# is less (a 4 GB laptop keeps 256 MiB).
PAGE_CACHE_KIB = 512 * 1024
MIN_PAGE_CACHE_KIB = 64 * 1024


def page_cache_kib() -> int:
    """The page cache cap for a connection: `PAGE_CACHE_KIB`, within a sixteenth of the machine's memory."""
    total = memory_total()
    if total is None:
        return PAGE_CACHE_KIB
    return max(MIN_PAGE_CACHE_KIB, min(PAGE_CACHE_KIB, total // 16 // 1024))


def connect(path: Path, key: StoreKey | None) -> sqlite.Connection:
    """A connection to `path`, unlocked with `key` (None: a plaintext file) and proven to read.

    SQLCipher only notices a wrong key at the first read, so the schema is read
    here and a wrong key, a missing key or a plaintext file opened with a key
    become one clear `StoreLockedError` instead of "file is not a database"
    somewhere later.
    """
    exists = path.exists() and path.stat().st_size > 0
    if exists and key is None and not is_plaintext_sqlite(path):
        raise StoreLockedError(f"{path} is encrypted and no key was given")
    if exists and key is not None and is_plaintext_sqlite(path):
        raise StoreLockedError(f"{path} is not encrypted; `remembrancer encrypt` encrypts it")
    conn = sqlite.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        if key is not None:
            conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is reported below, not on stderr
            conn.execute(f"PRAGMA key = {key.pragma_value()}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite.DatabaseError as exc:
        conn.close()
        if key is not None and "file is not a database" in str(exc):  # SQLCipher's answer to a wrong key (page 1's HMAC fails)
            raise StoreLockedError(f"{path} cannot be opened with this key: the passphrase or key is wrong, or the file is damaged") from None
        raise
    register_fts_terms(conn)  # the full-text indexes' triggers and views call it
    conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temp indexes never reach disk in plaintext
    conn.execute(f"PRAGMA cache_size = -{page_cache_kib()}")
    return conn


def open_database(path: Path, key: StoreKey | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the store at `path`, encrypted with `key` if given.

    The connection is in autocommit mode and every write goes through
    `transaction()`, so a write is all-or-nothing by construction. WAL lets the
    GUI, the scheduler and the browser host read while one writer writes;
    `busy_timeout` turns short lock waits into waits, not errors.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path, key)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    migrate(conn)
    return sqlite_utils.Database(conn)


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def read_snapshot(db: sqlite_utils.Database) -> Iterator[sqlite.Connection]:
    """One read transaction, so every table read inside it is of the same moment (committed even on error: it wrote nothing)."""
    conn = db.conn
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


def get_meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    with transaction(db) as conn:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


CHUNK = 500  # bound parameters per statement, well under SQLite's limit


def select_in(db, sql: str, values: Sequence[object], after: Sequence[object] = ()) -> list[tuple]:  # noqa: ANN001
    """`sql` with its `IN ({})` filled, over `values` in chunks; `after` binds the parameters that follow the list.

    `db` is a sqlite_utils database or a raw connection (inside `transaction`). The rows come back as
    one list, fetched a chunk at a time in C: recall reads thousands of rows through this, and a
    generator resumed once per row cost it about 5 % of its time (100k messages, same-run A/B).
    """
    rows: list[tuple] = []
    for start in range(0, len(values), CHUNK):
        chunk = list(values[start : start + CHUNK])
        rows += db.execute(sql.format(",".join("?" * len(chunk))), [*chunk, *after]).fetchall()
    return rows
