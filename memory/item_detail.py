"""One memory in full, for the memory browser: what it says and why it is known.

"Why do I know this?" is answered by the item's source messages (in their
speakers' words), its validity, its retention now with the curve behind it,
and, for a fact, the versions it superseded or was superseded by. Also the
per-item edits the browser offers: pin, and correcting a fact's wording.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from remembrancer.memory.errors import InputError
from remembrancer.memory.store.levels import TABLES as LEVELS
from remembrancer.memory.forgetting import FADED, FORGOTTEN, retention
from remembrancer.memory.persona.phrasing import persona_sentence
from remembrancer.memory.retention_curve import RetentionCurve, retention_curve
from remembrancer.memory.store.database import transaction
from remembrancer.memory.store.vector_sync import embed_all_pending
from remembrancer.memory.timeutil import ensure_aware
from remembrancer.memory.types import ContextTurn

if TYPE_CHECKING:
    import sqlite_utils

    from remembrancer.memory.core import Memory

logger = logging.getLogger(__name__)

_LEARNED = {"message": "learned_at", "fact": "learned_at", "scene": "built_at", "persona": "built_at"}
STATES = {0: "live", FADED: "faded", FORGOTTEN: "forgotten"}


@dataclass
class FactVersion:
    """Another version of the same fact: older (it superseded it) or newer (superseded by)."""

    id: str
    text: str
    valid_from: str | None
    valid_to: str | None
    superseded_at: str | None
    relation: str  # "older" | "newer"


@dataclass
class ItemDetail:
    id: str
    level: str
    text: str
    sources: list[str]
    source_messages: list[ContextTurn]
    valid_from: str | None
    valid_to: str | None
    learned_at: str
    last_review: str | None
    reviews: int
    stability_days: float
    retention: float
    pinned: bool
    state: str  # live | faded | forgotten
    curve: RetentionCurve
    history: list[FactVersion] = field(default_factory=list)
    title: str | None = None  # a scene's title, a message's conversation

    def to_json(self) -> dict:
        return asdict(self)


def _find(db: sqlite_utils.Database, item_id: str) -> tuple[str, int]:
    for level, table in LEVELS.items():
        row = db.execute(f"SELECT rowid FROM {table} WHERE id = ?", [item_id]).fetchone()
        if row:
            return level, row[0]
    raise InputError(f"no memory with id {item_id!r}")


def _fact_rowids_of(db: sqlite_utils.Database, level: str, rowid: int) -> list[int]:
    if level == "fact":
        return [rowid]
    if level == "scene":
        return [r for (r,) in db.execute("SELECT fact_rowid FROM scene_facts WHERE scene_rowid = ? ORDER BY centrality", [rowid])]
    if level == "persona":
        return [r for (r,) in db.execute("SELECT fact_rowid FROM persona_evidence WHERE persona_rowid = ?", [rowid])]
    return []


def _sources(db: sqlite_utils.Database, level: str, rowid: int, item_id: str) -> list[str]:
    if level == "message":
        return [item_id]
    facts = _fact_rowids_of(db, level, rowid)
    found: set[str] = set()
    for fact in facts:
        found.update(m for (m,) in db.execute("SELECT message_id FROM fact_sources WHERE fact_rowid = ?", [fact]))
    return sorted(found)


def _messages(db: sqlite_utils.Database, ids: list[str], limit: int = 20) -> list[ContextTurn]:
    if not ids:
        return []
    chunk = ids[:limit]
    rows = db.execute(f"SELECT id, speaker, time, text FROM messages WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY time_utc, rowid", chunk)
    return [ContextTurn(*row) for row in rows]


def _history(db: sqlite_utils.Database, rowid: int) -> list[FactVersion]:
    """Every fact linked to this one through `superseded_by`, both ways, oldest first."""
    versions: list[FactVersion] = []
    seen = {rowid}
    frontier = [rowid]
    while frontier:
        current = frontier.pop()
        older = db.execute("SELECT rowid, id, text, valid_from, valid_to, superseded_at FROM facts WHERE superseded_by = ?", [current]).fetchall()
        newer = db.execute(
            "SELECT n.rowid, n.id, n.text, n.valid_from, n.valid_to, n.superseded_at FROM facts f JOIN facts n ON n.rowid = f.superseded_by WHERE f.rowid = ?",
            [current],
        ).fetchall()
        for rows, relation in ((older, "older"), (newer, "newer")):
            for r in rows:
                if r[0] not in seen:
                    seen.add(r[0])
                    frontier.append(r[0])
                    versions.append(FactVersion(r[1], r[2], r[3], r[4], r[5], relation))
    return sorted(versions, key=lambda v: (v.valid_from or "", v.id))


def item_detail(db: sqlite_utils.Database, item_id: str, now: datetime) -> ItemDetail:
    """Everything the browser shows for one id of any level; raises `InputError` for an unknown id."""
    now = ensure_aware(now)
    level, rowid = _find(db, item_id)
    table = LEVELS[level]
    common = f"{_LEARNED[level]}, last_review, reviews, stability_days, pinned, archived"
    title = None
    valid_from = valid_to = None
    if level == "message":
        row = db.execute(f"SELECT text, conversation, {common} FROM messages WHERE rowid = ?", [rowid]).fetchone()
        text, title, rest = row[0], row[1], row[2:]
    elif level == "fact":
        row = db.execute(f"SELECT text, valid_from, valid_to, {common} FROM facts WHERE rowid = ?", [rowid]).fetchone()
        text, valid_from, valid_to, rest = row[0], row[1], row[2], row[3:]
    elif level == "scene":
        row = db.execute(f"SELECT title, summary, start, end, {common} FROM scenes WHERE rowid = ?", [rowid]).fetchone()
        title, text, valid_from, valid_to, rest = row[0], row[1], row[2], row[3], row[4:]
    else:
        row = db.execute(f"SELECT subject, attribute, value, polarity, first_seen, {common} FROM persona WHERE rowid = ?", [rowid]).fetchone()
        text, valid_from, rest = persona_sentence(row[0], row[1], row[2], row[3]), row[4], row[5:]
    learned, last_review, reviews, stability, pinned, archived = rest
    sources = _sources(db, level, rowid, item_id)
    logger.debug("detail of %s %s from %s", level, item_id, table)
    return ItemDetail(
        id=item_id, level=level, text=text, sources=sources, source_messages=_messages(db, sources),
        valid_from=valid_from, valid_to=valid_to, learned_at=learned, last_review=last_review, reviews=reviews,
        stability_days=stability, retention=retention(stability, last_review, learned, now, bool(pinned)),
        pinned=bool(pinned), state=STATES.get(archived, "archived"),
        curve=retention_curve(learned, last_review, reviews, stability, now, bool(pinned)),
        history=_history(db, rowid) if level == "fact" else [], title=title,
    )


def set_pinned(db: sqlite_utils.Database, item_id: str, pinned: bool = True) -> str:
    """Pinned memories never fade (retention stays 1). Returns the item's level."""
    level, rowid = _find(db, item_id)
    with transaction(db) as conn:
        conn.execute(f"UPDATE {LEVELS[level]} SET pinned = ? WHERE rowid = ?", (int(pinned), rowid))
    return level


def edit_fact(memory: Memory, item_id: str, text: str) -> None:
    """Correct a fact's wording in place; its sources, validity and history stay.

    The full-text index follows by trigger; the vector is rebuilt here so
    recall matches the new wording at once.
    """
    from remembrancer.memory.facts.store import normalise

    text = " ".join(text.split())
    if not text:
        raise InputError("a fact's text cannot be empty")
    level, rowid = _find(memory.db, item_id)
    if level != "fact":
        raise InputError(f"only facts can be edited; {item_id!r} is a {level}")
    with transaction(memory.db) as conn:
        conn.execute("UPDATE facts SET text = ?, norm = ? WHERE rowid = ?", (text, normalise(text), rowid))  # its vector: stale
    embed_all_pending(memory.db, memory.indexes, memory.embedder)
    logger.info("fact %s edited", item_id)
