"""What the read-only listings of `memory.browse` read: facts, scenes, persona and messages with their links."""
from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.store.database import select_in


class FactRow(NamedTuple):
    rowid: int
    id: str
    text: str
    subject: str
    attribute: str | None
    value: str | None
    time_said: str
    time_mentioned: str | None
    valid_from: str | None
    valid_to: str | None
    confidence: float
    mentions: int
    flagged: str | None
    archived: int
    standalone: int


class SceneRow(NamedTuple):
    rowid: int
    id: str
    title: str
    summary: str
    start: str | None
    end: str | None


class LinkedFact(NamedTuple):
    """A scene member or a persona attribute's evidence."""

    rowid: int
    id: str


class PersonaRow(NamedTuple):
    rowid: int
    id: str
    subject: str
    attribute: str
    value: str
    confidence: float
    polarity: int
    first_seen: str
    last_seen: str
    flagged: str | None
    text: str | None
    kind: str | None
    names: str | None  # JSON list
    count: int | None
    valid_to: str | None


class MessageRow(NamedTuple):
    id: str
    conversation: str
    time: str
    speaker: str
    role: str
    kind: str
    text: str
    archived: int


def fact_rows(db: sqlite_utils.Database, about: str | None, include_archived: bool, limit: int | None,
              standalone_only: bool) -> list[FactRow]:
    """Facts in the order they were said, about one subject (any case) or all."""
    where, params = ["1 = 1"], []
    if standalone_only:
        where.append("standalone = 1")
    if about:
        where.append("lower(subject) = lower(?)")
        params.append(about)
    if not include_archived:
        where.append("archived = 0")
    sql = (
        "SELECT f.rowid, id, text, subject, attribute, value, time_said, time_mentioned, valid_from, valid_to, confidence, mentions, flagged, archived, standalone"
        f" FROM facts f WHERE {' AND '.join(where)} ORDER BY time_said, rowid" + (f" LIMIT {int(limit)}" if limit else "")
    )
    return [FactRow(*row) for row in db.execute(sql, params).fetchall()]


def live_scenes(db: sqlite_utils.Database) -> list[SceneRow]:
    """Scenes not archived, in time order."""
    rows = db.execute("SELECT rowid, id, title, summary, start, end FROM scenes WHERE archived = 0 ORDER BY start, rowid").fetchall()
    return [SceneRow(*row) for row in rows]


def scene_members(db: sqlite_utils.Database, scene_rowid: int) -> list[LinkedFact]:
    """A scene's member facts, most central first."""
    rows = db.execute(
        "SELECT f.rowid, f.id FROM scene_facts sf JOIN facts f ON f.rowid = sf.fact_rowid WHERE sf.scene_rowid = ? ORDER BY sf.centrality", [scene_rowid]
    ).fetchall()
    return [LinkedFact(*row) for row in rows]


def persona_rows(db: sqlite_utils.Database, subject: str | None) -> list[PersonaRow]:
    """Live persona attributes, of one subject (any case) or all, by subject, attribute and confidence."""
    where, params = "archived = 0", []
    if subject:
        where += " AND lower(subject) = lower(?)"
        params.append(subject)
    rows = db.execute(
        "SELECT rowid, id, subject, attribute, value, confidence, polarity, first_seen, last_seen, flagged, text, kind, names, count, valid_to"
        f" FROM persona WHERE {where} ORDER BY subject, attribute, confidence DESC",
        params,
    ).fetchall()
    return [PersonaRow(*row) for row in rows]


def evidence(db: sqlite_utils.Database, persona_rowid: int) -> list[LinkedFact]:
    """A persona attribute's evidence facts in the order they were said."""
    rows = db.execute(
        "SELECT f.rowid, f.id FROM persona_evidence pe JOIN facts f ON f.rowid = pe.fact_rowid WHERE pe.persona_rowid = ? ORDER BY f.time_said",
        [persona_rowid],
    ).fetchall()
    return [LinkedFact(*row) for row in rows]


def recent_messages(db: sqlite_utils.Database, kind: str | None, limit: int) -> list[MessageRow]:
    """The most recent messages (of one kind, or all), newest first."""
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    rows = db.execute(
        f"SELECT id, conversation, time, speaker, role, kind, text, archived FROM messages {where} ORDER BY time_utc DESC, rowid DESC LIMIT ?",
        [*params, int(limit)],
    ).fetchall()
    return [MessageRow(*row) for row in rows]


def fact_sources(db: sqlite_utils.Database, rowids: Sequence[int]) -> dict[int, list[str]]:
    """Fact rowid -> the message ids it cites, sorted."""
    out: dict[int, list[str]] = {}
    for rowid, message in select_in(db, "SELECT fact_rowid, message_id FROM fact_sources WHERE fact_rowid IN ({}) ORDER BY message_id", rowids):
        out.setdefault(rowid, []).append(message)
    return out
