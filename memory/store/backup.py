"""Rotating backups of the SQLite file (the source of truth; vectors are rebuilt from it).

SQLite's online backup API copies a consistent snapshot while the store stays
open. Names carry the time, so the newest sort last; only `kept` stay.
"""
from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

import sqlite_utils

logger = logging.getLogger(__name__)

PREFIX = "memory-"
SUFFIX = ".sqlite3"


def backup_database(db: sqlite_utils.Database, folder: Path, now: datetime, kept: int) -> tuple[Path, int]:
    """Write a snapshot into `folder`; return it and how many old ones were removed."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{PREFIX}{now.strftime('%Y%m%dT%H%M%S')}{SUFFIX}"
    partial = target.with_suffix(".partial")
    destination = sqlite3.connect(str(partial))
    try:
        db.conn.backup(destination)
    finally:
        destination.close()
    partial.replace(target)  # a crash mid-copy never leaves a file that looks like a backup
    removed = 0
    for old in list_backups(folder)[: -max(1, kept)]:
        old.unlink(missing_ok=True)
        removed += 1
    logger.info("backed up the store to %s (%d old backups removed)", target.name, removed)
    return target, removed


def list_backups(folder: Path) -> list[Path]:
    """Backups in `folder`, oldest first."""
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}")) if folder.exists() else []


def remove_all_backups(folder: Path) -> int:
    """For `forget --hard`: a backup would still hold what was forgotten."""
    backups = list_backups(folder) + (sorted(folder.glob("*.partial")) if folder.exists() else [])
    for path in backups:
        path.unlink(missing_ok=True)
    return len(backups)
