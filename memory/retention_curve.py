"""A memory's forgetting curve as points to draw: its past and its projected decay.

The store keeps, per memory, when it was learned, its last review, the number
of reviews and the current stability S; not a log of every review. So:
- after the last review the curve is exact: R = exp(-t / S);
- before it, the curve runs from `learned_at` with the stability the memory
  had before that review, recovered by inverting `reinforced_stability`
  (exact with one review; with several, earlier reviews are not drawn and the
  segment is marked `estimated`).
The UI only draws these numbers; the maths stays with `memory.forgetting`.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from remembrancer.memory.forgetting import ARCHIVE_THRESHOLD, reinforced_stability, retention
from remembrancer.memory.timeutil import parse_time, to_iso

SAMPLES = 48
MIN_HORIZON_DAYS = 30.0
MAX_HORIZON_DAYS = 730.0
PAST_TO_FUTURE = 3.0  # the projection spans at most this many times the past shown


@dataclass
class RetentionCurve:
    """Points are (days relative to `now`, retention); negative days are the past."""

    now: str
    retention_now: float
    stability_days: float
    threshold: float
    past: list[tuple[float, float]] = field(default_factory=list)
    projected: list[tuple[float, float]] = field(default_factory=list)
    reviews: list[tuple[float, float]] = field(default_factory=list)  # learned, then the last review
    fades_at: str | None = None  # when R falls below the threshold (None: pinned or beyond the horizon)
    pinned: bool = False
    estimated: bool = False

    def to_json(self) -> dict:
        return asdict(self)


def _days(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 86400.0


def stability_before_review(stability: float, gap_days: float) -> float:
    """The S that one review after `gap_days` turned into `stability` (fixed point of the review rule)."""
    previous = stability
    for _ in range(50):
        recalled = math.exp(-gap_days / max(previous, 1e-6))
        gain = reinforced_stability(1.0, recalled)  # the rule is linear in S
        updated = stability / gain
        if abs(updated - previous) < 1e-9:
            break
        previous = updated
    return previous


def _decay(start: float, end: float, stability: float, anchor: float) -> list[tuple[float, float]]:
    if end <= start:
        return []
    step = (end - start) / SAMPLES
    return [(start + i * step, math.exp(-max(0.0, start + i * step - anchor) / max(stability, 1e-6))) for i in range(SAMPLES + 1)]


def retention_curve(
    learned_at: str, last_review: str | None, reviews: int, stability_days: float, now: datetime, pinned: bool = False
) -> RetentionCurve:
    learned, reviewed = parse_time(learned_at), parse_time(last_review) if last_review else None
    current = retention(stability_days, last_review, learned_at, now, pinned)
    curve = RetentionCurve(to_iso(now), current, stability_days, ARCHIVE_THRESHOLD, pinned=pinned)
    start = _days(now, learned)
    curve.reviews.append((start, 1.0))
    anchor = start
    if reviewed is not None and reviewed > learned:
        anchor = _days(now, reviewed)
        before = stability_before_review(stability_days, anchor - start)
        curve.past.extend(_decay(start, anchor, before, start))
        curve.reviews.append((anchor, 1.0))
        curve.estimated = reviews > 1
    if pinned:
        curve.past.extend([(anchor, 1.0), (0.0, 1.0)])
        curve.projected = [(0.0, 1.0), (MIN_HORIZON_DAYS, 1.0)]
        return curve
    curve.past.extend(_decay(anchor, 0.0, stability_days, anchor))
    fade_days = stability_days * -math.log(ARCHIVE_THRESHOLD) + anchor  # days from now until R = threshold
    if 0.0 < fade_days <= MAX_HORIZON_DAYS:
        curve.fades_at = to_iso(now + timedelta(days=fade_days))
    # Far enough to see the decay, near enough that the past stays readable;
    # the exact fading date is in `fades_at`.
    horizon = min(MAX_HORIZON_DAYS, fade_days * 1.05, max(MIN_HORIZON_DAYS, -start * PAST_TO_FUTURE))
    horizon = max(horizon, MIN_HORIZON_DAYS)
    curve.projected = _decay(0.0, horizon, stability_days, anchor)
    return curve
