"""What re-clustering scenes reads and writes: `scenes` and their members (`scene_facts`).

`memory.hierarchy.rebuild_scenes` reads the live facts that may join a
scene and the scenes stored now, clusters them (`memory.scenes.build`), and
writes the result back through here inside one transaction.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.store.driver import sqlite


class SceneFactRow(NamedTuple):
    """A live, current, standalone fact and the conversation of its first source message."""

    id: str
    text: str
    time_said: str
    subject: str
    entities: str  # JSON list
    conversation: str


def scene_fact_rows(db: sqlite_utils.Database) -> list[SceneFactRow]:
    """Every fact that may join a scene, in rowid order."""
    rows = db.execute(
        """SELECT f.id, f.text, f.time_said, f.subject, f.entities, min(m.conversation)
           FROM facts f JOIN fact_sources fs ON fs.fact_rowid = f.rowid JOIN messages m ON m.id = fs.message_id
           WHERE f.archived = 0 AND f.superseded_at IS NULL AND f.standalone = 1 GROUP BY f.rowid ORDER BY f.rowid"""
    )
    return [SceneFactRow(*row) for row in rows]


def scene_members(db: sqlite_utils.Database) -> dict[str, list[str]]:
    """Every stored scene with a member: scene id -> its members' fact ids."""
    members: dict[str, list[str]] = {}
    for scene_id, fact_id in db.execute(
        "SELECT s.id, f.id FROM scenes s JOIN scene_facts sf ON sf.scene_rowid = s.rowid JOIN facts f ON f.rowid = sf.fact_rowid"
    ):
        members.setdefault(scene_id, []).append(fact_id)
    return members


def memberless_scene_ids(db: sqlite_utils.Database) -> list[str]:
    """Scenes left with no member (every fact of theirs was deleted)."""
    return [sid for (sid,) in db.execute("SELECT id FROM scenes WHERE rowid NOT IN (SELECT scene_rowid FROM scene_facts)")]


def delete_scenes(conn: sqlite.Connection, ids: Iterable[str]) -> None:
    conn.executemany("DELETE FROM scenes WHERE id = ?", [(sid,) for sid in ids])


class SceneRow(NamedTuple):
    """A scene as the clustering built it."""

    id: str
    title: str
    summary: str
    start: str | None
    end: str | None
    built_at: str


def put_scene(conn: sqlite.Connection, scene: SceneRow, members: Iterable[tuple[int, int]]) -> int:
    """Insert or update `scene` (its review history stays) with exactly these `(fact rowid, centrality)` members; returns its rowid."""
    conn.execute(
        """INSERT INTO scenes (id, title, summary, start, end, built_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET title = excluded.title, summary = excluded.summary,
             start = excluded.start, end = excluded.end, built_at = excluded.built_at""",
        tuple(scene),
    )
    (scene_rowid,) = conn.execute("SELECT rowid FROM scenes WHERE id = ?", (scene.id,)).fetchone()
    # Only the members that changed are written: a member added or removed makes the scene's vector
    # (the mean of its members') stale (triggers of migration 21); a scene rebuilt the same keeps it.
    before = dict(conn.execute("SELECT fact_rowid, centrality FROM scene_facts WHERE scene_rowid = ?", (scene_rowid,)).fetchall())
    after = dict(members)
    gone = [(scene_rowid, f) for f in before if f not in after]
    conn.executemany("DELETE FROM scene_facts WHERE scene_rowid = ? AND fact_rowid = ?", gone)
    conn.executemany(
        "UPDATE scene_facts SET centrality = ? WHERE scene_rowid = ? AND fact_rowid = ?",
        [(c, scene_rowid, f) for f, c in after.items() if f in before and before[f] != c],
    )
    conn.executemany("INSERT INTO scene_facts (scene_rowid, fact_rowid, centrality) VALUES (?, ?, ?)", [(scene_rowid, f, c) for f, c in after.items() if f not in before])
    return scene_rowid
