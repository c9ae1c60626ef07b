"""Watched sources: folders and files whose changes are imported as they happen.

A source is a path (absolute, one row per path), the format its files are
read as (`auto`: each file recognised by itself, as in a folder import), and
whether it is paused. Each sync leaves its time, its counts and at most one
error line on the row, for `sources list` and the app's Sources pane; the
error line names a file and a reason, never memory text.

This module keeps the rows; `memory.source_sync` does a sync and the app's
watcher (`app/source_watcher.py`) decides when.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from remembrancer.memory.changes import Changes
from remembrancer.memory.errors import InputError
from remembrancer.memory.store import sources as store
from remembrancer.memory.store.database import transaction

MAX_ERROR_CHARS = 300  # one line in a table cell; the log has the rest
# Editors' swap and backup files, and folders a vault keeps for its app: never notes of their own.
TEMP_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload", "~")
TEMP_PREFIXES = (".#", "~$", "#")


@dataclass(frozen=True)
class Source:
    """One watched path and how its last sync went."""

    path: Path
    format: str
    folder: bool  # a folder (its files are watched) or one file; kept, as a deleted folder cannot say which it was
    paused: bool
    added_at: str
    last_sync: str | None
    synced_until: str | None  # every change made before this is stored (the catch-up scan starts here)
    last_error: str | None
    files: int  # files the last sync read (or, for the first one, the initial import)
    added: int
    updated: int
    archived: int

    @property
    def root(self) -> Path:
        """The folder note ids are relative to: the source itself, or a watched file's folder (as `import FILE` does)."""
        return self.path if self.folder else self.path.parent

    def holds(self, path: Path) -> bool:
        """Whether `path` is the watched file, or inside the watched folder."""
        return path == self.path or (self.folder and self.path in path.parents)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        return data


@dataclass
class SyncReport:
    """What one sync of one source did."""

    files: int = 0
    added: int = 0
    updated: int = 0
    archived: int = 0
    errors: list[str] = field(default_factory=list)  # `FILE[:LINE]: reason` lines, never memory text

    def error_line(self) -> str | None:
        """The first error and how many more, cut to one short line."""
        if not self.errors:
            return None
        more = f" (+{len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
        first = self.errors[0].replace("\n", " ")
        return first[: MAX_ERROR_CHARS - len(more)] + more

    @property
    def wrote(self) -> bool:
        return bool(self.added or self.updated or self.archived)

    @property
    def changes(self) -> Changes:
        """As an import's: new, edited or archived notes change what every view shows."""
        return Changes.everything() if self.wrote else Changes()


def normalise(path: str | Path) -> Path:
    """The one spelling of a path the table keeps: absolute, `~` expanded, links resolved."""
    return Path(path).expanduser().resolve()


def ignored(path: Path, root: Path) -> bool:
    """An editor's temporary file, or anything in a hidden folder (`.obsidian/`, `.git/`) or hidden itself.

    The folder import skips hidden parts the same way (`importers.plan_files`).
    """
    name = path.name
    if name.endswith(TEMP_SUFFIXES) or name.startswith(TEMP_PREFIXES):
        return True
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = (name,)
    return any(part.startswith(".") for part in parts)


def _source(row: store.SourceRow) -> Source:
    return Source(
        Path(row.path), row.format, bool(row.folder), bool(row.paused), row.added_at, row.last_sync, row.synced_until, row.last_error,
        row.files, row.added, row.updated, row.archived,
    )


def list_sources(db: sqlite_utils.Database) -> list[Source]:
    return [_source(row) for row in store.source_rows(db)]


def get_source(db: sqlite_utils.Database, path: str | Path) -> Source | None:
    row = store.source_row(db, str(normalise(path)))
    return _source(row) if row else None


def require_source(db: sqlite_utils.Database, path: str | Path) -> Source:
    source = get_source(db, path)
    if source is None:
        raise InputError("not a watched source (`remembrancer sources list` shows them)", normalise(path))
    return source


def add_source(db: sqlite_utils.Database, path: str | Path, fmt: str, added_at: str) -> Source:
    """Watch `path` (it must exist); InputError when it is already watched (its format is changed by removing and adding it)."""
    absolute = normalise(path)
    if not absolute.exists():
        raise InputError("no such file or folder", absolute)
    with transaction(db) as conn:
        if not store.insert_source(conn, str(absolute), fmt, absolute.is_dir(), added_at):
            raise InputError("already watched", absolute)
    return require_source(db, absolute)


def remove_source(db: sqlite_utils.Database, path: str | Path) -> Source:
    """Stop watching `path`; the memories imported from it stay as they are."""
    source = require_source(db, path)
    with transaction(db) as conn:
        store.delete_source(conn, str(source.path))
    return source


def set_paused(db: sqlite_utils.Database, path: str | Path, paused: bool) -> Source:
    source = require_source(db, path)
    with transaction(db) as conn:
        store.set_paused(conn, str(source.path), paused)
    return require_source(db, source.path)


def record_sync(db: sqlite_utils.Database, path: str | Path, synced_at: str, report: SyncReport, synced_until: str | None = None) -> None:
    """Keep a sync's time, counts and first error on the source's row (a removed source: nothing to keep)."""
    counts = store.SyncCounts(report.files, report.added, report.updated, report.archived)
    with transaction(db) as conn:
        store.set_sync(conn, str(normalise(path)), synced_at, counts, report.error_line(), synced_until)
