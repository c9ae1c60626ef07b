"""Running blocking core calls off the GUI thread.

`Worker(fn, *args)` is a QRunnable in the style of superqt's `thread_worker`:
it calls `fn` on a pool thread and reports through Qt signals (`returned`,
`errored`, `progress`, `yielded` for streamed tokens, `finished`), which Qt delivers on the GUI thread as
queued calls. Worker code never touches widgets, and every exception is caught
inside `run()`, because an exception escaping a pool thread would be lost or
take the process down.

`TaskRunner` owns a pool with one thread: the memory store has one SQLite
connection and one embedder, so its calls run one at a time (one owner, one
worker), and later calls queue behind earlier ones instead of racing them.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TaskError:
    """What went wrong in a worker: the exception itself, for handlers that act on its type, and the text to show.

    `for_user` errors (of the worker's `user_errors` types, such as `FILE:LINE: reason`)
    are shown as they are; any other is named by its type, since its text alone may be cryptic.
    """

    exception: BaseException
    for_user: bool

    @property
    def message(self) -> str:
        return str(self.exception) if self.for_user else f"{type(self.exception).__name__}: {self.exception}"

    def __str__(self) -> str:
        return self.message


class WorkerSignals(QObject):
    """Signals live on a QObject because a QRunnable cannot carry them."""

    started = Signal()
    returned = Signal(object)
    errored = Signal(object)  # a TaskError
    progress = Signal(int, int, str)
    yielded = Signal(object)  # one streamed piece (a token of an answer)
    finished = Signal()


class Worker(QRunnable):
    """Calls `fn(*args, **kwargs)` on a pool thread and reports by signals.

    With `with_progress=True`, `fn` also gets `progress=callback`, a plain
    `(done, total, stage)` callable that the core can call without knowing Qt;
    with `with_stream=True` it gets `on_token=callback`, whose pieces arrive as
    `yielded` signals in order.
    Exceptions of the `user_errors` types carry a message meant for the user
    (`FILE:LINE: reason`) and are reported as is; anything else is logged with
    its traceback and reported with its type, since its text alone may be cryptic.
    """

    def __init__(
        self,
        fn: Callable[..., Any],
        *args: Any,
        with_progress: bool = False,
        with_stream: bool = False,
        user_errors: tuple[type[Exception], ...] = (),
        **kwargs: Any,
    ):
        super().__init__()
        self.with_stream = with_stream
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.with_progress = with_progress
        self.user_errors = user_errors
        self.signals = WorkerSignals()

    @property
    def name(self) -> str:
        return getattr(self.fn, "__qualname__", repr(self.fn))

    def _report_progress(self, done: int, total: int, stage: str) -> None:
        self.signals.progress.emit(int(done), int(total), str(stage))

    def run(self) -> None:
        self.signals.started.emit()
        kwargs = dict(self.kwargs)
        if self.with_progress:
            kwargs["progress"] = self._report_progress
        if self.with_stream:
            kwargs["on_token"] = self.signals.yielded.emit
        try:
            result = self.fn(*self.args, **kwargs)
        except self.user_errors as exc:
            logger.warning("%s: %s", self.name, exc)
            self.signals.errored.emit(TaskError(exc, for_user=True))
        except Exception as exc:  # reported, never allowed to escape the pool thread
            logger.exception("%s failed", self.name)
            self.signals.errored.emit(TaskError(exc, for_user=False))
        else:
            self.signals.returned.emit(result)
        finally:
            self.signals.finished.emit()


class TaskRunner(QObject):
    """A one-thread pool that keeps its workers alive until they finish.

    PySide drops a QRunnable's Python side once nothing references it, which
    would take its signals with it; the runner holds each worker until its
    `finished` signal arrives back on the GUI thread.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._alive: set[Worker] = set()

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_returned: Callable[[Any], None] | None = None,
        on_errored: Callable[[TaskError], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_yielded: Callable[[Any], None] | None = None,
        with_progress: bool = False,
        user_errors: tuple[type[Exception], ...] = (),
        **kwargs: Any,
    ) -> Worker:
        """Queue `fn(*args, **kwargs)`; handlers should be bound methods of GUI-thread QObjects."""
        worker = Worker(
            fn, *args, with_progress=with_progress or on_progress is not None, with_stream=on_yielded is not None, user_errors=user_errors, **kwargs
        )
        if on_yielded is not None:
            worker.signals.yielded.connect(on_yielded)
        if on_returned is not None:
            worker.signals.returned.connect(on_returned)
        if on_errored is not None:
            worker.signals.errored.connect(on_errored)
        if on_progress is not None:
            worker.signals.progress.connect(on_progress)
        worker.signals.finished.connect(self._forget)
        self._alive.add(worker)
        self.pool.start(worker)
        return worker

    @Slot()
    def _forget(self) -> None:
        sender = self.sender()
        for worker in list(self._alive):
            if worker.signals is sender:
                self._alive.discard(worker)

    @property
    def busy(self) -> bool:
        return bool(self._alive)

    def wait(self, msecs: int = -1) -> bool:
        """Block until queued work is done (at exit, before the store closes)."""
        return self.pool.waitForDone(msecs)
