"""How fast a long stage goes and how long it has left, from its progress calls alone.

An import of years of chats runs for minutes to hours; a bar that only says
"storing 41,000/1,000,000" does not tell the person whether to wait or come
back tomorrow. The rate is measured over the last `WINDOW` seconds of the
current stage (the stages differ a lot: parsing flies, embedding crawls),
and restarts when the stage changes. No rate before two calls a moment apart.
"""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

WINDOW = 20.0  # seconds of history the rate is measured over
MIN_SPAN = 0.5  # seconds: a rate from calls closer than this is noise


class StageRate:
    """Items per second and seconds left of the current stage, updated by each progress call."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, window: float = WINDOW):
        self.clock = clock
        self.window = window
        self.stage: str | None = None
        self.samples: deque[tuple[float, int]] = deque()

    def update(self, done: int, total: int, stage: str) -> tuple[float | None, float | None]:
        """(items per second, seconds left), each None while unknown."""
        now = self.clock()
        if stage != self.stage or (self.samples and done < self.samples[-1][1]):
            self.stage, self.samples = stage, deque()
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[1][0] >= self.window:
            self.samples.popleft()
        first_time, first_done = self.samples[0]
        span = now - first_time
        if span < MIN_SPAN or done <= first_done:
            return None, None
        rate = (done - first_done) / span
        left = (total - done) / rate if total > done else 0.0
        return rate, left


def describe(rate: float | None, left: float | None) -> str:
    """"1,234/s · about 3 min left", or '' while unknown."""
    if rate is None:
        return ""
    speed = f"{rate:,.0f}/s" if rate >= 10 else f"{rate:.1f}/s"
    return f"{speed} · {_left(left)}" if left else speed


def _left(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return "under a minute left"
    if seconds < 3600:
        return f"about {round(seconds / 60)} min left"
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"about {hours} h {minutes:02d} min left"
