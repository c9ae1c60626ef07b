"""Rank fusion: reciprocal rank fusion, then smoothing along the conversation.

RRF (Cormack et al. 2009) combines ranked lists without calibrating their
scores. Smoothing adds part of a turn's neighbours' scores to it: in chat,
a question's words are often in one turn and the answer in the next, so a
turn next to strong hits is more likely to matter.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence

RRF_K = 60


def reciprocal_rank_fusion(rankings: Sequence[Sequence[Hashable]], weights: Sequence[float] | None = None, k: int = RRF_K) -> dict[Hashable, float]:
    scores: dict[Hashable, float] = defaultdict(float)
    for index, ranking in enumerate(rankings):
        weight = 1.0 if weights is None else weights[index]
        for rank, key in enumerate(ranking):
            scores[key] += weight / (k + rank + 1)
    return dict(scores)


def smooth_with_neighbours(scores: Mapping[int, float], neighbours: Mapping[int, tuple[int | None, int | None]], weight: float) -> dict[int, float]:
    """score(i) + weight * (score(prev) + score(next)), for every scored turn."""
    smoothed = {}
    for key, score in scores.items():
        prev, nxt = neighbours.get(key, (None, None))
        smoothed[key] = score + weight * (scores.get(prev, 0.0) + scores.get(nxt, 0.0))
    return smoothed
