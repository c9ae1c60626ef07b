"""Rank fusion: reciprocal rank fusion, then smoothing along the conversation.

RRF (Cormack et al. 2009) combines ranked lists without calibrating their
scores. Smoothing adds part of a turn's neighbours' scores to it: in chat,
a question's words are often in one turn and the answer in the next, so a
turn next to strong hits is more likely to matter. A turn that follows a
question is its likeliest answer (an adjacency pair, in conversation
analysis), so it may take a larger share of that question's score than of
an ordinary neighbour's.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Mapping, Sequence

RRF_K = 60


def reciprocal_rank_fusion(rankings: Sequence[Sequence[Hashable]], weights: Sequence[float] | None = None, k: int = RRF_K) -> dict[Hashable, float]:
    scores: dict[Hashable, float] = defaultdict(float)
    for index, ranking in enumerate(rankings):
        weight = 1.0 if weights is None else weights[index]
        for rank, key in enumerate(ranking):
            scores[key] += weight / (k + rank + 1)
    return dict(scores)


def smooth_with_neighbours(
    scores: Mapping[int, float],
    neighbours: Mapping[int, tuple[int | None, int | None]],
    weight: float,
    questions: Collection[int] = (),
    answer_weight: float | None = None,
) -> dict[int, float]:
    """score(i) + weight * (score(prev) + score(next)), for every scored turn.

    When the turn before i is one of `questions`, i takes `answer_weight`
    (default: `weight`) of its score instead: the reply to a question that
    matches the query is where the answer usually is.
    """
    after_question = weight if answer_weight is None else answer_weight
    smoothed = {}
    for key, score in scores.items():
        prev, nxt = neighbours.get(key, (None, None))
        prev_weight = after_question if prev is not None and prev in questions else weight
        smoothed[key] = score + prev_weight * scores.get(prev, 0.0) + weight * scores.get(nxt, 0.0)
    return smoothed
