"""Every per-actor measure of a report, two ways: by networkx graphs (the reference) or from integer arrays and
igraph (the same figures, a few times faster on large graphs). :func:`kg.analysis.report` ranks what they return.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from . import fastgraph
from .balances import array_cooperation, cooperation
from .centrality import DEFAULT_SAMPLES, EXACT_LIMIT, csr_pagerank, csr_path_measures, pagerank, path_measures
from .cohesion import communities, csr_cut_off, cut_off
from .model import Statement
from .networks import actor_graph, interaction_graph

#: The stages of :func:`kg.analysis.report`, in order, as passed to its ``progress`` callback.
STEPS = ("actor graph", "betweenness and closeness", "pagerank", "articulation points", "communities",
         "cooperation")


def graph_measures(statements: list[Statement], samples: int | None | str, seed: int,
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


def array_measures(statements: list[Statement], samples: int | None | str, seed: int,
                   progress: Callable[[str], object]) -> dict:
    """:func:`graph_measures` from integer arrays (:func:`kg.fastgraph.actor_arrays`) and igraph, with no
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
        b, c = csr_path_measures(adj if n > 1 else None, n, samples, seed)
        betweenness, closeness = b.tolist(), c.tolist()
    progress(STEPS[2])
    arcs = sparse.csr_array((a.arc_weight.astype(float), (a.arc_source, a.arc_target)), shape=(n, n))
    rank_pr = csr_pagerank(arcs)
    progress(STEPS[3])
    cuts = csr_cut_off(adj)
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
        "cut_off": per_actor(cuts), "groups": groups, "balances": array_cooperation(a),
    }

