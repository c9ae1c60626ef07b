"""Changed paths waiting to be synced: bursts coalesced, files still being written left alone.

An editor's save is a burst of events (write, write, rename, attribute
change), and a big export copied in arrives in many writes. Each event for
a path restarts that path's quiet period (`debounce`), so a burst becomes
one sync. When the quiet period is over, the file is looked at (size and
modification time) and looked at again `settle` seconds later; only when
both looks agree is it handed out, so a file a slow writer is still
filling is never read half-way. A path that is gone is handed out at once
(there is nothing to read; the sync archives what came from it).

No threads of its own: the watcher's thread asks for what is ready and
sleeps on `wait` until the next path is due or an event arrives. The clock
and the look at a file are injectable, so the timing is tested without
sleeping.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Signature = tuple[int, int]  # (size, mtime in ns)


def file_signature(path: Path) -> Signature | None:
    """Size and modification time of `path`, or None when it is gone."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


@dataclass
class _Pending:
    key: str  # the source the path belongs to
    due: float  # when to look at it next (the clock's time)
    seen: Signature | None = None  # what the last look saw; None: not looked at since the last event


class ChangeQueue:
    """Paths by source, each handed out once it is quiet and stable; safe to use from several threads."""

    def __init__(self, debounce: float = 1.0, settle: float = 0.5, clock: Callable[[], float] = time.monotonic,
                 look: Callable[[Path], Signature | None] = file_signature):
        self.debounce = debounce
        self.settle = settle
        self._clock = clock
        self._look = look
        self._pending: dict[Path, _Pending] = {}
        self._changed = threading.Condition()
        self._woken = False  # set by `note`/`wake`, so one that comes just before `wait` is not slept through

    def note(self, key: str, path: Path, delay: float | None = None) -> None:
        """A change to `path` of source `key`: its quiet period starts again.

        `delay` replaces the quiet period: 0 for a catch-up scan (the stability
        check still runs), longer for a sync the store refused.
        """
        with self._changed:
            self._pending[path] = _Pending(key, self._clock() + (self.debounce if delay is None else delay))
            self._woken = True
            self._changed.notify_all()

    def take_ready(self) -> dict[str, list[Path]]:
        """Source key -> the paths that are quiet and stable (or gone) now, removed from the queue, in path order."""
        now = self._clock()
        ready: dict[str, list[Path]] = {}
        with self._changed:
            due = [(path, item) for path, item in self._pending.items() if item.due <= now]
        for path, item in due:
            seen = self._look(path)  # outside the lock: a stat on a slow disk must not hold up the event thread
            with self._changed:
                if self._pending.get(path) is not item:
                    continue  # a new event came meanwhile: its own quiet period runs
                if seen is None or seen == item.seen:
                    del self._pending[path]
                    ready.setdefault(item.key, []).append(path)
                else:
                    item.seen, item.due = seen, now + self.settle
        for paths in ready.values():
            paths.sort()
        return ready

    def has_pending(self, key: str) -> bool:
        with self._changed:
            return any(item.key == key for item in self._pending.values())

    def drop(self, key: str) -> None:
        """Forget the waiting paths of a source that was removed or paused (a resume scans it again)."""
        with self._changed:
            for path in [p for p, item in self._pending.items() if item.key == key]:
                del self._pending[path]

    def next_due(self) -> float | None:
        """Seconds until the next path is due (0 when one is), None when nothing waits."""
        with self._changed:
            if not self._pending:
                return None
            return max(0.0, min(item.due for item in self._pending.values()) - self._clock())

    def wait(self, timeout: float) -> None:
        """Sleep until `timeout` passes or something is noted (or `wake` is called)."""
        with self._changed:
            if not self._woken:
                self._changed.wait(timeout)
            self._woken = False

    def wake(self) -> None:
        with self._changed:
            self._woken = True
            self._changed.notify_all()

    def __len__(self) -> int:
        with self._changed:
            return len(self._pending)
