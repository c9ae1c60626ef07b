"""The data dir's cross-process lock: creating, opening and re-keying a store one process at a time.

Several processes open one data dir: the desktop app, the browser host, CLI
commands, a second import started by hand. Everything that must see the store
whole is done under this lock:

- creating the store (a new key, its header, the schema): without it two
  processes starting on an empty data dir each made a key, one header won and
  the other process's writes were sealed under a key nobody kept;
- opening it (finishing an interrupted re-encryption, migrations, creating the
  vector tables): two processes could otherwise both apply migration N, or one
  could delete the half-made copy the other is still writing;
- `encrypt` and `rekey`, which swap the file.

The lock is an OS file lock (`flock` on POSIX, `LockFileEx` on Windows, by the
`filelock` package), so it is released when its process dies, however it
dies: a killed process never leaves the data dir locked. The lock file is empty.
Reads and writes of an open store do not take it; SQLite's own locking covers
those.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from remembrancer.memory.store.encryption import StoreLockedError

logger = logging.getLogger(__name__)

LOCK_FILE = ".store.lock"
# Creating a store takes a second or two (scrypt, the schema, the vector
# tables); a GUI may hold the lock while asking for a new passphrase, so the
# wait is long, and it says why it failed when it ends.
DEFAULT_TIMEOUT_S = 120.0


class StoreBusyError(StoreLockedError):
    """Another process held the data dir's lock for longer than we waited."""


@contextmanager
def store_lock(data_dir: Path, timeout: float = DEFAULT_TIMEOUT_S) -> Iterator[None]:
    """Hold the data dir's lock for the block; raises `StoreBusyError` after `timeout` seconds."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(data_dir / LOCK_FILE), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise StoreBusyError(
            f"another Remembrancer process has been creating or re-encrypting the store in {data_dir} for over "
            f"{timeout:.0f} s (waiting for a passphrase?); try again when it has finished"
        ) from None
    try:
        yield
    finally:
        lock.release()


IMPORT_LOCK_FILE = ".import.lock"


@contextmanager
def importing(data_dir: Path) -> Iterator[None]:
    """Mark the data dir as being imported into, for `import_running`; never waits.

    A second import at the same time does not wait for the first (SQLite
    serialises their writes); the first one's mark already says "busy".
    """
    lock = FileLock(str(Path(data_dir) / IMPORT_LOCK_FILE), timeout=0)
    try:
        lock.acquire()
        held = True
    except Timeout:
        held = False
    try:
        yield
    finally:
        if held:
            lock.release()


def import_running(data_dir: Path) -> bool:
    """Is a process (this one included) importing right now? Its unextracted messages are its own work, not a crash's."""
    path = Path(data_dir) / IMPORT_LOCK_FILE
    if not path.exists():
        return False
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    lock.release()
    return False


WATCH_LOCK_FILE = ".watch.lock"


class WatchLease:
    """Who watches the data dir's sources: one process at a time, the one holding this lock.

    The desktop app and the background service both run a source watcher;
    two watchers would import every change twice (harmless, since imports
    are idempotent, but twice the work) and race to archive the same notes.
    The lock is never waited for: a process that cannot take it asks again
    later, and gets it when the holder exits (the OS frees it however the
    holder dies).
    """

    def __init__(self, data_dir: Path):
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        # Not thread-local: the watcher's thread takes it, and `release` may be called from the thread that stops it.
        self._lock = FileLock(str(Path(data_dir) / WATCH_LOCK_FILE), timeout=0, thread_local=False)

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def try_acquire(self) -> bool:
        if self._lock.is_locked:
            return True
        try:
            self._lock.acquire()
        except Timeout:
            return False
        logger.info("this process watches the sources of %s", Path(self._lock.lock_file).parent)
        return True

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)
