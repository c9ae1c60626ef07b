"""Community detection on the fact graph: which facts form one scene.

Louvain (networkx, fixed seed) runs on each connected component separately,
with the resolution scaled by the component's share of the total weight.
That scaling makes every local move score exactly as it would on the whole
graph (global modularity), while the random node order networkx draws from
the seed depends only on the component's own nodes: adding facts to one part
of the memory cannot reshuffle the scenes of an unrelated part.

Communities above `max_size` are re-clustered on their own subgraph with a
rising resolution; those below `min_size` are dropped (their facts are in no
scene). Output is deterministic: the same facts give the same clusters in the
same order.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from memory.scenes.graph import GraphParams, SceneFact, SceneGraph, build_graph


@dataclass(frozen=True)
class ClusterParams:
    resolution: float = 1.0  # modularity resolution; higher gives smaller scenes
    min_size: int = 2        # smaller communities are dropped: their facts join no scene
    max_size: int = 40       # larger communities are split by re-clustering them
    seed: int = 7            # Louvain's node-order seed; fixed so runs repeat exactly
    max_splits: int = 4      # resolution doublings tried before splitting by time order


def cluster_facts(facts: list[SceneFact], graph_params: GraphParams | None = None,
                  params: ClusterParams | None = None) -> list[list[str]]:
    """Clusters of fact ids (each sorted), largest first; unclustered facts are left out."""
    graph = build_graph(facts, graph_params)
    times = {f.id: f.time.timestamp() for f in facts}
    return cluster_graph(graph, params, times)


def cluster_graph(graph: SceneGraph, params: ClusterParams | None = None,
                  times: dict[str, float] | None = None) -> list[list[str]]:
    """Communities of `graph` as lists of fact ids; `times` orders the last-resort split."""
    p = params or ClusterParams()
    if p.min_size < 1 or p.max_size < max(p.min_size, 2):
        raise ValueError("need 1 <= min_size and 2 <= max_size >= min_size")
    total = float(graph.weight.sum())
    clusters: list[list[int]] = []
    for nodes, src, dst, weight in _components(graph):
        if len(nodes) == 1 or total <= 0:
            clusters.append(nodes)
            continue
        share = float(weight.sum()) / total
        for community in _louvain(nodes, src, dst, weight, p.resolution * share, p.seed):
            clusters.extend(_split(community, graph, p, times, depth=0))
    ids = graph.ids
    result = [sorted(ids[i] for i in c) for c in clusters if len(c) >= p.min_size]
    result.sort(key=lambda c: (-len(c), c[0]))
    return result


def _components(graph: SceneGraph):
    """Connected components as (nodes, src, dst, weight), ordered by smallest node."""
    parent = np.arange(graph.n)
    # Union-find with path halving, over the edge list.
    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a
    for a, b in zip(graph.src.tolist(), graph.dst.tolist()):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([find(a) for a in range(graph.n)], dtype=np.int64)
    edge_root = roots[graph.src] if graph.src.size else np.zeros(0, dtype=np.int64)
    edge_order = np.argsort(edge_root, kind="stable")
    sorted_roots = edge_root[edge_order]
    node_order = np.argsort(roots, kind="stable")
    node_roots = roots[node_order]
    for root in np.unique(roots).tolist():
        lo, hi = np.searchsorted(node_roots, [root, root + 1])
        nodes = node_order[lo:hi].tolist()
        elo, ehi = np.searchsorted(sorted_roots, [root, root + 1])
        sel = edge_order[elo:ehi]
        yield nodes, graph.src[sel], graph.dst[sel], graph.weight[sel]


def _louvain(nodes: list[int], src: np.ndarray, dst: np.ndarray, weight: np.ndarray,
             resolution: float, seed: int) -> list[list[int]]:
    """networkx Louvain with nodes and edges inserted in index order (that order is what the seed shuffles)."""
    import networkx as nx

    if len(nodes) <= 2:
        return [sorted(nodes)]
    g = nx.Graph()
    g.add_nodes_from(sorted(nodes))
    g.add_weighted_edges_from(zip(src.tolist(), dst.tolist(), weight.tolist()))
    communities = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    return sorted((sorted(c) for c in communities), key=lambda c: c[0])


def _split(community: list[int], graph: SceneGraph, p: ClusterParams,
           times: dict[str, float] | None, depth: int) -> list[list[int]]:
    """Keep communities up to max_size; re-cluster bigger ones on their own subgraph."""
    if len(community) <= p.max_size:
        return [community]
    members = np.zeros(graph.n, dtype=bool)
    members[community] = True
    inside = members[graph.src] & members[graph.dst]
    src, dst, weight = graph.src[inside], graph.dst[inside], graph.weight[inside]
    resolution = 1.0
    for _ in range(p.max_splits):
        parts = _louvain(community, src, dst, weight, resolution, p.seed)
        if len(parts) > 1:
            if depth > 8:
                break
            out: list[list[int]] = []
            for part in parts:
                out.extend(_split(part, graph, p, times, depth + 1))
            return out
        resolution *= 2.0
    return _chunk_by_time(community, graph, p.max_size, times)


def _chunk_by_time(community: list[int], graph: SceneGraph, max_size: int,
                   times: dict[str, float] | None) -> list[list[int]]:
    """Last resort for a blob Louvain will not split: equal consecutive runs in time order."""
    key = (lambda i: (times.get(graph.ids[i], 0.0), i)) if times else (lambda i: i)
    ordered = sorted(community, key=key)
    count = -(-len(ordered) // max_size)
    size = -(-len(ordered) // count)
    return [sorted(ordered[a:a + size]) for a in range(0, len(ordered), size)]
