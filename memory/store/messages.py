"""Reading and writing the `messages` table (messages and note items)."""
from __future__ import annotations

import json
from memory.store.driver import sqlite
from datetime import timezone
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

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
    """The turn before and after each message in its conversation's order (links kept by `windows.refresh_windows`)."""
    out: dict[int, tuple[int | None, int | None]] = {}
    for start in range(0, len(rowids), CHUNK):
        chunk = list(rowids[start : start + CHUNK])
        marks = ",".join("?" * len(chunk))
        for rowid, prev, nxt in db.execute(f"SELECT rowid, prev_rowid, next_rowid FROM messages WHERE rowid IN ({marks})", chunk):
            out[rowid] = (prev, nxt)
    return out


class Candidate(NamedTuple):
    """What recall's ranking reads of a candidate message."""

    prev: int | None
    next: int | None
    asks: bool  # its text holds a question mark
    speaker: str
    stability_days: float
    last_review: str | None
    learned_at: str
    pinned: int
    archived: int


def candidates(db: sqlite_utils.Database, rowids: Sequence[int]) -> dict[int, Candidate]:
    """`Candidate` rows by rowid, in one statement per chunk: ranking hundreds of candidates
    read them in four statements before (neighbours, questions, speakers, retention)."""
    out: dict[int, Candidate] = {}
    for start in range(0, len(rowids), CHUNK):
        chunk = list(rowids[start : start + CHUNK])
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT rowid, prev_rowid, next_rowid, instr(text, '?') > 0, speaker, stability_days, last_review, learned_at, pinned, archived"
            f" FROM messages WHERE rowid IN ({marks})"
        )
        for rowid, *row in db.execute(sql, chunk):
            out[rowid] = Candidate(*row)
    return out


def known_speakers(db: sqlite_utils.Database) -> list[str]:
    """Lower-cased distinct speaker names (few: people one talks with)."""
    return [row[0] for row in db.execute("SELECT DISTINCT lower(speaker) FROM messages")]
