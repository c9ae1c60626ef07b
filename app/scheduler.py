"""The nightly consolidation, on APScheduler 3's BackgroundScheduler (as Vorta schedules backups).

- one job with a stable id, a cron trigger at the configured local hour,
  `coalesce=True` and a generous misfire grace: slots missed while the laptop
  slept run once when it wakes, not once per slot;
- slots missed while the app was closed: on start, if the last recorded run
  is older than the latest slot, one catch-up run is scheduled shortly after
  start (one, however many nights were missed);
- "only when idle / on AC power" where the OS tells: when it says no, the run
  is retried later instead of skipped; when it cannot tell, the run goes ahead.

The job itself is a callable given by the caller (the GUI runs it on its
store thread), so this module knows nothing of Qt.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

logger = logging.getLogger(__name__)

JOB_ID = "remembrancer-nightly-consolidation"
CATCH_UP_ID = "remembrancer-consolidation-catch-up"
RETRY_ID = "remembrancer-consolidation-retry"
MISFIRE_GRACE_SECONDS = 12 * 3600
CATCH_UP_DELAY = timedelta(minutes=2)  # let the app finish starting first
RETRY_DELAY = timedelta(minutes=30)
MAX_RETRIES = 12  # then the next night's slot takes over
IDLE_LOAD_PER_CPU = 0.5


def latest_slot(now: datetime, hour: int) -> datetime:
    """The most recent nightly slot at or before `now` (in `now`'s zone)."""
    slot = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return slot if slot <= now else slot - timedelta(days=1)


def missed_slot(last_run: datetime | None, now: datetime, hour: int) -> bool:
    """Whether a nightly slot passed since the last run (never run: yes)."""
    return last_run is None or last_run < latest_slot(now, hour)


def on_ac_power() -> bool | None:
    """True/False where the OS tells (Linux sysfs), None where it cannot."""
    supplies = Path("/sys/class/power_supply")
    if not supplies.exists():
        return None
    mains = [p for p in supplies.iterdir() if (p / "type").exists() and (p / "type").read_text().strip() == "Mains"]
    if not mains:
        return None  # a desktop without a battery: treat as plugged in
    return any((p / "online").exists() and (p / "online").read_text().strip() == "1" for p in mains)


def machine_idle() -> bool | None:
    try:
        return os.getloadavg()[0] / (os.cpu_count() or 1) < IDLE_LOAD_PER_CPU
    except OSError:
        return None


class ConsolidationScheduler:
    def __init__(
        self,
        run: Callable[[], None],
        last_run: Callable[[], datetime | None],
        hour: int = 3,
        only_idle: bool = True,
        only_on_ac: bool = True,
        clock: Callable[[], datetime] | None = None,
        catch_up_delay: timedelta = CATCH_UP_DELAY,
        conditions: Callable[[], tuple[bool | None, bool | None]] | None = None,
    ):
        self._run = run
        self._last_run = last_run
        self.hour = hour
        self.only_idle = only_idle
        self.only_on_ac = only_on_ac
        self._clock = clock or (lambda: datetime.now().astimezone())
        self._catch_up_delay = catch_up_delay
        self._conditions = conditions or (lambda: (machine_idle(), on_ac_power()))
        self._retries = 0
        self.scheduler = BackgroundScheduler(job_defaults={"coalesce": True, "misfire_grace_time": MISFIRE_GRACE_SECONDS, "max_instances": 1})

    def start(self) -> None:
        self.scheduler.add_job(self._attempt, CronTrigger(hour=self.hour, minute=0), id=JOB_ID, replace_existing=True)
        now = self._clock()
        if missed_slot(self._last_run(), now, self.hour):
            logger.info("a nightly consolidation was missed: one catch-up run after start")
            self.scheduler.add_job(self._attempt, "date", run_date=now + self._catch_up_delay, id=CATCH_UP_ID, replace_existing=True)
        self.scheduler.start()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def _attempt(self) -> None:
        idle, on_ac = self._conditions()
        if (self.only_idle and idle is False) or (self.only_on_ac and on_ac is False):
            if self._retries < MAX_RETRIES:
                self._retries += 1
                logger.info("consolidation postponed (idle: %s, on AC: %s); retry %d in %s", idle, on_ac, self._retries, RETRY_DELAY)
                self.scheduler.add_job(self._attempt, "date", run_date=self._clock() + RETRY_DELAY, id=RETRY_ID, replace_existing=True)
            return
        self._retries = 0
        try:
            self._run()
        except Exception:  # a failed night is logged; the next slot tries again
            logger.exception("nightly consolidation failed")
