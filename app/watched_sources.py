"""Watched sources as methods of `MemoryService`: what `sources ...`, the Sources pane and the watcher call.

Kept out of `service.py` so that file stays about the memory itself; the
methods block and touch the store, so the GUI runs them on its store worker
like every other service call, and the watcher runs its three (`watched_sources`,
`known_source_files`, `sync_source`) through `on_store`.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from remembrancer.app.context import AppContext
from remembrancer.app.import_options import import_options
from remembrancer.app.source_watcher import SourceWatcher, StoreCall, Timings
from remembrancer.memory import source_sync
from remembrancer.memory.ingest import Progress
from remembrancer.memory.source_sync import KnownFiles, SyncOutcome
from remembrancer.memory.sources import Source
from remembrancer.memory.types import ImportSummary


def _wall_clock() -> datetime:
    """The real time, never `--now`: it is compared with the files' modification times."""
    return datetime.now().astimezone()


class WatchedSourceMethods:
    """Mixed into `MemoryService` (which sets `self.ctx`)."""

    ctx: AppContext

    def watched_sources(self) -> list[Source]:
        return source_sync.watched(self.ctx.memory())

    def add_source(self, path: str | Path, fmt: str = "auto", progress: Progress | None = None) -> tuple[Source, ImportSummary]:
        """Import `path` now and watch it from then on; raises `InputError` for a missing path, an unknown format or bad input."""
        memory = self.ctx.memory(progress)
        return source_sync.watch(memory, path, fmt, self.ctx.now, _wall_clock(), progress, import_options(self.ctx.settings))

    def remove_source(self, path: str | Path) -> Source:
        """Stop watching `path`; what was imported from it stays."""
        return source_sync.unwatch(self.ctx.memory(), path)

    def pause_source(self, path: str | Path, paused: bool = True) -> Source:
        return source_sync.set_paused(self.ctx.memory(), path, paused)

    def known_source_files(self, source: Source) -> KnownFiles:
        return source_sync.known_files(self.ctx.memory(), source)

    def sync_source(self, path: Path, paths: list[Path], settled: bool = False) -> SyncOutcome | None:
        return source_sync.sync_source(self.ctx.memory(), path, paths, self.ctx.now, _wall_clock(), settled, import_options(self.ctx.settings))

    def source_watcher(self, on_store: StoreCall, on_synced: Callable[[SyncOutcome], None] | None = None,
                       timings: Timings | None = None) -> SourceWatcher:
        """A watcher of this data dir's sources (not started); `on_store` runs its jobs where this service's store calls run."""
        return SourceWatcher(self, self.ctx.settings.data_dir, on_store, on_synced, timings)
