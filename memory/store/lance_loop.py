"""The event loop that runs LanceDB for this process.

LanceDB's public asynchronous API (`lancedb.connect_async`) lets one recall
gather its searches of messages, facts and scenes into a single trip and run
them in parallel (see `memory.store.vectors`); its synchronous API makes
several trips per search on a private loop. This module owns one daemon
thread with one asyncio loop; every LanceDB call of the process goes through
`run` (wait for it) or `submit` (a future to wait for later). It is never
called from the loop's own thread, where waiting would deadlock.
"""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None


def _running_loop() -> asyncio.AbstractEventLoop:
    global _loop
    with _lock:
        if _loop is None or _loop.is_closed():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="lancedb-loop", daemon=True).start()
            _loop = loop
        return _loop


def submit(coroutine: Coroutine[Any, Any, T]) -> Future:
    """Start `coroutine` on the LanceDB loop; the future holds its result."""
    return asyncio.run_coroutine_threadsafe(coroutine, _running_loop())


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` on the LanceDB loop and wait for its result (its exception is raised here)."""
    return submit(coroutine).result()
