"""Optional igraph fast path for the two costly measures of a report: exact betweenness and closeness,
and Louvain communities (``pip install 'kg-news[fast]'``).

igraph computes them in C: on the 50,000-actor benchmark graph exact betweenness takes seconds where the
numpy code needs sampled sources to stay under a minute, and Louvain about 4 s where networkx takes over a
minute (benchmarks/report_scale.py). networkx stays the reference: the same definitions and scalings,
checked against it in tests/test_analysis.py; without igraph, or with :data:`ENABLED` false, kg.analysis
uses its own code.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import networkx as nx

try:
    import igraph
except ImportError:  # the fast path is optional
    igraph = None

#: Set to False to measure with the reference code even where igraph is installed.
ENABLED = True


def available() -> bool:
    return igraph is not None and ENABLED


@contextmanager
def disabled() -> Iterator[None]:
    """The reference code inside the block, igraph or not (for benchmarks and comparisons)."""
    global ENABLED
    before, ENABLED = ENABLED, False
    try:
        yield
    finally:
        ENABLED = before


def _to_igraph(g: nx.Graph, weight: str | None = None):
    """``g`` as an undirected igraph graph on the same node order, self-loops left out."""
    index = {v: i for i, v in enumerate(g)}
    edges, weights = [], []
    for s, o, w in g.edges(data=weight, default=1):
        if s != o:
            edges.append((index[s], index[o]))
            weights.append(w)
    h = igraph.Graph(n=len(index), edges=edges, directed=False)
    if weight is not None:
        h.es["weight"] = weights
    return h


def path_measures(g: nx.Graph) -> tuple[dict, dict]:
    """Exact ``nx.betweenness_centrality(g)`` and ``nx.closeness_centrality(g)`` (hop counts)."""
    nodes = list(g)
    n = len(nodes)
    if n < 2:
        return dict.fromkeys(nodes, 0.0), dict.fromkeys(nodes, 0.0)
    h = _to_igraph(g)
    raw = h.betweenness(directed=False)  # each unordered pair once
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    # igraph's closeness is within the reachable part; networkx scales it by the part's share of the graph
    reach = dict.fromkeys(range(n), 1)
    for component in h.connected_components():
        for v in component:
            reach[v] = len(component)
    close = h.closeness(normalized=True)
    betweenness = {v: b * scale for v, b in zip(nodes, raw, strict=True)}
    closeness = {v: (0.0 if c != c else c * (reach[i] - 1) / (n - 1))  # NaN for an isolated actor
                 for i, (v, c) in enumerate(zip(nodes, close, strict=True))}
    return betweenness, closeness


def communities(g: nx.Graph, seed: int = 0) -> list[set[str]]:
    """Louvain (igraph's multilevel) on article weights, with igraph drawing from a generator seeded here."""
    nodes = list(g)
    h = _to_igraph(g, "weight")
    igraph.set_random_number_generator(random.Random(seed))
    try:
        membership = h.community_multilevel(weights="weight").membership
    finally:
        igraph.set_random_number_generator(random)
    groups: dict[int, set[str]] = {}
    for v, group in zip(nodes, membership, strict=True):
        groups.setdefault(group, set()).add(v)
    return list(groups.values())
