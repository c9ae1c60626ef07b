"""The SQL of keeping a note's stored items in step with its file: finding them, re-keying, archiving and restoring.

A note's items are found by the note's name (its path relative to the vault
or imported folder), which is both their conversation and their
`metadata.path`, never by `source_file`: that is the path the import
started from, and the same note imported from `vault/` and from
`vault/Journal/` has two. Everything here runs inside the caller's
transaction (`memory.note_sync` decides what to do).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from remembrancer.memory.store.database import select_in
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.levels import TABLES


class NoteItem(NamedTuple):
    """A stored item of one note, in any archive state."""

    rowid: int
    id: str
    text: str
    archived: int


class Rekey(NamedTuple):
    """A stored item that gets a new id (same text): old id, new id, the parse's metadata for it."""

    old_id: str
    new_id: str
    metadata: dict[str, Any]


def note_items(conn: sqlite.Connection, note: str) -> list[NoteItem]:
    """Every item stored from the note named `note` (archived ones too), in rowid order."""
    sql = (
        "SELECT rowid, id, text, archived FROM messages WHERE conversation = ? AND kind = 'note'"
        " AND CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.path') END = ? ORDER BY rowid"
    )
    return [NoteItem(*row) for row in conn.execute(sql, (note, note))]


def rekey(conn: sqlite.Connection, changes: Sequence[Rekey]) -> list[int]:
    """Give these items their new ids, with every row that names them; returns their rowids.

    `fact_sources` and `message_history` reference `messages (id)` without
    ON UPDATE CASCADE, so the foreign keys are checked at COMMIT (deferred)
    and the three tables are updated together. The vector of an item is
    keyed by its id: the row is marked for embedding under its new id, and
    the caller removes the old id's vector after COMMIT (a crash in between
    leaves an orphan vector, which repair-on-open removes).
    """
    if not changes:
        return []
    conn.execute("PRAGMA defer_foreign_keys = ON")  # reset by SQLite at the end of this transaction
    rowids: list[int] = []
    for change in changes:
        (rowid,) = conn.execute("SELECT rowid FROM messages WHERE id = ?", (change.old_id,)).fetchone()
        conn.execute("UPDATE messages SET id = ?, metadata = ?, embedded = 0 WHERE rowid = ?",
                     (change.new_id, json.dumps(change.metadata, ensure_ascii=False, sort_keys=True), rowid))
        conn.execute("UPDATE fact_sources SET message_id = ? WHERE message_id = ?", (change.new_id, change.old_id))
        conn.execute("UPDATE message_history SET message_id = ? WHERE message_id = ?", (change.new_id, change.old_id))
        rowids.append(rowid)
    return rowids


def set_archived(conn: sqlite.Connection, level: str, rowids: Iterable[int], mark: int, only_from: Sequence[int]) -> list[int]:
    """Set `archived = mark` on those of `rowids` at `level` whose mark is one of `only_from`; returns the rowids changed.

    `only_from` keeps another state as it is: archiving a removed paragraph
    leaves what the user forgot forgotten, and restoring one brings back only
    what was archived as removed.
    """
    table = TABLES[level]
    marks = sorted(set(only_from))
    sql = f"SELECT rowid FROM {table} WHERE rowid IN ({{}}) AND archived IN ({', '.join('?' * len(marks))})"
    changed = [r for (r,) in select_in(conn, sql, sorted(set(rowids)), marks)]
    conn.executemany(f"UPDATE {table} SET archived = ? WHERE rowid = ?", [(mark, r) for r in changed])
    return changed


def facts_citing_with_mark(conn: sqlite.Connection, message_ids: Iterable[str], mark: int) -> set[int]:
    """Facts archived with `mark` that cite one of these messages."""
    sql = "SELECT DISTINCT f.rowid FROM fact_sources s JOIN facts f ON f.rowid = s.fact_rowid WHERE s.message_id IN ({}) AND f.archived = ?"
    return {r for (r,) in select_in(conn, sql, sorted(set(message_ids)), (mark,))}


def persona_with_evidence_marked(conn: sqlite.Connection, facts: Iterable[int], mark: int) -> set[int]:
    """Persona rows archived with `mark` with evidence among `facts`."""
    sql = "SELECT DISTINCT p.rowid FROM persona_evidence e JOIN persona p ON p.rowid = e.persona_rowid WHERE e.fact_rowid IN ({}) AND p.archived = ?"
    return {r for (r,) in select_in(conn, sql, sorted(set(facts)), (mark,))}


def scenes_with_members_marked(conn: sqlite.Connection, facts: Iterable[int], mark: int) -> set[int]:
    """Scenes archived with `mark` with a member among `facts`."""
    sql = "SELECT DISTINCT s.rowid FROM scene_facts m JOIN scenes s ON s.rowid = m.scene_rowid WHERE m.fact_rowid IN ({}) AND s.archived = ?"
    return {r for (r,) in select_in(conn, sql, sorted(set(facts)), (mark,))}
