from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import pytest

from remembrancer.memory.forgetting import MAX_STABILITY_DAYS, reinforced_stability, retention
from remembrancer.memory.timeutil import ensure_aware, parse_time, to_iso

T = datetime(2024, 1, 1, tzinfo=timezone.utc)


def test_retention_decays_from_the_last_review() -> None:
    learned = to_iso(T)
    assert retention(30.0, None, learned, T) == 1.0
    assert retention(30.0, None, learned, T + timedelta(days=30)) == pytest.approx(math.exp(-1))
    assert retention(10.0, to_iso(T + timedelta(days=20)), learned, T + timedelta(days=25)) == pytest.approx(math.exp(-0.5))
    assert retention(30.0, None, learned, T - timedelta(days=5)) == 1.0  # never above 1


def test_a_later_review_gains_more_stability() -> None:
    assert reinforced_stability(30.0, 1.0) == pytest.approx(33.0)
    assert reinforced_stability(30.0, 0.0) == pytest.approx(30.0 * 2.6)
    assert reinforced_stability(30.0, 0.2) > reinforced_stability(30.0, 0.9)
    assert reinforced_stability(MAX_STABILITY_DAYS, 0.0) == MAX_STABILITY_DAYS


def test_time_parsing() -> None:
    assert parse_time("2024-01-01T00:00:00Z") == T
    assert parse_time(" 2024-01-01T01:00:00+01:00 ") == T
    assert parse_time("2024-01-01T00:00:00").utcoffset() is not None  # naive = local
    assert to_iso(T) == "2024-01-01T00:00:00+00:00"
    assert ensure_aware(None).tzinfo is not None
    assert ensure_aware(datetime(2024, 1, 1)).tzinfo is not None
    with pytest.raises(ValueError):
        parse_time("not a time")
