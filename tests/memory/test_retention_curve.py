"""The drawn forgetting curve agrees with the retention the store computes."""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import pytest

from remembrancer.memory.forgetting import ARCHIVE_THRESHOLD, reinforced_stability, retention
from remembrancer.memory.retention_curve import retention_curve, stability_before_review
from remembrancer.memory.timeutil import to_iso

NOW = datetime(2025, 3, 1, tzinfo=timezone.utc)


def test_unreviewed_curve_starts_at_learning_and_projects_to_the_threshold() -> None:
    learned = to_iso(NOW - timedelta(days=30))
    curve = retention_curve(learned, None, 0, 60.0, NOW)
    assert curve.retention_now == pytest.approx(math.exp(-0.5))
    assert curve.past[0] == pytest.approx((-30.0, 1.0))
    assert curve.past[-1] == pytest.approx((0.0, math.exp(-0.5)))
    assert curve.reviews == [pytest.approx((-30.0, 1.0))]
    fade_days = 60.0 * -math.log(ARCHIVE_THRESHOLD) - 30.0
    assert curve.projected[-1][0] == pytest.approx(90.0)  # three times the 30 days of past shown
    assert curve.projected[-1][1] == pytest.approx(math.exp(-120.0 / 60.0))
    assert curve.fades_at is not None and curve.fades_at.startswith(to_iso(NOW + timedelta(days=fade_days))[:10])
    assert all(b[1] <= a[1] for a, b in zip(curve.projected, curve.projected[1:]))  # decay only falls


def test_a_review_restarts_the_curve_with_the_stability_it_had_before() -> None:
    learned, reviewed = NOW - timedelta(days=50), NOW - timedelta(days=10)
    before = 30.0
    after = reinforced_stability(before, retention(before, None, to_iso(learned), reviewed))
    assert stability_before_review(after, 40.0) == pytest.approx(before, rel=1e-6)
    curve = retention_curve(to_iso(learned), to_iso(reviewed), 1, after, NOW)
    assert [round(x) for x, _ in curve.reviews] == [-50, -10]
    assert not curve.estimated
    at_review = [r for x, r in curve.past if x == pytest.approx(-10.0)]
    assert at_review[0] == pytest.approx(math.exp(-40.0 / before), rel=1e-3)  # faded to here, then
    assert at_review[-1] == 1.0  # the review restores it
    assert curve.retention_now == pytest.approx(math.exp(-10.0 / after))


def test_pinned_is_flat() -> None:
    curve = retention_curve(to_iso(NOW - timedelta(days=400)), None, 0, 60.0, NOW, pinned=True)
    assert curve.retention_now == 1.0 and curve.fades_at is None
    assert {r for _, r in curve.past + curve.projected} == {1.0}


def test_a_projection_stops_where_the_memory_would_be_archived() -> None:
    learned = to_iso(NOW - timedelta(days=300))
    curve = retention_curve(learned, None, 0, 100.0, NOW)
    fade_days = 100.0 * -math.log(ARCHIVE_THRESHOLD) - 300.0
    assert curve.projected[-1][0] == pytest.approx(fade_days * 1.05)
    assert curve.projected[-1][1] < ARCHIVE_THRESHOLD
