"""How a network holds together: the actors whose removal cuts others off, and its Louvain communities."""

from __future__ import annotations

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from . import fastgraph


def cut_off(g: nx.Graph) -> dict[str, int]:
    """For each actor, how many others its removal cuts off from the rest of its component.

    Zero for actors that are not articulation points; otherwise the actors outside the largest piece
    that remains. One depth-first search (Hopcroft–Tarjan) with subtree sizes.
    """
    nodes = list(g)
    if not nodes:
        return {}
    adj = nx.to_scipy_sparse_array(g, nodelist=nodes, weight=None, format="csr")
    return dict(zip(nodes, csr_cut_off(adj).tolist(), strict=True))


def csr_cut_off(adj) -> np.ndarray:
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

