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
from remembrancer.memory.store import browse as store


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
    rows = store.fact_rows(db, about, include_archived, limit, standalone_only)
    sources = store.fact_sources(db, [r.rowid for r in rows])
    return [FactView(r.id, r.text, r.subject, r.attribute, r.value, sources.get(r.rowid, []), r.time_said, r.time_mentioned, r.valid_from,
                     r.valid_to, r.confidence, r.mentions, r.flagged, bool(r.archived), bool(r.standalone))
            for r in rows]


def list_scenes(db: sqlite_utils.Database) -> list[SceneView]:
    out = []
    for scene in store.live_scenes(db):
        members = store.scene_members(db, scene.rowid)
        sources = store.fact_sources(db, [m.rowid for m in members])
        out.append(SceneView(scene.id, scene.title, scene.summary, scene.start, scene.end, [m.id for m in members],
                             sorted({s for m in members for s in sources.get(m.rowid, [])})))
    return out


def list_persona(db: sqlite_utils.Database, subject: str | None = None) -> list[PersonaView]:
    out = []
    for p in store.persona_rows(db, subject):
        evidence = store.evidence(db, p.rowid)
        sources = store.fact_sources(db, [e.rowid for e in evidence])
        out.append(
            PersonaView(
                p.id, p.subject, p.attribute, p.value, p.text or persona_sentence(p.subject, p.attribute, p.value, p.polarity), p.confidence,
                p.polarity, p.first_seen, p.last_seen, p.flagged,
                [e.id for e in evidence], sorted({s for e in evidence for s in sources.get(e.rowid, [])}),
                p.kind or kind_of(p.attribute), json.loads(p.names) if p.names else [], p.count, p.first_seen, p.valid_to,
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
    return [MessageView(m.id, m.conversation, m.time, m.speaker, m.role, m.kind, m.text, bool(m.archived)) for m in store.recent_messages(db, kind, limit)]


__all__ = ["FactView", "MessageView", "SceneView", "PersonaView", "list_facts", "list_messages", "list_scenes", "list_persona"]
