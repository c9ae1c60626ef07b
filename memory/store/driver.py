"""The one SQLite library every store file is opened with: SQLCipher's.

`sqlcipher3` bundles SQLCipher (SQLite with page-level AES-256 and an HMAC per
page), FTS5 included. It opens plaintext files too, so the whole code base uses
this module instead of the standard library's `sqlite3`, for two reasons:

- its exception classes are its own (not subclasses of `sqlite3.Error`), so
  `except sqlite.OperationalError` must name the driver that raised it;
- two SQLite libraries in one process must never open the same file: closing a
  descriptor in one drops the POSIX locks the other holds (SQLite's "multiple
  copies of SQLite linked" corruption case).
"""
from __future__ import annotations

from sqlcipher3 import dbapi2 as sqlite

__all__ = ["sqlite", "PLAINTEXT_MAGIC", "is_plaintext_sqlite"]

PLAINTEXT_MAGIC = b"SQLite format 3\x00"


def is_plaintext_sqlite(path) -> bool:  # type: ignore[no-untyped-def]
    """True for an ordinary SQLite file; an encrypted one starts with random salt."""
    with open(path, "rb") as handle:
        return handle.read(len(PLAINTEXT_MAGIC)) == PLAINTEXT_MAGIC
