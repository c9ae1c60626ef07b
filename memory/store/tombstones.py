"""The `tombstones` table: hashes of hard-forgotten messages (never their text), and the reads an import filters with."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.store.database import select_in
from remembrancer.memory.store.driver import sqlite


class TombstoneSummary(NamedTuple):
    """One tombstone: when its hard forget ran and how many messages it holds."""

    id: str
    forgotten_at: str
    messages: int


def insert_tombstone(conn: sqlite.Connection, tombstone: str, forgotten_at: str, hashes: Sequence[tuple[str, str | None]]) -> None:
    """One row per (message hash, text hash), inside the forget's transaction."""
    conn.executemany(
        "INSERT INTO tombstones (tombstone, forgotten_at, message_hash, text_hash) VALUES (?, ?, ?, ?)",
        [(tombstone, forgotten_at, m, t) for m, t in hashes],
    )


def tombstone_summaries(db: sqlite_utils.Database) -> list[TombstoneSummary]:
    """Oldest first."""
    rows = db.execute(
        "SELECT tombstone, min(forgotten_at), count(DISTINCT message_hash) FROM tombstones GROUP BY tombstone ORDER BY min(forgotten_at), tombstone"
    ).fetchall()
    return [TombstoneSummary(*row) for row in rows]


def delete_tombstones(conn: sqlite.Connection, ids: Iterable[str]) -> None:
    conn.executemany("DELETE FROM tombstones WHERE tombstone = ?", [(i,) for i in ids])


def any_tombstone(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM tombstones LIMIT 1").fetchone() is not None


def stored_texts(db: sqlite_utils.Database, ids: Iterable[str]) -> dict[str, str]:
    """id -> text of the messages stored under these ids."""
    return dict(select_in(db, "SELECT id, text FROM messages WHERE id IN ({})", sorted(set(ids))))


def present_message_hashes(db: sqlite_utils.Database, hashes: Iterable[str]) -> set[str]:
    """Those of `hashes` a tombstone holds as a message (id) hash."""
    return {h for (h,) in select_in(db, "SELECT message_hash FROM tombstones WHERE message_hash IN ({})", sorted(hashes))}


def present_text_hashes(db: sqlite_utils.Database, hashes: Iterable[str]) -> set[str]:
    """Those of `hashes` a tombstone holds as a text hash."""
    return {h for (h,) in select_in(db, "SELECT text_hash FROM tombstones WHERE text_hash IN ({})", sorted(hashes))}
