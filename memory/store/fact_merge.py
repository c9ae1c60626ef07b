"""Folding a twin fact into its survivor (consolidation's merge), in one place.

Everything that points at the twin moves to the survivor before the twin is
deleted: its sources, its mentions and strength, its scene and persona
links, the facts it superseded and the conflicts it is queued in. Whatever
the survivor already has stays once (`OR IGNORE`); the twin's own rows that
could not move go with it (the foreign keys cascade).
"""
from __future__ import annotations

from remembrancer.memory.store.driver import sqlite


def merge_fact(conn: sqlite.Connection, survivor: int, twin: int) -> int:
    """Fold fact `twin` into fact `survivor` inside the caller's transaction; returns how many sources the survivor gained."""
    before = _source_count(conn, survivor)
    conn.execute(
        "INSERT OR IGNORE INTO fact_sources (fact_rowid, message_id, said_utc) SELECT ?, message_id, said_utc FROM fact_sources WHERE fact_rowid = ?",
        (survivor, twin),
    )
    moved = _source_count(conn, survivor) - before
    conn.execute(
        """UPDATE facts SET
             mentions = mentions + (SELECT mentions FROM facts WHERE rowid = :twin),
             reviews = reviews + (SELECT reviews FROM facts WHERE rowid = :twin),
             confidence = max(confidence, (SELECT confidence FROM facts WHERE rowid = :twin)),
             stability_days = max(stability_days, (SELECT stability_days FROM facts WHERE rowid = :twin)),
             pinned = max(pinned, (SELECT pinned FROM facts WHERE rowid = :twin)),
             last_review = (SELECT max(last_review) FROM facts WHERE rowid IN (:twin, :survivor)),
             time_said = max(time_said, (SELECT time_said FROM facts WHERE rowid = :twin))
           WHERE rowid = :survivor""",
        {"twin": twin, "survivor": survivor},
    )
    conn.execute(
        "INSERT OR IGNORE INTO scene_facts (scene_rowid, fact_rowid, centrality) SELECT scene_rowid, ?, centrality FROM scene_facts WHERE fact_rowid = ?",
        (survivor, twin),
    )
    conn.execute("INSERT OR IGNORE INTO persona_evidence (persona_rowid, fact_rowid) SELECT persona_rowid, ? FROM persona_evidence WHERE fact_rowid = ?", (survivor, twin))
    conn.execute("UPDATE facts SET superseded_by = ? WHERE superseded_by = ?", (survivor, twin))
    conn.execute("UPDATE OR IGNORE conflicts SET fact_a = ? WHERE fact_a = ?", (survivor, twin))
    conn.execute("UPDATE OR IGNORE conflicts SET fact_b = ? WHERE fact_b = ?", (survivor, twin))
    conn.execute("DELETE FROM facts WHERE rowid = ?", (twin,))  # cascades to its own links
    return moved


def _source_count(conn: sqlite.Connection, rowid: int) -> int:
    return conn.execute("SELECT count(*) FROM fact_sources WHERE fact_rowid = ?", (rowid,)).fetchone()[0]
