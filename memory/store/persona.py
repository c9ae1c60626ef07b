"""The persona level's SQL: the facts a persona is built from, its rows and their evidence, the autofill profile's reads.

A rebuild is scoped to some subjects or to all: `subjects` is a sorted list
(its statements read `subject IN (...)`, unchunked, as one statement) or
None for every subject. Writes run inside the caller's transaction (`conn`).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.store.database import select_in
from remembrancer.memory.store.driver import sqlite


class AttributedFact(NamedTuple):
    """A fact that states an attribute: what a persona value groups."""

    rowid: int
    subject: str
    attribute: str
    value: str
    polarity: int
    confidence: float
    time_said: str
    mentions: int
    predicate: str  # '' when the fact has none
    time_mentioned: str | None
    text: str


class DatedFact(NamedTuple):
    """A fact naming a date: a life event's evidence."""

    rowid: int
    subject: str
    text: str
    confidence: float
    time_said: str
    mentions: int
    time_mentioned: str


class PersonaRow(NamedTuple):
    id: str
    subject: str
    attribute: str
    value: str
    polarity: int
    confidence: float
    first_seen: str
    last_seen: str
    flagged: str | None
    built_at: str
    kind: str
    names: str | None  # JSON list
    count: int | None
    valid_to: str | None
    text: str


class Endings(NamedTuple):
    """Of some facts: how many are still open (no `valid_to`), and the latest end among them."""

    still_open: int | None
    last_end: str | None


class EvidencedPersona(NamedTuple):
    rowid: int
    id: str
    flagged: str | None


class FactDetail(NamedTuple):
    """What autofill shows and weighs of an evidence fact."""

    text: str
    valid_to: str | None
    predicate: str | None


def _scope(subjects: Sequence[str] | None) -> tuple[str, list[str]]:
    if subjects is None:
        return "", []
    return f" AND subject IN ({','.join('?' * len(subjects))})", list(subjects)


def attributed_facts(conn: sqlite.Connection, subjects: Sequence[str] | None) -> list[AttributedFact]:
    where, params = _scope(subjects)
    rows = conn.execute(
        "SELECT rowid, subject, attribute, value, polarity, confidence, time_said, mentions, coalesce(predicate, ''), time_mentioned, text FROM facts"
        # Superseded facts stay: a former home is part of the profile, flagged as contradicted by the newer one.
        f" WHERE attribute IS NOT NULL AND value IS NOT NULL AND archived = 0 AND standalone = 1{where}"
        " ORDER BY time_said, rowid",
        params,
    ).fetchall()
    return [AttributedFact(*row) for row in rows]


def dated_facts(conn: sqlite.Connection, subjects: Sequence[str] | None) -> list[DatedFact]:
    where, params = _scope(subjects)
    rows = conn.execute(
        "SELECT rowid, subject, text, confidence, time_said, mentions, time_mentioned FROM facts"
        f" WHERE time_mentioned IS NOT NULL AND archived = 0 AND standalone = 1 AND polarity >= 0{where}"
        " ORDER BY time_said, rowid",
        params,
    ).fetchall()
    return [DatedFact(*row) for row in rows]


def source_texts(conn: sqlite.Connection, fact: int) -> Iterator[str]:
    """The texts of the messages a fact cites, read lazily (the caller stops at the first that helps)."""
    for (text,) in conn.execute(
        "SELECT m.text FROM fact_sources s JOIN messages m ON m.id = s.message_id WHERE s.fact_rowid = ?", (fact,)
    ):
        yield text


def live_fact_texts(conn: sqlite.Connection, subjects: Sequence[str]) -> list[str]:
    """Texts of the unarchived facts about `subjects` (a sorted list, one statement)."""
    marks = ",".join("?" * len(subjects))
    return [text for _, text in conn.execute(f"SELECT subject, text FROM facts WHERE archived = 0 AND subject IN ({marks})", list(subjects))]


def endings(conn: sqlite.Connection, facts: Sequence[int]) -> Endings:
    marks = ",".join("?" * len(facts))
    return Endings(*conn.execute(f"SELECT sum(valid_to IS NULL), max(valid_to) FROM facts WHERE rowid IN ({marks})", list(facts)).fetchone())


def clear_persona_flags(conn: sqlite.Connection, subjects: Sequence[str] | None) -> None:
    """Facts lose the flags an earlier persona build gave them ('persona: ...')."""
    where, params = _scope(subjects)
    conn.execute(f"UPDATE facts SET flagged = NULL WHERE flagged LIKE 'persona:%'{where}", params)


