"""`remembrancer check`: is this store whole, and do its two halves agree?

The check reads; it never repairs (opening a `Memory` reconciles, so it is
opened here without reconciling, to report the store as a crash left it).
It looks for what would make recall lie or lose something:
- SQLite's own `integrity_check` and `foreign_key_check`;
- each full-text index against its content table (FTS5 `integrity-check`),
  and the window index holding only live message rows;
- every fact citing at least one message, every scene member and persona
  evidence pointing at a fact that exists, and no scene or persona attribute
  resting on nothing (every member or evidence fact deleted: its text would
  outlive what it was made of);
- every LanceDB id belonging to a SQLite row marked embedded and every row
  marked embedded having its vector. Rows still waiting to be embedded are
  not a fault (the next open embeds them); they are reported as pending;
- an encrypted store's backups all opening with its key, and none of them
  (nor the store) being a plaintext file.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from remembrancer.memory.store import health
from remembrancer.memory.store.backup import list_backups
from remembrancer.memory.store.database import DB_FILENAME, connect, open_database
from remembrancer.memory.store.driver import is_plaintext_sqlite, sqlite
from remembrancer.memory.store.encryption import StoreKey, StoreLockedError
from remembrancer.memory.store.levels import EMBEDDED_LEVELS
from remembrancer.memory.store.locks import store_lock
from remembrancer.memory.store.vector_sync import pending_count

if TYPE_CHECKING:
    import sqlite_utils

logger = logging.getLogger(__name__)

VECTOR_FOLDER = "vectors"
FTS_TABLES = ("messages_fts", "facts_fts", "scenes_fts")
# Listing a handful of ids makes a problem findable without flooding the report.
SAMPLE = 5


@dataclass
class Problem:
    check: str
    message: str
    examples: list[str] = field(default_factory=list)


@dataclass
class CheckReport:
    data_dir: str
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    pending_vectors: dict[str, int] = field(default_factory=dict)
    checks_run: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        return data


def check_store(data_dir: Path, key: StoreKey | None = None) -> CheckReport:
    """Run every check on the store in `data_dir` (unlocked with `key`); a missing store is reported, not created."""
    report = CheckReport(str(data_dir))
    db_path = Path(data_dir) / DB_FILENAME
    if not db_path.exists():
        report.problems.append(Problem("store", f"no store at {db_path}"))
        return report
    with store_lock(Path(data_dir)):  # not while another process creates, migrates or re-keys it
        db = open_database(db_path, key)
    try:
        conn = db.conn
        _sqlite_integrity(conn, report)
        _fts_integrity(conn, report)
        _references(conn, report)
        _counts(conn, report)
        _vectors(db, Path(data_dir) / VECTOR_FOLDER, report)
        _backups(Path(data_dir) / "backups", key, report)
    finally:
        db.conn.close()
    for problem in report.problems:
        logger.warning("check: %s: %s", problem.check, problem.message)
    return report


def _sqlite_integrity(conn: sqlite.Connection, report: CheckReport) -> None:
    report.checks_run.append("sqlite integrity")
    rows = health.integrity_check(conn)
    if rows != ["ok"]:
        report.problems.append(Problem("sqlite integrity", f"{len(rows)} problems", rows[:SAMPLE]))
    report.checks_run.append("foreign keys")
    broken = health.foreign_key_faults(conn)
    if broken:
        examples = [f"{fault.table} row {fault.rowid} -> {fault.parent}" for fault in broken[:SAMPLE]]
        report.problems.append(Problem("foreign keys", f"{len(broken)} rows point at missing rows", examples))


def _fts_integrity(conn: sqlite.Connection, report: CheckReport) -> None:
    for table in FTS_TABLES:
        report.checks_run.append(f"full-text {table}")
        try:
            health.check_fulltext(conn, table)
        except sqlite.DatabaseError as exc:
            report.problems.append(Problem(f"full-text {table}", f"index does not match its table: {exc}"))
    report.checks_run.append("full-text windows_fts")
    stray = health.stray_window_rowids(conn, SAMPLE)
    if stray:
        report.problems.append(Problem("full-text windows_fts", "window documents of deleted messages", [str(r) for r in stray]))


_REFERENCE_CHECKS = (
    ("fact sources", "facts without a source message", health.facts_without_sources),
    ("fact sources", "sources naming a missing message", health.sources_of_missing_messages),
    ("scene members", "scene members naming a missing fact", health.scenes_with_missing_members),
    ("persona evidence", "evidence naming a missing fact", health.persona_with_missing_evidence),
    ("persona evidence", "persona attributes without evidence", health.persona_without_evidence),
    ("scene members", "scenes without members", health.scenes_without_members),
    ("conflicts", "conflicts naming a missing fact", health.conflicts_with_missing_facts),
)


def _references(conn: sqlite.Connection, report: CheckReport) -> None:
    """What the foreign keys say again, in words, plus facts left with no source at all."""
    for name, message, find in _REFERENCE_CHECKS:
        if name not in report.checks_run:
            report.checks_run.append(name)
        rows = [str(r) for r in find(conn)]
        if rows:
            report.problems.append(Problem(name, f"{len(rows)} {message}", rows[:SAMPLE]))


def _counts(conn: sqlite.Connection, report: CheckReport) -> None:
    for table in ("messages", "facts", "scenes", "persona", "conflicts"):
        report.counts[table] = health.row_count(conn, table)


def _vectors(db: sqlite_utils.Database, folder: Path, report: CheckReport) -> None:
    """Compare LanceDB's ids with SQLite's `embedded` marks, level by level.

    LanceDB is opened directly (not through `VectorIndex`, which would
    recreate a table of another dimension): the check must change nothing.
    """
    tables: set[str] = set()
    lance = None
    if folder.exists():
        import lancedb

        lance = lancedb.connect(str(folder))
        tables = set(lance.list_tables().tables)
    for level in EMBEDDED_LEVELS:
        name = f"vectors {level.name}"
        report.checks_run.append(name)
        marked = health.ids_with_vector(db.conn, level)
        report.pending_vectors[level.name] = pending_count(db, level)
        stored: list[str] = []
        if lance is not None and level.vector_table in tables:
            table = lance.open_table(level.vector_table)
            stored = table.search().select(["id"]).limit(None).to_arrow().column("id").to_pylist()
        unique = set(stored)
        if len(unique) != len(stored):
            report.problems.append(Problem(name, f"{len(stored) - len(unique)} duplicated vector ids"))
        orphans = sorted(unique - marked)
        if orphans:
            report.problems.append(Problem(name, f"{len(orphans)} vectors of no SQLite row marked embedded", orphans[:SAMPLE]))
        missing = sorted(marked - unique)
        if missing:
            report.problems.append(Problem(name, f"{len(missing)} rows marked embedded have no vector", missing[:SAMPLE]))


def _backups(folder: Path, key: StoreKey | None, report: CheckReport) -> None:
    """A backup the store's key cannot open is no backup; a plaintext one beside an encrypted store is a leak."""
    report.checks_run.append("backups")
    unreadable, plaintext = [], []
    for backup in list_backups(folder):
        if key is not None and is_plaintext_sqlite(backup):
            plaintext.append(backup.name)
            continue
        try:
            connect(backup, key).close()
        except (StoreLockedError, sqlite.DatabaseError):
            unreadable.append(backup.name)
    if plaintext:
        report.problems.append(Problem("backups", f"{len(plaintext)} backups are not encrypted though the store is", plaintext[:SAMPLE]))
    if unreadable:
        report.problems.append(Problem("backups", f"{len(unreadable)} backups do not open with the store's key", unreadable[:SAMPLE]))
