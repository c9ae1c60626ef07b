"""Rotating backups of the SQLite file (the source of truth; vectors are rebuilt from it).

SQLite's online backup API copies a consistent snapshot while the store stays
open. Names carry the time, so the newest sort last; only `kept` stay. A
backup of an encrypted store is encrypted with the store's key (page for page:
the backup API copies the encrypted pages' contents into a destination keyed
the same way), so a backup is never a plaintext copy of the memories.
"""
from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import sqlite_utils

from remembrancer.memory.store.database import connect
from remembrancer.memory.store.encryption import StoreKey

logger = logging.getLogger(__name__)

PREFIX = "memory-"
SUFFIX = ".sqlite3"


def backup_database(db: sqlite_utils.Database, folder: Path, now: datetime, kept: int, key: StoreKey | None = None) -> tuple[Path, int]:
    """Write a snapshot into `folder` (encrypted with `key`, the store's); return it and how many old ones were removed."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{PREFIX}{now.strftime('%Y%m%dT%H%M%S')}{SUFFIX}"
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    destination = connect(partial, key)
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
