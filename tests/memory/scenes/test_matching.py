"""Stable scene ids across rebuilds."""
from __future__ import annotations

from datetime import datetime, timezone

from remembrancer.memory.scenes.matching import carry_over_ids, match_scene_ids
from remembrancer.memory.scenes.summary import Scene, scene_id

WHEN = datetime(2024, 1, 1, tzinfo=timezone.utc)


def _scene(*members: str) -> Scene:
    return Scene(id=scene_id(members), title="T", summary="S.", start=WHEN, end=WHEN,
                 member_ids=tuple(members), central_ids=tuple(members[:1]))


def test_an_overlap_of_half_or_more_keeps_the_id() -> None:
    old = {"old-1": ["a", "b", "c", "d"], "old-2": ["x", "y", "z"]}
    new = [["a", "b", "c", "e"], ["x", "q", "r", "s"]]  # 3/5 = 0.6 and 1/6
    assert match_scene_ids(old, new) == ["old-1", None]
    assert match_scene_ids(old, [["a", "b"]]) == ["old-1"]  # 2/4: exactly half still counts


def test_greedy_best_match_is_one_to_one() -> None:
    old = {"old-1": ["a", "b", "c", "d", "e", "f"]}
    # The scene split in two: the bigger part (4/6) keeps the id, the other (2/6) is new.
    assert match_scene_ids(old, [["e", "f"], ["a", "b", "c", "d"]]) == [None, "old-1"]
    # Two old scenes merged: the one overlapping most wins; the other id retires.
    merged = {"old-1": ["a", "b", "c"], "old-2": ["d", "e"]}
    assert match_scene_ids(merged, [["a", "b", "c", "d", "e"]]) == ["old-1"]


def test_carry_over_replaces_ids_and_keeps_the_rest() -> None:
    old = {"kept": ["a", "b", "c"]}
    scenes = [_scene("a", "b", "c", "d"), _scene("p", "q")]
    out = carry_over_ids(scenes, old)
    assert [s.id for s in out] == ["kept", scene_id(["p", "q"])]
    assert out[0].member_ids == scenes[0].member_ids


def test_a_fresh_id_never_takes_over_an_old_one() -> None:
    # An old scene minted its id from members {p, q}, then drifted to {a, b, c} keeping that id.
    drifted = scene_id(["p", "q"])
    old = {drifted: ["a", "b", "c"]}
    out = carry_over_ids([_scene("a", "b", "c"), _scene("p", "q")], old)
    assert out[0].id == drifted
    assert out[1].id != drifted and out[1].id.startswith("scn-")
    # ...nor the id of an old scene that dissolved.
    gone = carry_over_ids([_scene("p", "q")], {drifted: ["x", "y", "z"]})
    assert gone[0].id != drifted
