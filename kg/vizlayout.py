"""Positions for a page too large for in-browser physics: computed once in Python, in seconds at 5,000 actors.

Kept apart from ``kg.viz`` (which builds the page): this is the one numeric job of the page, and
``kg.viz.layout`` still names it.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict

import networkx as nx


def layout(g: nx.Graph, seed: int = 0, core: int = 250) -> dict[str, tuple[int, int]]:
    """Positions in pixels for a graph too large for in-browser physics, in seconds at 5,000 actors.

    networkx' spring layout takes about a minute on 5,000 nodes, so each connected component gets
    a spring layout of its ``core`` best-connected actors only; every other actor is placed on a
    ring around the neighbour that reached it first (breadth-first), and the components are packed
    in rows, largest first, each scaled to its size.
    """
    undirected = nx.Graph()  # actors in label order: a view's own order follows a set's
    undirected.add_nodes_from(sorted(g))
    undirected.add_edges_from(g.edges())
    rng = random.Random(seed)
    components = sorted(nx.connected_components(undirected), key=lambda c: (-len(c), min(c)))
    placed: list[tuple[dict[str, tuple[float, float]], int]] = []
    for comp in components:
        placed.append((_component_layout(undirected.subgraph(comp), rng, core), len(comp)))
    return _pack(placed)


def _component_layout(g: nx.Graph, rng: random.Random, core: int) -> dict[str, tuple[float, float]]:
    """Unit-scale positions for one connected component."""
    n = len(g)
    if n <= 2:
        return {v: (float(i), 0.0) for i, v in enumerate(sorted(g))}
    by_degree = sorted(g, key=lambda v: (-g.degree(v), v))
    if n <= 10:  # small ones (often hundreds of them) hang around their hub: no spring layout to pay for
        core = 1
    centre = set(by_degree[:core])
    if core == 1:
        pos = {by_degree[0]: (0.0, 0.0)}
    else:
        spring = nx.Graph()  # in degree order: a subgraph's own order follows a set's, which varies by run
        spring.add_nodes_from(by_degree[:core])
        spring.add_edges_from(g.subgraph(centre).edges())
        pos = {v: (float(x), float(y)) for v, (x, y) in nx.spring_layout(spring, seed=rng.randrange(2**31)).items()}
    if n == len(centre):
        return pos
    spacing = 1.2 / math.sqrt(len(centre))
    children: dict[str, list[str]] = defaultdict(list)
    seen = set(centre)
    frontier = by_degree[:core]
    while frontier:
        following = []
        for parent in frontier:
            for child in sorted(g[parent]):
                if child not in seen:
                    seen.add(child)
                    children[parent].append(child)
                    following.append(child)
        frontier = following
    queue = list(by_degree[:core])
    for parent in queue:  # grows as children are placed, so rings hang off rings
        kids = children.get(parent, [])
        if not kids:
            continue
        px, py = pos[parent]
        radius = spacing * (0.45 + 0.08 * math.sqrt(len(kids)))
        turn = rng.random() * 2 * math.pi
        for i, kid in enumerate(kids):
            angle = turn + 2 * math.pi * i / len(kids)
            pos[kid] = (px + radius * math.cos(angle), py + radius * math.sin(angle))
        queue.extend(kids)
    return pos


def _pack(parts: list[tuple[dict[str, tuple[float, float]], int]]) -> dict[str, tuple[int, int]]:
    """Shelf-pack component layouts (largest first) into pixel coordinates."""
    unit = 40.0  # pixels per actor along one side of its share of the area
    total = sum(size for _, size in parts)
    row_width = unit * math.sqrt(total) * 1.6
    result: dict[str, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for pos, size in parts:
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        left, top = min(xs), min(ys)
        span = max(max(xs) - left, max(ys) - top) or 1.0
        scale = unit * math.sqrt(size) * 1.4 / span
        width = (max(xs) - left) * scale + unit
        height = (max(ys) - top) * scale + unit
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for v, (px, py) in pos.items():
            result[v] = (round(x + (px - left) * scale), round(y + (py - top) * scale))
        x += width
        row_height = max(row_height, height)
    return result
