"""Reading the store file into the operating system's cache once a long-lived process opens it.

After a reboot the store is on disk only, and recall reads pages scattered
over the whole file: the full-text index of each word asked, the rows of
each candidate, their facts and sources. At a million messages (a 1.4 GB
file, page cache dropped, 200 recalls from the open, `benchmarks/cold_recall`)
recall p95 was 87 and 64 ms without reading ahead, 51 and 51 ms with it (a
slower disk elsewhere: p95 659 ms cold). One sequential pass reads it all in
a few seconds, in the background.

On Linux the kernel is asked to read each 8 MB window ahead
(`posix_fadvise(WILLNEED)`): no bytes pass through this process, ~0.2 s of
CPU per GB. One call over the whole file reads only the first 8 MB (the
kernel's read-ahead cap), hence the windows. On macOS the file is read
through one reused buffer. Not on Windows: an open handle there keeps the
file from being replaced (a passphrase change, a restore) while it reads.
Either way the pages land in the OS cache, not in this process's memory. A store larger than a share of the memory available
now is left alone: reading it would evict what other programs use.
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from remembrancer.memory.store.system_memory import memory_available

logger = logging.getLogger(__name__)

WINDOW = 8 << 20  # bytes per read-ahead request (and the fallback's buffer)
MAX_SHARE_OF_AVAILABLE = 0.25  # files larger in all than this share of MemAvailable are not read ahead


def start(paths: Sequence[Path], available: int | None = None) -> threading.Thread | None:
    """Read `paths` (those that exist) into the OS cache on a daemon thread; None when there is nothing to do.

    `available`: bytes of memory free to use (default: MemAvailable where the
    system says, else no limit).
    """
    if os.name == "nt":  # no posix_fadvise there, and a read handle would block replacing the file
        return None
    files = [p for p in paths if p.is_file()]
    total = sum(_size(p) for p in files)
    if not total:
        return None
    available = memory_available() if available is None else available
    if available is not None and total > available * MAX_SHARE_OF_AVAILABLE:
        logger.info("store not read ahead: %d MB against %d MB of memory available", total >> 20, available >> 20)
        return None
    thread = threading.Thread(target=read_files, args=(files,), name="store-read-ahead", daemon=True)
    thread.start()
    return thread


def read_files(files: Sequence[Path]) -> None:
    """Bring every page of `files` into the OS cache (errors are logged: this only ever saves time)."""
    for path in files:
        try:
            _read_ahead(path)
        except OSError as exc:
            logger.info("read-ahead of %s stopped: %s", path.name, exc)


def _read_ahead(path: Path) -> int:
    """Ask for (or read) every byte of `path`; returns how many bytes were covered."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        if hasattr(os, "posix_fadvise"):
            for offset in range(0, size, WINDOW):
                os.posix_fadvise(fd, offset, WINDOW, os.POSIX_FADV_WILLNEED)
            return size
        buffer, covered = bytearray(WINDOW), 0
        with os.fdopen(os.dup(fd), "rb", buffering=0) as stream:
            while count := stream.readinto(buffer):
                covered += count
        return covered
    finally:
        os.close(fd)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
