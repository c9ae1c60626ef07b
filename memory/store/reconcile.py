"""Keep LanceDB in step with SQLite, which is the truth.

Run on every open: cheap when counts agree (two counts per level), a full id
diff only when they do not (a crash between the SQLite commit and the vector
write, a deleted or copied vector folder, a changed embedding model).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import sqlite_utils

from memory.embedding.base import Embedder
from memory.store.database import get_meta, set_meta, transaction
from memory.store.levels import EMBEDDED_LEVELS, MESSAGES, EmbeddedLevel
from memory.store.vectors import VectorIndex

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
EMBED_CHUNK = 2048


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
        indexes[level.name].drop()
        with transaction(db) as conn:
            conn.execute(f"UPDATE {level.table} SET embedded = 0")
    set_meta(db, "embedding_model", embedder.name)
    return True


def reconcile(db: sqlite_utils.Database, indexes: Mapping[str, VectorIndex], embedder: Embedder, progress: Progress | None = None,
              model_adopted: bool = False) -> ReconcileReport:
    """`model_adopted`: the caller already ran `adopt_embedding_model` (under the lock) and it dropped the vectors."""
    report = ReconcileReport(rebuilt=model_adopted or adopt_embedding_model(db, indexes, embedder))
    for level in EMBEDDED_LEVELS:
        index = indexes[level.name]
        marked = db.execute(f"SELECT count(*) FROM {level.table} WHERE embedded = 1").fetchone()[0]
        if index.count() != marked:
            report.orphans_removed += _diff_and_repair(db, index, level)
    report.vectors_added = embed_all_pending(db, indexes, embedder, progress)
    for index in indexes.values():  # stores made by older versions get the current indexes once
        index.ensure_id_index()
        index.ensure_ann_index()
    if report.orphans_removed or report.vectors_added:
        logger.info("reconciled vectors: %d orphans removed, %d added", report.orphans_removed, report.vectors_added)
    return report


def _diff_and_repair(db: sqlite_utils.Database, index: VectorIndex, level: EmbeddedLevel) -> int:
    """Make LanceDB hold exactly the vectors SQLite marks as embedded."""
    stored = index.ids()
    marked = {row[0] for row in db.execute(f"SELECT id FROM {level.table} WHERE embedded = 1")}
    duplicated = index.count() != len(stored)
    stale = stored - marked  # orphans, and vectors SQLite does not vouch for
    if duplicated:
        stale = stored  # cannot delete one copy of an id: drop and re-add them all
    index.delete(sorted(stale))
    missing = marked - (stored - stale)
    if missing:
        with transaction(db) as conn:
            conn.executemany(f"UPDATE {level.table} SET embedded = 0 WHERE id = ?", [(i,) for i in missing])
    return len(stale)


def embed_pending(
    db: sqlite_utils.Database,
    index: VectorIndex,
    embedder: Embedder,
    progress: Progress | None = None,
    level: EmbeddedLevel = MESSAGES,
    offset: int = 0,
    grand_total: int | None = None,
) -> int:
    """Embed every row of `level` without a vector, committing chunk by chunk.

    `offset` and `grand_total` let several levels report as one "embedding" stage.
    """
    total = pending_count(db, level)
    grand_total = total if grand_total is None else grand_total
    done = 0
    while done < total:
        batch = db.execute(level.pending_sql(), [EMBED_CHUNK]).fetchall()
        if not batch:
            break
        rowids, ids, texts = zip(*batch)
        vectors = embedder.embed(list(texts))
        with transaction(db) as conn:  # claimed under SQLite's write lock: another process embedding the same rows adds no twin
            keep = _still_pending(conn, level, rowids)
            index.add([ids[i] for i in keep], vectors[keep])
            conn.executemany(f"UPDATE {level.table} SET embedded = 1 WHERE rowid = ?", [(rowids[i],) for i in keep])
        done += len(batch)
        if progress:
            progress(offset + done, grand_total, "embedding")
    if done:
        index.maintain()
    return done


def pending_count(db: sqlite_utils.Database, level: EmbeddedLevel) -> int:
    return db.execute(f"SELECT count(*) FROM {level.table} WHERE embedded = 0").fetchone()[0]


def _still_pending(conn, level: EmbeddedLevel, rowids: tuple[int, ...]) -> list[int]:
    """Positions in `rowids` of rows still without a vector (a crash after the add leaves orphans, which reconcile removes)."""
    marks = ",".join("?" * len(rowids))
    pending = {r for (r,) in conn.execute(f"SELECT rowid FROM {level.table} WHERE embedded = 0 AND rowid IN ({marks})", list(rowids))}
    return [i for i, r in enumerate(rowids) if r in pending]


def embed_all_pending(db: sqlite_utils.Database, indexes: Mapping[str, VectorIndex], embedder: Embedder, progress: Progress | None = None) -> int:
    """Embed what is missing at every level, reported as one stage."""
    grand_total = sum(pending_count(db, level) for level in EMBEDDED_LEVELS)
    done = 0
    for level in EMBEDDED_LEVELS:
        done += embed_pending(db, indexes[level.name], embedder, progress, level, offset=done, grand_total=grand_total)
    return done
