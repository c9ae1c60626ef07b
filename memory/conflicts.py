"""The conflict queue: contradictions the store would not settle alone.

`memory.facts.temporal` queues two facts about the same single-valued
attribute when it cannot tell which is current (a weak reading, or both true
since the same day). The user settles each: keep A (B was wrong: archived as
forgotten), keep B (A is the past: closed, superseded by B), or both (both
true, e.g. two homes).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

import sqlite_utils

from remembrancer.memory.errors import InputError
from remembrancer.memory.facts.temporal import close
from remembrancer.memory.forgetting import FORGOTTEN
from remembrancer.memory.persona.build import rebuild_persona
from remembrancer.memory.store.database import transaction
from remembrancer.memory.timeutil import to_iso

CHOICES = ("A", "B", "both")


@dataclass(frozen=True)
class ConflictFact:
    id: str
    text: str
    valid_from: str | None
    valid_to: str | None
    confidence: float
    sources: list[str]


@dataclass(frozen=True)
class Conflict:
    id: int
    reason: str
    created_at: str
    a: ConflictFact
    b: ConflictFact
    resolved_at: str | None = None
    resolution: str | None = None

    def to_json(self) -> dict:
        return asdict(self)


def list_conflicts(db: sqlite_utils.Database, include_resolved: bool = False) -> list[Conflict]:
    where = "" if include_resolved else "WHERE resolved_at IS NULL"
    rows = db.execute(f"SELECT rowid, fact_a, fact_b, reason, created_at, resolved_at, resolution FROM conflicts {where} ORDER BY rowid").fetchall()
    return [Conflict(r[0], r[3], r[4], _fact(db, r[1]), _fact(db, r[2]), r[5], r[6]) for r in rows]


def resolve(db: sqlite_utils.Database, conflict_id: int, keep: str, now: datetime) -> Conflict:
    if keep not in CHOICES:
        raise InputError(f"--keep: one of {', '.join(CHOICES)}, not {keep!r}")
    row = db.execute("SELECT fact_a, fact_b, resolved_at FROM conflicts WHERE rowid = ?", [conflict_id]).fetchone()
    if row is None:
        raise InputError(f"no conflict {conflict_id} (see `remembrancer conflicts`)")
    fact_a, fact_b, resolved_at = row
    if resolved_at is not None:
        raise InputError(f"conflict {conflict_id} was resolved already")
    stamp = to_iso(now)
    with transaction(db) as conn:
        if keep == "A":
            conn.execute("UPDATE facts SET archived = ?, superseded_by = ?, superseded_at = ? WHERE rowid = ?", (FORGOTTEN, fact_a, stamp, fact_b))
        elif keep == "B":
            close(conn, fact_a, fact_b, stamp)
        conn.execute("UPDATE conflicts SET resolved_at = ?, resolution = ? WHERE rowid = ?", (stamp, keep, conflict_id))
        subject = conn.execute("SELECT subject FROM facts WHERE rowid = ?", (fact_a,)).fetchone()[0]
        rebuild_persona(conn, stamp, {subject})  # the persona shows the current value
    return next(c for c in list_conflicts(db, include_resolved=True) if c.id == conflict_id)


def _fact(db: sqlite_utils.Database, rowid: int) -> ConflictFact:
    row = db.execute("SELECT id, text, valid_from, valid_to, confidence FROM facts WHERE rowid = ?", [rowid]).fetchone()
    sources = [m for (m,) in db.execute("SELECT message_id FROM fact_sources WHERE fact_rowid = ? ORDER BY message_id", [rowid])]
    return ConflictFact(row[0], row[1], row[2], row[3], row[4], sources)
