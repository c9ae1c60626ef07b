"""The forgetting curve: retention R = exp(-t / S), reviews raise S.

t is the time since the memory was last reviewed (or learned), S its
stability in days. A review after a longer gap raises S more (the spacing
effect), as in MemoryBank and SM-2/FSRS-style schedulers.
"""
from __future__ import annotations

import math
from datetime import datetime

from memory.timeutil import parse_time

DEFAULT_STABILITY_DAYS = 30.0
MAX_STABILITY_DAYS = 36500.0


def retention(stability_days: float, last_review: str | None, learned_at: str, now: datetime) -> float:
    anchor = parse_time(last_review or learned_at)
    elapsed_days = max(0.0, (now - anchor).total_seconds() / 86400.0)
    return math.exp(-elapsed_days / max(stability_days, 1e-6))


def reinforced_stability(stability_days: float, current_retention: float) -> float:
    """New stability after a review: the more it had faded, the bigger the gain."""
    gain = 1.0 + 1.5 * (1.0 - current_retention) + 0.1
    return min(MAX_STABILITY_DAYS, stability_days * gain)
