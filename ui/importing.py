"""Imports from the GUI: one at a time, on the store's worker, cancellable.

Each path is looked at first (`MemoryService.plan_import`: which format reads
which file, what is left aside; sniffing, no parsing), so the dialog can name
the format before the import runs; a path nothing can read stops there, with
the import's own "cannot tell the format" message. Files dropped or chosen
while an import runs wait in a queue, and one path that fails does not keep
the next out: each is its own import. Cancel sets the `threading.Event` the
core checks between whole files (and during embedding), so a cancelled import
keeps only files it stored completely, and drops the queue. Bad input is
reported with its `FILE:LINE` and stores nothing.
"""
from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from remembrancer.app.service import USER_ERRORS, ImportCancelled, ImportPlan, ImportSummary, MemoryService, Stats
from remembrancer.ui.workers import TaskError, TaskRunner

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Unreadable:
    """Why nothing under a path can be imported, and what Remembrancer does read (for the person to compare)."""

    message: str
    formats: list[str]
    left_out: list[str] = field(default_factory=list)  # a folder's files, none in a known format


def _plan(service: MemoryService, path: str) -> ImportPlan | Unreadable:
    """On the worker: the plan, or an `Unreadable` (the person's file, not a crash, so it is an answer, not an error)."""
    try:
        plan = service.plan_import(path)
    except USER_ERRORS as exc:
        return Unreadable(str(exc), service.import_formats())
    if not plan.files:
        return Unreadable(f"{path}: no file here is in a format Remembrancer imports", service.import_formats(), plan.left_out)
    return plan


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
    detected = Signal(object)  # ImportPlan of the running path, before its import starts
    progressed = Signal(int, int, str)
    imported = Signal(object, object)  # ImportSummary, stats
    cancelled = Signal(object, object)  # partial ImportSummary, stats
    failed = Signal(str, object)  # message, the Unreadable when the format could not be told (else None)
    idle = Signal()

    def __init__(self, service: MemoryService, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.queue: deque[str] = deque()
        self._cancel: threading.Event | None = None
        self._path = ""

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
        self._path = self.queue.popleft()
        self._cancel = threading.Event()
        self.started.emit(self._path)
        self.runner.submit(_plan, self.service, self._path, on_returned=self._planned, on_errored=self._failed, user_errors=USER_ERRORS)

    @Slot(object)
    def _planned(self, plan: ImportPlan | Unreadable) -> None:
        if isinstance(plan, Unreadable):
            self.failed.emit(plan.message, plan)
            self._next()
            return
        self.detected.emit(plan)
        assert self._cancel is not None
        if self._cancel.is_set():  # cancelled while looking: nothing was read, nothing stored
            self.queue.clear()
            self.cancelled.emit(ImportSummary(), None)
            self._next()
            return
        self.runner.submit(
            _import, self.service, self._path, self._cancel,
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
        """This path stored nothing; the next one (each its own file or folder) still gets its turn."""
        self.failed.emit(error.message, None)
        self._next()
