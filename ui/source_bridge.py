"""The source watcher's way onto the window's store worker, and its reports' way back to the GUI thread.

The watcher (`app/source_watcher.py`) runs on its own thread and must write
through the app's one store connection, which only the window's one-thread
`TaskRunner` uses. `on_store(job)` is the watcher's `StoreCall`: a queued
signal carries the job to the GUI thread, which queues it on the runner
behind whatever the person asked for; the runner's thread runs it and hands
the result back through a `Future` the watcher waits on. `synced` is
emitted from the watcher's thread with each `SyncOutcome` and delivered on
the GUI thread, where panes redraw from it.

At exit `close()` comes first: a watcher waiting on a job the runner will
never start (the event loop has ended) gives up with `StoreClosing`
instead of keeping the app from closing.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from remembrancer.app.service import StoreClosing
from remembrancer.ui.workers import TaskRunner

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.2  # how often a waiting watcher looks whether the app is closing


def _run_into(job: Callable[[], Any], future: Future) -> None:
    """On the runner's thread: the job's result or exception goes to the waiting watcher, never to the worker's error path."""
    if not future.set_running_or_notify_cancel():
        return
    try:
        future.set_result(job())
    except BaseException as exc:  # the watcher decides what a failed job means
        future.set_exception(exc)


class StoreBridge(QObject):
    """`on_store` for the watcher (any thread), `synced` for the panes (GUI thread)."""

    synced = Signal(object)  # SyncOutcome
    _submit = Signal(object, object)  # job, Future: emitted on the watcher's thread, received on the GUI thread

    def __init__(self, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.closing = threading.Event()
        self._submit.connect(self._queue)

    def on_store(self, job: Callable[[], Any]) -> Any:
        """Run `job` on the store worker and return its result; raises what it raised, or `StoreClosing` at exit."""
        if self.closing.is_set():
            raise StoreClosing("the app is closing")
        future: Future = Future()
        self._submit.emit(job, future)
        while True:
            try:
                return future.result(timeout=POLL_SECONDS)
            except FutureTimeout:
                if self.closing.is_set() and not future.running():
                    future.cancel()
                    raise StoreClosing("the app is closing") from None
            except CancelledError:
                raise StoreClosing("the app is closing") from None

    @Slot(object, object)
    def _queue(self, job: Callable[[], Any], future: Future) -> None:
        if self.closing.is_set():
            future.cancel()
            return
        self.runner.submit(_run_into, job, future)

    def close(self) -> None:
        self.closing.set()
