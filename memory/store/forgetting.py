"""Forgetting's SQL: finding what to forget and what rests on it, archive marks, and the secure hard-delete.

The sets of rowids a forget works on are read in chunks (`select_in`) of
their sorted values; level tables come from the level registry (`TABLES`).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.store.database import select_in
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.levels import TABLES

# The full-text indexes a hard forget merges, so that no old segment keeps a term.
FTS_TABLES = ("messages_fts", "windows_fts", "facts_fts", "scenes_fts")


class Item(NamedTuple):
    """An item of one level, with the text a forget shows and matches."""

    rowid: int
    id: str
    text: str


class Said(NamedTuple):
    """A message id with one of its texts (the current one or an earlier one)."""

    id: str
    text: str


class Source(NamedTuple):
    """A message a fact cites."""

    speaker: str
    text: str
    id: str


class FactText(NamedTuple):
    text: str
    subject: str


class FactState(NamedTuple):
    archived: int
    superseded_at: str | None


def _text_sql(table: str, alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    if table == "scenes":
        return f"{prefix}title || ': ' || {prefix}summary"
    if table == "persona":
        return f"{prefix}subject || ' ' || {prefix}attribute || ': ' || {prefix}value"
    return f"{prefix}text"


def _has_table(db: sqlite_utils.Database | sqlite.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).fetchone() is not None


# Finding the targets.


def item_with_id(db: sqlite_utils.Database, level: str, item_id: str) -> Item | None:
    table = TABLES[level]
    row = db.execute(f"SELECT rowid, id, {_text_sql(table)} FROM {table} WHERE id = ?", [item_id]).fetchone()
    return Item(*row) if row else None


def items_holding_words(db: sqlite_utils.Database, level: str, words: Sequence[str]) -> list[Item]:
    """Items of a full-text-indexed level whose text holds every one of `words` (each quoted: no query syntax), in rowid order."""
    table = TABLES[level]
    match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
    return [
        Item(*row)
        for row in db.execute(
            f"SELECT b.rowid, b.id, {_text_sql(table, 'b')} FROM {table}_fts f JOIN {table} b ON b.rowid = f.rowid WHERE {table}_fts MATCH ? ORDER BY b.rowid",
            [match],
        )
    ]


def persona_items(db: sqlite_utils.Database) -> list[Item]:
    """Every persona row ("subject attribute: value"), in rowid order."""
    return [Item(*row) for row in db.execute(f"SELECT rowid, id, {_text_sql('persona')} FROM persona ORDER BY rowid")]


# What rests on the targets.


def message_ids_archived_as(db: sqlite_utils.Database, mark: int) -> set[str]:
    return {i for (i,) in db.execute("SELECT id FROM messages WHERE archived = ?", [mark])}


def fact_rowids_archived_as(db: sqlite_utils.Database, mark: int) -> set[int]:
    return {r for (r,) in db.execute("SELECT rowid FROM facts WHERE archived = ?", [mark])}


def ids_of(db: sqlite_utils.Database, level: str, rowids: Iterable[int]) -> set[str]:
    return {i for (i,) in select_in(db, f"SELECT id FROM {TABLES[level]} WHERE rowid IN ({{}})", sorted(rowids))}


def evidence_facts(db: sqlite_utils.Database, persona_rowids: Iterable[int]) -> set[int]:
    """The facts that are evidence of these persona rows."""
    return {r for (r,) in select_in(db, "SELECT fact_rowid FROM persona_evidence WHERE persona_rowid IN ({})", sorted(persona_rowids))}


def member_facts(db: sqlite_utils.Database, scene_rowids: Iterable[int]) -> set[int]:
    """The member facts of these scenes."""
    return {r for (r,) in select_in(db, "SELECT fact_rowid FROM scene_facts WHERE scene_rowid IN ({})", sorted(scene_rowids))}


def source_message_rowids(db: sqlite_utils.Database, facts: Iterable[int]) -> set[int]:
    """The messages these facts cite."""
    sql = "SELECT m.rowid FROM fact_sources fs JOIN messages m ON m.id = fs.message_id WHERE fs.fact_rowid IN ({})"
    return {r for (r,) in select_in(db, sql, sorted(facts))}


def facts_citing(db: sqlite_utils.Database, message_ids: Iterable[str]) -> set[int]:
    return {r for (r,) in select_in(db, "SELECT fact_rowid FROM fact_sources WHERE message_id IN ({})", sorted(message_ids))}


def fact_text(db: sqlite_utils.Database, fact: int) -> FactText:
    return FactText(*db.execute("SELECT text, subject FROM facts WHERE rowid = ?", [fact]).fetchone())


def fact_state(db: sqlite_utils.Database, fact: int) -> FactState:
    return FactState(*db.execute("SELECT archived, superseded_at FROM facts WHERE rowid = ?", [fact]).fetchone())


def sources_of(db: sqlite_utils.Database, fact: int) -> list[Source]:
    sql = "SELECT m.speaker, m.text, m.id FROM fact_sources fs JOIN messages m ON m.id = fs.message_id WHERE fs.fact_rowid = ?"
    return [Source(*row) for row in db.execute(sql, [fact])]


def persona_with_evidence_in(db: sqlite_utils.Database, facts: Iterable[int]) -> set[int]:
    return {r for (r,) in select_in(db, "SELECT DISTINCT persona_rowid FROM persona_evidence WHERE fact_rowid IN ({})", sorted(facts))}


def evidence_of(db: sqlite_utils.Database, persona_rowid: int) -> set[int]:
    """The evidence facts of one persona row."""
    return {f for (f,) in db.execute("SELECT fact_rowid FROM persona_evidence WHERE persona_rowid = ?", [persona_rowid])}


def scenes_with_members_in(db: sqlite_utils.Database, facts: Iterable[int]) -> set[int]:
    return {r for (r,) in select_in(db, "SELECT DISTINCT scene_rowid FROM scene_facts WHERE fact_rowid IN ({})", sorted(facts))}


def members_of(db: sqlite_utils.Database, scene_rowid: int) -> list[int]:
    """The member facts of one scene."""
    return [f for (f,) in db.execute("SELECT fact_rowid FROM scene_facts WHERE scene_rowid = ?", [scene_rowid])]


def conversations_of_scenes(db: sqlite_utils.Database, scenes: Iterable[int]) -> set[str]:
    """The conversations of the messages the members of these scenes cite."""
    sql = (
        "SELECT DISTINCT m.conversation FROM scene_facts sf JOIN fact_sources fs ON fs.fact_rowid = sf.fact_rowid"
        " JOIN messages m ON m.id = fs.message_id WHERE sf.scene_rowid IN ({})"
    )
    return {c for (c,) in select_in(db, sql, sorted(scenes))}


# Soft forgetting.


def mark_archived(conn: sqlite.Connection, level: str, rowids: Iterable[int], mark: int) -> None:
    conn.executemany(f"UPDATE {TABLES[level]} SET archived = ? WHERE rowid = ?", [(mark, r) for r in rowids])


# Hard forgetting.


def said_texts(db: sqlite_utils.Database, messages: Iterable[int]) -> list[Said]:
    """(id, text) of these messages, then their earlier texts (kept in `message_history` by a re-import that changed them)."""
    said = [Said(*row) for row in select_in(db, "SELECT id, text FROM messages WHERE rowid IN ({})", sorted(messages))]
    if _has_table(db, "message_history"):
        ids = sorted({s.id for s in said})
        said += [Said(*row) for row in select_in(db, "SELECT message_id, text FROM message_history WHERE message_id IN ({})", ids)]
    return said


def secure_delete_on(db: sqlite_utils.Database) -> None:
    """Freed pages are zeroed from now on in this connection."""
    db.execute("PRAGMA secure_delete = ON")


def unlink_superseding(conn: sqlite.Connection, facts: Iterable[int]) -> None:
    """Facts superseded by one of `facts` (and not among them) lose the link: `superseded_by` becomes NULL.

    `gone` names the chunk once so that `select_in` binds it once; every
    superseded_by is a fact's rowid (a foreign key), so matching it against
    the chunk's existing facts is matching it against the chunk.
    """
    sql = (
        "WITH gone(r) AS (SELECT rowid FROM facts WHERE rowid IN ({}))"
        " UPDATE facts SET superseded_by = NULL WHERE superseded_by IN (SELECT r FROM gone) AND rowid NOT IN (SELECT r FROM gone)"
    )
    for _ in select_in(conn, sql, sorted(facts)):
        pass


def delete_rows(conn: sqlite.Connection, level: str, rowids: Iterable[int]) -> None:
    conn.executemany(f"DELETE FROM {TABLES[level]} WHERE rowid = ?", [(r,) for r in rowids])


def delete_window_texts(conn: sqlite.Connection, message_rowids: Iterable[int]) -> None:
    """The full-text rows of the windows around these messages (a window's rowid is its message's)."""
    conn.executemany("DELETE FROM windows_fts WHERE rowid = ?", [(r,) for r in message_rowids])


def delete_message_history(conn: sqlite.Connection, message_ids: Iterable[str]) -> None:
    """The earlier texts of these messages, where the store keeps them (the cascade deletes them too; said here on purpose)."""
    if _has_table(conn, "message_history"):
        conn.executemany("DELETE FROM message_history WHERE message_id = ?", [(i,) for i in message_ids])


def scrub(db: sqlite_utils.Database) -> None:
    """No SQLite file keeps deleted text: full-text segments merged, the file vacuumed, the WAL emptied."""
    for table in FTS_TABLES:
        db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
    db.execute("VACUUM")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
