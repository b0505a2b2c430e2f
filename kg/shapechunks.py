"""Cut a dataset into small graphs that pyshacl checks one at a time with the same result as the whole.

Only for the shapes the SPARQL translation of :mod:`kg.shapecore` does not cover (none in today's
shapes.ttl): :func:`kg.validate.validate_store` skips the chunks when pyshacl has no targeted shape left.

The SPARQL-based constraints span graphs and run in Oxigraph (:mod:`kg.shapesparql`); every other
constraint of ontology/shapes.ttl looks only a short way from its focus node ``n``:

* ``n``'s own triples, in every named graph (an actor's label in one article and its type in another);
* ``rdf:type`` and ``kg:slug`` of the nodes ``n`` points to (sh:node, sh:class, the relation inventory);
* the schema: ``rdfs:subClassOf`` (targets and sh:class) and ``kg:slug`` (which predicates are relations).

A :class:`Chunk` holds a few articles' worth of focus nodes with exactly that, so pyshacl finds the same
results for them as on the whole graph. Other nodes appear in a chunk with partial data (the actor a
statement points to, typed but unlabelled); their results belong to the chunk that owns them and are
dropped here. Each subject of the dataset is owned by exactly one chunk, the first whose graph has it as
subject: an article's statements stay together, and an actor goes with the first article that mentions it.
Every triple is looked up by index a bounded number of times, so the work grows linearly.

If shapes.ttl gains a core constraint that looks further (a longer sh:path, sh:node on a value's values),
:func:`description` must follow it; tests/test_validate.py compares with the whole-graph check.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, RDFS

from .vocab import KG

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = tuple[Term, Term, Term]

_TYPE, _SLUG, _SUBCLASS = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG.slug)), ox.NamedNode(str(RDFS.subClassOf))
#: Triples every chunk carries: what makes a class a subclass and a property a relation.
SCHEMA = (_SUBCLASS, _SLUG)


@dataclass
class Chunk:
    """Focus nodes owned by this chunk, with every triple their shapes read."""

    graphs: list[Term] = field(default_factory=list)  # the graphs whose subjects it owns, in order
    owned: dict[Term, Term] = field(default_factory=dict)  # focus node -> the graph it was found in
    triples: set[Triple] = field(default_factory=set)


def _triples(store: ox.Store, s: Term | None, p: Term | None, o: Term | None) -> Iterator[Triple]:
    for quad in store.quads_for_pattern(s, p, o, None):
        yield quad.subject, quad.predicate, quad.object


def schema(store: ox.Store) -> set[Triple]:
    return {t for p in SCHEMA for t in _triples(store, None, p, None)}


def description(store: ox.Store, node: Term) -> set[Triple]:
    """Every triple the shapes read when ``node`` is their focus (see the module docstring)."""
    own = set(_triples(store, node, None, None))
    found = set(own)
    for _, _, value in own:
        if not isinstance(value, ox.Literal):
            found.update(_triples(store, value, _TYPE, None))
            found.update(_triples(store, value, _SLUG, None))
    return found


def graphs_in_order(store: ox.Store) -> list[Term]:
    """The named graphs by IRI (a stable order, the same in every run), then the default graph: a node
    written in an article's graph is owned there, and named after that article, even if the default graph
    also says something about it."""
    return [*sorted(store.named_graphs(), key=str), ox.DefaultGraph()]


def chunks(store: ox.Store, size: int = 3000) -> Iterator[Chunk]:
    """Chunks of whole graphs, each closed once it holds about ``size`` triples."""
    context = schema(store)
    owned: set[Term] = set()
    chunk = Chunk(triples=set(context))
    for graph in graphs_in_order(store):
        chunk.graphs.append(graph)
        for quad in store.quads_for_pattern(None, None, None, graph):
            node = quad.subject
            if node in owned:
                continue
            owned.add(node)
            chunk.owned[node] = graph
            chunk.triples |= description(store, node)
        if len(chunk.triples) >= size:
            yield chunk
            chunk = Chunk(triples=set(context))
    if chunk.owned:
        yield chunk
