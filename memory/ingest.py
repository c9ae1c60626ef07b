"""The import pipeline: parse everything, then store file by file, then embed.

Parsing every file first means a malformed file anywhere stops the command
before anything is written (the contract's "a failed command changes
nothing"). Each file is then one SQLite transaction. Vectors are written after
the commit and reconciled on open, so a crash in between loses nothing.

Cancellation is cooperative (a `threading.Event` the GUI sets): it is checked
between files while parsing and before each file's transaction, so a file is
either wholly stored or not at all, and during embedding, which the next open
resumes. Files stored before the cancel keep their facts, scenes and persona:
the hierarchy step is never cut in half.

A note file is read whole (`whole_notes`): in the transaction that stores
it, its items the file no longer holds are archived and returning ones
restored (`memory.note_sync`). A chat export may be partial, so nothing
missing from one is archived.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import sqlite_utils

from remembrancer.memory.embedding.base import Embedder
from remembrancer.memory.export import is_export, restore_export
from remembrancer.memory.extraction.base import Extractor
from remembrancer.memory.hierarchy import build_hierarchy
from remembrancer.memory.import_ids import check_ids
from remembrancer.memory import note_sync
from remembrancer.memory.importers import Importer, builtin_importers, plan_files
from remembrancer.memory.importers.base import ImportOptions, check_file_name, check_unicode
from remembrancer.memory.importers.note_text import NotText
from remembrancer.memory.store import extraction
from remembrancer.memory.store import messages as repo
from remembrancer.memory.store.database import transaction
from remembrancer.memory.store.import_log import record_import
from remembrancer.memory.store.pending import mark_pending
from remembrancer.memory.store import vector_sync
from remembrancer.memory.store.vector_sync import embed_all_pending
from remembrancer.memory.store.vectors import VectorIndex
from remembrancer.memory.store.windows import refresh_windows
from remembrancer.memory.timeutil import to_iso
from remembrancer.memory.tombstones import skip_forgotten
from remembrancer.memory.types import ImportSummary, ParsedMessage

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
# A source label and format name for messages that did not come from a file
# (the conversation with the assistant); `imports.path` records the label.
Batch = tuple[Path | str, str, list[ParsedMessage]]


class ImportCancelled(Exception):
    """The user cancelled; `summary` says what was stored before the cancel (whole files only)."""

    def __init__(self, summary: ImportSummary):
        self.summary = summary
        super().__init__(f"import cancelled: {summary.messages_added} messages from whole files kept, the rest not stored")


def _check(cancel: threading.Event | None, summary: ImportSummary) -> None:
    if cancel is not None and cancel.is_set():
        raise ImportCancelled(summary)


def parse_all(
    path: Path, fmt: str, importers: dict[str, Importer] | None = None, cancel: threading.Event | None = None,
    options: ImportOptions | None = None, report: ImportSummary | None = None, root: Path | None = None,
) -> list[Batch]:
    """Parse every file under `path`; raises InputError on the first bad one. `options`: what the person said about the files (`--date-order`).

    `root` is the folder ids are relative to (default: `path`, or a file's
    folder); a watched folder passes itself when one changed file inside it
    is read again, so the file's notes keep the ids the folder import gave.

    Notes are the exception: a binary file named `.md` is skipped and a note
    read with a guess (bad front matter, not UTF-8) is kept, each listed in
    `report` (`skipped_files`, `warnings`), so a vault with a few odd files
    gets in whole in one run. Chat exports stay all-or-nothing.
    """
    root = root if root is not None else _root(path)
    report = report if report is not None else ImportSummary()
    parsed: list[Batch] = []
    for file, importer in plan_files(path, fmt, importers):
        _check(cancel, ImportSummary(files=0))
        importer = importer.configured(options) if options is not None else importer
        try:
            messages, warnings = importer.parse_reporting(check_file_name(file), root)
        except NotText as exc:
            logger.warning("skipped %s", exc)
            report.skipped_files.append(str(exc))
            continue
        for warning in warnings:
            logger.warning("%s", warning)
        report.warnings.extend(warnings)
        # Checked here too, for plugin importers: a lone surrogate must fail the parse, not the store after earlier commits.
        parsed.append((file, importer.name, [check_unicode(m, file, m.line) for m in messages]))
    return parsed


def whole_notes(path: Path, parsed: list[Batch], importers: dict[str, Importer] | None = None, root: Path | None = None) -> dict[str, str]:
    """`str(file)` -> note name, for the parsed files read whole (notes): what they no longer hold is archived when stored.

    Asked of each file's importer (`Importer.whole_note`), with the root
    `parse_all` used, so the names are the notes' names in their items' ids.
    """
    root = root if root is not None else _root(path)
    known = importers or builtin_importers()
    notes: dict[str, str] = {}
    for file, fmt_name, _ in parsed:
        importer = known.get(fmt_name)
        note = importer.whole_note(Path(file), root) if importer is not None else None
        if note is not None:
            notes[str(file)] = note
    return notes


def _root(path: Path) -> Path:
    """The folder ids are relative to: the imported folder, or a single file's folder."""
    return path if path.is_dir() else path.parent


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
    cancel: threading.Event | None = None,
    options: ImportOptions | None = None,
    root: Path | None = None,
) -> ImportSummary:
    """`root`: the folder ids are relative to (see `parse_all`)."""
    started = time.perf_counter()
    if fmt == "auto" and is_export(path):  # a Remembrancer export restores the whole store, not messages alone
        return restore(db, indexes, embedder, path, progress, started)
    report = ImportSummary()
    parsed = parse_all(path, fmt, importers, cancel, options, report, root)
    for index in indexes.values():  # a large table's saved in-memory index follows the writes instead of being rebuilt after them
        index.follow_writes()
    summary = store_batches(db, indexes, embedder, parsed, now, progress, extractor, cancel, notes=whole_notes(path, parsed, importers, root))
    summary.skipped_files, summary.warnings = report.skipped_files, report.warnings
    summary.seconds = round(time.perf_counter() - started, 3)
    logger.info("imported %s: %d added, %d skipped, %d archived in %.1fs", path, summary.messages_added, summary.messages_skipped,
                summary.messages_archived, summary.seconds)
    return summary