def save_persona(conn: sqlite.Connection, row: PersonaRow) -> int:
    """Insert or update the row with this id; returns its rowid."""
    conn.execute(
        """INSERT INTO persona (id, subject, attribute, value, polarity, confidence, first_seen, last_seen, flagged, built_at,
                                kind, names, count, valid_to, text)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET value = excluded.value, confidence = excluded.confidence,
             first_seen = excluded.first_seen, last_seen = excluded.last_seen, flagged = excluded.flagged,
             built_at = excluded.built_at, kind = excluded.kind, names = excluded.names, count = excluded.count,
             valid_to = excluded.valid_to, text = excluded.text""",
        tuple(row),
    )
    return conn.execute("SELECT rowid FROM persona WHERE id = ?", (row.id,)).fetchone()[0]


def replace_evidence(conn: sqlite.Connection, persona_rowid: int, facts: Sequence[int]) -> None:
    conn.execute("DELETE FROM persona_evidence WHERE persona_rowid = ?", (persona_rowid,))
    conn.executemany("INSERT INTO persona_evidence (persona_rowid, fact_rowid) VALUES (?, ?)", [(persona_rowid, f) for f in facts])


def flag_facts(conn: sqlite.Connection, flag: str, facts: Sequence[int]) -> None:
    conn.executemany("UPDATE facts SET flagged = ? WHERE rowid = ?", [(flag, f) for f in facts])


def evidenced_persona(conn: sqlite.Connection, subjects: Sequence[str] | None) -> list[EvidencedPersona]:
    """Unarchived persona rows with at least one evidence row."""
    where, params = _scope(subjects)
    rows = conn.execute(
        f"SELECT rowid, id, flagged FROM persona WHERE archived = 0"
        f" AND rowid IN (SELECT persona_rowid FROM persona_evidence){where}", params
    ).fetchall()
    return [EvidencedPersona(*row) for row in rows]


def persona_with_live_evidence(conn: sqlite.Connection) -> set[int]:
    """Rowids of persona rows with an unarchived evidence fact."""
    return {r for (r,) in conn.execute(
        "SELECT DISTINCT pe.persona_rowid FROM persona_evidence pe JOIN facts f ON f.rowid = pe.fact_rowid WHERE f.archived = 0"
    )}


def delete_persona(conn: sqlite.Connection, rowids: Sequence[int]) -> None:
    conn.executemany("DELETE FROM persona WHERE rowid = ?", [(r,) for r in rowids])


def weaken_persona(conn: sqlite.Connection, rowids: Sequence[int], factor: float, built_at: str) -> None:
    """Confidence times `factor`, flagged 'evidence lost'."""
    conn.executemany(
        "UPDATE persona SET confidence = confidence * ?, flagged = 'evidence lost', built_at = ? WHERE rowid = ?",
        [(factor, built_at, rowid) for rowid in rowids],
    )


def delete_unfounded_persona(conn: sqlite.Connection, subjects: Sequence[str] | None) -> int:
    """Deletes the persona rows without an evidence row; returns how many."""
    where, params = _scope(subjects)
    return conn.execute(f"DELETE FROM persona WHERE rowid NOT IN (SELECT persona_rowid FROM persona_evidence){where}", params).rowcount


# Autofill's profile of a person.


def most_frequent_speaker(db: sqlite_utils.Database, role: str | None = None) -> str | None:
    """Who speaks most (of the messages with this `role`, or of all), ties by name."""
    where, params = ("WHERE role = ?", [role]) if role is not None else ("", [])
    row = db.execute(
        f"SELECT speaker FROM messages {where} GROUP BY speaker ORDER BY count(*) DESC, speaker LIMIT 1", params
    ).fetchone()
    return row[0] if row is not None else None


def known_name(db: sqlite_utils.Database, name: str) -> str | None:
    """`name` as the store spells it: a persona subject first, else a speaker (case-insensitive)."""
    row = db.execute(
        "SELECT subject FROM persona WHERE lower(subject) = lower(?) UNION ALL"
        " SELECT speaker FROM messages WHERE lower(speaker) = lower(?) LIMIT 1",
        [name, name],
    ).fetchone()
    return row[0] if row else None


def first_message_ids(db: sqlite_utils.Database, speaker: str) -> list[str]:
    """The ids of the speaker's three earliest messages."""
    return [r[0] for r in db.execute("SELECT id FROM messages WHERE speaker = ? ORDER BY time_utc LIMIT 3", [speaker]).fetchall()]


def fact_details(db: sqlite_utils.Database, ids: Sequence[str]) -> dict[str, FactDetail]:
    return {fid: FactDetail(*rest) for fid, *rest in select_in(db, "SELECT id, text, valid_to, predicate FROM facts WHERE id IN ({})", ids)}
