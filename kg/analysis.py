"""Network measures over extracted statements: who is central, who brokers, who cooperates with whom.

Plain functions in the networkx habit: each takes statements or a graph and returns data, so a
notebook can call them one by one; :func:`report` runs them all for ``kg report``.

Two projections of the statements (:mod:`kg.networks`):

* :func:`statement_graph` — a ``MultiDiGraph`` with one edge per statement (relation, date, article,
  confidence, evidence): nothing is lost, it is what ``kg export`` writes.
* :func:`actor_graph` — a ``DiGraph`` with one arc per ordered actor pair, weighted by the number of
  distinct articles that support it. A symmetric relation (negotiated-with, agreed-with, allied-with,
  rival-of) gives arcs both ways, since neither side is the source. :func:`interaction_graph` folds it
  into an undirected ``Graph`` for the path-based measures and communities: a broker is someone
  between two actors who deal with each other, whichever of them spoke first.

This module ranks and reports; the measures live in modules of their own, and their public names are
re-exported here: centrality in :mod:`kg.centrality`, articulation points and communities in
:mod:`kg.cohesion`, pair balances in :mod:`kg.balances`, all of a report's measures at once in
:mod:`kg.measures`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import networkx as nx

from . import fastgraph
from .balances import PairBalance, cooperation
from .centrality import DEFAULT_SAMPLES, EXACT_LIMIT, pagerank, path_measures
from .cohesion import communities, cut_off
from .measures import STEPS, array_measures, graph_measures
from .model import Statement
from .networks import actor_graph, interaction_graph, statement_graph

__all__ = ["SORT_KEYS", "EXACT_LIMIT", "DEFAULT_SAMPLES", "STEPS", "statement_graph", "actor_graph",
           "interaction_graph", "path_measures", "cut_off", "communities", "pagerank", "PairBalance",
           "cooperation", "ranks", "Report", "report", "add_measures", "brokers"]

#: Measures a report can be sorted by; the first is the default.
SORT_KEYS = ("degree", "strength", "pagerank", "betweenness", "closeness", "in_degree", "out_degree")


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


def _report(statements: list[Statement], sort: str, samples: int | None | str, seed: int,
            period: str | None, progress: Callable[[str], object]) -> Report:
    found = (array_measures if fastgraph.available() else graph_measures)(statements, samples, seed, progress)
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

