"""Reading the whole store out and writing an export back: the SQL of `memory.export`.

The export format (which columns, how links become ids) is `memory.export`'s;
this module reads rows by table name and writes them back, rowids and all.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import sqlite_utils

from remembrancer.memory.store.browse import SceneRow
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.facts import SOURCE_VALUES


class StoredRow(NamedTuple):
    rowid: int
    columns: dict[str, Any]  # every column by name, as stored


class Member(NamedTuple):
    fact_rowid: int
    centrality: int


class ConversationMessage(NamedTuple):
    conversation: str
    id: str
    time: str
    speaker: str
    text: str
    archived: int
    pinned: int


class FactEntry(NamedTuple):
    rowid: int
    id: str
    text: str
    subject: str
    valid_from: str | None
    valid_to: str | None
    superseded_at: str | None
    pinned: int
    archived: int
    flagged: str | None


class PersonaEntry(NamedTuple):
    rowid: int
    subject: str
    attribute: str
    value: str
    polarity: int
    confidence: float
    flagged: str | None


def schema_version(conn: sqlite.Connection) -> int:
    """The last migration applied (0 for none)."""
    return conn.execute("SELECT coalesce(max(version), 0) FROM _migrations").fetchone()[0]


def fact_ids(conn: sqlite.Connection) -> dict[int, str]:
    """Fact rowid -> id, for every fact."""
    return dict(conn.execute("SELECT rowid, id FROM facts"))


def _grouped(conn: sqlite.Connection, sql: str) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = defaultdict(list)
    for key, *rest in conn.execute(sql):
        out[key].append(tuple(rest))
    return out


def sources_by_fact(conn: sqlite.Connection) -> dict[int, list[str]]:
    """Fact rowid -> the message ids it cites, sorted."""
    grouped = _grouped(conn, "SELECT fact_rowid, message_id FROM fact_sources ORDER BY fact_rowid, message_id")
    return {fact: [m for (m,) in rows] for fact, rows in grouped.items()}


def members_by_scene(conn: sqlite.Connection) -> dict[int, list[Member]]:
    """Scene rowid -> its members, by fact rowid."""
    grouped = _grouped(conn, "SELECT scene_rowid, fact_rowid, centrality FROM scene_facts ORDER BY scene_rowid, fact_rowid")
    return {scene: [Member(*row) for row in rows] for scene, rows in grouped.items()}


def evidence_by_persona(conn: sqlite.Connection) -> dict[int, list[int]]:
    """Persona rowid -> its evidence fact rowids, ascending."""
    grouped = _grouped(conn, "SELECT persona_rowid, fact_rowid FROM persona_evidence ORDER BY persona_rowid, fact_rowid")
    return {persona: [f for (f,) in rows] for persona, rows in grouped.items()}


def table_rows(conn: sqlite.Connection, table: str) -> Iterator[StoredRow]:
    """Every row of `table` with all its columns, in rowid order."""
    cursor = conn.execute(f"SELECT rowid AS _rowid_, * FROM {table} ORDER BY rowid")
    names = [d[0] for d in cursor.description]
    for values in cursor:
        row = dict(zip(names, values))
        rowid = row.pop("_rowid_")
        yield StoredRow(rowid, row)


def conversation_messages(db: sqlite_utils.Database) -> Iterator[ConversationMessage]:
    """Every message, conversation by conversation, each in the order it was said."""
    sql = "SELECT conversation, id, time, speaker, text, archived, pinned FROM messages ORDER BY conversation, time_utc, rowid"
    for row in db.execute(sql):
        yield ConversationMessage(*row)


def facts_by_subject(db: sqlite_utils.Database) -> list[FactEntry]:
    sql = "SELECT rowid, id, text, subject, valid_from, valid_to, superseded_at, pinned, archived, flagged FROM facts ORDER BY subject, rowid"
    return [FactEntry(*row) for row in db.execute(sql).fetchall()]


def scenes_in_time_order(db: sqlite_utils.Database) -> list[SceneRow]:
    """Every scene, archived ones too."""
    return [SceneRow(*row) for row in db.execute("SELECT rowid, id, title, summary, start, end FROM scenes ORDER BY start, rowid").fetchall()]


def member_texts(db: sqlite_utils.Database, scene_rowid: int) -> list[str]:
    """A scene's member facts' texts by descending centrality rank (rank 0 is the most central: it comes last)."""
    sql = "SELECT f.text FROM scene_facts m JOIN facts f ON f.rowid = m.fact_rowid WHERE m.scene_rowid = ? ORDER BY m.centrality DESC"
    return [text for (text,) in db.execute(sql, [scene_rowid])]


def persona_by_subject(db: sqlite_utils.Database) -> list[PersonaEntry]:
    """Every persona attribute, archived ones too."""
    sql = "SELECT rowid, subject, attribute, value, polarity, confidence, flagged FROM persona ORDER BY subject, attribute, rowid"
    return [PersonaEntry(*row) for row in db.execute(sql).fetchall()]


def evidence_texts(db: sqlite_utils.Database, persona_rowid: int) -> list[str]:
    sql = "SELECT f.text FROM persona_evidence e JOIN facts f ON f.rowid = e.fact_rowid WHERE e.persona_rowid = ?"
    return [text for (text,) in db.execute(sql, [persona_rowid])]


def has_rows(db: sqlite_utils.Database, table: str) -> bool:
    return db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None


def column_names(conn: sqlite.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def insert_row(conn: sqlite.Connection, table: str, row: dict[str, Any]) -> int:
    """Insert `row` (column -> value) into `table` inside the caller's transaction; returns its rowid."""
    names = list(row)
    cursor = conn.execute(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})", [row[n] for n in names]
    )
    return cursor.lastrowid


def add_fact_sources(conn: sqlite.Connection, fact_rowid: int, message_ids: Iterable[str]) -> None:
    conn.executemany(f"INSERT INTO fact_sources {SOURCE_VALUES}", [(fact_rowid, m) for m in message_ids])


def add_scene_members(conn: sqlite.Connection, scene_rowid: int, members: Sequence[Member]) -> None:
    conn.executemany("INSERT INTO scene_facts (scene_rowid, fact_rowid, centrality) VALUES (?, ?, ?)",
                     [(scene_rowid, m.fact_rowid, m.centrality) for m in members])


def add_evidence(conn: sqlite.Connection, persona_rowid: int, fact_rowids: Iterable[int]) -> None:
    conn.executemany("INSERT INTO persona_evidence (persona_rowid, fact_rowid) VALUES (?, ?)", [(persona_rowid, f) for f in fact_rowids])


def link_supersession(conn: sqlite.Connection, fact_rowid: int, newer_rowid: int) -> None:
    conn.execute("UPDATE facts SET superseded_by = ? WHERE rowid = ?", (newer_rowid, fact_rowid))
