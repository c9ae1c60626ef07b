"""Building persona attributes from facts, with reflective calibration.

Each attribute value is the evidence of one or more facts; its confidence is
the noisy-OR of theirs (two independent mentions are surer than one).
Calibration: for attributes a person has one of at a time (home, age, ...),
older values are flagged as contradicted by the newest; a value asserted
and denied is flagged on both sides, as are the facts that deny it; an
attribute whose evidence faded (archived facts) is weakened (halved), not
silently kept; one whose every evidence fact was deleted (hard forget, a
merge) rests on nothing and is deleted: an attribute never outlives all of
its evidence.
"""
from __future__ import annotations

import hashlib
from memory.store.driver import sqlite
from dataclasses import dataclass, field

from memory.facts.store import normalise

SINGLE_VALUED = frozenset({"home", "age", "birthday", "origin", "name", "email", "phone", "address"})
LOST_EVIDENCE_FACTOR = 0.5


@dataclass
class PersonaReport:
    subjects: int = 0
    attributes: int = 0
    flagged: int = 0
    weakened: int = 0


@dataclass
class _Group:
    subject: str
    attribute: str
    value: str
    polarity: int
    facts: list[int] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)
    first_seen: str = ""
    last_seen: str = ""


def persona_id(subject: str, attribute: str, value_norm: str, polarity: int) -> str:
    key = f"{subject.lower()}\x1f{attribute}\x1f{value_norm}\x1f{polarity}"
    return "p-" + hashlib.sha1(key.encode()).hexdigest()[:16]


def rebuild_persona(conn: sqlite.Connection, built_at: str, subjects: set[str] | None = None) -> PersonaReport:
    """Rebuild persona rows of `subjects` (all when None) inside the caller's transaction."""
    where, params = "", []
    if subjects is not None:
        if not subjects:
            return PersonaReport()
        where = f" AND subject IN ({','.join('?' * len(subjects))})"
        params = sorted(subjects)
    groups = _group_facts(conn, where, params)
    report = PersonaReport(subjects=len({g.subject for g in groups.values()}))
    kept: set[str] = set()
    conn.execute(f"UPDATE facts SET flagged = NULL WHERE flagged LIKE 'persona:%'{where}", params)
    for pid, group in groups.items():
        flag = _calibration_flag(group, groups)
        confidence = 1.0
        for c in group.confidences:
            confidence *= 1.0 - min(c, 0.95)
        confidence = round(1.0 - confidence, 4)
        conn.execute(
            """INSERT INTO persona (id, subject, attribute, value, polarity, confidence, first_seen, last_seen, flagged, built_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET value = excluded.value, confidence = excluded.confidence,
                 first_seen = excluded.first_seen, last_seen = excluded.last_seen, flagged = excluded.flagged,
                 built_at = excluded.built_at""",
            (pid, group.subject, group.attribute, group.value, group.polarity, confidence, group.first_seen, group.last_seen, flag, built_at),
        )
        rowid = conn.execute("SELECT rowid FROM persona WHERE id = ?", (pid,)).fetchone()[0]
        conn.execute("DELETE FROM persona_evidence WHERE persona_rowid = ?", (rowid,))
        conn.executemany("INSERT INTO persona_evidence (persona_rowid, fact_rowid) VALUES (?, ?)", [(rowid, f) for f in group.facts])
        if flag and group.polarity < 0:
            conn.executemany("UPDATE facts SET flagged = ? WHERE rowid = ?", [(f"persona: {flag}", f) for f in group.facts])
        kept.add(pid)
        report.attributes += 1
        report.flagged += bool(flag)
    report.weakened = _weaken_lost(conn, kept, where, params, built_at)
    _drop_unfounded(conn, where, params)
    return report


def _group_facts(conn: sqlite.Connection, where: str, params: list) -> dict[str, _Group]:
    rows = conn.execute(
        "SELECT rowid, subject, attribute, value, polarity, confidence, time_said, mentions FROM facts"
        # Superseded facts stay: a former home is part of the profile, flagged as contradicted by the newer one.
        f" WHERE attribute IS NOT NULL AND value IS NOT NULL AND archived = 0 AND standalone = 1{where}"
        " ORDER BY time_said, rowid",
        params,
    ).fetchall()
    groups: dict[str, _Group] = {}
    for rowid, subject, attribute, value, polarity, confidence, said, mentions in rows:
        norm = normalise(value)
        if not norm:
            continue
        pid = persona_id(subject, attribute, norm, 1 if polarity >= 0 else -1)
        group = groups.setdefault(pid, _Group(subject, attribute, value, 1 if polarity >= 0 else -1, first_seen=said))
        group.facts.append(rowid)
        group.confidences.extend([confidence] * mentions)  # each mention is evidence
        group.last_seen = said
    return groups


def _calibration_flag(group: _Group, groups: dict[str, _Group]) -> str | None:
    opposite = groups.get(persona_id(group.subject, group.attribute, normalise(group.value), -group.polarity))
    if opposite is not None:
        return "contradictory evidence: both asserted and denied"
    if group.attribute in SINGLE_VALUED and group.polarity > 0:
        rivals = [g for g in groups.values() if g.subject == group.subject and g.attribute == group.attribute and g.polarity > 0 and g is not group]
        newer = [g for g in rivals if g.last_seen > group.last_seen]
        if newer:
            latest = max(newer, key=lambda g: g.last_seen)
            return f"contradicted by newer evidence: {latest.value}"
    return None


def _weaken_lost(conn: sqlite.Connection, kept: set[str], where: str, params: list, built_at: str) -> int:
    # Already-weakened rows stay as they are: a second rebuild changes nothing.
    rows = conn.execute(
        f"SELECT rowid, id FROM persona WHERE archived = 0 AND flagged IS NOT 'evidence lost'"
        f" AND rowid IN (SELECT persona_rowid FROM persona_evidence){where}", params
    ).fetchall()
    lost = [rowid for rowid, pid in rows if pid not in kept]
    conn.executemany(
        "UPDATE persona SET confidence = confidence * ?, flagged = 'evidence lost', built_at = ? WHERE rowid = ?",
        [(LOST_EVIDENCE_FACTOR, built_at, rowid) for rowid in lost],
    )
    return len(lost)


def _drop_unfounded(conn: sqlite.Connection, where: str, params: list) -> int:
    """Delete attributes with no evidence row left: their facts were deleted, so nothing they say is backed any more."""
    return conn.execute(f"DELETE FROM persona WHERE rowid NOT IN (SELECT persona_rowid FROM persona_evidence){where}", params).rowcount
