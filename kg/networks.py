"""Statements as networkx graphs: the two projections the measures of :mod:`kg.analysis` run on.

* :func:`statement_graph` — a ``MultiDiGraph`` with one edge per statement (relation, date, article,
  confidence, evidence): nothing is lost, it is what ``kg export`` writes.
* :func:`actor_graph` — a ``DiGraph`` with one arc per ordered actor pair, weighted by the number of
  distinct articles that support it. A symmetric relation (negotiated-with, agreed-with, allied-with,
  rival-of) gives arcs both ways, since neither side is the source. :func:`interaction_graph` folds it
  into an undirected ``Graph`` for the path-based measures and communities: a broker is someone
  between two actors who deal with each other, whichever of them spoke first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx

from .model import Actor, Statement
from .vocab import relations


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