def restore(
    db: sqlite_utils.Database, indexes: Mapping[str, VectorIndex], embedder: Embedder, path: Path, progress: Progress | None, started: float
) -> ImportSummary:
    """Restore an export (ids kept, nothing re-extracted), then embed it all."""
    counts = restore_export(db, path)
    summary = ImportSummary(files=1, messages_added=counts["message"], facts_created=counts["fact"], scenes_created=counts["scene"])
    summary.per_file[str(path)] = {"added": counts["message"], "skipped": 0}
    embed_all_pending(db, indexes, embedder, progress)
    summary.seconds = round(time.perf_counter() - started, 3)
    logger.info("restored export %s: %s", path, counts)
    return summary


def store_batches(
    db: sqlite_utils.Database,
    indexes: Mapping[str, VectorIndex],
    embedder: Embedder,
    parsed: list[Batch],
    now: datetime | None = None,
    progress: Progress | None = None,
    extractor: Extractor | None = None,
    cancel: threading.Event | None = None,
    mark_extracted: bool = False,
    notes: Mapping[str, str] | None = None,
) -> ImportSummary:
    """Store parsed messages, one transaction per batch, then build the levels above and embed.

    The second half of every import, and the way messages that come from no
    file (the assistant chat) enter the store with their facts extracted.
    `mark_extracted` stores messages that must never yield facts (the
    assistant's replies) as already extracted, in the same transaction, so no
    later extraction (a crash being healed) reads them as the person's words.
    `notes` (`whole_notes`): the files that are whole notes, by `str(file)`;
    in the same transaction as each, the note's items it no longer holds
    are archived and returning ones restored (`memory.note_sync`).
    """
    learned_at = to_iso(now or datetime.now().astimezone())
    summary = ImportSummary(files=len(parsed))
    total = sum(len(items) for _, _, items in parsed)
    stored = 0
    check_ids(db, parsed)  # an id that would take another message's place stops the import before any write
    try:
        for file, fmt_name, items in parsed:
            _check(cancel, summary)
            note = notes.get(str(file)) if notes else None
            present = {m.id for m in items}  # a hard-forgotten paragraph is still in the file: not "removed"
            items = skip_forgotten(db, file, items, summary)  # hard-forgotten messages stay forgotten
            done = _store_file(db, indexes, file, fmt_name, items, learned_at, mark_extracted, note, present)
            skipped = len(items) - done.added - done.updated - done.restored
            summary.messages_added += done.added
            summary.messages_updated += done.updated
            summary.messages_restored += done.restored
            summary.messages_archived += done.archived
            summary.messages_skipped += skipped
            summary.per_file[str(file)] = {"added": done.added, "updated": done.updated, "skipped": skipped}
            stored += len(items)
            if progress:
                progress(stored, total, "storing")
    except ImportCancelled:
        if summary.messages_added:  # what is stored gets its facts before the cancel is reported
            build_hierarchy(db, indexes, embedder, extractor, learned_at, progress)
        raise
    hierarchy = build_hierarchy(db, indexes, embedder, extractor, learned_at, progress)
    summary.facts_created, summary.scenes_created = hierarchy.facts_created, hierarchy.scenes
    embed_all_pending(db, indexes, embedder, _cancellable(progress, cancel, summary))
    return summary


