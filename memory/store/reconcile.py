"""Keep LanceDB in step with SQLite, which is the truth.

Run on every open: cheap when counts agree (two counts per level), a full id
diff only when they do not (a crash between the SQLite commit and the vector
write, a deleted or copied vector folder, a changed embedding model). The
writes themselves are `memory.store.vector_sync`'s, the one writer of vectors.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import sqlite_utils

from remembrancer.memory.embedding.base import Embedder
from remembrancer.memory.store import vector_sync
from remembrancer.memory.store.database import get_meta, set_meta
from remembrancer.memory.store.levels import EMBEDDED_LEVELS
from remembrancer.memory.store.vectors import VectorIndex

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


@dataclass
class ReconcileReport:
    orphans_removed: int = 0
    vectors_added: int = 0
    rebuilt: bool = False


def adopt_embedding_model(db: sqlite_utils.Database, indexes: Mapping[str, VectorIndex], embedder: Embedder) -> bool:
    """A new store, or another embedding model: drop every vector and mark every row for embedding.

    Called under the data dir's lock (`memory.store.locks`): a second process
    opening a new store at the same time would otherwise drop the tables the
    first one is writing. Returns True when the vectors were dropped.
    """
    if get_meta(db, "embedding_model") == embedder.name:
        return False
    if get_meta(db, "embedding_model") is not None:
        logger.warning("embedding model changed to %s: rebuilding all vectors", embedder.name)
    for level in EMBEDDED_LEVELS:
        vector_sync.reset_level(db, indexes[level.name], level)
    set_meta(db, "embedding_model", embedder.name)
    return True


def reconcile(db: sqlite_utils.Database, indexes: Mapping[str, VectorIndex], embedder: Embedder, progress: Progress | None = None,
              model_adopted: bool = False) -> ReconcileReport:
    """`model_adopted`: the caller already ran `adopt_embedding_model` (under the lock) and it dropped the vectors."""
    report = ReconcileReport(rebuilt=model_adopted or adopt_embedding_model(db, indexes, embedder))
    for level in EMBEDDED_LEVELS:
        index = indexes[level.name]
        if index.count() != vector_sync.vouched_count(db, level):
            report.orphans_removed += vector_sync.repair(db, index, level)
    report.vectors_added = vector_sync.embed_all_pending(db, indexes, embedder, progress)
    for index in indexes.values():  # stores made by older versions get the current indexes once
        index.ensure_id_index()
        index.ensure_ann_index()
    if report.orphans_removed or report.vectors_added:
        logger.info("reconciled vectors: %d orphans removed, %d added", report.orphans_removed, report.vectors_added)
    return report
