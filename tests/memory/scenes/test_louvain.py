"""`scenes.louvain` returns exactly what networkx's Louvain returns for the same graph, order of insertion and seed."""
from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from remembrancer.memory.scenes.louvain import louvain_communities


def networkx_louvain(nodes: list[int], edges: list[tuple[int, int, float]], resolution: float, seed: int) -> list[list[int]]:
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(edges)
    return sorted(sorted(c) for c in nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed))


def ours(nodes: list[int], edges: list[tuple[int, int, float]], resolution: float, seed: int) -> list[list[int]]:
    return sorted(sorted(c) for c in louvain_communities(nodes, edges, resolution, seed))


@pytest.mark.parametrize("trial", range(60))
def test_random_graphs_with_self_loops_repeats_and_ties_are_cut_as_networkx_cuts_them(trial: int) -> None:
    rng = random.Random(trial)
    nodes = sorted(rng.sample(range(500), rng.randint(1, 90)))
    weights = [1.0, 0.5, 0.25]  # equal weights make equal gains: the first best must win, as in networkx
    edges = [(rng.choice(nodes), rng.choice(nodes), rng.choice([rng.random(), *weights])) for _ in range(rng.randint(0, 4 * len(nodes)))]
    resolution = rng.choice([0.1, 0.5, 1.0, 3.0, 12.0])
    assert ours(nodes, edges, resolution, trial) == networkx_louvain(nodes, edges, resolution, trial)


def test_a_clustered_graph_of_thousands_of_nodes_is_cut_alike() -> None:
    rng = np.random.default_rng(3)
    centres = rng.standard_normal((40, 8))
    points = centres[rng.integers(0, 40, 3000)] + 0.4 * rng.standard_normal((3000, 8))
    unit = points / np.linalg.norm(points, axis=1, keepdims=True)
    sims = unit @ unit.T
    np.fill_diagonal(sims, -1)
    edges = [(i, int(j), float(sims[i, j])) for i in range(3000) for j in np.argsort(-sims[i])[:6]]
    nodes = list(range(3000))
    assert ours(nodes, edges, 20.0, 7) == networkx_louvain(nodes, edges, 20.0, 7)


def test_a_graph_without_edges_is_all_singletons() -> None:
    assert ours([3, 1, 2], [], 1.0, 7) == [[1], [2], [3]]
