"""The nightly consolidation: one catch-up run after missed slots, retries when the machine is busy."""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

from remembrancer.app.scheduler import JOB_ID, ConsolidationScheduler, latest_slot, missed_slot

NOW = datetime(2024, 5, 10, 14, 30, tzinfo=timezone.utc)


def test_latest_slot_and_missed_slots() -> None:
    assert latest_slot(NOW, 3) == datetime(2024, 5, 10, 3, 0, tzinfo=timezone.utc)
    assert latest_slot(NOW.replace(hour=2), 3) == datetime(2024, 5, 9, 3, 0, tzinfo=timezone.utc)
    assert missed_slot(None, NOW, 3)
    assert missed_slot(NOW - timedelta(days=3), NOW, 3)
    assert not missed_slot(NOW.replace(hour=3, minute=5), NOW, 3)


def wait_for(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_several_missed_nights_give_one_catch_up_run() -> None:
    runs: list[float] = []
    done = threading.Event()
    scheduler = ConsolidationScheduler(
        run=lambda: (runs.append(time.monotonic()), done.set()),
        last_run=lambda: NOW - timedelta(days=3),  # three nightly slots missed while the app was closed
        hour=3,
        clock=lambda: datetime.now(timezone.utc),
        catch_up_delay=timedelta(milliseconds=100),
        conditions=lambda: (True, True),
    )
    scheduler.start()
    try:
        assert done.wait(5)
        time.sleep(0.5)  # room for any further (wrong) runs
        assert len(runs) == 1
        nightly = scheduler.scheduler.get_job(JOB_ID)
        assert nightly.next_run_time > datetime.now(timezone.utc)  # the nightly job waits for its next slot
        assert nightly.coalesce is True and nightly.misfire_grace_time >= 3600
    finally:
        scheduler.shutdown()


def test_no_catch_up_when_the_last_slot_ran() -> None:
    runs: list[int] = []
    now = datetime.now(timezone.utc)
    scheduler = ConsolidationScheduler(
        run=lambda: runs.append(1), last_run=lambda: now, hour=(now.hour + 12) % 24, catch_up_delay=timedelta(milliseconds=50), conditions=lambda: (True, True)
    )
    scheduler.start()
    try:
        time.sleep(0.4)
        assert runs == []
    finally:
        scheduler.shutdown()


def test_a_busy_or_unplugged_machine_postpones_instead_of_skipping() -> None:
    runs: list[int] = []
    scheduler = ConsolidationScheduler(run=lambda: runs.append(1), last_run=lambda: None, conditions=lambda: (False, True))
    scheduler._attempt()
    assert runs == [] and scheduler.scheduler.get_job("remembrancer-consolidation-retry") is not None
    scheduler._conditions = lambda: (None, None)  # the OS cannot tell: go ahead
    scheduler._attempt()
    assert runs == [1]
