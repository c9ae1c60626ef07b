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
from remembrancer.memory.forgetting import FADED, FORGOTTEN, REMOVED, retention
from remembrancer.memory.persona.phrasing import persona_sentence
from remembrancer.memory.retention_curve import RetentionCurve, retention_curve
from remembrancer.memory.store import inspect as store
from remembrancer.memory.store.database import transaction
from remembrancer.memory.store.levels import TABLES as LEVELS
from remembrancer.memory.store.vector_sync import embed_all_pending
from remembrancer.memory.timeutil import ensure_aware
from remembrancer.memory.types import ContextTurn

if TYPE_CHECKING:
    import sqlite_utils

    from remembrancer.memory.core import Memory

logger = logging.getLogger(__name__)

STATES = {0: "live", FADED: "faded", FORGOTTEN: "forgotten", REMOVED: "removed"}


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


def _find(db: sqlite_utils.Database, item_id: str) -> store.Location:
    found = store.locate(db, item_id)
    if found is None:
        raise InputError(f"no memory with id {item_id!r}")
    return found


def _fact_rowids_of(db: sqlite_utils.Database, level: str, rowid: int) -> list[int]:
    if level == "fact":
        return [rowid]
    if level == "scene":
        return store.scene_fact_rowids(db, rowid)
    if level == "persona":
        return store.evidence_fact_rowids(db, rowid)
    return []


def _sources(db: sqlite_utils.Database, level: str, rowid: int, item_id: str) -> list[str]:
    if level == "message":
        return [item_id]
    facts = _fact_rowids_of(db, level, rowid)
    found: set[str] = set()
    for fact in facts:
        found.update(store.source_message_ids(db, fact))
    return sorted(found)


def _messages(db: sqlite_utils.Database, ids: list[str], limit: int = 20) -> list[ContextTurn]:
    if not ids:
        return []
    return store.turns(db, ids[:limit])


def _history(db: sqlite_utils.Database, rowid: int) -> list[FactVersion]:
    """Every fact linked to this one through `superseded_by`, both ways, oldest first."""
    versions: list[FactVersion] = []
    seen = {rowid}
    frontier = [rowid]
    while frontier:
        current = frontier.pop()
        older = store.older_versions(db, current)
        newer = store.newer_versions(db, current)
        for rows, relation in ((older, "older"), (newer, "newer")):
            for r in rows:
                if r.rowid not in seen:
                    seen.add(r.rowid)
                    frontier.append(r.rowid)
                    versions.append(FactVersion(r.id, r.text, r.valid_from, r.valid_to, r.superseded_at, relation))
    return sorted(versions, key=lambda v: (v.valid_from or "", v.id))


def item_detail(db: sqlite_utils.Database, item_id: str, now: datetime) -> ItemDetail:
    """Everything the browser shows for one id of any level; raises `InputError` for an unknown id."""
    now = ensure_aware(now)
    level, rowid = _find(db, item_id)
    table = LEVELS[level]
    title = None
    valid_from = valid_to = None
    kept: store.Keeping
    if level == "message":
        message = store.message_item(db, rowid)
        text, title, kept = message.text, message.conversation, message.keeping
    elif level == "fact":
        fact = store.fact_item(db, rowid)
        text, valid_from, valid_to, kept = fact.text, fact.valid_from, fact.valid_to, fact.keeping
    elif level == "scene":
        scene = store.scene_item(db, rowid)
        title, text, valid_from, valid_to, kept = scene.title, scene.summary, scene.start, scene.end, scene.keeping
    else:
        persona = store.persona_item(db, rowid)
        text = persona_sentence(persona.subject, persona.attribute, persona.value, persona.polarity)
        valid_from, kept = persona.first_seen, persona.keeping
    pinned = bool(kept.pinned)
    sources = _sources(db, level, rowid, item_id)
    logger.debug("detail of %s %s from %s", level, item_id, table)
    return ItemDetail(
        id=item_id, level=level, text=text, sources=sources, source_messages=_messages(db, sources),
        valid_from=valid_from, valid_to=valid_to, learned_at=kept.learned_at, last_review=kept.last_review, reviews=kept.reviews,
        stability_days=kept.stability_days, retention=retention(kept.stability_days, kept.last_review, kept.learned_at, now, pinned),
        pinned=pinned, state=STATES.get(kept.archived, "archived"),
        curve=retention_curve(kept.learned_at, kept.last_review, kept.reviews, kept.stability_days, now, pinned),
        history=_history(db, rowid) if level == "fact" else [], title=title,
    )


def set_pinned(db: sqlite_utils.Database, item_id: str, pinned: bool = True) -> str:
    """Pinned memories never fade (retention stays 1). Returns the item's level."""
    found = _find(db, item_id)
    with transaction(db) as conn:
        store.set_pinned(conn, found, pinned)
    return found.level


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
        store.reword_fact(conn, rowid, text, normalise(text))  # its vector: stale
    embed_all_pending(memory.db, memory.indexes, memory.embedder)
    logger.info("fact %s edited", item_id)
