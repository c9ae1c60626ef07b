"""Building the levels above messages after an import: facts, scenes, persona.

Runs on what the import touched: facts are extracted from new messages only;
scenes are re-clustered for the conversations those messages belong to
(scene ids carry over when most members stay, so pins and review history
survive); persona is rebuilt for the people the new facts are about.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import sqlite_utils

from remembrancer.memory.embedding.base import Embedder
from remembrancer.memory.embedding.stream import EmbedStream
from remembrancer.memory.extraction.base import Extractor
from remembrancer.memory.facts.pipeline import extract_pending
from remembrancer.memory.persona.build import rebuild_persona
from remembrancer.memory.scenes.build import build_scenes
from remembrancer.memory.scenes.graph import SceneFact
from remembrancer.memory.store import facts as facts_repo
from remembrancer.memory.store import messages as messages_repo
from remembrancer.memory.store import scene_build as scene_repo
from remembrancer.memory.store.database import transaction
from remembrancer.memory.store.levels import MESSAGES
from remembrancer.memory.store.owed_vectors import OwedVectors
from remembrancer.memory.store.pending import clear_pending, read_pending
from remembrancer.memory.store import vector_sync
from remembrancer.memory.store.vector_sync import embed_all_pending
from remembrancer.memory.store.vectors import VectorIndex
from remembrancer.memory.timeutil import parse_time, to_iso

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


@dataclass
class HierarchyReport:
    facts_created: int = 0
    facts_reinforced: int = 0
    scenes: int = 0
    persona_attributes: int = 0


def build_hierarchy(
    db: sqlite_utils.Database,
    indexes: Mapping[str, VectorIndex],
    embedder: Embedder,
    extractor: Extractor | None,
    built_at: str,
    progress: Progress | None = None,
) -> HierarchyReport:
    report = HierarchyReport()
    if extractor is None:
        return report
    message_index = indexes.get("message")
    with EmbedStream(embedder) as stream:
        owed = OwedVectors(db, message_index, MESSAGES) if message_index is not None else None
        written = extract_pending(db, indexes["fact"], extractor, built_at, stream, owed, message_index, progress)
        report.facts_created, report.facts_reinforced = written.created, written.reinforced
        if written.created:  # their vectors came with dedupe: compact and index as embed_pending does
            indexes["fact"].maintain()
        # The model goes on with the messages no fact waited for (`owed`) while
        # the scenes and persona are built (Python, one core): nothing below
        # reads the message vectors.
        owed_levels = read_pending(db)  # what this extraction wrote, and what a killed process left unbuilt
        if owed_levels.conversations:
            report.scenes = rebuild_scenes(db, indexes["fact"], indexes["scene"], built_at, owed_levels.conversations)
        with transaction(db) as conn:
            if owed_levels.subjects:
                report.persona_attributes = rebuild_persona(conn, built_at, owed_levels.subjects).attributes
            clear_pending(conn, owed_levels.last_rowid)
        if owed is not None:
            owed.store_all(progress)
    if message_index is not None and (written.messages_embedded or (owed is not None and owed.stored)):
        message_index.maintain()  # compaction, the IVF's k-means (BLAS, both cores)
    return report


def scope_of(db: sqlite_utils.Database, facts: set[int] | list[int], messages: set[int] | list[int] = ()) -> tuple[set[str], set[str]]:
    """The conversations whose scenes, and the people whose persona, rest on these facts (and messages)."""
    fact_rowids, message_rowids = sorted(facts), sorted(messages)
    conversations = facts_repo.conversations_cited(db, fact_rowids) | messages_repo.conversations_at(db, message_rowids)
    return conversations, facts_repo.subjects_of(db, fact_rowids)


def rebuild_touched(
    db: sqlite_utils.Database, indexes: Mapping[str, VectorIndex], embedder: Embedder, built_at: str, conversations: set[str], subjects: set[str]
) -> None:
    """After facts were merged, archived or deleted: re-cluster their conversations, rebuild their people, embed what changed."""
    if conversations:
        rebuild_scenes(db, indexes["fact"], indexes["scene"], built_at, conversations)
    if subjects:
        with transaction(db) as conn:
            rebuild_persona(conn, built_at, subjects)
    embed_all_pending(db, indexes, embedder)


def rebuild_scenes(db: sqlite_utils.Database, fact_index: VectorIndex, scene_index: VectorIndex, built_at: str, conversations: set[str] | None = None) -> int:
    """Re-cluster the facts of `conversations` (all when None); returns the scene count."""
    facts = _scene_facts(db, fact_index, conversations)
    fact_ids = {f.id for f in facts}
    previous = _previous_scenes(db, fact_ids)
    scenes = build_scenes(facts, previous)
    rowid_of = facts_repo.rowids_by_id(db) if scenes else {}
    new_ids = {s.id for s in scenes}
    removed = [sid for sid in previous if sid not in new_ids]
    # A scene whose every member was deleted (forget, an edited message) is in no `previous`; its summary quotes them.
    removed += [sid for sid in scene_repo.memberless_scene_ids(db) if sid not in new_ids]
    with transaction(db) as conn:
        if removed:
            scene_repo.delete_scenes(conn, removed)
        for scene in scenes:
            row = scene_repo.SceneRow(scene.id, scene.title, scene.summary, to_iso(scene.start), to_iso(scene.end), built_at)
            scene_repo.put_scene(conn, row, [(rowid_of[fid], rank) for rank, fid in enumerate(scene.member_ids) if fid in rowid_of])
    if removed:
        vector_sync.remove(scene_index, removed)
    logger.info("scenes: %d built over %d facts, %d removed", len(scenes), len(facts), len(removed))
    return len(scenes)


def _scene_facts(db: sqlite_utils.Database, fact_index: VectorIndex, conversations: set[str] | None) -> list[SceneFact]:
    """Live facts with the conversation of their first source message."""
    rows = scene_repo.scene_fact_rows(db)
    if conversations is not None:
        rows = [r for r in rows if r.conversation in conversations]
    vectors = fact_index.vectors([r.id for r in rows])
    return [
        SceneFact(
            id=r.id, text=r.text, vector=vectors[r.id], time=parse_time(r.time_said), conversation=r.conversation, subject=r.subject,
            entities=frozenset(json.loads(r.entities)),
        )
        for r in rows
        if r.id in vectors
    ]


def _previous_scenes(db: sqlite_utils.Database, fact_ids: set[str]) -> dict[str, list[str]]:
    """Stored scenes that have members among `fact_ids`, with all their members."""
    return {sid: ids for sid, ids in scene_repo.scene_members(db).items() if fact_ids.intersection(ids)}
