"""Watching sources: file events in, one sync per quiet, stable file out, run where the store lives.

Threads, none of them Qt's:
- watchdog's observer thread turns OS events (inotify, FSEvents, ...) into
  `ChangeQueue.note` calls and returns at once;
- the watcher's own thread (`source-watcher`) takes what the queue says is
  ready, groups it by source and hands each group to `on_store`, which runs
  the sync where the store's one connection lives (the desktop app's store
  worker, the background service's store lock) and blocks until it is done.
  So writes go through the same single writer as every other store call.

Only one process watches a data dir (`WatchLease`): the app or the service,
whichever took the lease first; the other asks again every `lease_retry`
seconds. On taking it, and for every source added or resumed later, a
catch-up scan queues what changed while nobody watched (files modified after
the source's `synced_until`, files no import has read, notes whose file is
gone). Sources are read again on `request_reload` (the CLI's `sources ...`
commands ask the running app or service for it) and every `refresh`
seconds, so a change made by another process is seen either way.

Paused sources are not watched; their events are dropped and a resume scans
them again. Editors' temporary files and hidden folders are ignored
(`memory.sources.ignored`); so are events that only say a file was read,
or the watcher would wake itself by importing.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from watchdog.events import EVENT_TYPE_CLOSED, EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from remembrancer.app.change_queue import ChangeQueue
from remembrancer.memory.source_sync import KnownFiles, SyncOutcome, catch_up_paths
from remembrancer.memory.sources import Source, ignored
from remembrancer.memory.store.locks import WatchLease

logger = logging.getLogger(__name__)

StoreCall = Callable[[Callable[[], Any]], Any]  # runs a job where the store lives and returns its result (or raises)
_WRITES = frozenset({EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_DELETED, EVENT_TYPE_MOVED, EVENT_TYPE_CLOSED})
RETRY_SECONDS = 30.0  # a sync the store refused (busy, closing) is tried again this much later


class StoreClosing(Exception):
    """`on_store` gives up: the process is shutting down and the store will not take more work."""


class SourceStore(Protocol):
    """What the watcher needs of the store (`MemoryService` has it); each call runs inside `on_store`."""

    def watched_sources(self) -> list[Source]: ...

    def known_source_files(self, source: Source) -> KnownFiles: ...

    def sync_source(self, path: Path, paths: list[Path], settled: bool = False) -> SyncOutcome | None: ...


@dataclass(frozen=True)
class Timings:
    """How long the watcher waits; tests shorten them all."""

    debounce: float = 1.0  # quiet time after a path's last event
    settle: float = 0.5  # between the two looks that must agree
    refresh: float = 30.0  # re-read the sources table this often (another process may have changed it)
    lease_retry: float = 10.0  # ask for the watch lease again this often while another process holds it


class _Events(FileSystemEventHandler):
    """watchdog's callbacks: route each written path to its source and queue it; never blocks."""

    def __init__(self, watcher: SourceWatcher):
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _WRITES:
            return  # opened / closed without writing: our own import reading the file
        if event.is_directory and event.event_type in (EVENT_TYPE_MODIFIED, EVENT_TYPE_CREATED):
            return  # the files in it come as events of their own (watchdog walks a new folder); a gone folder does not
        paths = [event.src_path] + ([event.dest_path] if event.event_type == EVENT_TYPE_MOVED and event.dest_path else [])
        for raw in paths:
            self.watcher.noted(Path(raw.decode() if isinstance(raw, bytes) else raw))


