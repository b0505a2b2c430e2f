"""Centrality of actors in a network: betweenness and closeness (Brandes' algorithm on sparse matrices) and PageRank."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from . import fastgraph

#: Components up to this many actors get exact betweenness and closeness unless a sample size is given.
EXACT_LIMIT = 2500  # exact there: about 1.4 s (2,500 actors, 16,000 pairs); 5.6 s at 5,000
#: Sources sampled per large component when the caller does not choose (see benchmarks/report_scale.py).
DEFAULT_SAMPLES = 256
_BATCH = 32  # BFS sources handled together in one sparse product
_GROUP = 512  # actors of small components measured together
_DENSE_RATIO = 8  # a frontier is multiplied densely beyond 1/_DENSE_RATIO of a dense product's work


def path_measures(g: nx.Graph, samples: int | None = None, seed: int = 0) -> tuple[dict, dict]:
    """Normalised betweenness and closeness of an undirected graph, exact or from sampled sources.

    Same definitions as ``nx.betweenness_centrality(g)`` and ``nx.closeness_centrality(g)`` (hop counts,
    Wasserman–Faust scaling on disconnected graphs), computed by Brandes' algorithm as sparse
    matrix products over batches of sources: on the 50,000-actor benchmark graph about 40 ms per
    source against 1 s for networkx.
    With ``samples=K`` each component larger than K uses K sources drawn with ``seed`` and the sums
    are scaled up (betweenness as Brandes–Pich, closeness as Eppstein–Wang); smaller components
    stay exact. ``samples=None`` is exact everywhere, by igraph where it is installed (:mod:`kg.fastgraph`).
    """
    if samples is not None and samples < 2:
        raise ValueError(f"samples must be at least 2 (or None for exact), not {samples}")
    if samples is None and fastgraph.available():
        return fastgraph.path_measures(g)
    nodes = list(g)
    adj = nx.to_scipy_sparse_array(g, nodelist=nodes, weight=None, format="csr") if len(nodes) > 1 else None
    betweenness, closeness = csr_path_measures(adj, len(nodes), samples, seed)
    return dict(zip(nodes, betweenness.tolist(), strict=True)), dict(zip(nodes, closeness.tolist(), strict=True))


def csr_path_measures(adj, n: int, samples: int | None, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`path_measures` on the adjacency matrix of ``n`` actors (None when fewer than two)."""
    betweenness, closeness = np.zeros(n), np.zeros(n)
    if n > 1:
        adj = adj.copy()
        adj.setdiag(0)
        adj.eliminate_zeros()
        _, labels = csgraph.connected_components(adj, directed=False)
        order = np.argsort(labels, kind="stable")
        bounds = np.flatnonzero(np.diff(labels[order])) + 1
        components = sorted(np.split(order, bounds), key=lambda c: (-len(c), c[0]))
        rng = random.Random(seed)
        exact: list[list[np.ndarray]] = [[]]  # components measured exactly, packed into groups
        for comp in components:
            if len(comp) < 3:  # a lone actor or a pair: nobody in between, neighbours at distance 1
                closeness[comp] = (len(comp) - 1) / (n - 1)
            elif samples is None or samples >= len(comp):
                if sum(map(len, exact[-1])) + len(comp) > _GROUP:
                    exact.append([])
                exact[-1].append(comp)
            else:
                sources = np.array(sorted(rng.sample(range(len(comp)), samples)))
                betweenness[comp], closeness[comp] = _paths_within(adj[comp][:, comp], sources, len(comp) - 1, n)
        # A search never leaves its component, so small ones share batches (hundreds of them in a period).
        for group in filter(None, exact):
            nodes = np.concatenate(group)
            others = np.repeat([len(c) - 1 for c in group], [len(c) for c in group])
            betweenness[nodes], closeness[nodes] = _paths_within(adj[nodes][:, nodes], np.arange(len(nodes)),
                                                                 others, n)
        if n > 2:
            betweenness /= (n - 1) * (n - 2)
    return betweenness, closeness


