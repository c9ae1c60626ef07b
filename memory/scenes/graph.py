"""The fact graph scenes are cut from.

Three kinds of evidence say two facts belong to one scene, and each alone is
weak: similar meaning (cosine of the vectors), being said close together in
one conversation (an episode), and naming the same thing (a shared entity).
Their weights are summed per pair, so two facts that are only loosely similar
but were said minutes apart about the same person end up strongly linked.

Everything here is linear in the number of facts: similarity keeps the top-k
neighbours per fact (every pair compared, in numpy blocks over the upper
triangle, up to `EXACT_MAX_FACTS`; above that only pairs that share a k-means
cell, see `neighbours`),
time and entity edges link each fact to its next few neighbours in time order
instead of forming cliques. Facts are indexed in id order, so the graph does
not depend on the order the caller passes them in.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from remembrancer.memory.kmeans import unit_rows
from remembrancer.memory.scenes.neighbours import EXACT_MAX_FACTS, approximate_knn_pairs, top_k_mask


@dataclass(frozen=True, eq=False)
class SceneFact:
    """What clustering needs to know about one fact."""

    id: str
    text: str
    vector: np.ndarray          # unit vector, any dimension (the same for all facts)
    time: datetime              # aware: when the fact was said
    conversation: str
    subject: str                # who the fact is about; never counts as a shared entity
    entities: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class GraphParams:
    """Edge weights. Defaults are tuned for all-MiniLM-L6-v2 fact sentences."""

    k: int = 10                    # similarity neighbours kept per fact
    min_similarity: float = 0.4    # cosine below this is no evidence at all (MiniLM: unrelated ~0-0.3)
    time_weight: float = 0.2       # weight of two facts said at the same moment in one conversation
    time_scale_s: float = 900.0    # e-folding time of that weight (15 min)
    time_window_s: float = 3600.0  # no time edge beyond this gap
    time_neighbours: int = 3       # each fact links to its next N facts in time (same conversation)
    entity_weight: float = 0.3     # weight per shared rare entity (scaled by its idf)
    entity_neighbours: int = 3     # each mention links to the next N mentions in time
    block: int = 1024              # rows per similarity block (memory ~ block * n * 4 bytes)


@dataclass(frozen=True)
class SceneGraph:
    """An undirected weighted graph over facts; node i is `ids[i]` (ids sorted)."""

    ids: list[str]
    src: np.ndarray     # int64, src < dst
    dst: np.ndarray
    weight: np.ndarray  # float64, > 0

    @property
    def n(self) -> int:
        return len(self.ids)

    def to_networkx(self):
        """The same graph as a networkx Graph on node indices, inserted in index order."""
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(range(self.n))
        graph.add_weighted_edges_from(zip(self.src.tolist(), self.dst.tolist(), self.weight.tolist()))
        return graph


def build_graph(facts: list[SceneFact], params: GraphParams | None = None) -> SceneGraph:
    """Sum similarity, time and entity evidence into one edge list."""
    p = params or GraphParams()
    ordered = sorted(facts, key=lambda f: f.id)
    ids = [f.id for f in ordered]
    if len(set(ids)) != len(ids):
        raise ValueError("fact ids must be unique")
    n = len(ordered)
    empty = np.zeros(0, dtype=np.int64)
    if n < 2:
        return SceneGraph(ids, empty, empty.copy(), np.zeros(0))
    parts = []
    vectors = np.stack([np.asarray(f.vector, dtype=np.float32).ravel() for f in ordered])
    if n > EXACT_MAX_FACTS:  # comparing every pair is quadratic: hours at a million messages
        i, j, sim = approximate_knn_pairs(unit_rows(vectors), p.k, p.min_similarity)
    else:
        i, j, sim = knn_pairs(vectors, p.k, p.min_similarity, p.block)
    # Rescaled so the weight is continuous at the threshold: a pair that drifts
    # across it moves the partition a little, not a lot.
    parts.append((i, j, (sim.astype(np.float64) - p.min_similarity) / (1.0 - p.min_similarity)))
    parts.append(time_pairs(ordered, p))
    parts.append(entity_pairs(ordered, p))
    src, dst, weight = _sum_pairs(parts, n)
    keep = weight > 1e-9
    return SceneGraph(ids, src[keep], dst[keep], weight[keep])


def knn_pairs(vectors: np.ndarray, k: int, threshold: float, block: int = 1024) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j, cosine) where j is among i's top-k neighbours or i among j's, cosine >= threshold.

    Only the upper triangle is multiplied (half the work of a full n x n).
    Within each block we keep the top-k per row and per column, which is
    enough: a row's global top-k is contained in the union of its per-block
    top-ks, and every pair (i, j) is seen exactly once, in i's block.
    """
    x = np.ascontiguousarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    x = x / np.maximum(norms, 1e-12)
    n = x.shape[0]
    rows_out, cols_out, sims_out = [], [], []
    for start in range(0, n, block):
        stop = min(start + block, n)
        sims = x[start:stop] @ x[start:].T  # (b, n - start); column c is fact start + c
        flat = np.flatnonzero(sims >= threshold)  # far faster than 2-D np.nonzero
        local_r, local_c = np.divmod(flat, sims.shape[1])
        upper = local_c > local_r  # column index start+c > row index start+r
        local_r, local_c = local_r[upper], local_c[upper]
        values = sims[local_r, local_c]
        r = local_r.astype(np.int64) + start
        c = local_c.astype(np.int64) + start
        keep = top_k_mask(r, c, values, k) | top_k_mask(c, r, values, k)
        rows_out.append(r[keep])
        cols_out.append(c[keep])
        sims_out.append(values[keep])
    r = np.concatenate(rows_out)
    c = np.concatenate(cols_out)
    values = np.concatenate(sims_out)
    # A node's neighbours sit on both sides of the diagonal: rank them together.
    node = np.concatenate([r, c])
    other = np.concatenate([c, r])
    kept = top_k_mask(node, other, np.concatenate([values, values]), k)
    keep = kept[: r.size] | kept[r.size:]
    return r[keep], c[keep], values[keep]


