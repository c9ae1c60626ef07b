"""`Worker` and `TaskRunner`: results, progress and errors arrive as signals."""
from __future__ import annotations

import threading

import pytest

from remembrancer.app.service import USER_ERRORS
from remembrancer.memory.errors import InputError
from remembrancer.ui.workers import TaskError, TaskRunner, Worker

TIMEOUT = 5_000


@pytest.fixture
def runner(qtbot):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    yield runner
    runner.wait(TIMEOUT)


def test_returned_carries_the_result_from_a_pool_thread(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    gui_thread = threading.get_ident()
    worker = Worker(lambda a, b: (a + b, threading.get_ident()), 2, 3)
    with qtbot.waitSignal(worker.signals.returned, timeout=TIMEOUT) as blocker:
        runner.pool.start(worker)
    total, thread = blocker.args[0]
    assert total == 5 and thread != gui_thread


def test_progress_callback_is_passed_only_when_asked(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    def count(n: int, progress=None):  # type: ignore[no-untyped-def]
        for i in range(1, n + 1):
            progress(i, n, "counting")
        return n

    worker = Worker(count, 3, with_progress=True)
    with qtbot.waitSignals([worker.signals.progress] * 3 + [worker.signals.returned], order="strict", timeout=TIMEOUT):
        runner.pool.start(worker)

    plain = Worker(lambda progress=None: progress)
    with qtbot.waitSignal(plain.signals.returned, timeout=TIMEOUT) as blocker:
        runner.pool.start(plain)
    assert blocker.args == [None]


def test_user_error_message_is_passed_on_unchanged(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    def reject() -> None:
        raise InputError("invalid JSON: Expecting value", "chat.jsonl", 7)

    worker = Worker(reject, user_errors=USER_ERRORS)
    returned: list[object] = []
    errored: list[TaskError] = []
    worker.signals.returned.connect(returned.append)
    worker.signals.errored.connect(errored.append)
    with qtbot.waitSignal(worker.signals.finished, timeout=TIMEOUT):
        runner.pool.start(worker)
    assert [error.message for error in errored] == ["chat.jsonl:7: invalid JSON: Expecting value"]
    assert isinstance(errored[0].exception, InputError) and errored[0].for_user  # the exception itself travels
    assert returned == []


def test_internal_error_is_logged_and_named(qtbot, runner: TaskRunner, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    def crash() -> None:
        raise KeyError("vectors")

    worker = Worker(crash, user_errors=USER_ERRORS)
    with qtbot.waitSignal(worker.signals.errored, timeout=TIMEOUT) as blocker:
        runner.pool.start(worker)
    (error,) = blocker.args
    assert error.message == "KeyError: 'vectors'" and str(error) == error.message
    assert isinstance(error.exception, KeyError) and not error.for_user
    assert any(record.exc_info for record in caplog.records if "crash" in record.getMessage())


def test_runner_runs_one_at_a_time_in_order_and_forgets_finished_workers(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    lock = threading.Lock()
    active = [0]

    def task(i: int) -> int:
        with lock:
            active[0] += 1
            assert active[0] == 1, "two tasks ran at once"
        seen.append(i)
        with lock:
            active[0] -= 1
        return i

    workers = [runner.submit(task, i) for i in range(5)]
    assert runner.busy
    qtbot.waitUntil(lambda: not runner.busy, timeout=TIMEOUT)
    assert seen == [0, 1, 2, 3, 4]
    assert len(workers) == 5
