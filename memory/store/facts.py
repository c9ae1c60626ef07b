"""Reading and writing the `facts` table and its sources (`fact_sources`).

The SQL of fact writing (dedupe-on-write in `memory.facts.store`), of the
timelines that close a fact when a newer value replaces it
(`memory.facts.temporal`), of settling a conflict and of consolidation's
search for twins. Writers run inside the caller's transaction (`conn`);
readers take a database or a connection. Rows come back named.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.forgetting import FORGOTTEN
from remembrancer.memory.store.database import select_in
from remembrancer.memory.store.driver import sqlite


# -- writing a fact (dedupe-on-write) -----------------------------------------
class SameWords(NamedTuple):
    """A stored fact with a candidate's normal form, about the same subject."""

    rowid: int
    time_mentioned: str | None
    attribute: str | None
    value: str | None
    standalone: int


def same_words(conn: sqlite.Connection, subject: str, norm: str) -> list[SameWords]:
    rows = conn.execute("SELECT rowid, time_mentioned, attribute, value, standalone FROM facts WHERE subject = ? AND norm = ?", (subject, norm))
    return [SameWords(*row) for row in rows]


class NewFact(NamedTuple):
    """The columns a new fact is stored with (the rest take their defaults)."""

    id: str
    text: str
    norm: str
    subject: str
    attribute: str | None
    value: str | None
    predicate: str | None
    polarity: int
    entities: str  # JSON list
    time_said: str
    time_mentioned: str | None
    valid_from: str | None
    learned_at: str
    confidence: float
    extractor: str
    stability_days: float
    standalone: int
    vector_of: str | None = None  # the message whose embedding text gives this fact its vector (`memory.store.levels.FACTS`)


_INSERT_FACT = f"INSERT INTO facts ({', '.join(NewFact._fields)}) VALUES ({', '.join('?' * len(NewFact._fields))})"


def insert_fact(conn: sqlite.Connection, fact: NewFact, sources: Iterable[str]) -> int:
    """Store `fact` citing the messages `sources`; returns its rowid."""
    rowid = conn.execute(_INSERT_FACT, tuple(fact)).lastrowid
    add_sources(conn, rowid, sources)
    return rowid


# Each source is stored with when its message was said (migration 19): recall reads a fact's first sources in time order.
# A source that is not a stored message still fails its foreign key, as before.
SOURCE_VALUES = "(fact_rowid, message_id, said_utc) VALUES (?1, ?2, (SELECT time_utc FROM messages WHERE id = ?2))"
ADD_SOURCE = f"INSERT OR IGNORE INTO fact_sources {SOURCE_VALUES}"


def add_sources(conn: sqlite.Connection, rowid: int, message_ids: Iterable[str]) -> None:
    """The fact also rests on these messages (those it cites already are kept once)."""
    conn.executemany(ADD_SOURCE, [(rowid, m) for m in message_ids])


class Strength(NamedTuple):
    """What the forgetting curve reads of a fact."""

    stability_days: float
    last_review: str | None
    learned_at: str


def strength(conn: sqlite.Connection, rowid: int) -> Strength:
    return Strength(*conn.execute("SELECT stability_days, last_review, learned_at FROM facts WHERE rowid = ?", (rowid,)).fetchone())


def reinforce(conn: sqlite.Connection, rowid: int, confidence: float, time_said: str, stability_days: float, reviewed_at: str) -> None:
    """One more mention and one more review, the stronger confidence, the later saying."""
    conn.execute(
        "UPDATE facts SET mentions = mentions + 1, confidence = max(confidence, ?), time_said = max(time_said, ?),"
        " stability_days = ?, last_review = ?, reviews = reviews + 1 WHERE rowid = ?",
        (confidence, time_said, stability_days, reviewed_at, rowid),
    )


class EmbeddedFact(NamedTuple):
    """An embedded fact as near-duplicate detection compares it."""

    rowid: int
    id: str
    subject: str
    time_mentioned: str | None
    attribute: str | None
    value: str | None


def embedded_about(db: sqlite_utils.Database, subjects: Iterable[str], per_subject: int | None = None) -> list[EmbeddedFact]:
    """The facts with a current vector about any of `subjects`, oldest first; with `per_subject`, only each one's most recent that many."""
    if per_subject is None:
        sql = "SELECT rowid, id, subject, time_mentioned, attribute, value FROM facts WHERE embedded = 1 AND subject IN ({}) ORDER BY rowid"
        return [EmbeddedFact(*row) for row in select_in(db, sql, sorted(set(subjects)))]
    rows: list[EmbeddedFact] = []
    for subject in sorted(set(subjects)):
        newest = db.execute(
            "SELECT rowid, id, subject, time_mentioned, attribute, value FROM facts WHERE embedded = 1 AND subject = ? ORDER BY rowid DESC LIMIT ?",
            [subject, per_subject],
        ).fetchall()
        rows.extend(EmbeddedFact(*row) for row in reversed(newest))
    return rows


