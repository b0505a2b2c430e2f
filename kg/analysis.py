"""Network measures over extracted statements: who is central, who brokers, who cooperates with whom.

Plain functions in the networkx habit: each takes statements or a graph and returns data, so a
notebook can call them one by one; :func:`report` runs them all for ``kg report``.

Two projections of the statements:

* :func:`statement_graph` — a ``MultiDiGraph`` with one edge per statement (relation, date, article,
  confidence, evidence): nothing is lost, it is what ``kg export`` writes.
* :func:`actor_graph` — a ``DiGraph`` with one arc per ordered actor pair, weighted by the number of
  distinct articles that support it. A symmetric relation (negotiated-with, agreed-with, allied-with,
  rival-of) gives arcs both ways, since neither side is the source. :func:`interaction_graph` folds it
  into an undirected ``Graph`` for the path-based measures and communities: a broker is someone
  between two actors who deal with each other, whichever of them spoke first.
"""

from __future__ import annotations

import gc
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from typing import NamedTuple

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from . import fastgraph
from .model import Actor, Statement
from .vocab import relations

#: Measures a report can be sorted by; the first is the default.
SORT_KEYS = ("degree", "strength", "pagerank", "betweenness", "closeness", "in_degree", "out_degree")
#: Components up to this many actors get exact betweenness and closeness unless a sample size is given.
EXACT_LIMIT = 2500  # exact there: about 1.4 s (2,500 actors, 16,000 pairs); 5.6 s at 5,000
#: Sources sampled per large component when the caller does not choose (see benchmarks/report_scale.py).
DEFAULT_SAMPLES = 256
_BATCH = 32  # BFS sources handled together in one sparse product
_GROUP = 512  # actors of small components measured together
_DENSE_RATIO = 8  # a frontier is multiplied densely beyond 1/_DENSE_RATIO of a dense product's work
#: The stages of :func:`report`, in order, as passed to its ``progress`` callback.
STEPS = ("actor graph", "betweenness and closeness", "pagerank", "articulation points", "communities",
         "cooperation")


def statement_graph(statements: Iterable[Statement]) -> nx.MultiDiGraph:
    """One node per actor (label, type, wikidata) and one edge per statement, with its provenance."""
    rels = relations()
    g = nx.MultiDiGraph()
    for st in statements:
        for actor in (st.subject, st.object):
            if actor.label not in g:
                g.add_node(actor.label, **_actor_attrs(actor))
        rel = rels[st.relation]
        attrs = {
            "relation": st.relation,
            "family": rel.family,
            "goldstein": rel.goldstein,
            "symmetric": rel.symmetric,
            "article": st.article_id,
            "confidence": st.confidence,
            "evidence": st.evidence,
        }
        if st.date is not None:
            attrs["date"] = st.date.isoformat()
        g.add_edge(st.subject.label, st.object.label, **attrs)
    return g


def _actor_attrs(actor: Actor) -> dict[str, str]:
    attrs = {"type": actor.type}
    if actor.wikidata:
        attrs["wikidata"] = actor.wikidata
    return attrs


def actor_graph(statements: Iterable[Statement]) -> nx.DiGraph:
    """Collapsed actor graph: ``weight`` = distinct articles supporting an arc, ``relations`` = their counts.

    Every actor named by a statement is a node, even one whose only statements are about itself
    (self-loops carry no information about position in the network and are left out of the arcs).
    """
    symmetric = {slug for slug, rel in relations().items() if rel.symmetric}
    actors: dict[str, Actor] = {}
    supports: set[tuple[str, str, str]] = set()  # (subject, object, article)
    kinds: Counter[tuple[str, str, str]] = Counter()  # (subject, object, relation)
    for st in statements:
        s, o = st.subject.label, st.object.label
        actors.setdefault(s, st.subject)
        actors.setdefault(o, st.object)
        if s == o:
            continue
        supports.add((s, o, st.article_id))
        kinds[s, o, st.relation] += 1
        if st.relation in symmetric:
            supports.add((o, s, st.article_id))
            kinds[o, s, st.relation] += 1
    by_arc: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for (s, o, rel), count in kinds.items():
        by_arc[s, o][rel] = count
    weights = Counter((s, o) for s, o, _ in supports)
    order = {label: i for i, label in enumerate(sorted(actors))}
    g = nx.DiGraph()
    g.add_nodes_from((label, _actor_attrs(actors[label])) for label in order)
    # Insertion order fixes neighbour order, which seeded Louvain depends on: sort (by integer rank,
    # far cheaper than comparing label pairs) so the same graph gives the same report in every process.
    g.add_edges_from(
        (s, o, {"weight": weights[s, o], "relations": dict(sorted(by_arc[s, o].items()))})
        for s, o in sorted(by_arc, key=lambda arc: (order[arc[0]], order[arc[1]]))
    )
    return g


