"""What `remembrancer check` reads of the store: SQLite's own checks, dangling references, counts.

Every function only reads (the full-text `integrity-check` command is an
INSERT by syntax but changes nothing); `memory.check` decides what is a problem.
"""
from __future__ import annotations

from typing import NamedTuple

from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.levels import EmbeddedLevel


class ForeignKeyFault(NamedTuple):
    """One row of `PRAGMA foreign_key_check`."""

    table: str
    rowid: int
    parent: str
    fkid: int


def integrity_check(conn: sqlite.Connection) -> list[str]:
    """`PRAGMA integrity_check`'s lines: ["ok"] for a sound file."""
    return [r[0] for r in conn.execute("PRAGMA integrity_check")]


def foreign_key_faults(conn: sqlite.Connection) -> list[ForeignKeyFault]:
    return [ForeignKeyFault(*row) for row in conn.execute("PRAGMA foreign_key_check").fetchall()]


def check_fulltext(conn: sqlite.Connection, table: str) -> None:
    """FTS5's `integrity-check` of `table`; raises `sqlite.DatabaseError` when the index does not match.

    rank = 1 also compares the index with the content table's rows.
    """
    conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")


def stray_window_rowids(conn: sqlite.Connection, limit: int) -> list[int]:
    """Window documents whose message is gone (at most `limit`)."""
    return [r[0] for r in conn.execute("SELECT rowid FROM windows_fts WHERE rowid NOT IN (SELECT rowid FROM messages) LIMIT ?", [limit])]


def facts_without_sources(conn: sqlite.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM facts WHERE rowid NOT IN (SELECT fact_rowid FROM fact_sources)")]


def sources_of_missing_messages(conn: sqlite.Connection) -> list[str]:
    """Message ids that fact sources name and no message holds."""
    return [r[0] for r in conn.execute("SELECT message_id FROM fact_sources WHERE message_id NOT IN (SELECT id FROM messages)")]


def scenes_with_missing_members(conn: sqlite.Connection) -> list[str]:
    """Scene ids, once per member naming a fact that is gone."""
    sql = "SELECT s.id FROM scene_facts m JOIN scenes s ON s.rowid = m.scene_rowid WHERE m.fact_rowid NOT IN (SELECT rowid FROM facts)"
    return [r[0] for r in conn.execute(sql)]


def persona_with_missing_evidence(conn: sqlite.Connection) -> list[str]:
    """Persona ids, once per evidence row naming a fact that is gone."""
    sql = "SELECT p.id FROM persona_evidence e JOIN persona p ON p.rowid = e.persona_rowid WHERE e.fact_rowid NOT IN (SELECT rowid FROM facts)"
    return [r[0] for r in conn.execute(sql)]


def persona_without_evidence(conn: sqlite.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM persona WHERE rowid NOT IN (SELECT persona_rowid FROM persona_evidence)")]


def scenes_without_members(conn: sqlite.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM scenes WHERE rowid NOT IN (SELECT scene_rowid FROM scene_facts)")]


def conflicts_with_missing_facts(conn: sqlite.Connection) -> list[int]:
    """Conflict numbers (rowids) naming a fact that is gone."""
    sql = "SELECT rowid FROM conflicts WHERE fact_a NOT IN (SELECT rowid FROM facts) OR fact_b NOT IN (SELECT rowid FROM facts)"
    return [r[0] for r in conn.execute(sql)]


def row_count(conn: sqlite.Connection, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def ids_with_vector(conn: sqlite.Connection, level: EmbeddedLevel) -> set[str]:
    """Ids of `level`'s rows whose vector LanceDB should hold (current or stale)."""
    return {r[0] for r in conn.execute(f"SELECT id FROM {level.table} WHERE embedded <> 0")}
