"""A running source watcher over a real service, for the watcher tests: short timings, a store lock, every sync written down."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService, Source, SourceWatcher, SyncOutcome, Timings

FAST = Timings(debounce=0.3, settle=0.15, refresh=30.0, lease_retry=0.2)
TIMEOUT = 10.0  # the acceptance bound: the store follows within a few seconds


class Recording:
    """The service as the watcher sees it, with each sync's paths written down (a spy: every call goes to the real service)."""

    def __init__(self, service: MemoryService):
        self.service = service
        self.syncs: list[list[Path]] = []

    def watched_sources(self) -> list[Source]:
        return self.service.watched_sources()

    def known_source_files(self, source: Source) -> Any:
        return self.service.known_source_files(source)

    def sync_source(self, path: Path, paths: list[Path], settled: bool = False) -> SyncOutcome | None:
        self.syncs.append(list(paths))
        return self.service.sync_source(path, paths, settled)


@dataclass
class Watching:
    """A service, its running watcher, and a way to read the store between syncs (through the same lock)."""

    service: MemoryService
    watcher: SourceWatcher
    recording: Recording
    lock: threading.Lock
    outcomes: list[SyncOutcome] = field(default_factory=list)

    def on_store(self, job: Callable[[], Any]) -> Any:
        with self.lock:
            return job()

    def read(self, job: Callable[[MemoryService], Any]) -> Any:
        return self.on_store(lambda: job(self.service))

    def wait_for(self, predicate: Callable[[MemoryService], bool], timeout: float = TIMEOUT) -> float:
        """Seconds until `predicate(service)` held (read under the store lock); fails after `timeout`."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.read(predicate):
                return time.monotonic() - started
            time.sleep(0.05)
        raise AssertionError(f"the store did not follow within {timeout} s; syncs: {self.recording.syncs}")

    def wait_watching(self, count: int = 1) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not (self.watcher.watching and len(self.watcher.active_sources()) >= count):
            assert time.monotonic() < deadline, "the watcher never started watching"
            time.sleep(0.02)

    def settle(self) -> None:
        """Long enough for any late event to have become a sync (quiet period, two looks, a margin)."""
        time.sleep(FAST.debounce + 2 * FAST.settle + 0.5)


@contextmanager
def watching(data_dir: Path, start: bool = True) -> Iterator[Watching]:
    service = MemoryService(AppContext(data_dir))
    lock = threading.Lock()
    recording = Recording(service)
    outcomes: list[SyncOutcome] = []
    holder: list[Watching] = []
    watcher = SourceWatcher(recording, data_dir, lambda job: holder[0].on_store(job), outcomes.append, FAST)
    holder.append(Watching(service, watcher, recording, lock, outcomes))
    if start:
        watcher.start()
    try:
        yield holder[0]
    finally:
        watcher.stop()
        service.close()
