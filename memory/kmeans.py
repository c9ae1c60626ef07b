"""Spherical k-means on a sample: the coarse partition behind the vector index and the scene graph.

One implementation for both so they cut the vector space the same way and a
fix reaches both. Deterministic: the same rows and seed give the same centroids.
"""
from __future__ import annotations

import numpy as np


def spherical_kmeans(unit: np.ndarray, partitions: int, seed: int = 0, *, rows_per_partition: int = 64,
                     max_sample: int = 131_072, iterations: int = 8) -> np.ndarray:
    """Unit centroids that maximise cosine to their members, trained on a sample.

    The sample is `rows_per_partition` rows per centroid and at most
    `max_sample` rows: past that more rows barely move the centroids but cost
    linear time. An emptied centroid is re-seeded from a random sample row.
    """
    if not len(unit):
        return np.zeros((1, unit.shape[1]), np.float32)  # one empty partition
    rng = np.random.default_rng(seed)
    sample = unit[rng.choice(len(unit), size=min(len(unit), partitions * rows_per_partition, max_sample), replace=False)]
    partitions = max(1, min(partitions, len(sample)))
    centroids = sample[rng.choice(len(sample), size=partitions, replace=False)].copy()
    for _ in range(iterations):
        assignment = np.argmax(sample @ centroids.T, axis=1)
        order = np.argsort(assignment, kind="stable")
        counts = np.bincount(assignment, minlength=len(centroids))
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        sums = np.zeros_like(centroids)
        filled = counts > 0
        sums[filled] = np.add.reduceat(sample[order], starts[filled], axis=0)
        empty = ~sums.any(axis=1)
        sums[empty] = sample[rng.choice(len(sample), size=int(empty.sum()))] if empty.any() else sums[empty]
        centroids = unit_rows(sums)
    return centroids.astype(np.float32)


def nearest_centroids(unit: np.ndarray, centroids: np.ndarray, count: int = 1, block: int = 8192) -> np.ndarray:
    """(rows, count) indexes of each row's `count` most similar centroids, best first; scored in blocks of rows."""
    count = min(count, len(centroids))
    out = np.empty((len(unit), count), dtype=np.int64)
    for start in range(0, len(unit), block):
        scores = unit[start : start + block] @ centroids.T
        if count == 1:
            out[start : start + block, 0] = np.argmax(scores, axis=1)
            continue
        top = np.argpartition(-scores, count - 1, axis=1)[:, :count]
        best_first = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1, kind="stable")
        out[start : start + block] = np.take_along_axis(top, best_first, axis=1)
    return out


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (zero rows stay zero), as float32."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True) if len(matrix) else np.ones((0, 1), np.float32)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)
