"""Top-k similar facts without comparing every pair, for memories too large for the exact search.

The exact search (`graph.knn_pairs`) multiplies every pair: 20k facts take
16 s here and a million-message memory (~200k facts) would take hours. Past
`EXACT_MAX_FACTS` the facts are cut into cells by spherical k-means (about
`CELL_FACTS` each) and every fact is put in its `CELLS_PER_FACT` nearest
cells; pairs are compared only inside a cell. Two facts similar enough to be
neighbours almost always share one of their nearest cells (on 20k real fact
sentences, 0.97 of the exact pairs are found), and the work grows linearly:
each cell costs (CELLS_PER_FACT * CELL_FACTS)^2 products.

Same input, same output: the k-means seed is fixed.
"""
from __future__ import annotations

import numpy as np

from remembrancer.memory.kmeans import nearest_centroids, spherical_kmeans

EXACT_MAX_FACTS = 8192   # up to here every pair is compared (graph.knn_pairs)
CELL_FACTS = 256         # facts per k-means cell, before each fact joins its nearest cells
CELLS_PER_FACT = 3       # cells each fact joins: a neighbour across a cell border is still found
ROW_BLOCK = 1024         # rows scored at once inside a cell (bounds memory when k-means leaves a big cell)


def approximate_knn_pairs(unit: np.ndarray, k: int, threshold: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j, cosine) where j is among i's top-k found neighbours or i among j's, cosine >= threshold.

    `unit` holds unit rows. The result has the form of `graph.knn_pairs`.
    """
    n = len(unit)
    centroids = spherical_kmeans(unit, max(2, n // CELL_FACTS), seed)
    cells = nearest_centroids(unit, centroids, CELLS_PER_FACT)
    flat = cells.ravel()
    by_cell = np.argsort(flat, kind="stable")
    members = by_cell // cells.shape[1]  # the fact of each (fact, slot), grouped by cell
    bounds = np.searchsorted(flat[by_cell], np.arange(len(centroids) + 1))
    rows, cols, sims = [], [], []
    for cell in range(len(centroids)):
        inside = np.sort(members[bounds[cell] : bounds[cell + 1]])
        if len(inside) < 2:
            continue
        for start in range(0, len(inside), ROW_BLOCK):
            query = inside[start : start + ROW_BLOCK]
            scores = unit[query] @ unit[inside].T
            scores[np.arange(len(query)), np.arange(start, start + len(query))] = -np.inf  # a fact is not its own neighbour
            take = min(k, len(inside) - 1)
            best = np.argpartition(-scores, take - 1, axis=1)[:, :take]
            values = np.take_along_axis(scores, best, axis=1)
            ok = values >= threshold
            rows.append(np.repeat(query, take).reshape(len(query), take)[ok])
            cols.append(inside[best][ok])
            sims.append(values[ok])
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0, dtype=np.float32)
    r, c, s = np.concatenate(rows), np.concatenate(cols), np.concatenate(sims)
    # The same pair is found in every cell both facts joined: keep it once, then each fact's k best.
    key = r * n + c
    key, first = np.unique(key, return_index=True)
    r, c, s = r[first], c[first], s[first]
    kept = top_k_mask(r, c, s, k)
    r, c, s = r[kept], c[kept], s[kept]
    # j in i's top-k or i in j's: one undirected pair.
    lo, hi = np.minimum(r, c), np.maximum(r, c)
    pair, first = np.unique(lo * n + hi, return_index=True)
    return pair // n, pair % n, s[first]


def top_k_mask(group: np.ndarray, other: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """True for entries that are among the k best of their group (ties: lower `other` first)."""
    if group.size == 0:
        return np.zeros(0, dtype=bool)
    order = np.lexsort((other, -score, group))
    g = group[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    lengths = np.diff(np.r_[starts, g.size])
    rank = np.arange(g.size) - np.repeat(starts, lengths)
    mask = np.zeros(group.size, dtype=bool)
    mask[order[rank < k]] = True
    return mask
