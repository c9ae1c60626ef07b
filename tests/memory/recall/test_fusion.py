from __future__ import annotations

import pytest

from remembrancer.memory.recall.fusion import RRF_K, reciprocal_rank_fusion, smooth_with_neighbours


def test_rrf_default_k_sums_reciprocal_ranks() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]])
    assert RRF_K == 60
    assert fused == pytest.approx({"a": 1 / 61, "b": 1 / 62 + 1 / 61, "c": 1 / 63, "d": 1 / 62})
    assert max(fused, key=fused.get) == "b"  # in both lists beats first in one


def test_rrf_weights_and_k() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]], weights=[2.0, 0.5], k=10)
    assert fused == pytest.approx({"a": 2 / 11, "b": 2 / 12 + 0.5 / 11, "c": 2 / 13, "d": 0.5 / 12})
    assert fused["a"] == pytest.approx(0.181818, abs=1e-6)
    assert fused["b"] == pytest.approx(0.212121, abs=1e-6)


def test_rrf_empty_lists() -> None:
    assert reciprocal_rank_fusion([]) == {}
    assert reciprocal_rank_fusion([[], []], weights=[1.0, 1.0]) == {}
    assert reciprocal_rank_fusion([[], [7]], k=0) == {7: 1.0}


def test_smoothing_adds_a_share_of_both_neighbours_original_scores() -> None:
    scores = {1: 0.5, 2: 0.2, 3: 0.1, 9: 0.4}
    neighbours = {1: (None, 2), 2: (1, 3), 3: (2, 4), 9: (None, None)}
    smoothed = smooth_with_neighbours(scores, neighbours, 0.2)
    assert smoothed == pytest.approx({
        1: 0.5 + 0.2 * 0.2,  # 0.54: no turn before
        2: 0.2 + 0.2 * (0.5 + 0.1),  # 0.32
        3: 0.1 + 0.2 * 0.2,  # 0.14: turn 4 was not a candidate; uses 2's *unsmoothed* score
        9: 0.4,  # alone in its conversation
    })
    assert set(smoothed) == set(scores)  # smoothing never adds candidates


def test_smoothing_with_zero_weight_or_unknown_neighbours_is_identity() -> None:
    scores = {1: 0.3, 2: 0.6}
    assert smooth_with_neighbours(scores, {1: (None, 2), 2: (1, None)}, 0.0) == scores
    assert smooth_with_neighbours(scores, {}, 0.5) == scores


@pytest.mark.parametrize(
    ("questions", "answer_weight", "expected_2"),
    [
        ((), 0.4, 0.2 + 0.2 * 0.5 + 0.2 * 0.1),  # turn 1 asks nothing: an ordinary neighbour
        ({1}, 0.4, 0.2 + 0.4 * 0.5 + 0.2 * 0.1),  # turn 1 asks: its reply takes the larger share
        ({1}, None, 0.2 + 0.2 * 0.5 + 0.2 * 0.1),  # no answer weight: as before
        ({3}, 0.4, 0.2 + 0.2 * 0.5 + 0.2 * 0.1),  # a question *after* a turn gives it nothing extra
    ],
)
def test_the_reply_to_a_question_takes_the_answer_share(questions: set[int], answer_weight: float | None, expected_2: float) -> None:
    scores = {1: 0.5, 2: 0.2, 3: 0.1}
    neighbours = {1: (None, 2), 2: (1, 3), 3: (2, None)}
    smoothed = smooth_with_neighbours(scores, neighbours, 0.2, questions, answer_weight)
    assert smoothed[2] == pytest.approx(expected_2)
    assert smoothed[1] == pytest.approx(0.5 + 0.2 * 0.2)  # the question itself gains only the ordinary share
    assert smoothed[3] == pytest.approx(0.1 + 0.2 * 0.2)