def _paths_within(adj, sources: np.ndarray, others, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Unnormalised betweenness (summed over ordered pairs) and closeness from ``sources``, for actors
    with ``others`` other actors in their component."""
    size = adj.shape[0]
    dependency, distance, count = np.zeros(size), np.zeros(size), np.zeros(size)
    for start in range(0, len(sources), _BATCH):
        batch = sources[start : start + _BATCH]
        delta, depth = _brandes_batch(adj, batch)
        dependency += delta.sum(axis=1)
        distance += depth.sum(axis=1)
        count += (depth > 0).sum(axis=1)
    # Scale sampled sums to all sources other than the node itself (identity when exact).
    betweenness = dependency * others / count
    closeness = others / (n - 1) / (distance / count)
    return betweenness, closeness


def _brandes_batch(adj, sources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Brandes' dependencies and BFS depths from several sources at once (one column per source)."""
    size, width = adj.shape[0], len(sources)
    start = sources * width + np.arange(width)  # (actor, source) cells as flat indices
    depth = np.full(size * width, -1, dtype=np.int32)
    sigma = np.zeros(size * width)
    depth[start] = 0
    sigma[start] = 1.0
    levels = [start]
    degree = np.diff(adj.indptr)
    while True:  # shortest paths reaching each cell through the current frontier
        cells, paths = _spread(adj, levels[-1], sigma[levels[-1]], width, degree)
        new = depth[cells] < 0
        if not new.any():
            break
        cells = cells[new]
        depth[cells] = len(levels)
        sigma[cells] = paths[new]
        levels.append(cells)
    delta = np.zeros(size * width)
    for level in range(len(levels) - 1, 1, -1):
        at = levels[level]
        cells, share = _spread(adj, at, (1.0 + delta[at]) / sigma[at], width, degree)
        above = depth[cells] == level - 1
        cells = cells[above]
        delta[cells] += sigma[cells] * share[above]
    return delta.reshape(size, width), np.maximum(depth, 0).reshape(size, width)


def _spread(adj, cells: np.ndarray, values: np.ndarray, width: int,
            degree: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``adj @ m`` for the (actors, width) matrix ``m`` holding ``values`` at the flat ``cells``: the cells
    where the product is not zero, and its values there.

    A small frontier is multiplied as a sparse matrix, so that a level costs the edges leaving it rather
    than every actor times every source (a sparse period graph's searches run twice as many levels as the
    whole graph's); a large one densely, which is faster per edge. Both sum the same neighbours in the
    same order, so the figures do not depend on the choice.
    """
    size = adj.shape[0]
    rows, cols = np.divmod(cells, width)
    if degree[rows].sum() * _DENSE_RATIO < adj.nnz * width:
        product = adj @ sparse.csr_array((values, (rows, cols)), shape=(size, width))
        return np.repeat(np.arange(size) * width, np.diff(product.indptr)) + product.indices, product.data
    dense = np.zeros(size * width)
    dense[cells] = values
    product = (adj @ dense.reshape(size, width)).ravel()
    found = np.flatnonzero(product)
    return found, product[found]



def pagerank(d: nx.DiGraph) -> dict[str, float]:
    """PageRank on article weights: high for actors acted upon or dealt with by prominent actors."""
    if d.number_of_nodes() == 0:
        return {}
    return nx.pagerank(d, weight="weight")


def csr_pagerank(arcs, alpha: float = 0.85, max_iter: int = 100, tol: float = 1.0e-6) -> np.ndarray:
    """``nx.pagerank`` (its scipy power iteration, same defaults) on a weighted adjacency matrix."""
    n = arcs.shape[0]
    if n == 0:
        return np.zeros(0)
    out = arcs.sum(axis=1)
    out[out != 0] = 1.0 / out[out != 0]
    q = sparse.dia_array((out.T, 0), shape=arcs.shape).tocsr() @ arcs
    x = p = np.repeat(1.0 / n, n)
    dangling = np.where(out == 0)[0]
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ q + sum(x[dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - last).sum() < n * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)