def interaction_graph(d: nx.DiGraph, statements: Iterable[Statement] | None = None) -> nx.Graph:
    """Undirected view of an actor graph; ``weight`` = distinct articles linking the pair either way.

    The article count of a pair is not the sum of its two arcs (one article may support both), so
    pass the statements to count it exactly; without them the larger of the two arcs is used.
    """
    g = nx.Graph()
    g.add_nodes_from(d.nodes(data=True))
    if statements is not None:
        supports = {
            (s, o, st.article_id) if s < o else (o, s, st.article_id)
            for st in statements
            if (s := st.subject.label) != (o := st.object.label)
        }
        weights = Counter((s, o) for s, o, _ in supports)
        order = {label: i for i, label in enumerate(g)}
        g.add_edges_from((s, o, {"weight": weights[s, o]})
                         for s, o in sorted(weights, key=lambda pair: (order[pair[0]], order[pair[1]])))
    else:
        for s, o, w in d.edges(data="weight"):
            if not g.has_edge(s, o) or g[s][o]["weight"] < w:
                g.add_edge(s, o, weight=w)
    return g


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
    betweenness, closeness = _csr_path_measures(adj, len(nodes), samples, seed)
    return dict(zip(nodes, betweenness.tolist(), strict=True)), dict(zip(nodes, closeness.tolist(), strict=True))


def _csr_path_measures(adj, n: int, samples: int | None, seed: int) -> tuple[np.ndarray, np.ndarray]:
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


def cut_off(g: nx.Graph) -> dict[str, int]:
    """For each actor, how many others its removal cuts off from the rest of its component.

    Zero for actors that are not articulation points; otherwise the actors outside the largest piece
    that remains. One depth-first search (Hopcroft–Tarjan) with subtree sizes.
    """
    nodes = list(g)
    if not nodes:
        return {}
    adj = nx.to_scipy_sparse_array(g, nodelist=nodes, weight=None, format="csr")
    return dict(zip(nodes, _cut_off(adj).tolist(), strict=True))


def _cut_off(adj) -> np.ndarray:
    """:func:`cut_off` on the symmetric adjacency matrix of actors numbered 0..n-1.

    scipy runs the depth-first search in C; one extra vertex linked to the first actor of each component
    makes the whole forest one search. Lowpoints and subtree sizes then follow from the discovery order.
    """
    n = adj.shape[0]
    adj = sparse.csr_array(adj)
    adj.setdiag(0)
    adj.eliminate_zeros()
    count, labels = csgraph.connected_components(adj, directed=False)
    roots = np.unique(labels, return_index=True)[1]
    hub = np.full(count, n)
    forest = sparse.block_array([[adj, None], [None, sparse.csr_array((1, 1))]], format="csr")
    forest = forest + sparse.csr_array((np.ones(2 * count), (np.r_[hub, roots], np.r_[roots, hub])),
                                       shape=(n + 1, n + 1))
    order, parent = csgraph.depth_first_order(forest, n, directed=True, return_predecessors=True)
    order = order[1:]  # the actors, the extra vertex left out
    disc = np.empty(n + 1, dtype=np.int64)
    disc[order] = np.arange(1, n + 1)
    disc[n] = 0
    rows = np.repeat(np.arange(n), np.diff(adj.indptr))
    back = adj.indices != parent[rows]  # every edge but the one to the parent
    low = disc[:n].copy()
    np.minimum.at(low, rows[back], disc[adj.indices[back]])
    size = np.ones(n, dtype=np.int64)
    low_list, size_list, parent_list = low.tolist(), size.tolist(), parent.tolist()
    for v in reversed(order.tolist()):  # children before parents
        p = parent_list[v]
        if p != n:
            size_list[p] += size_list[v]
            if low_list[v] < low_list[p]:
                low_list[p] = low_list[v]
    low, size = np.array(low_list), np.array(size_list)
    child = order[parent[order] != n]
    above = parent[child]
    hangs = low[child] >= disc[above]  # the child's subtree hangs on its parent alone
    child, above = child[hangs], above[hangs]
    detached, biggest, pieces = np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, np.int64)
    np.add.at(detached, above, size[child])
    np.maximum.at(biggest, above, size[child])
    np.add.at(pieces, above, 1)
    others = np.bincount(labels)[labels] - 1
    rest = np.where(parent[:n] == n, 0, others - detached)  # the piece holding the actor's parent
    return np.where(pieces + (rest > 0) >= 2, others - np.maximum(biggest, rest), 0)


