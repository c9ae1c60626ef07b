"""Imports from the GUI: one at a time, on the store's worker, cancellable.

Files dropped or chosen while an import runs wait in a queue. Cancel sets the
`threading.Event` the core checks between whole files (and during embedding),
so a cancelled import keeps only files it stored completely. Bad input is
reported with its `FILE:LINE` and stores nothing.
"""
from __future__ import annotations

import logging
import threading
from collections import deque
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from remembrancer.app.service import USER_ERRORS, ImportCancelled, ImportSummary, MemoryService, Stats
from remembrancer.ui.workers import TaskError, TaskRunner

logger = logging.getLogger(__name__)


def _import(service: MemoryService, path: str, cancel: threading.Event, progress: Any = None) -> tuple[str, ImportSummary, Stats]:
    try:
        summary = service.import_path(path, progress=progress, cancel=cancel)
        outcome = "done"
    except ImportCancelled as exc:
        summary, outcome = exc.summary, "cancelled"
    return outcome, summary, service.stats()


class ImportController(QObject):
    """Runs imports in order and reports them by signals; never touches widgets."""

    started = Signal(str)  # path
    progressed = Signal(int, int, str)
    imported = Signal(object, object)  # ImportSummary, stats
    cancelled = Signal(object, object)  # partial ImportSummary, stats
    failed = Signal(str)
    idle = Signal()

    def __init__(self, service: MemoryService, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.queue: deque[str] = deque()
        self._cancel: threading.Event | None = None

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def start(self, *paths: str | Path) -> None:
        self.queue.extend(str(p) for p in paths)
        if not self.busy:
            self._next()

    def cancel(self) -> None:
        """Stop the running import at its next safe point and drop the queue."""
        self.queue.clear()
        if self._cancel is not None:
            logger.info("import cancel requested")
            self._cancel.set()

    def _next(self) -> None:
        if not self.queue:
            self._cancel = None
            self.idle.emit()
            return
        path = self.queue.popleft()
        self._cancel = threading.Event()
        self.started.emit(path)
        self.runner.submit(
            _import, self.service, path, self._cancel,
            on_returned=self._finished, on_errored=self._failed, on_progress=self.progressed.emit, user_errors=USER_ERRORS,
        )

    @Slot(object)
    def _finished(self, result: tuple[str, ImportSummary, Stats]) -> None:
        outcome, summary, stats = result
        if outcome == "cancelled":
            self.queue.clear()
            self.cancelled.emit(summary, stats)
        else:
            self.imported.emit(summary, stats)
        self._next()

    @Slot(object)
    def _failed(self, error: TaskError) -> None:
        message = error.message
        self.queue.clear()  # later files of the same drop would likely fail the same way
        self._cancel = None
        self.failed.emit(message)
        self.idle.emit()
