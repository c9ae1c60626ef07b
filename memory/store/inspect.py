"""What the memory browser's item view reads of one memory, and its per-item edits (pin, a fact's wording).

Any level's row: where it is (`locate`), what it says with how it is kept
(`Keeping`), the facts and messages it rests on, and a fact's other versions.
"""
from __future__ import annotations

from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.levels import TABLES
from remembrancer.memory.types import ContextTurn

# The column saying when an item was learned: scenes and persona are built, not told.
_LEARNED = {"message": "learned_at", "fact": "learned_at", "scene": "built_at", "persona": "built_at"}


class Location(NamedTuple):
    level: str
    rowid: int


class Keeping(NamedTuple):
    """How an item is kept: what its retention and state are computed from."""

    learned_at: str
    last_review: str | None
    reviews: int
    stability_days: float
    pinned: int
    archived: int


class MessageItem(NamedTuple):
    text: str
    conversation: str
    keeping: Keeping


class FactItem(NamedTuple):
    text: str
    valid_from: str | None
    valid_to: str | None
    keeping: Keeping


class SceneItem(NamedTuple):
    title: str
    summary: str
    start: str | None
    end: str | None
    keeping: Keeping


class PersonaItem(NamedTuple):
    subject: str
    attribute: str
    value: str
    polarity: int
    first_seen: str
    keeping: Keeping


class FactVersionRow(NamedTuple):
    rowid: int
    id: str
    text: str
    valid_from: str | None
    valid_to: str | None
    superseded_at: str | None


def locate(db: sqlite_utils.Database, item_id: str) -> Location | None:
    """The level and rowid holding `item_id`, levels searched in the registry's order."""
    for level, table in TABLES.items():
        row = db.execute(f"SELECT rowid FROM {table} WHERE id = ?", [item_id]).fetchone()
        if row:
            return Location(level, row[0])
    return None


def _item_row(db: sqlite_utils.Database, level: str, columns: str, rowid: int) -> tuple:
    keeping = f"{_LEARNED[level]}, last_review, reviews, stability_days, pinned, archived"
    return db.execute(f"SELECT {columns}, {keeping} FROM {TABLES[level]} WHERE rowid = ?", [rowid]).fetchone()


def message_item(db: sqlite_utils.Database, rowid: int) -> MessageItem:
    row = _item_row(db, "message", "text, conversation", rowid)
    return MessageItem(*row[:2], Keeping(*row[2:]))


def fact_item(db: sqlite_utils.Database, rowid: int) -> FactItem:
    row = _item_row(db, "fact", "text, valid_from, valid_to", rowid)
    return FactItem(*row[:3], Keeping(*row[3:]))


def scene_item(db: sqlite_utils.Database, rowid: int) -> SceneItem:
    row = _item_row(db, "scene", "title, summary, start, end", rowid)
    return SceneItem(*row[:4], Keeping(*row[4:]))


def persona_item(db: sqlite_utils.Database, rowid: int) -> PersonaItem:
    row = _item_row(db, "persona", "subject, attribute, value, polarity, first_seen", rowid)
    return PersonaItem(*row[:5], Keeping(*row[5:]))


def scene_fact_rowids(db: sqlite_utils.Database, scene_rowid: int) -> list[int]:
    """A scene's member facts, most central first."""
    return [r for (r,) in db.execute("SELECT fact_rowid FROM scene_facts WHERE scene_rowid = ? ORDER BY centrality", [scene_rowid])]


def evidence_fact_rowids(db: sqlite_utils.Database, persona_rowid: int) -> list[int]:
    return [r for (r,) in db.execute("SELECT fact_rowid FROM persona_evidence WHERE persona_rowid = ?", [persona_rowid])]


def source_message_ids(db: sqlite_utils.Database, fact_rowid: int) -> list[str]:
    return [m for (m,) in db.execute("SELECT message_id FROM fact_sources WHERE fact_rowid = ?", [fact_rowid])]


def turns(db: sqlite_utils.Database, ids: list[str]) -> list[ContextTurn]:
    """The messages with these ids (a few: one statement), in the order they were said."""
    rows = db.execute(f"SELECT id, speaker, time, text FROM messages WHERE id IN ({','.join('?' * len(ids))}) ORDER BY time_utc, rowid", ids)
    return [ContextTurn(*row) for row in rows]


def older_versions(db: sqlite_utils.Database, fact_rowid: int) -> list[FactVersionRow]:
    """The facts this one superseded."""
    sql = "SELECT rowid, id, text, valid_from, valid_to, superseded_at FROM facts WHERE superseded_by = ?"
    return [FactVersionRow(*row) for row in db.execute(sql, [fact_rowid]).fetchall()]


def newer_versions(db: sqlite_utils.Database, fact_rowid: int) -> list[FactVersionRow]:
    """The fact that superseded this one, if any."""
    sql = ("SELECT n.rowid, n.id, n.text, n.valid_from, n.valid_to, n.superseded_at FROM facts f JOIN facts n ON n.rowid = f.superseded_by"
           " WHERE f.rowid = ?")
    return [FactVersionRow(*row) for row in db.execute(sql, [fact_rowid]).fetchall()]


def set_pinned(conn: sqlite.Connection, location: Location, pinned: bool) -> None:
    """Inside the caller's transaction."""
    conn.execute(f"UPDATE {TABLES[location.level]} SET pinned = ? WHERE rowid = ?", (int(pinned), location.rowid))


def reword_fact(conn: sqlite.Connection, rowid: int, text: str, norm: str) -> None:
    """Inside the caller's transaction; the update trigger marks the fact's vector stale for `vector_sync` to redo."""
    conn.execute("UPDATE facts SET text = ?, norm = ? WHERE rowid = ?", (text, norm, rowid))