# -- timelines ----------------------------------------------------------------
class CurrentFact(NamedTuple):
    """A fact still true (positive, not closed, not archived) and what it says."""

    subject: str
    attribute: str | None
    value: str | None
    valid_from: str | None
    confidence: float


def current(conn: sqlite.Connection, rowid: int) -> CurrentFact | None:
    """The fact at `rowid` if it is a current, positive, live statement, else None."""
    row = conn.execute(
        "SELECT subject, attribute, value, valid_from, confidence FROM facts WHERE rowid = ? AND polarity > 0 AND valid_to IS NULL AND archived = 0",
        (rowid,),
    ).fetchone()
    return CurrentFact(*row) if row else None


class CurrentValue(NamedTuple):
    rowid: int
    value: str
    valid_from: str
    confidence: float


def current_values(conn: sqlite.Connection, subject: str, attribute: str, excluding: int) -> list[CurrentValue]:
    """The other current, positive, live values of `subject`'s `attribute`."""
    rows = conn.execute(
        "SELECT rowid, value, valid_from, confidence FROM facts WHERE subject = ? AND attribute = ? AND polarity > 0"
        " AND valid_to IS NULL AND archived = 0 AND value IS NOT NULL AND rowid != ?",
        (subject, attribute, excluding),
    ).fetchall()
    return [CurrentValue(*row) for row in rows]


def close(conn: sqlite.Connection, older: int, newer: int, closed_at: str) -> None:
    """The `older` fact stopped being true when `newer` started, and was superseded by it at `closed_at`."""
    (valid_from,) = conn.execute("SELECT valid_from FROM facts WHERE rowid = ?", (newer,)).fetchone()
    conn.execute("UPDATE facts SET valid_to = ?, superseded_at = ?, superseded_by = ? WHERE rowid = ?", (valid_from, closed_at, newer, older))


# -- settling a conflict --------------------------------------------------------
def forget_as_wrong(conn: sqlite.Connection, wrong: int, kept: int, at: str) -> None:
    """The user kept `kept` over `wrong`: `wrong` is archived as forgotten, superseded by `kept`."""
    conn.execute("UPDATE facts SET archived = ?, superseded_by = ?, superseded_at = ? WHERE rowid = ?", (FORGOTTEN, kept, at, wrong))


def subject_of(db: sqlite_utils.Database | sqlite.Connection, rowid: int) -> str:
    return db.execute("SELECT subject FROM facts WHERE rowid = ?", (rowid,)).fetchone()[0]


class Validity(NamedTuple):
    """A fact as a conflict shows it."""

    id: str
    text: str
    valid_from: str | None
    valid_to: str | None
    confidence: float


def validity(db: sqlite_utils.Database, rowid: int) -> Validity:
    return Validity(*db.execute("SELECT id, text, valid_from, valid_to, confidence FROM facts WHERE rowid = ?", [rowid]).fetchone())


def source_ids(db: sqlite_utils.Database, rowid: int) -> list[str]:
    """The ids of the messages the fact cites, in id order."""
    return [m for (m,) in db.execute("SELECT message_id FROM fact_sources WHERE fact_rowid = ? ORDER BY message_id", [rowid])]


# -- consolidation and scenes ---------------------------------------------------
class TwinCandidate(NamedTuple):
    """A live embedded fact as consolidation compares it with the others of its subject."""

    rowid: int
    id: str
    subject: str
    polarity: int
    time_mentioned: str | None
    valid_to: str | None
    mentions: int
    attribute: str | None
    value: str | None


def live_embedded(db: sqlite_utils.Database) -> list[TwinCandidate]:
    """Every live (not archived) fact with a current vector, by subject, then rowid."""
    rows = db.execute(
        "SELECT rowid, id, subject, polarity, time_mentioned, valid_to, mentions, attribute, value FROM facts"
        " WHERE archived = 0 AND embedded = 1 ORDER BY subject, rowid"
    )
    return [TwinCandidate(*row) for row in rows]


def rowids_by_id(db: sqlite_utils.Database) -> dict[str, int]:
    """Every fact's rowid by its id."""
    return dict(db.execute("SELECT id, rowid FROM facts").fetchall())


def subjects_of(db: sqlite_utils.Database, rowids: Sequence[int]) -> set[str]:
    """Whom these facts are about."""
    return {s for (s,) in select_in(db, "SELECT DISTINCT subject FROM facts WHERE rowid IN ({})", rowids)}


def conversations_cited(db: sqlite_utils.Database, rowids: Sequence[int]) -> set[str]:
    """The conversations of the messages these facts cite."""
    sql = "SELECT DISTINCT m.conversation FROM fact_sources fs JOIN messages m ON m.id = fs.message_id WHERE fs.fact_rowid IN ({})"
    return {c for (c,) in select_in(db, sql, rowids)}
