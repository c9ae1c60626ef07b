"""`Memory`: one data dir's store, opened once, used by every surface.

It owns the SQLite connection (the only writer in the process), the vector
index and the embedder, and reconciles the two stores when it opens.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from remembrancer.memory.embedding import get_embedder
from remembrancer.memory.embedding.base import Embedder
from remembrancer.memory.events import MemoryEvents, NoEvents
from remembrancer.memory.extraction.base import Extractor
from remembrancer.memory.extraction.owner import OwnerNames, with_owner
from remembrancer.memory.facts.extractors import get_extractor
from remembrancer.memory.importers import ImportOptions, Importer
from remembrancer.memory.importers.markdown import note_name
from remembrancer.memory.hierarchy import build_hierarchy
from remembrancer.memory.ingest import Progress, import_path
from remembrancer.memory.memory_views import MemoryViews
from remembrancer.memory.note_sync import archive_note
from remembrancer.memory.recall.associative import DEFAULT_BUDGET, AssociativeRecall
from remembrancer.memory.recall.engine import RecallEngine, RecallParams
from remembrancer.memory.store.database import DB_FILENAME, get_meta, open_database, transaction
from remembrancer.memory.store.encryption import StoreKey
from remembrancer.memory.store.locks import import_running, importing, store_lock
from remembrancer.memory.review import review
from remembrancer.memory.store import read_ahead, vector_sync
from remembrancer.memory.store.pending import work_pending
from remembrancer.memory.store.level_counts import level_counts
from remembrancer.memory.store.levels import EMBEDDED_LEVELS
from remembrancer.memory.store.reconcile import ReconcileReport, adopt_embedding_model, reconcile
from remembrancer.memory.store.rekey import finish_interrupted_swap
from remembrancer.memory.store.vectors import VectorIndex
from remembrancer.memory.timeutil import ensure_aware, to_iso
from remembrancer.memory.types import ImportSummary, ModelNames, RecallItem, Stats, StoreSizes

logger = logging.getLogger(__name__)

VECTOR_FOLDER = "vectors"


class Memory(MemoryViews):
    """The memory store of one data dir (listings, items, conflicts, exports: `MemoryViews`)."""

    def __init__(
        self,
        data_dir: Path,
        embedder: Embedder | str = "minilm",
        reconcile_on_open: bool = True,
        progress: Progress | None = None,
        extractor: Extractor | str | None = "rules",
        importers: dict[str, Importer] | None = None,
        events: MemoryEvents | None = None,
        key: StoreKey | None = None,
        owner: OwnerNames | None = None,
    ):
        """`importers` (format name -> importer; default the built-ins) and
        `events` (told of imports, recalls and consolidations) are how `app/`
        plugs the plugin manager in without the core importing it. `key`
        unlocks an encrypted store (the app finds it in the keyring or derives
        it from a passphrase; the core never asks for one). `owner` names the
        person whose lines are labelled "Me"/"You"/"I"/"User" (the app's
        `user_name` setting; default: learnt from what they say, else "the user")."""
        self.data_dir = Path(data_dir)
        self.importers = importers
        self.events: MemoryEvents = events or NoEvents()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.embedder = get_embedder(embedder) if isinstance(embedder, str) else embedder
        self.extractor = with_owner(get_extractor(extractor) if isinstance(extractor, str) else extractor, owner)
        self.key = key
        with store_lock(self.data_dir):  # creation, migrations and the vector tables: one process at a time
            finish_interrupted_swap(self.data_dir / DB_FILENAME, key)
            self.db = open_database(self.data_dir / DB_FILENAME, key)
            self.indexes = {
                level.name: VectorIndex(self.data_dir / VECTOR_FOLDER, level.vector_table, self.embedder.dim) for level in EMBEDDED_LEVELS
            }
            model_adopted = reconcile_on_open and adopt_embedding_model(self.db, self.indexes, self.embedder)
        self.vectors = self.indexes["message"]
        self.recall_engine = RecallEngine(self.db, self.vectors, self.embedder, RecallParams())
        self.associative = AssociativeRecall(self.db, self.recall_engine, self.indexes["fact"], self.indexes["scene"])
        self.last_reconcile: ReconcileReport | None = None
        if reconcile_on_open:
            self.finish_pending(progress)
            self.last_reconcile = reconcile(self.db, self.indexes, self.embedder, progress, model_adopted)

    def finish_pending(self, progress: Progress | None = None, now: datetime | None = None) -> bool:
        """Extract facts and rebuild scenes and persona left undone by a process killed mid-import.

        Skipped while another process imports: its unextracted messages are
        its own work in progress (it would do them anyway; the extraction is
        safe against two processes doing it at once, but the work is not
        free). Returns True when there was work and it was done.
        """
        if self.extractor is None or not work_pending(self.db) or import_running(self.data_dir):
            return False
        logger.info("finishing an interrupted import: extracting facts and rebuilding scenes and persona")
        with importing(self.data_dir):
            build_hierarchy(self.db, self.indexes, self.embedder, self.extractor, to_iso(ensure_aware(now)), progress)
        return True

    # -- writing -----------------------------------------------------------
    def import_path(
        self, path: Path, fmt: str = "auto", now: datetime | None = None, progress: Progress | None = None,
        cancel: threading.Event | None = None, options: ImportOptions | None = None, root: Path | None = None,
    ) -> ImportSummary:
        """`cancel` stops the import between whole files (see `memory.ingest`); `options` go to the importers (`--date-order`).

        `root`: the folder ids are relative to, when one file of a watched folder is read again (`memory.source_sync`).
        """
        with importing(self.data_dir):
            summary = import_path(
                self.db, self.indexes, self.embedder, Path(path), fmt, ensure_aware(now), progress,
                importers=self.importers, extractor=self.extractor, cancel=cancel, options=options, root=root,
            )
        self.events.memory_did_add(summary, Path(path))
        return summary

    def archive_note_file(self, path: Path, root: Path | None = None) -> int:
        """A note file was deleted: archive every current item stored from it (never delete); returns how many.

        The note is named as an import of `path` from `root` names it (the
        nearest `.obsidian` vault above it, else relative to `root`, by default
        the file's folder), so pass the folder that was imported. One
        transaction, with the facts, persona attributes and scenes resting only
        on removed or forgotten items (`memory.note_sync`); the scenes and
        persona around them are rebuilt now, or at the next open if an import
        is running. Vectors stay, as for any archived item: recall leaves
        archived items out. A later import of the same note brings back what
        it holds again.
        """
        path = Path(path)
        note = note_name(path.absolute(), Path(root).absolute() if root is not None else path.absolute().parent)
        with importing(self.data_dir):
            with transaction(self.db) as conn:
                archived = archive_note(self.db, conn, note)
        if archived and self.finish_pending():
            vector_sync.embed_all_pending(self.db, self.indexes, self.embedder)  # the rebuilt scenes' vectors
        logger.info("note file %s deleted: %d items archived", path, archived)
        return archived

    def reindex(self, progress: Progress | None = None) -> ReconcileReport:
        """Throw the vectors away and rebuild them from SQLite."""
        for level in EMBEDDED_LEVELS:
            vector_sync.reset_level(self.db, self.indexes[level.name], level)
        report = reconcile(self.db, self.indexes, self.embedder, progress)
        report.rebuilt = True
        return report

    # -- reading -----------------------------------------------------------
    def recall(
        self,
        query: str,
        k: int = 10,
        now: datetime | None = None,
        budget: int | None = DEFAULT_BUDGET,
        include_archived: bool = False,
    ) -> list[RecallItem]:
        """Up to `k` items across all levels, within `budget` tokens of text (None: no budget).

        Archived and faded memories are left out unless `include_archived`.
        A read: nothing in the store changes (a memory is reviewed when used: `review`).
        """
        self.events.memory_will_recall(query, k)
        return self.associative.recall(query, k, ensure_aware(now), budget, include_archived)

    def review(self, ids: Iterable[str], now: datetime | None = None) -> int:
        """These memories were used (opened, cited in an answer shown, kept in a form, pinned): count a review of each."""
        return review(self.db, ids, ensure_aware(now))

    def stats(self) -> Stats:
        counts = level_counts(self.db)
        return Stats(
            data_dir=str(self.data_dir),
            levels=counts.levels,
            archived=counts.archived,
            kinds=counts.kinds,
            conversations=counts.conversations,
            vectors=self.vectors.count(),
            ann_index=self.vectors.searched_approximately(),
            sizes_bytes=StoreSizes(sqlite=_size(self.data_dir, DB_FILENAME + "*"), lancedb=_size(self.data_dir / VECTOR_FOLDER, "**/*")),
            models=ModelNames(
                embedding=self.embedder.name,
                embedding_in_store=get_meta(self.db, "embedding_model"),
                extractor=self.extractor.name if self.extractor else "none",
            ),
        )

    def load_embedder(self) -> str:
        """Load the embedding model now (it loads on first use), so the first search does not stall; returns its name."""
        self.embedder.embed_one("warm up")
        return self.embedder.name

    def warm_up(self, wait: bool = False) -> None:
        """For a long-lived process: load the vector indexes into memory (`VectorIndex.warm`) and read the
        store file into the OS cache (`memory.store.read_ahead`), in the background unless `wait`."""
        database = self.data_dir / DB_FILENAME
        reading = read_ahead.start([database, database.with_name(database.name + "-wal")])
        for index in self.indexes.values():
            index.warm(wait)
        if wait and reading is not None:
            reading.join()

    def close(self) -> None:
        self.associative.close()
        self.db.conn.close()

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _size(folder: Path, pattern: str) -> int:
    return sum(p.stat().st_size for p in folder.glob(pattern) if p.is_file()) if folder.exists() else 0
