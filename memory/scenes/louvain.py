"""Louvain community detection: networkx's algorithm, step for step, on plain dicts.

`scenes.cluster` cuts the fact graph with networkx's `louvain_communities`
(fixed seed). Its graph objects cost more than the algorithm: building the
`nx.Graph`, copying it, regenerating it per level and the modularity checks
took 13 s of a 50k-message import under cProfile (61 s in all). This module
runs the same steps on dicts of weights: the same shuffles drawn from the
same `random.Random(seed)`, the same neighbour orders (insertion order, as
networkx's adjacency dicts keep them), the same floating-point sums in the
same order, so it returns the same communities (checked against networkx on
random graphs in the tests). Undirected graphs only; a repeated edge keeps
its last weight, as `nx.Graph.add_edge` does.
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Iterator

THRESHOLD = 0.0000001  # networkx's default: a level must raise modularity by more than this


class _Graph:
    """An undirected weighted graph as networkx stores one: node -> {neighbour: weight}, in insertion order."""

    __slots__ = ("adj", "members")

    def __init__(self, nodes: Iterable[int]):
        self.adj: dict[int, dict[int, float]] = {u: {} for u in nodes}
        self.members: dict[int, set[int]] = {}  # a node of a generated graph: the original nodes it stands for

    def add_edge(self, u: int, v: int, weight: float) -> None:
        self.adj.setdefault(u, {})[v] = weight
        self.adj.setdefault(v, {})[u] = weight

    def edges(self) -> Iterator[tuple[int, int, float]]:
        """Each edge once, from the endpoint met first (networkx's `G.edges(data=...)` order)."""
        seen: set[int] = set()
        for node, neighbours in self.adj.items():
            for neighbour, weight in neighbours.items():
                if neighbour not in seen:
                    yield node, neighbour, weight
            seen.add(node)

    def degree(self, node: int) -> float:
        neighbours = self.adj[node]
        return sum(neighbours.values()) + (neighbours[node] if node in neighbours else 0)

    def degrees(self) -> dict[int, float]:
        return {u: self.degree(u) for u in self.adj}


def louvain_communities(nodes: list[int], edges: Iterable[tuple[int, int, float]], resolution: float = 1.0,
                        seed: int = 0, threshold: float = THRESHOLD) -> list[set[int]]:
    """`nx.community.louvain_communities(G, weight="weight", resolution=..., seed=seed)` for the graph with
    `nodes` added in that order, then `edges` (u, v, weight) in that order."""
    rng = random.Random(seed)
    given = _Graph(nodes)
    for u, v, weight in edges:
        given.add_edge(u, v, weight)
    partition = [{u} for u in given.adj]
    if not any(given.adj.values()):
        return partition
    mod = _modularity(given, partition, resolution)
    graph = _Graph(given.adj)
    for u, v, weight in given.edges():
        graph.add_edge(u, v, weight)
    m = sum(graph.degrees().values()) / 2
    partition, inner, improvement = _one_level(graph, m, partition, resolution, rng)
    improvement = True
    while improvement:
        result = [part.copy() for part in partition]
        new_mod = _modularity(graph, inner, resolution)
        if new_mod - mod <= threshold:
            return result
        mod = new_mod
        graph = _generated(graph, inner)
        partition, inner, improvement = _one_level(graph, m, partition, resolution, rng)
    return result


def _one_level(graph: _Graph, m: float, partition: list[set[int]], resolution: float,
               rng: random.Random) -> tuple[list[set[int]], list[set[int]], bool]:
    """One pass of local moves (networkx `_one_level`, undirected)."""
    node2com = {u: i for i, u in enumerate(graph.adj)}
    inner = [{u} for u in graph.adj]
    degrees = graph.degrees()
    stot = list(degrees.values())
    nbrs = {u: [(v, w) for v, w in neighbours.items() if v != u] for u, neighbours in graph.adj.items()}
    order = list(graph.adj)
    rng.shuffle(order)
    two_m_squared = 2 * m**2
    members_of = graph.members
    moves = 1
    improvement = False
    while moves > 0:
        moves = 0
        for u in order:
            best_mod = 0
            current = best_com = node2com[u]
            weights2com: dict[int, float] = {}
            get = weights2com.get
            for neighbour, weight in nbrs[u]:
                com = node2com[neighbour]
                weights2com[com] = get(com, 0.0) + weight
            if best_com not in weights2com:  # networkx reads it from a defaultdict, which adds it last
                weights2com[best_com] = 0.0
            degree = degrees[u]
            stot[best_com] -= degree
            remove_cost = -weights2com[best_com] / m + resolution * (stot[best_com] * degree) / two_m_squared
            for com, weight in weights2com.items():
                gain = remove_cost + weight / m - resolution * (stot[com] * degree) / two_m_squared
                if gain > best_mod:
                    best_mod = gain
                    best_com = com
            stot[best_com] += degree
            if best_com != current:
                members = members_of.get(u, {u})
                partition[current].difference_update(members)
                inner[current].remove(u)
                partition[best_com].update(members)
                inner[best_com].add(u)
                improvement = True
                moves += 1
                node2com[u] = best_com
    return list(filter(len, partition)), list(filter(len, inner)), improvement


def _generated(graph: _Graph, partition: list[set[int]]) -> _Graph:
    """The graph of communities: one node per part, edge weights summed (networkx `_gen_graph`)."""
    out = _Graph(range(len(partition)))
    node2com: dict[int, int] = {}
    for i, part in enumerate(partition):
        members: set[int] = set()
        for node in part:
            node2com[node] = i
            members.update(graph.members.get(node, {node}))
        out.members[i] = members
    for u, v, weight in graph.edges():
        cu, cv = node2com[u], node2com[v]
        out.add_edge(cu, cv, weight + out.adj[cu].get(cv, 0))
    return out


def _modularity(graph: _Graph, communities: list[set[int]], resolution: float) -> float:
    """networkx `modularity` (undirected): only compared against the last level's, to stop."""
    degree = graph.degrees()
    deg_sum = sum(degree.values())
    m = deg_sum / 2
    norm = 1 / deg_sum**2

    def contribution(community: set[int]) -> float:
        comm = set(community)
        inside = sum(weight for _, v, weight in _edges_from(graph, comm) if v in comm)
        degree_sum = sum(degree[u] for u in comm)
        return inside / m - resolution * degree_sum * degree_sum * norm

    return sum(map(contribution, communities))


def _edges_from(graph: _Graph, nodes: Iterable[int]) -> Iterator[tuple[int, int, float]]:
    """Edges with an endpoint among `nodes`, each once (networkx `G.edges(nbunch)`)."""
    seen: set[int] = set()
    for node in nodes:
        for neighbour, weight in graph.adj[node].items():
            if neighbour not in seen:
                yield node, neighbour, weight
        seen.add(node)
