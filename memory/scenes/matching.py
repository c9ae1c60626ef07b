"""Keep scene ids across rebuilds.

Scenes are rebuilt from scratch (nightly, or after an import); without this
step every membership change would mint a new id and anything that points at
a scene (persona evidence, UI state, user edits) would dangle. A new cluster
inherits the id of the old scene it overlaps most, when the Jaccard overlap of
their members is at least 0.5, matched greedily best-first and one-to-one.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence

from remembrancer.memory.scenes.summary import Scene, scene_id


def match_scene_ids(previous: Mapping[str, Collection[str]], clusters: Sequence[Collection[str]],
                    min_jaccard: float = 0.5) -> list[str | None]:
    """For each new cluster, the old scene id it continues, or None.

    Greedy best match: all (old, new) pairs at or above `min_jaccard`, taken
    in order of falling overlap (ties: old id, then cluster position), each
    old id and each cluster used once. Only pairs sharing a fact are scored,
    so this is linear in the number of facts, not scenes squared.
    """
    owner: dict[str, list[str]] = {}
    old_sets = {sid: frozenset(members) for sid, members in previous.items()}
    for sid, members in old_sets.items():
        for fact in members:
            owner.setdefault(fact, []).append(sid)
    candidates: list[tuple[float, str, int]] = []
    for index, cluster in enumerate(clusters):
        new = frozenset(cluster)
        shared: dict[str, int] = {}
        for fact in new:
            for sid in owner.get(fact, ()):
                shared[sid] = shared.get(sid, 0) + 1
        for sid, overlap in shared.items():
            jaccard = overlap / (len(new) + len(old_sets[sid]) - overlap)
            if jaccard >= min_jaccard:
                candidates.append((-jaccard, sid, index))
    candidates.sort()
    result: list[str | None] = [None] * len(clusters)
    taken: set[str] = set()
    for _, sid, index in candidates:
        if sid in taken or result[index] is not None:
            continue
        result[index] = sid
        taken.add(sid)
    return result


def carry_over_ids(scenes: Sequence[Scene], previous: Mapping[str, Collection[str]],
                   min_jaccard: float = 0.5) -> list[Scene]:
    """`scenes` with old ids where they continue an old scene; the rest keep their fresh ids.

    A fresh (content-hash) id can equal an old id: an old scene once had
    exactly these members, then drifted but kept its id. That id now belongs
    to another scene (or to one that dissolved), so the fresh id is re-hashed
    with a counter: an id never silently changes what it points at.
    """
    matched = match_scene_ids(previous, [s.member_ids for s in scenes], min_jaccard)
    used = {sid for sid in matched if sid is not None}
    out: list[Scene] = []
    for scene, old in zip(scenes, matched):
        if old is not None:
            out.append(dataclasses.replace(scene, id=old))
            continue
        new_id, salt = scene.id, 0
        while new_id in used or new_id in previous:
            salt += 1
            new_id = scene_id([*scene.member_ids, f"#{salt}"])
        used.add(new_id)
        out.append(dataclasses.replace(scene, id=new_id))
    return out