def _cancellable(progress: Progress | None, cancel: threading.Event | None, summary: ImportSummary) -> Progress | None:
    """Embedding may stop at any batch: its rows stay pending and the next open embeds them."""
    if cancel is None:
        return progress

    def report(done: int, total: int, stage: str) -> None:
        _check(cancel, summary)
        if progress:
            progress(done, total, stage)

    return report


class Stored(NamedTuple):
    """What storing one file did: messages added, edited, back from the archive, and (a note's) archived as no longer in it."""

    added: int
    updated: int
    restored: int = 0
    archived: int = 0


def _store_file(
    db: sqlite_utils.Database, indexes: Mapping[str, VectorIndex], file: Path | str, fmt_name: str, items: list[ParsedMessage],
    learned_at: str, mark_extracted: bool = False, note: str | None = None, present: set[str] | None = None,
) -> Stored:
    """One file in one transaction. `note`: the file is that whole note; its items not `present` in the file are archived."""
    unique: dict[str, ParsedMessage] = {}
    for item in items:
        unique.setdefault(item.id, item)  # a repeated id inside a file is a no-op too (`check_ids` made sure it is the same message)
    prepared = note_sync.Prepared()
    archived = 0
    with transaction(db) as conn:
        if note is not None:  # re-key what an older id scheme stored, restore returning paragraphs
            prepared = note_sync.prepare(db, conn, note, list(unique.values()))
        edits = repo.edited_messages(conn, list(unique.values()))
        replaced = repo.replace_messages(conn, edits, str(file), learned_at)
        new_rowids = repo.insert_messages(conn, unique.values(), str(file), learned_at)
        if mark_extracted:
            extraction.mark_extracted(conn, new_rowids + replaced.rowids)
        refresh_windows(conn, new_rowids + replaced.rowids)
        if replaced.rowids:  # the scenes and profiles that quoted the old texts are rebuilt, even if the new text yields nothing
            mark_pending(conn, replaced.conversations, replaced.subjects)
        added = len(new_rowids)
        restored = len(prepared.restored - {m.id for m in edits})  # an edit that also came back counts as the edit
        if note is not None:
            archived = note_sync.archive_absent(db, conn, note, present if present is not None else set(unique))
        record_import(conn, str(file), fmt_name, learned_at, added, len(items) - added - len(edits) - restored)
    # After COMMIT: this line is the promise that the file's messages are stored,
    # whatever happens next (the crash tests hold the store to it).
    if replaced.rowids:  # the facts of the old texts are gone; the edited messages' vectors are replaced when embedded (stale marks)
        vector_sync.remove(indexes["fact"], replaced.deleted_fact_ids)
    # Re-keyed rows are marked for embedding under their new ids; a crash before this leaves orphans that repair-on-open removes.
    vector_sync.remove(indexes["message"], prepared.rekeyed_old_ids)
    logger.info("committed %s: %d messages added, %d edited, %d restored, %d archived, %d already stored",
                file, added, len(edits), restored, archived, len(items) - added - len(edits) - restored)
    return Stored(added, len(edits), restored, archived)
