"""Rate and time left of a long import stage, from its progress calls."""
from __future__ import annotations

from remembrancer.app.progress_rate import StageRate, describe


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_rate_and_time_left_come_from_the_stage_so_far() -> None:
    clock = Clock()
    rate = StageRate(clock)
    assert rate.update(0, 1000, "embedding") == (None, None)
    clock.now = 2.0
    assert rate.update(100, 1000, "embedding") == (50.0, 18.0)


def test_a_new_stage_starts_its_own_rate() -> None:
    clock = Clock()
    rate = StageRate(clock)
    rate.update(0, 1000, "parsing")
    clock.now = 1.0
    rate.update(1000, 1000, "parsing")
    clock.now = 1.2
    assert rate.update(0, 500, "embedding") == (None, None)
    clock.now = 3.2
    assert rate.update(20, 500, "embedding") == (10.0, 48.0)


def test_the_rate_follows_the_recent_pace() -> None:
    clock = Clock()
    rate = StageRate(clock, window=10.0)
    for second in range(0, 31):  # 100/s for 20 s, then 10/s
        clock.now = float(second)
        done = 100 * min(second, 20) + 10 * max(second - 20, 0)
        measured, _ = rate.update(done, 10_000, "storing")
    assert measured is not None and measured < 20


def test_describe_reads_as_a_person_expects() -> None:
    assert describe(None, None) == ""
    assert describe(1234.4, 30) == "1,234/s · under a minute left"
    assert describe(2.5, 600) == "2.5/s · about 10 min left"
    assert describe(40, 3 * 3600 + 5 * 60) == "40/s · about 3 h 05 min left"
    assert describe(40, 0) == "40/s"


def test_the_terminal_bar_takes_the_pace_column() -> None:
    from remembrancer.app.cli.progress import terminal_progress

    with terminal_progress(enabled=True) as update:
        assert update is not None
        update(0, 10, "storing")
        update(5, 10, "storing")  # the pace field is filled on every update: a missing one would raise in rich's render
        update(3, 3, "embedding")
