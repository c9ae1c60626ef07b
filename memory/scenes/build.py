"""The one call a caller needs: facts (and last run's scenes) in, scenes out.

Pure: the caller loads facts, passes the previous scenes' memberships, and
stores what comes back.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from remembrancer.memory.scenes.cluster import ClusterParams, cluster_facts
from remembrancer.memory.scenes.graph import GraphParams, SceneFact
from remembrancer.memory.scenes.matching import carry_over_ids
from remembrancer.memory.scenes.summary import Scene, SummaryParams, summarize_clusters


def build_scenes(facts: Sequence[SceneFact], previous: Mapping[str, Collection[str]] | None = None, *,
                 graph: GraphParams | None = None, cluster: ClusterParams | None = None,
                 summary: SummaryParams | None = None) -> list[Scene]:
    """Cluster, title and summarise `facts`; keep ids of `previous` scenes (id -> member ids) that continue.

    `previous` also nudges the clustering toward the old cut (see `ClusterParams.continuity`).

    Scenes come largest first; facts in no scene are simply absent.
    """
    facts = list(facts)
    clusters = cluster_facts(facts, graph, cluster, previous)
    scenes = summarize_clusters(facts, clusters, summary)
    return carry_over_ids(scenes, previous) if previous else scenes
