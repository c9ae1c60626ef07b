"""What `memory.provenance` reads to follow a memory down to the messages it rests on."""
from __future__ import annotations

from typing import NamedTuple

import sqlite_utils


class QuotedMessage(NamedTuple):
    speaker: str
    time: str
    text: str
    role: str


class FactText(NamedTuple):
    rowid: int
    text: str


def quoted_message(db: sqlite_utils.Database, message_id: str) -> QuotedMessage | None:
    row = db.execute("SELECT speaker, time, text, role FROM messages WHERE id = ?", (message_id,)).fetchone()
    return QuotedMessage(*row) if row is not None else None


def is_message(db: sqlite_utils.Database, item_id: str) -> bool:
    return db.execute("SELECT 1 FROM messages WHERE id = ?", (item_id,)).fetchone() is not None


def fact_text(db: sqlite_utils.Database, item_id: str) -> FactText | None:
    row = db.execute("SELECT rowid, text FROM facts WHERE id = ?", (item_id,)).fetchone()
    return FactText(*row) if row is not None else None


def persona_rowid(db: sqlite_utils.Database, item_id: str) -> int | None:
    row = db.execute("SELECT rowid FROM persona WHERE id = ?", (item_id,)).fetchone()
    return row[0] if row is not None else None


def scene_rowid(db: sqlite_utils.Database, item_id: str) -> int | None:
    row = db.execute("SELECT rowid FROM scenes WHERE id = ?", (item_id,)).fetchone()
    return row[0] if row is not None else None


def evidence_facts(db: sqlite_utils.Database, persona_rowid: int) -> list[FactText]:
    """A persona attribute's evidence facts in the order they were said."""
    rows = db.execute(
        "SELECT f.rowid, f.text FROM persona_evidence pe JOIN facts f ON f.rowid = pe.fact_rowid "
        "WHERE pe.persona_rowid = ? ORDER BY f.time_said, f.rowid", (persona_rowid,)
    ).fetchall()
    return [FactText(*row) for row in rows]


def central_scene_facts(db: sqlite_utils.Database, scene_rowid: int, limit: int) -> list[FactText]:
    """A scene's `limit` most central member facts."""
    rows = db.execute(
        "SELECT f.rowid, f.text FROM scene_facts sf JOIN facts f ON f.rowid = sf.fact_rowid "
        "WHERE sf.scene_rowid = ? ORDER BY sf.centrality LIMIT ?", (scene_rowid, limit)
    ).fetchall()
    return [FactText(*row) for row in rows]


def source_message_ids(db: sqlite_utils.Database, fact_rowid: int) -> list[str]:
    """The messages a fact cites, in the order they were said."""
    rows = db.execute(
        "SELECT fs.message_id FROM fact_sources fs JOIN messages m ON m.id = fs.message_id "
        "WHERE fs.fact_rowid = ? ORDER BY m.time_utc, m.rowid", (fact_rowid,)
    ).fetchall()
    return [message_id for (message_id,) in rows]