class SourceWatcher:
    """Watches the sources of one data dir while `start`ed; `on_synced` hears of every sync (from the watcher's thread)."""

    def __init__(self, store: SourceStore, data_dir: Path, on_store: StoreCall,
                 on_synced: Callable[[SyncOutcome], None] | None = None, timings: Timings | None = None):
        self.store = store
        self.on_store = on_store
        self.on_synced = on_synced
        self.timings = timings or Timings()
        self.lease = WatchLease(data_dir)
        self.queue = ChangeQueue(self.timings.debounce, self.timings.settle)
        self.stopping = threading.Event()
        self._active: dict[Path, Source] = {}  # watched now (not paused), by path
        self._lock = threading.Lock()  # `_active` is read by the observer's thread
        self._watches: dict[tuple[str, bool], ObservedWatch] = {}
        self._observer: BaseObserver | None = None
        self._reload = threading.Event()
        self._full_scans: set[Path] = set()
        self._thread: threading.Thread | None = None

    # -- control (any thread) --------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="source-watcher", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop watching; a sync already running on the store finishes there."""
        self.stopping.set()
        self.queue.wake()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                logger.warning("the source watcher did not stop within %.0f s", timeout)
            self._thread = None

    @property
    def watching(self) -> bool:
        """Whether this process holds the lease and watches (another process may)."""
        return self.lease.held and not self.stopping.is_set()

    def request_reload(self) -> None:
        """Read the sources table again soon (one was added, removed, paused or resumed)."""
        self._reload.set()
        self.queue.wake()

    def sync_now(self, path: Path) -> None:
        """Look at every file of the source at `path` again, not only those changed since its last sync."""
        with self._lock:
            self._full_scans.add(path)
        self.request_reload()

    def active_sources(self) -> list[Source]:
        with self._lock:
            return list(self._active.values())

    # -- events (the observer's thread) ----------------------------------------------
    def noted(self, path: Path) -> None:
        source = self._route(path)
        if source is not None:
            self.queue.note(str(source.path), path)

    def _route(self, path: Path) -> Source | None:
        """The active source holding `path` (the deepest, should two nest), unless the path is ignored."""
        with self._lock:
            holders = [s for s in self._active.values() if s.holds(path)]
        if not holders:
            return None
        source = max(holders, key=lambda s: len(s.path.parts))
        return None if ignored(path, source.root) else source

    # -- the watcher's thread ------------------------------------------------------------
    def _run(self) -> None:
        try:
            while not self.stopping.is_set():
                if not self.lease.try_acquire():
                    self.queue.wait(self.timings.lease_retry)
                    continue
                self._watch()
                return
        except Exception:  # never lost silently; the app goes on without watching
            logger.exception("the source watcher stopped")
        finally:
            self._stop_observer()
            self.lease.release()

    def _watch(self) -> None:
        self._observer = Observer()
        self._observer.daemon = True
        self._observer.start()
        handler = _Events(self)
        self._reload.set()
        refreshed = 0.0
        clock = time.monotonic
        while not self.stopping.is_set():
            if self._reload.is_set() or clock() - refreshed >= self.timings.refresh:
                self._reload.clear()
                refreshed = clock()
                self._refresh(handler)
            for key, paths in self.queue.take_ready().items():
                if self.stopping.is_set():
                    return
                self._sync(Path(key), paths)
            due = self.queue.next_due()
            until_refresh = max(0.0, self.timings.refresh - (clock() - refreshed))
            self.queue.wait(min(until_refresh, due if due is not None else until_refresh))

    def _refresh(self, handler: _Events) -> None:
        """Read the sources; watch the new and resumed ones (after a catch-up scan), let go of the others."""
        try:
            sources = self.on_store(self.store.watched_sources)
        except StoreClosing:
            return
        except Exception:
            logger.exception("could not read the watched sources")
            return
        wanted = {s.path: s for s in sources if not s.paused}
        with self._lock:
            before = dict(self._active)
            self._active = wanted
            full = self._full_scans & set(wanted)
            self._full_scans.clear()
        for path in set(before) - set(wanted):
            logger.info("no longer watching a source (removed or paused)")
            self.queue.drop(str(path))
        self._follow(handler)
        for path, source in wanted.items():
            if path not in before or path in full:
                self._catch_up(source, full=path in full)

    def _follow(self, handler: _Events) -> None:
        """Observer watches to match the active sources: a folder recursively, a lone file through its folder."""
        assert self._observer is not None
        with self._lock:
            needed = {(str(s.path if s.folder else s.path.parent), s.folder) for s in self._active.values()}
        for spec in set(self._watches) - needed:
            self._observer.unschedule(self._watches.pop(spec))
        for spec in needed - set(self._watches):
            folder, recursive = spec
            try:
                self._watches[spec] = self._observer.schedule(handler, folder, recursive=recursive)
            except OSError as exc:  # gone, unreadable, or the OS's watch limit reached: its catch-up still runs
                logger.warning("cannot watch %s: %s", folder, exc)

    def _catch_up(self, source: Source, full: bool = False) -> None:
        try:
            known = self.on_store(lambda: self.store.known_source_files(source))
        except StoreClosing:
            return
        except Exception:
            logger.exception("catch-up scan of a watched source failed")
            return
        paths = catch_up_paths(source, known, full)  # the disk walk, here: not on the store's thread
        logger.info("catch-up scan: %d path(s) of a watched source to look at", len(paths))
        for path in paths:
            self.queue.note(str(source.path), path, delay=0.0)

    def _sync(self, path: Path, paths: list[Path]) -> None:
        settled = not self.queue.has_pending(str(path))
        try:
            outcome = self.on_store(lambda: self.store.sync_source(path, paths, settled))
        except StoreClosing:
            return
        except Exception:  # the store refused (busy for too long?): the same paths again later
            logger.exception("a watched source's sync failed; trying again in %.0f s", RETRY_SECONDS)
            for changed in paths:
                self.queue.note(str(path), changed, delay=RETRY_SECONDS)
            return
        if outcome is None:
            return  # removed or paused meanwhile
        report = outcome.report
        logger.info("synced a watched source: %d file(s), %d added, %d updated, %d archived, %d error(s)",
                    report.files, report.added, report.updated, report.archived, len(report.errors))
        if self.on_synced is not None:
            try:
                self.on_synced(outcome)
            except Exception:
                logger.exception("on_synced failed")

    def _stop_observer(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(5.0)
            self._observer = None
            self._watches.clear()
