"""Reading and writing the `messages` table (messages and note items)."""
from __future__ import annotations

import json
from memory.store.driver import sqlite
from datetime import timezone
from collections.abc import Iterable, Sequence
from typing import Any

import sqlite_utils

from memory.forgetting import initial_message_stability
from memory.timeutil import parse_time
from memory.types import ParsedMessage

COLUMNS = "rowid, id, conversation, time, speaker, role, kind, text, metadata, learned_at, stability_days, last_review, reviews, pinned, archived"
CHUNK = 500


def embedding_text(speaker: str, text: str) -> str:
    """What gets embedded for a message: who said it matters to the meaning."""
    return f"{speaker}: {text}"


def existing_ids(db: sqlite_utils.Database, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        marks = ",".join("?" * len(chunk))
        found.update(row[0] for row in db.execute(f"SELECT id FROM messages WHERE id IN ({marks})", chunk))
    return found


def insert_messages(conn: sqlite.Connection, messages: Iterable[ParsedMessage], source_file: str, learned_at: str) -> list[int]:
    """Insert inside the caller's transaction; returns the rowids added."""
    first_new = conn.execute("SELECT coalesce(max(rowid), 0) FROM messages").fetchone()[0]
    rows = [
        (
            m.id,
            m.conversation,
            m.time,
            parse_time(m.time).astimezone(timezone.utc).isoformat(timespec="seconds"),
            m.speaker,
            m.role,
            m.kind,
            m.text,
            json.dumps(m.metadata, ensure_ascii=False, sort_keys=True),
            source_file,
            learned_at,
            initial_message_stability(m.kind),
        )
        for m in messages
    ]
    conn.executemany(
        "INSERT OR IGNORE INTO messages (id, conversation, time, time_utc, speaker, role, kind, text, metadata, source_file, learned_at, stability_days)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return [r for (r,) in conn.execute("SELECT rowid FROM messages WHERE rowid > ?", (first_new,))]


def rows_by_rowid(db: sqlite_utils.Database, rowids: Sequence[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(rowids), CHUNK):
        chunk = list(rowids[start : start + CHUNK])
        marks = ",".join("?" * len(chunk))
        cursor = db.execute(f"SELECT {COLUMNS} FROM messages WHERE rowid IN ({marks})", chunk)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            record = dict(zip(names, row))
            out[record["rowid"]] = record
    return out


def rowids_for_ids(db: sqlite_utils.Database, ids: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        marks = ",".join("?" * len(chunk))
        out.update({row[1]: row[0] for row in db.execute(f"SELECT rowid, id FROM messages WHERE id IN ({marks})", chunk)})
    return out


def neighbours(db: sqlite_utils.Database, rowids: Sequence[int]) -> dict[int, tuple[int | None, int | None]]:
    """The turn before and after each message in its conversation's order."""
    out: dict[int, tuple[int | None, int | None]] = {}
    for start in range(0, len(rowids), CHUNK):
        chunk = list(rowids[start : start + CHUNK])
        marks = ",".join("?" * len(chunk))
        sql = f"""
            SELECT m.rowid,
              (SELECT p.rowid FROM messages p WHERE p.conversation = m.conversation
                 AND (p.time_utc, p.rowid) < (m.time_utc, m.rowid) ORDER BY p.time_utc DESC, p.rowid DESC LIMIT 1),
              (SELECT n.rowid FROM messages n WHERE n.conversation = m.conversation
                 AND (n.time_utc, n.rowid) > (m.time_utc, m.rowid) ORDER BY n.time_utc, n.rowid LIMIT 1)
            FROM messages m WHERE m.rowid IN ({marks})"""
        for rowid, prev, nxt in db.execute(sql, chunk):
            out[rowid] = (prev, nxt)
    return out


def speakers_of(db: sqlite_utils.Database, rowids: Sequence[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for start in range(0, len(rowids), CHUNK):
        chunk = list(rowids[start : start + CHUNK])
        marks = ",".join("?" * len(chunk))
        out.update(db.execute(f"SELECT rowid, speaker FROM messages WHERE rowid IN ({marks})", chunk).fetchall())
    return out


def known_speakers(db: sqlite_utils.Database) -> list[str]:
    """Lower-cased distinct speaker names (few: people one talks with)."""
    return [row[0] for row in db.execute("SELECT DISTINCT lower(speaker) FROM messages")]
