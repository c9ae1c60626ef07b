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
from remembrancer.memory.persona.build import rebuild_persona
from remembrancer.memory.store import conflicts as queue
from remembrancer.memory.store import facts as facts_repo
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
    return [
        Conflict(row.rowid, row.reason, row.created_at, _fact(db, row.fact_a), _fact(db, row.fact_b), row.resolved_at, row.resolution)
        for row in queue.conflicts(db, include_resolved)
    ]


def resolve(db: sqlite_utils.Database, conflict_id: int, keep: str, now: datetime) -> Conflict:
    if keep not in CHOICES:
        raise InputError(f"--keep: one of {', '.join(CHOICES)}, not {keep!r}")
    row = queue.conflict(db, conflict_id)
    if row is None:
        raise InputError(f"no conflict {conflict_id} (see `remembrancer conflicts`)")
    if row.resolved_at is not None:
        raise InputError(f"conflict {conflict_id} was resolved already")
    stamp = to_iso(now)
    with transaction(db) as conn:
        if keep == "A":
            facts_repo.forget_as_wrong(conn, row.fact_b, row.fact_a, stamp)
        elif keep == "B":
            close(conn, row.fact_a, row.fact_b, stamp)
        queue.mark_resolved(conn, conflict_id, stamp, keep)
        rebuild_persona(conn, stamp, {facts_repo.subject_of(conn, row.fact_a)})  # the persona shows the current value
    return next(c for c in list_conflicts(db, include_resolved=True) if c.id == conflict_id)


def _fact(db: sqlite_utils.Database, rowid: int) -> ConflictFact:
    fact = facts_repo.validity(db, rowid)
    return ConflictFact(fact.id, fact.text, fact.valid_from, fact.valid_to, fact.confidence, facts_repo.source_ids(db, rowid))
