"""Cut a dataset into small graphs that pyshacl checks one at a time with the same result as the whole.

pyshacl on the whole union grows faster than the graph (about an hour per million triples): its SPARQL
constraints scan the whole data graph for every focus node. But every shape of ontology/shapes.ttl looks
only a short way from its focus node ``n``:

* ``n``'s own triples, in every named graph (an actor's label in one article and its type in another);
* ``rdf:type`` and ``kg:slug`` of the nodes ``n`` points to (sh:node, sh:class, the relation inventory);
* for a statement, its direct triple ``s p o`` wherever it is;
* for a relation triple ``n p o``, the statements that reify it, wherever they are;
* the schema: ``rdfs:subClassOf`` (targets and sh:class) and ``kg:slug`` (which predicates are relations).

A :class:`Chunk` holds a few articles' worth of focus nodes with exactly that, so pyshacl finds the same
results for them as on the whole graph. Other nodes appear in a chunk with partial data (the actor a
statement points to, typed but unlabelled); their results belong to the chunk that owns them and are
dropped here. Each subject of the dataset is owned by exactly one chunk, the first whose graph has it as subject:
an article's statements stay together, and an actor goes with the first article that mentions it.
Every triple is looked up by index a bounded number of times, so the work grows linearly.

If shapes.ttl gains a constraint that looks further (a longer sh:path, a SPARQL query joining more
nodes), :func:`description` must follow it; tests/test_validate.py compares with the whole-graph check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, RDFS

from .vocab import KG

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = tuple[Term, Term, Term]

_TYPE, _SLUG, _SUBCLASS = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG.slug)), ox.NamedNode(str(RDFS.subClassOf))
_SUBJECT, _PREDICATE, _OBJECT = (ox.NamedNode(str(p)) for p in (RDF.subject, RDF.predicate, RDF.object))
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


def relation_properties(store: ox.Store) -> set[Term]:
    """Predicates with a kg:slug (the ontology's relations, if it was loaded with the data)."""
    return {s for s, _, _ in _triples(store, None, _SLUG, None)}


def schema(store: ox.Store) -> set[Triple]:
    return {t for p in SCHEMA for t in _triples(store, None, p, None)}


def description(store: ox.Store, node: Term, relations: set[Term]) -> set[Triple]:
    """Every triple the shapes read when ``node`` is their focus (see the module docstring)."""
    own = set(_triples(store, node, None, None))
    found = set(own)
    for _, _, value in own:
        if not isinstance(value, ox.Literal):
            found.update(_triples(store, value, _TYPE, None))
            found.update(_triples(store, value, _SLUG, None))
    # a statement: its direct triple, for every subject x predicate x object it claims
    parts = defaultdict(list)
    for _, p, o in own:
        if p in (_SUBJECT, _PREDICATE, _OBJECT):
            parts[p].append(o)
    for s in parts[_SUBJECT]:
        for p in parts[_PREDICATE]:
            for o in parts[_OBJECT]:
                if not isinstance(s, ox.Literal) and isinstance(p, ox.NamedNode):
                    found.update(_triples(store, s, p, o))
    # a relation triple node p o: the statements about it, indexed once per node so a hub stays linear
    claims = [(p, o) for _, p, o in own if p in relations]
    if claims:
        reifying: dict[tuple[Term, Term], set[Term]] = defaultdict(set)
        for statement, _, _ in _triples(store, None, _SUBJECT, node):
            preds = [o for _, _, o in _triples(store, statement, _PREDICATE, None)]
            objs = [o for _, _, o in _triples(store, statement, _OBJECT, None)]
            for p in preds:
                for o in objs:
                    reifying[p, o].add(statement)
        for p, o in claims:
            for statement in reifying.get((p, o), ()):
                found.update({(statement, _SUBJECT, node), (statement, _PREDICATE, p), (statement, _OBJECT, o)})
    return found


def graphs_in_order(store: ox.Store) -> list[Term]:
    """The named graphs by IRI (a stable order, the same in every run), then the default graph: a node
    written in an article's graph is owned there, and named after that article, even if the default graph
    also says something about it."""
    return [*sorted(store.named_graphs(), key=str), ox.DefaultGraph()]


def chunks(store: ox.Store, size: int = 3000) -> Iterator[Chunk]:
    """Chunks of whole graphs, each closed once it holds about ``size`` triples."""
    relations = relation_properties(store)
    owned: set[Term] = set()
    chunk = Chunk()
    for graph in graphs_in_order(store):
        chunk.graphs.append(graph)
        for quad in store.quads_for_pattern(None, None, None, graph):
            node = quad.subject
            if node in owned:
                continue
            owned.add(node)
            chunk.owned[node] = graph
            chunk.triples |= description(store, node, relations)
        if len(chunk.triples) >= size:
            yield chunk
            chunk = Chunk()
    if chunk.owned:
        yield chunk
