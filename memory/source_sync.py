"""One sync of one watched source: read changed files again, archive the notes of deleted ones.

Each changed file goes through the same import as `remembrancer import`
(`Memory.import_path`), one file at a time, with the source's folder as the
root of note ids, so a note read again keeps the ids its folder import gave
it: new messages are added, edited ones updated, unchanged ones skipped. A
file that is gone takes its notes out of the current store through
`Memory.archive_note_file` (archived, never deleted). A file one importer
cannot read (a picture in a vault) is passed over; a file that fails to
parse is reported on the source's row and stores nothing.

No threads and no timing here: the app's watcher decides when a sync runs
and which paths it gets (`app/source_watcher.py`), and runs it where the
store lives.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from remembrancer.memory import sources
from remembrancer.memory.errors import InputError
from remembrancer.memory.export import is_export
from remembrancer.memory.importers import FORMATS, importer_for, plan_files
from remembrancer.memory.importers.base import ImportOptions
from remembrancer.memory.ingest import Progress
from remembrancer.memory.sources import Source, SyncReport, get_source, ignored, normalise, record_sync
from remembrancer.memory.store import sources as store
from remembrancer.memory.timeutil import parse_time, to_iso
from remembrancer.memory.types import ImportSummary

if TYPE_CHECKING:
    from remembrancer.memory.core import Memory

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class KnownFiles:
    """What the store already holds from under a source: files an import has read, files current notes came from."""

    imported: frozenset[str]
    notes: frozenset[str]


@dataclass(frozen=True)
class SyncOutcome:
    """A sync's report and the source's row after it."""

    source: Source
    report: SyncReport


# -- adding, listing, removing, pausing (what `sources ...` and the Sources pane call) ------------

def watched(memory: Memory) -> list[Source]:
    return sources.list_sources(memory.db)


def check_watchable(path: Path, fmt: str, memory: Memory) -> None:
    """InputError unless `path` exists and its files can be read as `fmt` (`auto`: a lone file must be recognised)."""
    if fmt not in FORMATS and fmt not in (memory.importers or {}):
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if not path.exists():
        raise InputError("no such file or folder", path)
    if path.is_file():
        if fmt == "auto" and is_export(path):
            raise InputError("a Remembrancer export is restored once with `remembrancer import`, not watched", path)
        plan_files(path, fmt, memory.importers)  # a lone file: its format must be known or recognised


def watch(memory: Memory, path: str | Path, fmt: str, now: datetime | None, started: datetime,
          progress: Progress | None = None, options: ImportOptions | None = None) -> tuple[Source, ImportSummary]:
    """Import `path` now, then watch it; nothing is watched when the import fails (bad input raises InputError).

    `started` is the wall clock before the import read anything: every
    change made after it is for the watcher to see.
    """
    absolute = normalise(path)
    check_watchable(absolute, fmt, memory)
    if get_source(memory.db, absolute) is not None:
        raise InputError("already watched", absolute)
    for other in sources.list_sources(memory.db):  # nested sources would read one file under two roots: two ids for one note
        if other.holds(absolute) or (absolute.is_dir() and absolute in other.path.parents):
            raise InputError(f"overlaps the watched source {other.path}; remove that one first to watch this instead", absolute)
    summary = memory.import_path(absolute, fmt, now=now, progress=progress, options=options)
    stamp = to_iso(started)
    sources.add_source(memory.db, absolute, fmt, stamp)
    report = SyncReport(files=summary.files, added=summary.messages_added, updated=summary.messages_updated)
    record_sync(memory.db, absolute, stamp, report, synced_until=stamp)
    return sources.require_source(memory.db, absolute), summary


def unwatch(memory: Memory, path: str | Path) -> Source:
    """Stop watching; everything imported from the source stays."""
    return sources.remove_source(memory.db, path)


def set_paused(memory: Memory, path: str | Path, paused: bool) -> Source:
    return sources.set_paused(memory.db, path, paused)


# -- syncing (the watcher's jobs) ----------------------------------------------------------------

def known_files(memory: Memory, source: Source) -> KnownFiles:
    prefix = str(source.path)
    return KnownFiles(frozenset(store.imported_files_under(memory.db, prefix)), frozenset(store.current_note_files_under(memory.db, prefix)))


def files_of(source: Source) -> list[Path]:
    """The files a source holds now: a watched file itself, or every file under a watched folder that is not ignored."""
    if not source.folder:
        return [source.path] if source.path.is_file() else []
    if not source.path.is_dir():
        return []
    return sorted(p for p in source.path.rglob("*") if p.is_file() and not ignored(p, source.root))


def catch_up_paths(source: Source, known: KnownFiles, full: bool = False) -> list[Path]:
    """What changed while nobody watched: files modified after `synced_until`, files no import has read, notes whose file is gone.

    `full` (Sync now) takes every file: reading an unchanged file again
    stores nothing, so this is safe, only slower. Reads the disk, not the store.
    """
    since = parse_time(source.synced_until).timestamp() if source.synced_until and not full else None
    changed = []
    for path in files_of(source):
        try:
            modified = path.stat().st_mtime
        except OSError:
            continue  # gone since the walk: the note check below or the next event says so
        if since is None or modified > since or str(path) not in known.imported:
            changed.append(path)
    gone = [Path(name) for name in sorted(known.notes) if not os.path.exists(name)]
    return changed + gone


def sync_paths(memory: Memory, source: Source, paths: Iterable[Path], now: datetime | None = None,
               options: ImportOptions | None = None) -> SyncReport:
    """Import the files among `paths` that exist (a folder: its files), archive the notes of those that are gone.

    `options`: what the person said about their files (whose messages are theirs), as for every import.
    """
    report = SyncReport()
    for path in _expand(source, paths):
        try:
            if path.is_file():
                _import_one(memory, source, path, now, report, options)
            elif not path.exists():
                _archive_gone(memory, source, path, report)
        except InputError as exc:  # `FILE:LINE: reason`: for the person to fix; the file stored nothing
            logger.warning("watched source: %s", exc)
            report.errors.append(str(exc))
        except Exception as exc:  # the next change tries again; the log has the traceback
            logger.exception("watched source: syncing %s failed", path)
            report.errors.append(f"{path}: internal error ({type(exc).__name__}); details in the log")
    return report


def _expand(source: Source, paths: Iterable[Path]) -> list[Path]:
    """The paths this source holds and does not ignore, a folder replaced by its files, each once, in order."""
    out: set[Path] = set()
    for path in paths:
        if not source.holds(path) or ignored(path, source.root):
            continue
        if path.is_dir():
            out.update(p for p in path.rglob("*") if p.is_file() and not ignored(p, source.root))
        else:
            out.add(path)
    return sorted(out)


def _import_one(memory: Memory, source: Source, path: Path, now: datetime | None, report: SyncReport,
                options: ImportOptions | None = None) -> None:
    importer = importer_for(path, source.format, memory.importers)
    if importer is None:
        logger.debug("watched source: %s is not a format Remembrancer imports", path)
        return
    summary = memory.import_path(path, importer.name, now=now, root=source.root, options=options)
    report.files += 1
    report.added += summary.messages_added
    report.updated += summary.messages_updated
    report.archived += summary.messages_archived
    for line in summary.skipped_files:  # a binary file named `.md`: nothing of it is stored
        logger.info("watched source: %s", line)


def _archive_gone(memory: Memory, source: Source, path: Path, report: SyncReport) -> None:
    """`path` (a file or a whole folder) is gone: the current notes read from it are archived."""
    for name in sorted(store.current_note_files_under(memory.db, str(path))):
        note = Path(name)
        if note.exists():
            continue
        report.archived += memory.archive_note_file(note, source.root)
        report.files += 1


def sync_source(memory: Memory, path: Path, paths: Iterable[Path], now: datetime | None, synced_at: datetime,
                settled: bool = False, options: ImportOptions | None = None) -> SyncOutcome | None:
    """Sync `paths` of the source at `path` and keep the outcome on its row; None when it was removed or paused meanwhile.

    `synced_at` is the wall clock when the sync started (file times are
    compared with it, so never the replayable `now`, which only dates what
    is learnt). With `settled` (no other change of this source waits) and no
    error, it becomes `synced_until`, where the next catch-up scan starts.
    """
    source = get_source(memory.db, path)
    if source is None or source.paused:
        return None
    report = sync_paths(memory, source, paths, now, options)
    stamp = to_iso(synced_at)
    record_sync(memory.db, source.path, stamp, report, synced_until=stamp if settled and not report.errors else None)
    updated = get_source(memory.db, source.path)
    return SyncOutcome(updated or source, report)
