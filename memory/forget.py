"""Forgetting on purpose: `remembrancer forget QUERY|--id ID [--hard] [--messages]`.

Soft forgetting archives (archived = FORGOTTEN): out of default recall, back
with `--include-archived`, and a later review does not bring it back; only the
user does. Hard forgetting is for privacy: the items are deleted with their
vectors, and the store is scrubbed so that their text is in no file of the
data dir any more:
- SQLite runs with `secure_delete` (freed pages are zeroed), the full-text
  indexes are merged (`optimize`) so no old segment keeps a term, the WAL is
  truncated and the file vacuumed;
- scenes and persona built on a deleted fact are rebuilt without it; windows
  of neighbouring turns are recomputed without a deleted message;
- LanceDB drops the vectors and every old version of its tables;
- backups, which still hold the text, are removed and one fresh backup is made.
A fact left without any source message is deleted too: every fact cites the
messages it rests on.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from memory.errors import InputError
from memory.forgetting import FORGOTTEN
from memory.hierarchy import rebuild_touched, scope_of
from memory.recall.query_text import keywords
from memory.store.backup import backup_database, remove_all_backups
from memory.store.database import transaction
from memory.store.windows import refresh_windows
from memory.timeutil import to_iso

if TYPE_CHECKING:
    from memory.core import Memory

logger = logging.getLogger(__name__)

# Table per level, with the column that holds its text for a query match.
LEVELS = {"message": "messages", "fact": "facts", "scene": "scenes", "persona": "persona"}


@dataclass(frozen=True)
class Target:
    level: str
    rowid: int
    id: str
    text: str


@dataclass
class ForgetReport:
    hard: bool
    targets: list[Target] = field(default_factory=list)
    deleted: dict[str, int] = field(default_factory=dict)
    backups_removed: int = 0

    def to_json(self) -> dict:
        return {
            "hard": self.hard,
            "forgotten": [{"level": t.level, "id": t.id, "text": t.text} for t in self.targets],
            "deleted": self.deleted,
            "backups_removed": self.backups_removed,
        }


def find_targets(memory: Memory, query: str | None = None, ids: list[str] | None = None) -> list[Target]:
    """Items named by id, or whose text holds every word of `query` (not a fuzzy recall: forgetting must be exact)."""
    db = memory.db
    found: list[Target] = []
    if ids:
        for item_id in ids:
            hit = None
            for level, table in LEVELS.items():
                row = db.execute(f"SELECT rowid, id, {_text_sql(table)} FROM {table} WHERE id = ?", [item_id]).fetchone()
                if row:
                    hit = Target(level, row[0], row[1], row[2])
                    break
            if hit is None:
                raise InputError(f"--id: no memory with id {item_id!r}")
            found.append(hit)
        return found
    words = keywords(query or "")
    if not words:
        raise InputError("forget: give a QUERY with at least one word that is not a stopword, or --id ID")
    match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
    for level, table in (("message", "messages"), ("fact", "facts"), ("scene", "scenes")):
        for rowid, item_id, text in db.execute(
            f"SELECT b.rowid, b.id, {_text_sql(table, 'b')} FROM {table}_fts f JOIN {table} b ON b.rowid = f.rowid WHERE {table}_fts MATCH ? ORDER BY b.rowid",
            [match],
        ):
            found.append(Target(level, rowid, item_id, text))
    lowered = [w.lower() for w in words]
    for rowid, item_id, text in db.execute(f"SELECT rowid, id, {_text_sql('persona')} FROM persona ORDER BY rowid"):
        if all(w in text.lower() for w in lowered):
            found.append(Target("persona", rowid, item_id, text))
    return found


def forget(memory: Memory, targets: list[Target], now: datetime, hard: bool = False, with_messages: bool = False) -> ForgetReport:
    report = ForgetReport(hard=hard, targets=targets)
    if not targets:
        return report
    if not hard:
        with transaction(memory.db) as conn:
            for t in targets:
                conn.execute(f"UPDATE {LEVELS[t.level]} SET archived = ? WHERE rowid = ?", (FORGOTTEN, t.rowid))
        logger.info("forgot (archived) %d memories", len(targets))
        return report
    report.deleted = _delete(memory, targets, now, with_messages)
    _scrub(memory)
    report.backups_removed = remove_all_backups(memory.data_dir / "backups")
    backup_database(memory.db, memory.data_dir / "backups", now, kept=1, key=memory.key)
    logger.info("forgot (deleted) %s; %d backups replaced by a fresh one", report.deleted, report.backups_removed)
    return report


def _delete(memory: Memory, targets: list[Target], now: datetime, with_messages: bool) -> dict[str, int]:
    db = memory.db
    rowids = {level: {t.rowid for t in targets if t.level == level} for level in LEVELS}
    # A persona attribute is forgotten with the facts that are its evidence (else a rebuild brings it back).
    # A scene is a summary of facts: deleted, it is rebuilt from the facts that remain.
    rowids["fact"] |= _facts_of(db, "persona_evidence", "persona_rowid", rowids["persona"])
    if with_messages:
        rowids["message"] |= _source_messages(db, rowids["fact"])
    # Facts resting only on deleted messages go too.
    rowids["fact"] |= _facts_without_other_sources(db, rowids["message"])
    conversations, subjects = scope_of(db, rowids["fact"] | _facts_of(db, "scene_facts", "scene_rowid", rowids["scene"]), rowids["message"])
    neighbours = _neighbours(db, rowids["message"])
    ids = {level: _ids(db, LEVELS[level], rows) for level, rows in rowids.items()}
    db.execute("PRAGMA secure_delete = ON")
    with transaction(db) as conn:
        for level in ("fact", "scene", "persona", "message"):
            table = LEVELS[level]
            conn.executemany(f"DELETE FROM {table} WHERE rowid = ?", [(r,) for r in rowids[level]])
        conn.executemany("DELETE FROM windows_fts WHERE rowid = ?", [(r,) for r in rowids["message"]])
        refresh_windows(conn, neighbours - rowids["message"])
    for level, index_name in (("message", "message"), ("fact", "fact"), ("scene", "scene")):
        memory.indexes[index_name].delete(sorted(ids[level]))
    rebuild_touched(db, memory.indexes, memory.embedder, to_iso(now), conversations, subjects)
    return {level: len(r) for level, r in rowids.items()}


def _scrub(memory: Memory) -> None:
    """No file of the data dir may keep the text: FTS segments merged, freed pages zeroed, WAL emptied, old vector versions dropped."""
    db = memory.db
    for table in ("messages_fts", "windows_fts", "facts_fts", "scenes_fts"):
        db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
    db.execute("VACUUM")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for index in memory.indexes.values():
        index.purge_old_versions()


def _text_sql(table: str, alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    if table == "scenes":
        return f"{prefix}title || ': ' || {prefix}summary"
    if table == "persona":
        return f"{prefix}subject || ' ' || {prefix}attribute || ': ' || {prefix}value"
    return f"{prefix}text"


def _facts_of(db, link_table: str, column: str, rowids: set[int]) -> set[int]:
    return {r for chunk in _chunks(rowids) for (r,) in db.execute(f"SELECT fact_rowid FROM {link_table} WHERE {column} IN ({_marks(chunk)})", chunk)}


def _source_messages(db, facts: set[int]) -> set[int]:
    return {
        r
        for chunk in _chunks(facts)
        for (r,) in db.execute(f"SELECT m.rowid FROM fact_sources fs JOIN messages m ON m.id = fs.message_id WHERE fs.fact_rowid IN ({_marks(chunk)})", chunk)
    }


def _facts_without_other_sources(db, messages: set[int]) -> set[int]:
    if not messages:
        return set()
    gone = _ids(db, "messages", messages)
    citing = {
        r for chunk in _chunks(gone) for (r,) in db.execute(f"SELECT fact_rowid FROM fact_sources WHERE message_id IN ({_marks(chunk)})", chunk)
    }
    return {f for f in citing if {m for (m,) in db.execute("SELECT message_id FROM fact_sources WHERE fact_rowid = ?", [f])} <= gone}


def _neighbours(db, messages: set[int]) -> set[int]:
    """Messages whose 3- or 5-turn window includes one of `messages`."""
    from memory.store import messages as repo

    out: set[int] = set()
    frontier = set(messages)
    for _ in range(2):  # two turns on each side
        around = repo.neighbours(db, sorted(frontier))
        frontier = {n for pair in around.values() for n in pair if n is not None} - out
        out |= frontier
    return out


def _ids(db, table: str, rowids: set[int]) -> set[str]:
    return {i for chunk in _chunks(rowids) for (i,) in db.execute(f"SELECT id FROM {table} WHERE rowid IN ({_marks(chunk)})", chunk)}


def _chunks(values, size: int = 500) -> list[list]:
    items = sorted(values)
    return [items[i : i + size] for i in range(0, len(items), size)]


def _marks(chunk: list) -> str:
    return ",".join("?" * len(chunk))