def communities(g: nx.Graph, seed: int = 0) -> list[set[str]]:
    """Louvain communities on article weights, largest first; ``seed`` makes them reproducible.

    By igraph where it is installed (:mod:`kg.fastgraph`: twenty times faster), else by networkx; the two
    find the same communities where they are clear-cut, and partitions of equal modularity elsewhere.
    """
    if g.number_of_edges() == 0:
        return [{v} for v in sorted(g)]
    if fastgraph.available():
        found = fastgraph.communities(g, seed)
    else:
        found = nx.community.louvain_communities(g, weight="weight", seed=seed)
    return sorted(found, key=lambda c: (-len(c), min(c)))


def pagerank(d: nx.DiGraph) -> dict[str, float]:
    """PageRank on article weights: high for actors acted upon or dealt with by prominent actors."""
    if d.number_of_nodes() == 0:
        return {}
    return nx.pagerank(d, weight="weight")


class PairBalance(NamedTuple):
    """Cooperation and conflict between two actors, summed over distinct statements in both directions.

    A named tuple (immutable, ``_asdict()``): a report at 500k statements holds about 400k of them, which
    a frozen dataclass took two seconds to create."""

    actor_a: str
    actor_b: str
    statements: int
    cooperative: int
    conflictual: int
    structural: int
    net: float  # sum of Goldstein weights: > 0 cooperation dominates, < 0 conflict


def cooperation(statements: Iterable[Statement]) -> list[PairBalance]:
    """Net cooperation per actor pair (Goldstein weights from the ontology), most cooperative first.

    Repeats of the same triple within one article count once, as in the gold standard.
    """
    rels = relations()
    distinct = set()
    for st in statements:
        s, o = st.subject.label, st.object.label
        if s != o:
            if rels[st.relation].symmetric and o < s:
                s, o = o, s
            distinct.add((st.article_id, s, st.relation, o))
    tally: Counter[tuple[str, str, str]] = Counter(
        (min(s, o), max(s, o), rel) for _, s, rel, o in distinct
    )
    column = {"cooperative": 0, "conflictual": 1, "structural": 2}
    per_pair: dict[tuple[str, str], list] = {}
    for (a, b, rel), count in tally.items():
        sums = per_pair.setdefault((a, b), [0, 0, 0, 0.0])  # cooperative, conflictual, structural, net
        sums[column[rels[rel].family]] += count
        sums[3] += count * rels[rel].goldstein
    balances = [
        PairBalance(a, b, coop + conf + struct, coop, conf, struct, round(net, 3))
        for (a, b), (coop, conf, struct, net) in per_pair.items()
    ]
    return sorted(balances, key=lambda p: (-p.net, -p.statements, p.actor_a, p.actor_b))


