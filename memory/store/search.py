"""What recall reads of the upper levels by id or rowid: vector hits' rows, scenes and their facts, persona rows, items.

Recall is latency-bound: each function is the one statement (or the chunked
statement) its caller ran before, so a recall makes as many round trips as it did.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.store.database import select_in


@dataclass(frozen=True)
class RowFilter:
    """A condition on alias `b` (starting with AND) and its parameters."""

    sql: str = ""
    params: tuple = ()


def rowids_of_hits(db: sqlite_utils.Database, table: str, ids: Sequence[str], where: RowFilter = RowFilter()) -> dict[str, int]:
    """id -> rowid of the `table` rows among `ids` that pass `where` (one statement: vector hits are few)."""
    marks = ",".join("?" * len(ids))
    return dict(db.execute(f"SELECT id, rowid FROM {table} b WHERE id IN ({marks}) {where.sql}", [*ids, *where.params]).fetchall())


class PersonaMatch(NamedTuple):
    rowid: int
    value: str
    confidence: float
    subject: str
    attribute: str


def persona_of(
    db: sqlite_utils.Database, subjects: Sequence[str], attributes: Sequence[str], where: RowFilter = RowFilter()
) -> list[PersonaMatch]:
    """Affirmed, uncontradicted persona rows of these (lower-cased) subjects and attributes that pass `where`."""
    marks_s = ",".join("?" * len(subjects))
    marks_a = ",".join("?" * len(attributes))
    rows = db.execute(
        f"SELECT rowid, value, confidence, subject, attribute FROM persona b WHERE polarity > 0 AND coalesce(flagged, '') NOT LIKE 'contradicted%'"
        f" AND lower(subject) IN ({marks_s}) AND attribute IN ({marks_a}) {where.sql}",
        [*subjects, *attributes, *where.params],
    ).fetchall()
    return list(map(PersonaMatch._make, rows))


class SceneFact(NamedTuple):
    scene: int
    fact: int


def scenes_of_facts(db: sqlite_utils.Database, facts: Sequence[int]) -> list[SceneFact]:
    """(scene, fact) links of these fact rowids (one statement: the seeds are few)."""
    marks = ",".join("?" * len(facts))
    return list(map(SceneFact._make, db.execute(f"SELECT scene_rowid, fact_rowid FROM scene_facts WHERE fact_rowid IN ({marks})", facts)))


def scene_members(db: sqlite_utils.Database, scenes: Sequence[int], where: RowFilter = RowFilter()) -> list[SceneFact]:
    """(scene, fact) links of these scenes whose fact passes `where`, by scene and then centrality."""
    marks = ",".join("?" * len(scenes))
    rows = db.execute(
        f"SELECT sf.scene_rowid, sf.fact_rowid FROM scene_facts sf JOIN facts b ON b.rowid = sf.fact_rowid"
        f" WHERE sf.scene_rowid IN ({marks}) {where.sql} ORDER BY sf.scene_rowid, sf.centrality",
        [*scenes, *where.params],
    )
    return list(map(SceneFact._make, rows))


class SceneRow(NamedTuple):
    id: str
    title: str
    summary: str
    start: str | None
    end: str | None
    stability_days: float
    last_review: str | None
    built_at: str
    pinned: int


def scene(db: sqlite_utils.Database, rowid: int) -> SceneRow:
    row = db.execute("SELECT id, title, summary, start, end, stability_days, last_review, built_at, pinned FROM scenes WHERE rowid = ?", [rowid]).fetchone()
    return SceneRow(*row)


def scene_facts_by_centrality(db: sqlite_utils.Database, scene_rowid: int) -> list[int]:
    return [f for (f,) in db.execute("SELECT fact_rowid FROM scene_facts WHERE scene_rowid = ? ORDER BY centrality", [scene_rowid])]


def fact_text(db: sqlite_utils.Database, rowid: int) -> str:
    return db.execute("SELECT text FROM facts WHERE rowid = ?", [rowid]).fetchone()[0]


class PersonaRow(NamedTuple):
    id: str
    subject: str
    attribute: str
    value: str
    polarity: int
    first_seen: str | None
    stability_days: float
    last_review: str | None
    built_at: str
    pinned: int


def persona_row(db: sqlite_utils.Database, rowid: int) -> PersonaRow:
    row = db.execute(
        "SELECT id, subject, attribute, value, polarity, first_seen, stability_days, last_review, built_at, pinned FROM persona WHERE rowid = ?", [rowid]
    ).fetchone()
    return PersonaRow(*row)


class EvidenceTurn(NamedTuple):
    id: str
    speaker: str
    time: str
    text: str
    time_utc: str
    rowid: int


def persona_evidence_turns(db: sqlite_utils.Database, persona_rowid: int, limit: int | None = None) -> list[EvidenceTurn]:
    """The messages a persona row rests on (through its facts), newest first; the newest `limit` of them when given.

    Why a bound: an attribute said all along (where someone lives, a pet)
    rests on hundreds of facts and messages in a store of a million; reading
    every message to show one item cost recall up to 50 ms (a million
    messages, ~550 evidence turns). The bound picks the newest from the
    index of when sources were said (`fact_sources_said`, no message read)
    and reads only those messages (and any said at the same instant as the
    last of them, so ties order as without a bound).
    """
    cut = None
    if limit is not None:
        said = db.execute(
            "SELECT DISTINCT fs.said_utc FROM persona_evidence pe JOIN fact_sources fs ON fs.fact_rowid = pe.fact_rowid"
            " WHERE pe.persona_rowid = ? ORDER BY fs.said_utc DESC LIMIT 1 OFFSET ?",
            [persona_rowid, max(0, int(limit) - 1)],
        ).fetchone()
        cut = said[0] if said else None
    rows = db.execute(
        "SELECT DISTINCT m.id, m.speaker, m.time, m.text, m.time_utc, m.rowid FROM persona_evidence pe"
        " JOIN fact_sources fs ON fs.fact_rowid = pe.fact_rowid JOIN messages m ON m.id = fs.message_id"
        " WHERE pe.persona_rowid = ? AND (? IS NULL OR fs.said_utc >= ?) ORDER BY m.time_utc DESC, m.rowid DESC LIMIT ?",
        [persona_rowid, cut, cut, -1 if limit is None else int(limit)],  # SQLite: a negative LIMIT is none
    ).fetchall()
    return list(map(EvidenceTurn._make, rows))


def persona_evidence_count(db: sqlite_utils.Database, persona_rowid: int) -> int:
    """How many messages a persona row rests on (counted in the indexes, no message read)."""
    return db.execute(
        "SELECT count(DISTINCT fs.message_id) FROM persona_evidence pe JOIN fact_sources fs ON fs.fact_rowid = pe.fact_rowid WHERE pe.persona_rowid = ?",
        [persona_rowid],
    ).fetchone()[0]


def fact_source_rowids(db: sqlite_utils.Database, facts: Iterable[int], per_fact: int | None = None) -> defaultdict[int, list[int]]:
    """Fact rowid -> the rowids of the messages it cites (at most `per_fact` of them, in the index's order, when given).

    Why a bound: a fact said again and again (merged from every message that
    says it) can cite thousands of messages in a store of a million; reading
    them all cost recall ~100 ms and ranked 25k candidates for one question.
    With a bound each fact reads only its first rows of the primary key.
    """
    limit = -1 if per_fact is None else int(per_fact)  # SQLite: a negative LIMIT is none
    sql = (
        "SELECT f.rowid, (SELECT group_concat(m.rowid) FROM"
        f" (SELECT message_id FROM fact_sources WHERE fact_rowid = f.rowid LIMIT {limit}) s JOIN messages m ON m.id = s.message_id)"
        " FROM facts f WHERE f.rowid IN ({})"
    )
    out: defaultdict[int, list[int]] = defaultdict(list)
    for fact, messages in select_in(db, sql, sorted(facts)):
        if messages:
            out[fact] = [int(m) for m in messages.split(",")]
    return out


class MessageFact(NamedTuple):
    message: int
    fact: int


def standalone_facts_citing(db: sqlite_utils.Database, messages: Sequence[int], where: RowFilter = RowFilter()) -> list[MessageFact]:
    """(message, fact) rowids of the standalone, current facts (passing `where`) citing these messages."""
    sql = (
        "SELECT m.rowid, b.rowid FROM messages m JOIN fact_sources fs ON fs.message_id = m.id JOIN facts b ON b.rowid = fs.fact_rowid"
        f" WHERE m.rowid IN ({{}}) AND b.standalone AND b.superseded_at IS NULL {where.sql}"
    )
    return list(map(MessageFact._make, select_in(db, sql, messages, where.params)))


def standalone_facts(db: sqlite_utils.Database, rowids: Iterable[int]) -> set[int]:
    """Those of these fact rowids that stand alone (readable without their source)."""
    return {rowid for rowid, standalone in select_in(db, "SELECT rowid, standalone FROM facts WHERE rowid IN ({})", sorted(rowids)) if standalone}


class FactWeight(NamedTuple):
    """What a fact's rank weight is made of: its retention and the validity of a state."""

    stability_days: float
    last_review: str | None
    learned_at: str
    pinned: int
    attribute: str | None
    value: str | None
    valid_from: str | None
    valid_to: str | None


def fact_weights(db: sqlite_utils.Database, rowids: Iterable[int]) -> dict[int, FactWeight]:
    sql = "SELECT rowid, stability_days, last_review, learned_at, pinned, attribute, value, valid_from, valid_to FROM facts WHERE rowid IN ({})"
    return {row[0]: FactWeight._make(row[1:]) for row in select_in(db, sql, sorted(rowids))}


class FactRow(NamedTuple):
    """A fact as recall shows it."""

    rowid: int
    id: str
    text: str
    subject: str
    time_said: str | None
    valid_from: str | None
    valid_to: str | None
    stability_days: float
    last_review: str | None
    learned_at: str
    pinned: int


def facts_by_rowid(db: sqlite_utils.Database, rowids: Sequence[int]) -> dict[int, FactRow]:
    sql = "SELECT rowid, id, text, subject, time_said, valid_from, valid_to, stability_days, last_review, learned_at, pinned FROM facts WHERE rowid IN ({})"
    return {row[0]: FactRow._make(row) for row in select_in(db, sql, rowids)}


class SourceTurn(NamedTuple):
    rowid: int
    id: str
    conversation: str | None


def fact_sources_in_time_order(db: sqlite_utils.Database, fact_rowids: Sequence[int], per_fact: int | None = None) -> defaultdict[int, list[SourceTurn]]:
    """Fact rowid -> the messages it cites, oldest first (the first `per_fact` of them when given).

    The bound reads a fact's first sources from the index of when they were
    said (migration 19), so a fact cited by thousands of messages costs what
    one cited by a few does; `source_counts` tells how many there are in all.
    """
    limit = -1 if per_fact is None else int(per_fact)  # SQLite: a negative LIMIT is none
    sql = (
        "SELECT f.rowid, m.rowid, m.id, m.conversation FROM facts f JOIN messages m ON m.id IN"
        f" (SELECT message_id FROM fact_sources WHERE fact_rowid = f.rowid ORDER BY said_utc, message_id LIMIT {limit})"
        " WHERE f.rowid IN ({}) ORDER BY f.rowid, m.time_utc, m.rowid"
    )
    sources: defaultdict[int, list[SourceTurn]] = defaultdict(list)
    for fact, *turn in select_in(db, sql, sorted(fact_rowids)):
        sources[fact].append(SourceTurn(*turn))
    return sources


def distinct_source_count(db: sqlite_utils.Database, fact_rowids: Sequence[int]) -> int:
    """How many messages these facts cite together."""
    return select_in(db, "SELECT count(DISTINCT message_id) FROM fact_sources WHERE fact_rowid IN ({})", sorted(fact_rowids))[0][0]


def source_counts(db: sqlite_utils.Database, fact_rowids: Sequence[int]) -> dict[int, int]:
    """Fact rowid -> how many messages it cites (counted in the index, never read)."""
    sql = "SELECT fact_rowid, count(*) FROM fact_sources WHERE fact_rowid IN ({}) GROUP BY fact_rowid"
    return dict(select_in(db, sql, sorted(fact_rowids)))
