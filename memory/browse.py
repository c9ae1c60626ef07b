"""Read-only listings of the upper levels, each item with the messages it rests on.

Shared by the CLI (`facts`, `scenes`, `persona`) and the memory browser.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlite_utils

from remembrancer.memory.persona.kinds import KIND_ORDER, kind_of
from remembrancer.memory.persona.phrasing import persona_sentence


@dataclass
class FactView:
    id: str
    text: str
    subject: str
    attribute: str | None
    value: str | None
    sources: list[str]
    time_said: str
    time_mentioned: str | None
    valid_from: str | None
    valid_to: str | None
    confidence: float
    mentions: int
    flagged: str | None
    archived: bool
    standalone: bool = True  # False: leans on its conversation; kept for recall, not shown by default

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SceneView:
    id: str
    title: str
    summary: str
    start: str | None
    end: str | None
    facts: list[str]
    sources: list[str]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PersonaView:
    id: str
    subject: str
    attribute: str
    value: str
    text: str
    confidence: float
    polarity: int
    first_seen: str
    last_seen: str
    flagged: str | None
    evidence: list[str] = field(default_factory=list)  # fact ids
    sources: list[str] = field(default_factory=list)   # message ids
    kind: str = "other"                                # profile section: identity, places, people, pets...
    names: list[str] = field(default_factory=list)     # "dogs: Rex, Bella" -> ["Rex", "Bella"]
    count: int | None = None
    valid_from: str | None = None
    valid_to: str | None = None                        # when a newer value replaced it (home, age...)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def list_facts(db: sqlite_utils.Database, about: str | None = None, include_archived: bool = False, limit: int | None = None,
               standalone_only: bool = False) -> list[FactView]:
    """Facts in the order they were said; `standalone_only` for what a person reads (the rest are recall aids)."""
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
    rows = db.execute(sql, params).fetchall()
    sources = _fact_sources(db, [r[0] for r in rows])
    return [FactView(r[1], r[2], r[3], r[4], r[5], sources.get(r[0], []), r[6], r[7], r[8], r[9], r[10], r[11], r[12], bool(r[13]), bool(r[14]))
            for r in rows]


def list_scenes(db: sqlite_utils.Database) -> list[SceneView]:
    scenes = db.execute("SELECT rowid, id, title, summary, start, end FROM scenes WHERE archived = 0 ORDER BY start, rowid").fetchall()
    out = []
    for rowid, sid, title, summary, start, end in scenes:
        members = db.execute(
            "SELECT f.rowid, f.id FROM scene_facts sf JOIN facts f ON f.rowid = sf.fact_rowid WHERE sf.scene_rowid = ? ORDER BY sf.centrality", [rowid]
        ).fetchall()
        sources = _fact_sources(db, [m[0] for m in members])
        out.append(SceneView(sid, title, summary, start, end, [m[1] for m in members], sorted({s for m in members for s in sources.get(m[0], [])})))
    return out


def list_persona(db: sqlite_utils.Database, subject: str | None = None) -> list[PersonaView]:
    where, params = "archived = 0", []
    if subject:
        where += " AND lower(subject) = lower(?)"
        params.append(subject)
    rows = db.execute(
        "SELECT rowid, id, subject, attribute, value, confidence, polarity, first_seen, last_seen, flagged, text, kind, names, count, valid_to"
        f" FROM persona WHERE {where} ORDER BY subject, attribute, confidence DESC",
        params,
    ).fetchall()
    out = []
    for rowid, pid, subj, attribute, value, confidence, polarity, first, last, flagged, text, kind, names, count, valid_to in rows:
        evidence = db.execute(
            "SELECT f.rowid, f.id FROM persona_evidence pe JOIN facts f ON f.rowid = pe.fact_rowid WHERE pe.persona_rowid = ? ORDER BY f.time_said", [rowid]
        ).fetchall()
        sources = _fact_sources(db, [e[0] for e in evidence])
        out.append(
            PersonaView(
                pid, subj, attribute, value, text or persona_sentence(subj, attribute, value, polarity), confidence, polarity, first, last, flagged,
                [e[1] for e in evidence], sorted({s for e in evidence for s in sources.get(e[0], [])}),
                kind or kind_of(attribute), json.loads(names) if names else [], count, first, valid_to,
            )
        )
    # By person, then kind in reading order; life events by when they were told, the rest surest first.
    out.sort(key=lambda v: (v.subject, KIND_ORDER.index(v.kind) if v.kind in KIND_ORDER else len(KIND_ORDER), v.attribute,
                            v.first_seen if v.kind == "events" else "", -v.confidence))
    return out


@dataclass
class MessageView:
    id: str
    conversation: str
    time: str
    speaker: str
    role: str
    kind: str
    text: str
    archived: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def list_messages(db: sqlite_utils.Database, kind: str | None = None, limit: int = 500) -> list[MessageView]:
    """The most recent messages (or notes, with `kind`), newest first: the browser's raw level."""
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    rows = db.execute(
        f"SELECT id, conversation, time, speaker, role, kind, text, archived FROM messages {where} ORDER BY time_utc DESC, rowid DESC LIMIT ?",
        [*params, int(limit)],
    ).fetchall()
    return [MessageView(*r[:7], bool(r[7])) for r in rows]


def _fact_sources(db: sqlite_utils.Database, rowids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for start in range(0, len(rowids), 500):
        chunk = rowids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for rowid, message in db.execute(f"SELECT fact_rowid, message_id FROM fact_sources WHERE fact_rowid IN ({marks}) ORDER BY message_id", chunk):
            out.setdefault(rowid, []).append(message)
    return out


__all__ = ["FactView", "MessageView", "SceneView", "PersonaView", "list_facts", "list_messages", "list_scenes", "list_persona"]
