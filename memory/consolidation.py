"""Consolidation: the nightly tidy-up of a memory store (or `remembrancer consolidate`).

In order:
1. merge near-duplicate facts (same subject, cosine >= 0.93, same polarity,
   no conflicting dates, same validity), keeping every source of both;
   write-time dedupe catches most twins, this catches those written apart;
2. archive what has faded below the threshold at `now` (never deletes;
   pinned memories never fade);
3. rebuild the scenes and persona touched by 1 and 2 (nothing else changed);
4. compact LanceDB and refresh its indexes;
5. back the SQLite file up (rotating: the newest `backups_kept` stay).

`dry_run` reports what 1 and 2 would do and writes nothing. Every run is
recorded in `consolidation_runs` and logged with its counts and duration.
A second run right after the first changes nothing.
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

from remembrancer.memory.changes import Changes
from remembrancer.memory.facts.store import NEAR_DUPLICATE, reading_of
from remembrancer.memory.forgetting import FADED, not_faded_sql
from remembrancer.memory.hierarchy import rebuild_touched, scope_of
from remembrancer.memory.store.backup import backup_database
from remembrancer.memory.store import vector_sync
from remembrancer.memory.store.database import transaction
from remembrancer.memory.timeutil import to_iso

if TYPE_CHECKING:
    from remembrancer.memory.core import Memory

logger = logging.getLogger(__name__)

# Rows compared at once when looking for twins: a 1024 x n block of cosines.
BLOCK = 1024
_LEARNED = {"messages": "learned_at", "facts": "learned_at", "scenes": "built_at", "persona": "built_at"}


@dataclass
class ConsolidationReport:
    dry_run: bool
    started_at: str
    seconds: float = 0.0
    facts_merged: int = 0
    sources_moved: int = 0
    archived: dict[str, int] = field(default_factory=dict)
    scenes_rebuilt_for: int = 0  # conversations re-clustered
    persona_rebuilt_for: int = 0  # people whose persona was rebuilt
    backup: str | None = None
    backups_removed: int = 0
    finished_interrupted_import: bool = False  # facts, scenes or persona a killed import left undone were built first

    @property
    def changed(self) -> int:
        """How many memories this run merged or archived (0: the store was already consolidated)."""
        return self.facts_merged + sum(self.archived.values())

    @property
    def changes(self) -> Changes:
        """For redrawing: a real run that merged, archived or rebuilt anything touched every kind (a dry run, nothing)."""
        rebuilt = self.scenes_rebuilt_for or self.persona_rebuilt_for or self.finished_interrupted_import
        return Changes.everything() if not self.dry_run and (self.changed or rebuilt) else Changes()

    def to_json(self) -> dict:
        return {**asdict(self), "changed": self.changed}


def consolidate(memory: Memory, now: datetime, dry_run: bool = False, backups_kept: int = 7) -> ConsolidationReport:
    started = time.perf_counter()
    report = ConsolidationReport(dry_run=dry_run, started_at=to_iso(now))
    db = memory.db
    if not dry_run:  # what a process killed mid-import left undone comes first: its facts take part below
        report.finished_interrupted_import = memory.finish_pending(now=now)
    merges = find_twins(memory)
    report.facts_merged = sum(len(twins) for twins in merges.values())
    fading = _faded(db, now)
    report.archived = {table: len(rowids) for table, rowids in fading.items()}
    if not dry_run:
        touched = [twin for twins in merges.values() for twin, _ in twins] + list(merges) + fading["facts"]
        conversations, subjects = scope_of(db, touched)
        with transaction(db) as conn:
            report.sources_moved = _merge(conn, merges)
            for table, rowids in fading.items():
                conn.executemany(f"UPDATE {table} SET archived = {FADED} WHERE rowid = ?", [(r,) for r in rowids])
        vector_sync.remove(memory.indexes["fact"], [fid for twins in merges.values() for _, fid in twins])
        rebuild_touched(db, memory.indexes, memory.embedder, to_iso(now), conversations, subjects)
        report.scenes_rebuilt_for, report.persona_rebuilt_for = len(conversations), len(subjects)
        for index in memory.indexes.values():
            index.maintain()
        backup, removed = backup_database(db, memory.data_dir / "backups", now, backups_kept, memory.key)
        report.backup, report.backups_removed = str(backup), removed
    report.seconds = round(time.perf_counter() - started, 3)
    _record(db, report)
    memory.events.consolidation_did_run(report)
    logger.info(
        "consolidation%s: %d facts merged (%d sources moved), archived %s, scenes rebuilt for %d conversations, persona for %d people, %.1fs",
        " (dry run)" if dry_run else "", report.facts_merged, report.sources_moved, report.archived,
        report.scenes_rebuilt_for, report.persona_rebuilt_for, report.seconds,
    )
    return report


def find_twins(memory: Memory) -> dict[int, list[tuple[int, str]]]:
    """Survivor rowid -> [(twin rowid, twin id)] among live facts, per subject."""
    db = memory.db
    rows = db.execute(
        "SELECT rowid, id, subject, polarity, time_mentioned, valid_to, mentions, attribute, value FROM facts "
        "WHERE archived = 0 AND embedded = 1 ORDER BY subject, rowid"
    ).fetchall()
    by_subject: dict[str, list[tuple]] = {}
    for row in rows:
        by_subject.setdefault(row[2], []).append(row)
    merges: dict[int, list[tuple[int, str]]] = {}
    for facts in by_subject.values():
        if len(facts) < 2:
            continue
        vectors = memory.indexes["fact"].vectors([f[1] for f in facts])
        facts = [f for f in facts if f[1] in vectors]
        matrix = np.stack([vectors[f[1]] for f in facts]) if facts else np.zeros((0, 1))
        parent = list(range(len(facts)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for start in range(0, len(facts), BLOCK):
            similar = matrix[start : start + BLOCK] @ matrix.T
            for i, j in zip(*np.nonzero(similar >= NEAR_DUPLICATE)):
                a, b = start + int(i), int(j)
                if a < b and _compatible(facts[a], facts[b]):
                    parent[root(b)] = root(a)
        groups: dict[int, list[int]] = {}
        for i in range(len(facts)):
            groups.setdefault(root(i), []).append(i)
        for members in groups.values():
            if len(members) < 2:
                continue
            survivor = max(members, key=lambda i: (facts[i][6], -facts[i][0]))  # most mentioned, then oldest
            merges[facts[survivor][0]] = [(facts[i][0], facts[i][1]) for i in members if i != survivor]
    return merges


def _compatible(a: tuple, b: tuple) -> bool:
    """Same polarity, no two different dates, the same validity state, the same reading."""
    _, _, _, polarity_a, mentioned_a, valid_to_a, _, attribute_a, value_a = a
    _, _, _, polarity_b, mentioned_b, valid_to_b, _, attribute_b, value_b = b
    if polarity_a != polarity_b or valid_to_a != valid_to_b:
        return False
    if reading_of(attribute_a, value_a) != reading_of(attribute_b, value_b):
        return False
    return not (mentioned_a and mentioned_b and mentioned_a != mentioned_b)


def _merge(conn, merges: dict[int, list[tuple[int, str]]]) -> int:
    """Fold each twin into its survivor: sources, mentions, strength, scene and persona links."""
    moved = 0
    for survivor, twins in merges.items():
        for twin, _ in twins:
            before = conn.execute("SELECT count(*) FROM fact_sources WHERE fact_rowid = ?", (survivor,)).fetchone()[0]
            conn.execute("INSERT OR IGNORE INTO fact_sources (fact_rowid, message_id) SELECT ?, message_id FROM fact_sources WHERE fact_rowid = ?", (survivor, twin))
            moved += conn.execute("SELECT count(*) FROM fact_sources WHERE fact_rowid = ?", (survivor,)).fetchone()[0] - before
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
            conn.execute("INSERT OR IGNORE INTO scene_facts (scene_rowid, fact_rowid, centrality) SELECT scene_rowid, ?, centrality FROM scene_facts WHERE fact_rowid = ?", (survivor, twin))
            conn.execute("INSERT OR IGNORE INTO persona_evidence (persona_rowid, fact_rowid) SELECT persona_rowid, ? FROM persona_evidence WHERE fact_rowid = ?", (survivor, twin))
            conn.execute("UPDATE facts SET superseded_by = ? WHERE superseded_by = ?", (survivor, twin))
            conn.execute("UPDATE OR IGNORE conflicts SET fact_a = ? WHERE fact_a = ?", (survivor, twin))
            conn.execute("UPDATE OR IGNORE conflicts SET fact_b = ? WHERE fact_b = ?", (survivor, twin))
            conn.execute("DELETE FROM facts WHERE rowid = ?", (twin,))  # cascades to its own links
    return moved


def _faded(db, now: datetime) -> dict[str, list[int]]:
    """Rows not yet archived whose retention is below the threshold at `now` (pinned never)."""
    out: dict[str, list[int]] = {}
    for table, learned in _LEARNED.items():
        condition, params = not_faded_sql("b", learned, now)
        out[table] = [r for (r,) in db.execute(f"SELECT rowid FROM {table} b WHERE b.archived = 0 AND NOT {condition}", params)]
    return out


def _record(db, report: ConsolidationReport) -> None:
    with transaction(db) as conn:
        conn.execute(
            "INSERT INTO consolidation_runs (started_at, seconds, dry_run, report) VALUES (?, ?, ?, ?)",
            (report.started_at, report.seconds, int(report.dry_run), json.dumps(report.to_json(), sort_keys=True)),
        )


def last_run(db) -> str | None:
    """When the last real (not dry) run started, or None."""
    row = db.execute("SELECT max(started_at) FROM consolidation_runs WHERE dry_run = 0").fetchone()
    return row[0] if row else None