def ranks(values: dict[str, float]) -> dict[str, int]:
    """Competition ranks (1, 2, 2, 4) from highest to lowest value."""
    ordered = sorted(((node, round(value, 12)) for node, value in values.items()), key=lambda kv: -kv[1])
    result: dict[str, int] = {}
    previous, rank = None, 0
    for position, (node, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        result[node] = rank
    return result


@dataclass
class Report:
    """Everything ``kg report`` shows for one set of statements (one period, or all of them)."""

    period: str | None
    statements: int
    actors: int
    pairs: int
    components: int
    largest_component: int
    samples: int | None  # sources per large component; None = exact
    seed: int
    measures: list[dict] = field(default_factory=list)
    brokers: list[dict] = field(default_factory=list)
    balances: list[PairBalance] = field(default_factory=list)
    communities: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def report(
    statements: Iterable[Statement],
    *,
    sort: str = SORT_KEYS[0],
    samples: int | None | str = "auto",
    seed: int = 0,
    period: str | None = None,
    progress: Callable[[str], object] | None = None,
) -> Report:
    """Measure every actor of the statements and rank them by ``sort`` (see :data:`SORT_KEYS`).

    ``samples`` is the number of BFS sources per large component for betweenness and closeness:
    ``None`` for exact, ``"auto"`` for exact up to :data:`EXACT_LIMIT` actors per component and
    :data:`DEFAULT_SAMPLES` beyond (exact is by igraph where installed, but still quadratic: about 6 minutes
    at 50,000 actors). ``progress`` is called with the name of each of the
    :data:`STEPS` as it starts (for a progress bar). Raises ``ValueError`` when there is no statement.
    """
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown measure {sort!r}; use one of {', '.join(SORT_KEYS)}")
    statements = list(statements)
    if not statements:
        raise ValueError("no statements to measure")
    with _gc_paused():
        return _report(statements, sort, samples, seed, period, progress or (lambda step: None))


def _graph_measures(statements: list[Statement], samples: int | None | str, seed: int,
                    progress: Callable[[str], object]) -> dict:
    """Every per-actor measure of a report, by networkx graphs: the reference."""
    progress(STEPS[0])
    directed = actor_graph(statements)
    g = interaction_graph(directed, statements)
    components = sorted((len(c) for c in nx.connected_components(g)), reverse=True)
    if samples == "auto":
        samples = DEFAULT_SAMPLES if components[0] > EXACT_LIMIT else None
    progress(STEPS[1])
    betweenness, closeness = path_measures(g, samples, seed)
    progress(STEPS[2])
    rank_pr = pagerank(directed)
    progress(STEPS[3])
    cuts = cut_off(g)
    progress(STEPS[4])
    groups = communities(g, seed)
    progress(STEPS[5])
    return {
        "types": {v: attrs.get("type", "") for v, attrs in g.nodes(data=True)},
        "components": components, "samples": samples, "pairs": g.number_of_edges(),
        "degree": dict(g.degree()), "in_degree": dict(directed.in_degree()),
        "out_degree": dict(directed.out_degree()), "strength": dict(g.degree(weight="weight")),
        "in_strength": dict(directed.in_degree(weight="weight")),
        "out_strength": dict(directed.out_degree(weight="weight")),
        "betweenness": betweenness, "closeness": closeness, "pagerank": rank_pr, "cut_off": cuts,
        "groups": groups, "balances": cooperation(statements),
    }


def _array_measures(statements: list[Statement], samples: int | None | str, seed: int,
                    progress: Callable[[str], object]) -> dict:
    """:func:`_graph_measures` from integer arrays (:func:`kg.fastgraph.actor_arrays`) and igraph, with no
    networkx graph built: the same figures, a few times faster on large graphs."""
    progress(STEPS[0])
    a = fastgraph.actor_arrays(statements)
    n = a.n
    both = np.concatenate([a.low, a.high]), np.concatenate([a.high, a.low])
    adj = sparse.csr_array((np.ones(2 * len(a.low)), both), shape=(n, n))
    _, labels = csgraph.connected_components(adj, directed=False)
    components = sorted(np.bincount(labels).tolist(), reverse=True)
    if samples == "auto":
        samples = DEFAULT_SAMPLES if components[0] > EXACT_LIMIT else None
    progress(STEPS[1])
    h = fastgraph.interaction_igraph(a, weighted=True)
    if samples is None:
        betweenness, closeness = fastgraph.igraph_paths(h if n > 1 else None, n)
    else:
        if samples < 2:
            raise ValueError(f"samples must be at least 2 (or None for exact), not {samples}")
        b, c = _csr_path_measures(adj if n > 1 else None, n, samples, seed)
        betweenness, closeness = b.tolist(), c.tolist()
    progress(STEPS[2])
    arcs = sparse.csr_array((a.arc_weight.astype(float), (a.arc_source, a.arc_target)), shape=(n, n))
    rank_pr = _pagerank_matrix(arcs)
    progress(STEPS[3])
    cuts = _cut_off(adj)
    progress(STEPS[4])
    if len(a.low) == 0:
        groups = [{v} for v in a.labels]
    else:
        found: dict[int, set[str]] = {}
        for v, group in zip(a.labels, fastgraph.membership(h, seed), strict=True):
            found.setdefault(group, set()).add(v)
        groups = sorted(found.values(), key=lambda c: (-len(c), min(c)))
    progress(STEPS[5])

    def per_actor(values) -> dict:
        return dict(zip(a.labels, values.tolist() if isinstance(values, np.ndarray) else values, strict=True))

    def count(index: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(index, weights, minlength=n).astype(np.int64)

    return {
        "types": per_actor(a.types), "components": components, "samples": samples, "pairs": len(a.low),
        "degree": per_actor(count(a.low) + count(a.high)), "in_degree": per_actor(count(a.arc_target)),
        "out_degree": per_actor(count(a.arc_source)),
        "strength": per_actor(count(a.low, a.weight) + count(a.high, a.weight)),
        "in_strength": per_actor(count(a.arc_target, a.arc_weight)),
        "out_strength": per_actor(count(a.arc_source, a.arc_weight)),
        "betweenness": per_actor(betweenness), "closeness": per_actor(closeness), "pagerank": per_actor(rank_pr),
        "cut_off": per_actor(cuts), "groups": groups, "balances": _array_cooperation(a),
    }


def _pagerank_matrix(arcs, alpha: float = 0.85, max_iter: int = 100, tol: float = 1.0e-6) -> np.ndarray:
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


def _array_cooperation(a: fastgraph.ActorArrays) -> list[PairBalance]:
    """:func:`cooperation` on the arrays of :func:`kg.fastgraph.actor_arrays`."""
    rels = [relations()[slug] for slug in a.slugs]
    kinds, n = len(rels), a.n
    linked = a.subject != a.object
    s, o, r, art = a.subject[linked], a.object[linked], a.relation[linked], a.article[linked]
    swap = np.array([rel.symmetric for rel in rels], dtype=bool)[r] & (o < s)
    s, o = np.where(swap, o, s), np.where(swap, s, o)
    triples, counts = fastgraph._distinct_per_key((s * n + o) * kinds + r, art)  # distinct articles per triple
    s, rest = np.divmod(triples, n * kinds)
    o, r = np.divmod(rest, kinds)
    keys, inverse = np.unique((np.minimum(s, o) * n + np.maximum(s, o)) * kinds + r, return_inverse=True)
    tally = np.bincount(inverse, counts)  # per (pair, relation)
    pairs, at = np.unique(keys // kinds, return_inverse=True)
    r = keys % kinds
    family = np.array([("cooperative", "conflictual", "structural").index(rel.family) for rel in rels])[r]
    goldstein = np.array([rel.goldstein for rel in rels])[r]
    sums = [np.bincount(at, np.where(family == k, tally, 0), minlength=len(pairs)).astype(np.int64)
            for k in range(3)]
    net = np.array(list(map(round, np.bincount(at, tally * goldstein, minlength=len(pairs)).tolist(), repeat(3))))
    total = sums[0] + sums[1] + sums[2]
    low, high = pairs // n, pairs % n
    order = np.lexsort((high, low, -total, -net))
    names = np.array(a.labels, dtype=object)
    columns = (names[low[order]], names[high[order]], total[order], *(x[order] for x in sums), net[order])
    make = partial(tuple.__new__, PairBalance)  # PairBalance._make without its per-row length check in Python
    return list(map(make, zip(*(x.tolist() for x in columns), strict=True)))


def _report(statements: list[Statement], sort: str, samples: int | None | str, seed: int,
            period: str | None, progress: Callable[[str], object]) -> Report:
    found = (_array_measures if fastgraph.available() else _graph_measures)(statements, samples, seed, progress)
    samples, components, groups, rank_pr = found["samples"], found["components"], found["groups"], found["pagerank"]
    community_of = {v: i for i, members in enumerate(groups, start=1) for v in members}
    measures = ("degree", "in_degree", "out_degree", "strength", "in_strength", "out_strength", "betweenness",
                "closeness", "pagerank", "cut_off")
    rows = [{"actor": v, "type": kind, **{m: found[m][v] for m in measures}, "community": community_of[v]}
            for v, kind in found["types"].items()]
    # Round floats in the key so values equal but for rounding noise tie, and the label decides.
    rows.sort(key=lambda r: (-round(r[sort], 12), -r["degree"], -r["strength"], -round(r["pagerank"], 12),
                             r["actor"]))
    rows = [{"rank": position, **row} for position, row in enumerate(rows, start=1)]

    notes = []
    if len(rows) == 1:
        notes.append(f"only one actor ({rows[0]['actor']}): there is no network to measure")
    elif found["pairs"] == 0:
        notes.append("no two distinct actors are linked: every measure is zero")
    elif len(components) > 1:
        notes.append(
            f"{len(components)} separate components (largest: {components[0]} of {len(rows)} actors); "
            "betweenness and closeness are measured within each"
        )
    if samples is not None and components[0] > samples:
        notes.append(
            f"betweenness and closeness estimated from {samples} sampled sources per component "
            f"(seed {seed}); use --samples 0 for exact values"
        )

    balances = found["balances"]
    return Report(
        period=period,
        statements=len(statements),
        actors=len(rows),
        pairs=found["pairs"],
        components=len(components),
        largest_component=components[0],
        samples=samples,
        seed=seed,
        measures=rows,
        brokers=brokers(rows),
        balances=balances,
        communities=[
            {"community": i, "size": len(members),
             "members": sorted(members, key=lambda v: (-rank_pr[v], v))}
            for i, members in enumerate(groups, start=1)
        ],
        notes=notes,
    )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector: building millions of small tuples and dicts otherwise triggers
    full collections that rescan every live statement (half the report's time at 500k statements)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def add_measures(g: nx.Graph, rep: Report) -> None:
    """Copy a report's per-actor measures onto the nodes of ``g`` (for Gephi or Cytoscape to size
    and colour by the same numbers the report shows)."""
    for row in rep.measures:
        if row["actor"] in g:
            g.nodes[row["actor"]].update({k: v for k, v in row.items() if k not in ("actor", "type")})


def brokers(rows: list[dict]) -> list[dict]:
    """Actors who hold the network together: articulation points, and those who rank higher
    on betweenness than on degree (they link others more than their number of ties suggests)."""
    by_betweenness = ranks({r["actor"]: r["betweenness"] for r in rows})
    by_degree = ranks({r["actor"]: r["degree"] for r in rows})
    found = [
        {
            "actor": r["actor"],
            "type": r["type"],
            "betweenness": r["betweenness"],
            "betweenness_rank": by_betweenness[r["actor"]],
            "degree": r["degree"],
            "degree_rank": by_degree[r["actor"]],
            "cut_off": r["cut_off"],
        }
        for r in rows
        if r["betweenness"] > 0
        and (r["cut_off"] > 0 or by_betweenness[r["actor"]] < by_degree[r["actor"]])
    ]
    return sorted(found, key=lambda b: (-b["cut_off"], -b["betweenness"], b["actor"]))

