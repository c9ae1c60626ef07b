"""The import pipeline: parse everything, then store file by file, then embed.

Parsing every file first means a malformed file anywhere stops the command
before anything is written (the contract's "a failed command changes
nothing"). Each file is then one SQLite transaction. Vectors are written after
the commit and reconciled on open, so a crash in between loses nothing.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

import sqlite_utils

from memory.embedding.base import Embedder
from memory.extraction.base import Extractor
from memory.hierarchy import build_hierarchy
from memory.importers import Importer, plan_files
from memory.store import messages as repo
from memory.store.database import transaction
from memory.store.reconcile import embed_all_pending
from memory.store.vectors import VectorIndex
from memory.store.windows import refresh_windows
from memory.timeutil import to_iso
from memory.types import ImportSummary, ParsedMessage

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


def parse_all(path: Path, fmt: str, importers: dict[str, Importer] | None = None) -> list[tuple[Path, str, list[ParsedMessage]]]:
    """Parse every file under `path`; raises InputError on the first bad one."""
    root = path if path.is_dir() else path.parent
    return [(file, importer.name, importer.parse(file, root)) for file, importer in plan_files(path, fmt, importers)]


def import_path(
    db: sqlite_utils.Database,
    indexes: Mapping[str, VectorIndex],
    embedder: Embedder,
    path: Path,
    fmt: str = "auto",
    now: datetime | None = None,
    progress: Progress | None = None,
    importers: dict[str, Importer] | None = None,
    extractor: Extractor | None = None,
) -> ImportSummary:
    started = time.perf_counter()
    learned_at = to_iso(now or datetime.now().astimezone())
    parsed = parse_all(path, fmt, importers)
    summary = ImportSummary(files=len(parsed))
    total = sum(len(items) for _, _, items in parsed)
    stored = 0
    for file, fmt_name, items in parsed:
        added = _store_file(db, file, fmt_name, items, learned_at)
        summary.messages_added += added
        summary.messages_skipped += len(items) - added
        summary.per_file[str(file)] = {"added": added, "skipped": len(items) - added}
        stored += len(items)
        if progress:
            progress(stored, total, "storing")
    hierarchy = build_hierarchy(db, indexes, embedder, extractor, learned_at, progress)
    summary.facts_created, summary.scenes_created = hierarchy.facts_created, hierarchy.scenes
    embed_all_pending(db, indexes, embedder, progress)
    summary.seconds = round(time.perf_counter() - started, 3)
    logger.info("imported %s: %d added, %d skipped in %.1fs", path, summary.messages_added, summary.messages_skipped, summary.seconds)
    return summary


def _store_file(db: sqlite_utils.Database, file: Path, fmt_name: str, items: list[ParsedMessage], learned_at: str) -> int:
    unique: dict[str, ParsedMessage] = {}
    for item in items:
        unique.setdefault(item.id, item)  # a repeated id inside a file is a no-op too
    with transaction(db) as conn:
        new_rowids = repo.insert_messages(conn, unique.values(), str(file), learned_at)
        refresh_windows(conn, new_rowids)
        added = len(new_rowids)
        conn.execute(
            "INSERT INTO imports (path, format, imported_at, added, skipped) VALUES (?, ?, ?, ?, ?)",
            (str(file), fmt_name, learned_at, added, len(items) - added),
        )
    return added
