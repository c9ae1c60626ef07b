"""Reading and writing the `messages` table (messages and note items)."""
from __future__ import annotations

import json
from remembrancer.memory.store.driver import sqlite
from datetime import timezone
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import sqlite_utils

from remembrancer.memory.forgetting import initial_message_stability
from remembrancer.memory.timeutil import parse_time
from remembrancer.memory.types import ParsedMessage

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


def conversations_of(db: sqlite_utils.Database, ids: Sequence[str]) -> dict[str, str]:
    """id -> conversation, for the ids already stored."""
    out: dict[str, str] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        marks = ",".join("?" * len(chunk))
        out.update(db.execute(f"SELECT id, conversation FROM messages WHERE id IN ({marks})", chunk).fetchall())
    return out


def conversations_at(db: sqlite_utils.Database, rowids: Sequence[int]) -> set[str]:
    """The conversations these messages (by rowid) belong to."""
    found: set[str] = set()
    for start in range(0, len(rowids), CHUNK):
        chunk = list(rowids[start : start + CHUNK])
        marks = ",".join("?" * len(chunk))
        found.update(c for (c,) in db.execute(f"SELECT DISTINCT conversation FROM messages WHERE rowid IN ({marks})", chunk))
    return found


def edited_messages(conn: sqlite.Connection, messages: Sequence[ParsedMessage]) -> list[ParsedMessage]:
    """Those of `messages` already stored (same id) with another speaker or text."""
    edited: list[ParsedMessage] = []
    for start in range(0, len(messages), CHUNK):
        chunk = list(messages[start : start + CHUNK])
        marks = ",".join("?" * len(chunk))
        stored = {i: (s, t) for i, s, t in conn.execute(f"SELECT id, speaker, text FROM messages WHERE id IN ({marks})", [m.id for m in chunk])}
        edited.extend(m for m in chunk if m.id in stored and stored[m.id] != (m.speaker, m.text))
    return edited


class Replaced(NamedTuple):
    """What an edit touched: the edited messages' rowids, the facts it deleted, whose scenes and persona need rebuilding."""

    rowids: list[int]
    deleted_fact_ids: list[str]
    conversations: set[str]
    subjects: set[str]


def replace_messages(conn: sqlite.Connection, edits: Sequence[ParsedMessage], source_file: str, replaced_at: str) -> Replaced:
    """Store new texts for these ids, inside the caller's transaction; the old texts go to `message_history`.

    Facts citing an edited message lose that source (a fact left with none is
    deleted: every fact cites what it rests on) and the message is extracted
    again; the triggers re-index its full text and mark it for a new vector.
    """
    rowids: list[int] = []
    deleted: list[str] = []
    conversations: set[str] = set()
    subjects: set[str] = set()
    for m in edits:
        rowid, speaker, text, old_file = conn.execute("SELECT rowid, speaker, text, source_file FROM messages WHERE id = ?", (m.id,)).fetchone()
        conn.execute("INSERT INTO message_history (message_id, speaker, text, replaced_at, source_file) VALUES (?, ?, ?, ?, ?)",
                     (m.id, speaker, text, replaced_at, old_file))
        conn.execute("UPDATE messages SET speaker = ?, text = ?, role = ?, metadata = ?, source_file = ?, extracted = 0 WHERE rowid = ?",
                     (m.speaker, m.text, m.role, json.dumps(m.metadata, ensure_ascii=False, sort_keys=True), source_file, rowid))
        facts = conn.execute("SELECT f.rowid, f.id, f.subject FROM facts f JOIN fact_sources s ON s.fact_rowid = f.rowid WHERE s.message_id = ?",
                             (m.id,)).fetchall()
        conn.execute("DELETE FROM fact_sources WHERE message_id = ?", (m.id,))
        for fact_rowid, fact_id, subject in facts:
            subjects.add(subject)
            if conn.execute("SELECT 1 FROM fact_sources WHERE fact_rowid = ? LIMIT 1", (fact_rowid,)).fetchone() is None:
                conn.execute("DELETE FROM facts WHERE rowid = ?", (fact_rowid,))
                deleted.append(fact_id)
        rowids.append(rowid)
        conversations.add(m.conversation)
    return Replaced(rowids, deleted, conversations, subjects)
