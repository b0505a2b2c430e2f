"""Optional igraph fast path for the two costly measures of a report: exact betweenness and closeness,
and Louvain communities (``pip install 'kg-news[fast]'``).

igraph computes them in C: on the 50,000-actor benchmark graph exact betweenness takes seconds where the
numpy code needs sampled sources to stay under a minute, and Louvain about 4 s where networkx takes over a
minute (benchmarks/report_scale.py). networkx stays the reference: the same definitions and scalings,
checked against it in tests/test_analysis.py; without igraph, or with :data:`ENABLED` false, kg.analysis
uses its own code.

With igraph, :func:`kg.analysis.report` builds no networkx graph at all: :func:`actor_arrays` numbers the
actors, articles and relations of the statements and counts each link's articles with numpy, and igraph
(Louvain, exact paths) and scipy (sampled paths, PageRank) read those arrays; tests/test_fastgraph.py
checks every figure of the report against the networkx one.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter

import networkx as nx
import numpy as np

from .model import Actor, Statement
from .vocab import relations

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
    betweenness, closeness = igraph_paths(_to_igraph(g) if len(nodes) > 1 else None, len(nodes))
    return dict(zip(nodes, betweenness, strict=True)), dict(zip(nodes, closeness, strict=True))


def igraph_paths(h, n: int) -> tuple[list[float], list[float]]:
    """:func:`path_measures` on the igraph graph ``h`` of ``n`` vertices (None when fewer than two)."""
    if n < 2:
        return [0.0] * n, [0.0] * n
    raw = h.betweenness(directed=False)  # each unordered pair once
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    # igraph's closeness is within the reachable part; networkx scales it by the part's share of the graph
    reach = [1] * n
    for component in h.connected_components():
        for v in component:
            reach[v] = len(component)
    close = h.closeness(normalized=True)
    betweenness = [b * scale for b in raw]
    closeness = [0.0 if c != c else c * (reach[i] - 1) / (n - 1)  # NaN for an isolated actor
                 for i, c in enumerate(close)]
    return betweenness, closeness


def communities(g: nx.Graph, seed: int = 0) -> list[set[str]]:
    """Louvain (igraph's multilevel) on article weights, with igraph drawing from a generator seeded here."""
    nodes = list(g)
    groups: dict[int, set[str]] = {}
    for v, group in zip(nodes, membership(_to_igraph(g, "weight"), seed), strict=True):
        groups.setdefault(group, set()).add(v)
    return list(groups.values())


def membership(h, seed: int = 0) -> list[int]:
    """The Louvain community of each vertex of ``h`` (weighted by its ``weight`` edge attribute)."""
    igraph.set_random_number_generator(random.Random(seed))
    try:
        return h.community_multilevel(weights="weight").membership
    finally:
        igraph.set_random_number_generator(random)

def _distinct_per_key(keys: np.ndarray, items: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``keys`` in increasing order, and for each how many distinct ``items`` it comes with."""
    if len(keys) == 0:
        return keys, keys
    order = np.lexsort((items, keys))
    keys, items = keys[order], items[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = (keys[1:] != keys[:-1]) | (items[1:] != items[:-1])
    keys = keys[first]
    unique, counts = np.unique(keys, return_counts=True)
    return unique, counts


@dataclass
class ActorArrays:
    """The statements of a report as integer arrays: what :func:`kg.analysis.actor_graph` and
    :func:`kg.analysis.interaction_graph` hold, without a networkx graph in between.

    Actors are numbered in label order (the node order of both graphs); arcs and pairs are sorted by
    (first, second) number, the edge order of those graphs, so igraph gets the same graph as from them.
    """

    labels: list[str]
    types: list[str]
    subject: np.ndarray  # per statement, actor numbers, relation and article numbers
    object: np.ndarray
    relation: np.ndarray
    article: np.ndarray
    slugs: list[str]
    arc_source: np.ndarray  # distinct ordered pairs of the actor graph, with their article counts
    arc_target: np.ndarray
    arc_weight: np.ndarray
    low: np.ndarray  # distinct unordered pairs of the interaction graph (low < high), with article counts
    high: np.ndarray
    weight: np.ndarray

    @property
    def n(self) -> int:
        return len(self.labels)


def actor_arrays(statements: list[Statement]) -> ActorArrays:
    """Number the actors, articles and relations of ``statements`` and count the articles of each link."""
    rels = relations()
    count = len(statements)
    actors: list[Actor] = [None] * (2 * count)  # type: ignore[list-item]  # subject, object, subject, ...
    actors[0::2] = map(attrgetter("subject"), statements)
    actors[1::2] = map(attrgetter("object"), statements)
    names = list(map(attrgetter("label"), actors))
    first = dict(zip(reversed(names), reversed(actors), strict=True))  # the first actor of each label wins
    labels = sorted(first)
    number = {label: i for i, label in enumerate(labels)}
    ends = np.fromiter(map(number.__getitem__, names), np.int64, 2 * count)
    subject, obj = ends[0::2].copy(), ends[1::2].copy()
    slugs = list(rels)
    slug_number = {slug: i for i, slug in enumerate(slugs)}
    relation = np.fromiter(map(slug_number.__getitem__, map(attrgetter("relation"), statements)), np.int64, count)
    article_ids = list(map(attrgetter("article_id"), statements))
    articles = {article: i for i, article in enumerate(dict.fromkeys(article_ids))}
    article = np.fromiter(map(articles.__getitem__, article_ids), np.int64, count)
    n = len(labels)
    linked = subject != obj
    s, o, a, r = subject[linked], obj[linked], article[linked], relation[linked]
    symmetric = np.array([rels[slug].symmetric for slug in slugs])[r]
    arcs, arc_weight = _distinct_per_key(np.concatenate([s * n + o, o[symmetric] * n + s[symmetric]]),
                                         np.concatenate([a, a[symmetric]]))
    pairs, weight = _distinct_per_key(np.minimum(s, o) * n + np.maximum(s, o), a)
    return ActorArrays(labels, [first[label].type for label in labels], subject, obj, relation, article, slugs,
                       arcs // n, arcs % n, arc_weight, pairs // n, pairs % n, weight)


def interaction_igraph(arrays: ActorArrays, weighted: bool = False):
    """The interaction graph as igraph builds it from networkx (:func:`_to_igraph`), straight from the arrays."""
    edges = list(zip(arrays.low.tolist(), arrays.high.tolist(), strict=True))  # far faster than an array's rows
    h = igraph.Graph(n=arrays.n, edges=edges, directed=False)
    if weighted:
        h.es["weight"] = arrays.weight.tolist()
    return h