def time_pairs(ordered: list[SceneFact], p: GraphParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Link each fact to its next few facts in the same conversation, decaying with the gap."""
    if p.time_weight <= 0 or p.time_neighbours <= 0:
        return _no_pairs()
    conv_codes = {c: code for code, c in enumerate(sorted({f.conversation for f in ordered}))}
    conv = np.array([conv_codes[f.conversation] for f in ordered], dtype=np.int64)
    seconds = np.array([f.time.timestamp() for f in ordered], dtype=np.float64)
    order = np.lexsort((np.arange(len(ordered)), seconds, conv))
    return _chain_pairs(order, conv[order], seconds[order], p.time_neighbours, p.time_window_s,
                        lambda gap, _: p.time_weight * np.exp(-gap / p.time_scale_s))


def entity_pairs(ordered: list[SceneFact], p: GraphParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Link consecutive mentions (in time) of the same entity, weighted by its rarity.

    The fact's own subject is not evidence: every fact about Odile names her.
    Chaining mentions instead of linking all of them keeps a frequent entity
    from turning into a clique of n^2 edges.
    """
    if p.entity_weight <= 0 or p.entity_neighbours <= 0:
        return _no_pairs()
    facts_idx, entity_keys = [], []
    for idx, fact in enumerate(ordered):
        subject = fact.subject.strip().casefold()
        for key in sorted({e.strip().casefold() for e in fact.entities} - {subject, ""}):
            facts_idx.append(idx)
            entity_keys.append(key)
    if not facts_idx:
        return _no_pairs()
    names = sorted(set(entity_keys))
    codes = {name: code for code, name in enumerate(names)}
    ent = np.array([codes[e] for e in entity_keys], dtype=np.int64)
    fact_arr = np.array(facts_idx, dtype=np.int64)
    df = np.bincount(ent, minlength=len(names)).astype(np.float64)
    n = len(ordered)
    idf = np.log(n / df) / math.log(n) if n > 2 else np.ones_like(df)
    seconds = np.array([ordered[i].time.timestamp() for i in facts_idx], dtype=np.float64)
    order = np.lexsort((fact_arr, seconds, ent))
    src, dst, weight = _chain_pairs(order, ent[order], seconds[order], p.entity_neighbours, math.inf,
                                    lambda _, groups: p.entity_weight * idf[groups])
    return fact_arr[src], fact_arr[dst], weight


def _chain_pairs(order, groups, seconds, neighbours, window, weigh):
    """Pairs (order[a], order[a + o]) for o in 1..neighbours within the same group and window."""
    srcs, dsts, weights = [], [], []
    for offset in range(1, neighbours + 1):
        if offset >= len(order):
            break
        same = groups[offset:] == groups[:-offset]
        gap = seconds[offset:] - seconds[:-offset]
        ok = same & (gap <= window)
        srcs.append(order[:-offset][ok])
        dsts.append(order[offset:][ok])
        weights.append(weigh(gap[ok], groups[:-offset][ok]))
    if not srcs:
        return _no_pairs()
    return np.concatenate(srcs), np.concatenate(dsts), np.concatenate(weights).astype(np.float64)


def _no_pairs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)


def _sum_pairs(parts, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge the edge lists: one edge per unordered pair, weights summed, sorted by (src, dst)."""
    src = np.concatenate([np.asarray(a, dtype=np.int64) for a, _, _ in parts])
    dst = np.concatenate([np.asarray(b, dtype=np.int64) for _, b, _ in parts])
    weight = np.concatenate([np.asarray(w, dtype=np.float64) for _, _, w in parts])
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    distinct = lo != hi
    keys = lo[distinct] * n + hi[distinct]
    unique, inverse = np.unique(keys, return_inverse=True)
    summed = np.bincount(inverse, weights=weight[distinct], minlength=unique.size)
    return unique // n, unique % n, summed
