"""Changing a store's key: plaintext to encrypted (`encrypt`), one key to another (`rekey`).

Both are the same operation: SQLCipher's `sqlcipher_export` writes every
table, index, trigger and full-text index into a new file under the new key,
the copy is checked (integrity and row counts), and only then does it replace
the old file with one rename. The caller writes the new header between the
copy and the rename, so after a crash at any point one of two things is true:

- the header names the old key: the leftover copy cannot be opened with it
  and `finish_interrupted_swap` deletes it; the store is as before;
- the header names the new key: the copy opens with it, so it is complete
  (it was synced before the header was written) and is renamed into place.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from remembrancer.memory.store.database import connect
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.encryption import StoreKey, StoreLockedError

logger = logging.getLogger(__name__)

NEW_SUFFIX = ".new"


class RekeyError(RuntimeError):
    """The copy under the new key did not match the original; nothing was replaced."""


def pending_copy(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + NEW_SUFFIX)


def copy_with_key(source: Path, source_key: StoreKey | None, target: Path, target_key: StoreKey | None) -> dict[str, int]:
    """Write `source` into a new file `target` under `target_key`; return the row counts it checked."""
    target.unlink(missing_ok=True)
    conn = connect(source, source_key)
    try:
        counts = _row_counts(conn)
        literal = target_key.pragma_value() if target_key else "''"
        conn.execute(f"ATTACH DATABASE ? AS target KEY {literal}", [str(target)])
        try:
            conn.execute("SELECT sqlcipher_export('target')")
        finally:
            conn.execute("DETACH DATABASE target")
    finally:
        conn.close()
    check = connect(target, target_key)
    try:
        copied = _row_counts(check)
        integrity = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if integrity != "ok" or copied != counts:
        target.unlink(missing_ok=True)
        differing = sorted(name for name in counts.keys() | copied.keys() if counts.get(name) != copied.get(name))
        raise RekeyError(f"the re-encrypted copy of {source} does not match it (integrity: {integrity}; tables differing: {differing})")
    _fsync(target)
    return counts


def swap_in(db_path: Path) -> None:
    """Put the finished copy in place of the store (one rename), dropping the old file's WAL."""
    copy = pending_copy(db_path)
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    os.replace(copy, db_path)
    _fsync(db_path.parent)


def checkpoint(db_path: Path, key: StoreKey | None) -> None:
    """Fold the WAL into the file so the copy and the rename see everything committed."""
    conn = connect(db_path, key)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def finish_interrupted_swap(db_path: Path, key: StoreKey | None) -> bool:
    """After a crash during encrypt or rekey: complete the swap or drop the half-made copy.

    Returns True when the copy was moved into place.
    """
    copy = pending_copy(db_path)
    if not copy.exists():
        return False
    try:
        connect(copy, key).close()
    except (StoreLockedError, sqlite.DatabaseError):
        logger.warning("removing %s: an interrupted re-encryption left it and the current key does not open it", copy.name)
        copy.unlink(missing_ok=True)
        return False
    logger.warning("finishing an interrupted re-encryption: %s replaces %s", copy.name, db_path.name)
    swap_in(db_path)
    return True


def _row_counts(conn: sqlite.Connection) -> dict[str, int]:
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _fsync(path: Path) -> None:
    flags = os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
