"""The one writer of vectors and of the `embedded` marks that vouch for them.

SQLite is the truth; LanceDB holds one vector per embedded row of messages,
facts and scenes, and must be rebuildable from SQLite at any time. Every
write of a vector or its mark goes through here, so the two stay in step by
construction rather than by each caller remembering to:

- `embedded` is 0 when a row has no vector, 1 when its vector is current and
  2 when a vector exists but its text has changed since (the update triggers
  of migration 11 set it, and only when the embedded text really changed);
- writing vectors is an upsert: an id that has a vector (mark 2, or a crash
  between LanceDB and SQLite) loses it before the new one is added, so an id
  never has two; a row whose text did not change is never embedded again;
- vectors of deleted rows are removed by `remove`, and a whole level is
  reset by `reset_level` (a new embedding model, `reindex`).

Import embeds each new row once: facts whose vectors were computed for
dedupe are stored as they are (`store`), everything else is embedded by
`embed_pending`, which never reads back what it wrote. A scene is not
embedded: its vector is the mean of its facts' (`member_means`), made after
theirs.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import sqlite_utils

from remembrancer.memory.embedding.base import Embedder
from remembrancer.memory.store.database import select_in, transaction
from remembrancer.memory.store.levels import EMBEDDED_LEVELS, MESSAGES, EmbeddedLevel
from remembrancer.memory.store.vectors import VectorIndex

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
EMBED_CHUNK = 2048
NO_VECTOR, CURRENT, STALE = 0, 1, 2


def embed_pending(
    db: sqlite_utils.Database,
    index: VectorIndex,
    embedder: Embedder,
    progress: Progress | None = None,
    level: EmbeddedLevel = MESSAGES,
    offset: int = 0,
    grand_total: int | None = None,
    members: VectorIndex | None = None,
) -> int:
    """Embed every row of `level` whose vector is missing or stale, committing chunk by chunk.

    `offset` and `grand_total` let several levels report as one "embedding" stage.
    A level made of members (scenes) takes the mean of its members' vectors
    from `members` (their level's index, embedded first) instead.
    """
    total = pending_count(db, level)
    grand_total = total if grand_total is None else grand_total
    done = 0
    while done < total:
        batch = db.execute(level.pending_sql(), [EMBED_CHUNK]).fetchall()
        if not batch:
            break
        rowids, ids, texts = zip(*batch)
        vectors = _vectors(db, level, embedder, members, list(rowids), list(texts))
        _upsert(db, index, level, list(rowids), list(ids), vectors)
        done += len(batch)
        if progress:
            progress(offset + done, grand_total, "embedding")
    if done:
        index.maintain()
    return done


def embed_all_pending(db: sqlite_utils.Database, indexes: Mapping[str, VectorIndex], embedder: Embedder, progress: Progress | None = None) -> int:
    """Embed what is missing or stale at every level, reported as one stage."""
    grand_total = sum(pending_count(db, level) for level in EMBEDDED_LEVELS)
    if progress and grand_total:
        progress(0, grand_total, "embedding")  # the stage shows (and can be cancelled) before its first batch
    done = 0
    for level in EMBEDDED_LEVELS:
        members = indexes[level.members_level] if level.members_level else None
        done += embed_pending(db, indexes[level.name], embedder, progress, level, offset=done, grand_total=grand_total, members=members)
    return done


def _vectors(
    db: sqlite_utils.Database, level: EmbeddedLevel, embedder: Embedder, members: VectorIndex | None, rowids: list[int], texts: list[str]
) -> np.ndarray:
    """The vectors of these rows: embedded, or for a level of members the mean of theirs (the text embedded when none has one)."""
    means = member_means(db, level, members, rowids) if members is not None and level.members_sql else {}
    out = np.empty((len(rowids), embedder.dim), dtype=np.float32)
    unmeant = [i for i, rowid in enumerate(rowids) if rowid not in means]
    for i, rowid in enumerate(rowids):
        if rowid in means:
            out[i] = means[rowid]
    if unmeant:
        out[unmeant] = embedder.embed([texts[i] for i in unmeant])
    return out


def member_means(db: sqlite_utils.Database, level: EmbeddedLevel, members: VectorIndex, rowids: Sequence[int]) -> dict[int, np.ndarray]:
    """rowid -> the normalised mean of its members' vectors, for the rows with at least one member vector.

    A scene's summary restates its facts, so the mean of their vectors stands
    for it (cosine 0.84 on average to its summary embedded, on a 10k-message
    synthetic store) at no model call; and it is rebuildable from SQLite as
    the members' vectors are.
    """
    assert level.members_sql is not None
    member_ids: dict[int, list[str]] = {}
    for rowid, member in select_in(db, level.members_sql, list(rowids)):
        member_ids.setdefault(rowid, []).append(member)
    vectors = members.vectors(sorted({m for ids in member_ids.values() for m in ids}))
    means: dict[int, np.ndarray] = {}
    for rowid, ids in member_ids.items():
        found = [vectors[m] for m in ids if m in vectors]
        if not found:
            continue
        mean = np.mean(found, axis=0)
        norm = float(np.linalg.norm(mean))
        if norm > 0:
            means[rowid] = (mean / norm).astype(np.float32)
    return means


def store(db: sqlite_utils.Database, index: VectorIndex, level: EmbeddedLevel, rowids: Sequence[int], vectors: np.ndarray) -> None:
    """Vectors the caller computed already (facts embedded for dedupe): stored instead of embedded twice."""
    if not len(rowids):
        return
    ids = dict(select_in(db, f"SELECT rowid, id FROM {level.table} WHERE rowid IN ({{}})", list(rowids)))
    keep = [i for i, rowid in enumerate(rowids) if rowid in ids]
    _upsert(db, index, level, [rowids[i] for i in keep], [ids[rowids[i]] for i in keep], vectors[keep])


def remove(index: VectorIndex, ids: Sequence[str]) -> None:
    """The vectors of rows that were deleted from SQLite (forget, merge, a rebuilt scene, a replaced fact)."""
    if ids:
        index.delete(sorted(set(ids)))


def reset_level(db: sqlite_utils.Database, index: VectorIndex, level: EmbeddedLevel) -> None:
    """Drop every vector of `level` and mark every row for embedding (another model, `reindex`)."""
    index.drop()
    with transaction(db) as conn:
        conn.execute(f"UPDATE {level.table} SET embedded = {NO_VECTOR}")


def repair(db: sqlite_utils.Database, index: VectorIndex, level: EmbeddedLevel) -> int:
    """Make LanceDB hold at most the vectors SQLite vouches for, each once; returns how many were removed.

    Rows whose vector went missing (a deleted vector folder, a crash before
    the LanceDB write) are marked for embedding; an id found twice (stores
    written before migration 11) loses both copies and is embedded again.
    """
    stored = index.ids()
    vouched = {row[0] for row in db.execute(f"SELECT id FROM {level.table} WHERE embedded = {CURRENT}")}
    kept = {row[0] for row in db.execute(f"SELECT id FROM {level.table} WHERE embedded = {STALE}")}
    stale = stored - vouched - kept  # orphans: rows deleted without their vector
    if index.count() != len(stored):
        stale = stored  # one copy of an id cannot be deleted alone: drop and re-embed them all
    remove(index, sorted(stale))
    missing = (vouched | kept) - (stored - stale)
    if missing:
        with transaction(db) as conn:
            conn.executemany(f"UPDATE {level.table} SET embedded = {NO_VECTOR} WHERE id = ?", [(i,) for i in missing])
    return len(stale)


def unembedded_among(db: sqlite_utils.Database, level: EmbeddedLevel, rowids: Sequence[int]) -> set[int]:
    """Those of these rows whose vector is missing or stale: what an embedding pass over them must write."""
    return {r for (r,) in select_in(db, f"SELECT rowid FROM {level.table} WHERE embedded <> {CURRENT} AND rowid IN ({{}})", list(rowids))}


def pending_count(db: sqlite_utils.Database, level: EmbeddedLevel) -> int:
    return db.execute(f"SELECT count(*) FROM {level.table} WHERE embedded <> {CURRENT}").fetchone()[0]


def vouched_count(db: sqlite_utils.Database, level: EmbeddedLevel) -> int:
    """Rows that have a vector in LanceDB (current or stale): what the index's row count must equal.

    Counted as all rows less those without a vector: the rows without one are
    read from the partial index of not-current rows (its condition spelled out
    so SQLite uses it), where `embedded <> 0` read the whole table, text and
    all: 15 s at every start of a million-message store after a reboot.
    """
    table = level.table
    sql = f"SELECT (SELECT count(*) FROM {table}) - (SELECT count(*) FROM {table} WHERE embedded <> {CURRENT} AND embedded = {NO_VECTOR})"
    return db.execute(sql).fetchone()[0]  # one statement: both counts of the same moment


def _upsert(db: sqlite_utils.Database, index: VectorIndex, level: EmbeddedLevel, rowids: list[int], ids: list[str], vectors: np.ndarray) -> None:
    """Replace-or-add these vectors and mark their rows current, claimed under SQLite's write lock.

    Another process embedding the same rows meanwhile adds no twin: rows it
    marked current already are skipped; rows with a vector (stale, or left by
    a crash after the LanceDB write) lose it first.
    """
    with transaction(db) as conn:
        marks = dict(select_in(conn, f"SELECT rowid, embedded FROM {level.table} WHERE rowid IN ({{}})", rowids))
        keep = [i for i, rowid in enumerate(rowids) if marks.get(rowid, CURRENT) != CURRENT]
        if not keep:
            return
        replaced = [ids[i] for i in keep if marks[rowids[i]] == STALE]
        remove(index, replaced)
        index.add([ids[i] for i in keep], vectors[keep])
        conn.executemany(f"UPDATE {level.table} SET embedded = {CURRENT} WHERE rowid = ?", [(rowids[i],) for i in keep])
