"""Keep LanceDB in step with SQLite, which is the truth.

Run on every open: cheap when counts agree (two counts), a full id diff only
when they do not (a crash between the SQLite commit and the vector write, a
deleted or copied vector folder, a changed embedding model).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from memory.embedding.base import Embedder
from memory.store import messages as repo
from memory.store.database import get_meta, set_meta, transaction
from memory.store.vectors import VectorIndex

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
EMBED_CHUNK = 2048


@dataclass
class ReconcileReport:
    orphans_removed: int = 0
    vectors_added: int = 0
    rebuilt: bool = False


def reconcile(db: sqlite_utils.Database, vectors: VectorIndex, embedder: Embedder, progress: Progress | None = None) -> ReconcileReport:
    report = ReconcileReport()
    if get_meta(db, "embedding_model") != embedder.name:
        if get_meta(db, "embedding_model") is not None:
            logger.warning("embedding model changed to %s: rebuilding all vectors", embedder.name)
        vectors.drop()
        with transaction(db) as conn:
            conn.execute("UPDATE messages SET embedded = 0")
        set_meta(db, "embedding_model", embedder.name)
        report.rebuilt = True
    marked = db.execute("SELECT count(*) FROM messages WHERE embedded = 1").fetchone()[0]
    if vectors.count() != marked:
        report.orphans_removed = _diff_and_repair(db, vectors)
    report.vectors_added = embed_pending(db, vectors, embedder, progress)
    if report.orphans_removed or report.vectors_added:
        logger.info("reconciled vectors: %d orphans removed, %d added", report.orphans_removed, report.vectors_added)
    return report


def _diff_and_repair(db: sqlite_utils.Database, vectors: VectorIndex) -> int:
    """Make LanceDB hold exactly the vectors SQLite marks as embedded."""
    stored = vectors.ids()
    marked = {row[0] for row in db.execute("SELECT id FROM messages WHERE embedded = 1")}
    duplicated = vectors.count() != len(stored)
    stale = stored - marked  # orphans, and vectors SQLite does not vouch for
    if duplicated:
        stale = stored  # cannot delete one copy of an id: drop and re-add them all
    vectors.delete(sorted(stale))
    missing = marked - (stored - stale)
    if missing:
        with transaction(db) as conn:
            conn.executemany("UPDATE messages SET embedded = 0 WHERE id = ?", [(i,) for i in missing])
    return len(stale)


def embed_pending(db: sqlite_utils.Database, vectors: VectorIndex, embedder: Embedder, progress: Progress | None = None) -> int:
    """Embed every message without a vector, committing chunk by chunk."""
    total = db.execute("SELECT count(*) FROM messages WHERE embedded = 0").fetchone()[0]
    done = 0
    while done < total:
        batch = repo.unembedded(db, EMBED_CHUNK)
        if not batch:
            break
        rowids, ids, texts = zip(*batch)
        embedded = embedder.embed(list(texts))
        vectors.add(list(ids), embedded)
        with transaction(db) as conn:
            repo.mark_embedded(conn, rowids)
        done += len(batch)
        if progress:
            progress(done, total, "embedding")
    if done:
        vectors.optimize()
        vectors.ensure_ann_index()
    return done
