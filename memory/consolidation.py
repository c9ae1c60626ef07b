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
from remembrancer.memory.hierarchy import rebuild_touched, scope_of
from remembrancer.memory.store.backup import backup_database
from remembrancer.memory.store import facts as facts_repo
from remembrancer.memory.store import strength
from remembrancer.memory.store import vector_sync
from remembrancer.memory.store.consolidation_runs import last_run, record_run  # noqa: F401 (last_run: asked through this module)
from remembrancer.memory.store.database import transaction
from remembrancer.memory.store.fact_merge import merge_fact
from remembrancer.memory.store.facts import TwinCandidate
from remembrancer.memory.store.levels import TABLES
from remembrancer.memory.timeutil import to_iso

if TYPE_CHECKING:
    from remembrancer.memory.core import Memory

logger = logging.getLogger(__name__)

# Rows compared at once when looking for twins: a 1024 x n block of cosines.
BLOCK = 1024


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
    fading = {level: strength.faded(db, level, now) for level in TABLES}  # pinned never fade
    report.archived = {TABLES[level]: len(rowids) for level, rowids in fading.items()}
    if not dry_run:
        touched = [twin for twins in merges.values() for twin, _ in twins] + list(merges) + fading["fact"]
        conversations, subjects = scope_of(db, touched)
        with transaction(db) as conn:
            report.sources_moved = sum(merge_fact(conn, survivor, twin) for survivor, twins in merges.items() for twin, _ in twins)
            for level, rowids in fading.items():
                strength.archive_faded(conn, level, rowids)
        vector_sync.remove(memory.indexes["fact"], [fid for twins in merges.values() for _, fid in twins])
        rebuild_touched(db, memory.indexes, memory.embedder, to_iso(now), conversations, subjects)
        report.scenes_rebuilt_for, report.persona_rebuilt_for = len(conversations), len(subjects)
        for index in memory.indexes.values():
            index.maintain()
        backup, removed = backup_database(db, memory.data_dir / "backups", now, backups_kept, memory.key)
        report.backup, report.backups_removed = str(backup), removed
    report.seconds = round(time.perf_counter() - started, 3)
    record_run(db, report.started_at, report.seconds, report.dry_run, json.dumps(report.to_json(), sort_keys=True))
    memory.events.consolidation_did_run(report)
    logger.info(
        "consolidation%s: %d facts merged (%d sources moved), archived %s, scenes rebuilt for %d conversations, persona for %d people, %.1fs",
        " (dry run)" if dry_run else "", report.facts_merged, report.sources_moved, report.archived,
        report.scenes_rebuilt_for, report.persona_rebuilt_for, report.seconds,
    )
    return report


def find_twins(memory: Memory) -> dict[int, list[tuple[int, str]]]:
    """Survivor rowid -> [(twin rowid, twin id)] among live facts, per subject."""
    by_subject: dict[str, list[TwinCandidate]] = {}
    for fact in facts_repo.live_embedded(memory.db):
        by_subject.setdefault(fact.subject, []).append(fact)
    merges: dict[int, list[tuple[int, str]]] = {}
    for facts in by_subject.values():
        if len(facts) < 2:
            continue
        vectors = memory.indexes["fact"].vectors([f.id for f in facts])
        facts = [f for f in facts if f.id in vectors]
        matrix = np.stack([vectors[f.id] for f in facts]) if facts else np.zeros((0, 1))
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
            survivor = max(members, key=lambda i: (facts[i].mentions, -facts[i].rowid))  # most mentioned, then oldest
            merges[facts[survivor].rowid] = [(facts[i].rowid, facts[i].id) for i in members if i != survivor]
    return merges


def _compatible(a: TwinCandidate, b: TwinCandidate) -> bool:
    """Same polarity, no two different dates, the same validity state, the same reading."""
    if a.polarity != b.polarity or a.valid_to != b.valid_to:
        return False
    if reading_of(a.attribute, a.value) != reading_of(b.attribute, b.value):
        return False
    return not (a.time_mentioned and b.time_mentioned and a.time_mentioned != b.time_mentioned)
