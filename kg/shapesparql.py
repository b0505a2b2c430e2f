"""The shapes' SPARQL-based constraints (sh:sparql), run once by Oxigraph over the union of all graphs.

They are the constraints that span graphs (a statement's direct triple, the statement behind a relation
triple may sit in any article's graph), and pyshacl runs them worst: it parses the query text again for
every focus node (25 ms each, nine tenths of its time on kg graphs). Oxigraph answers each query once for
all focus nodes, as SHACL defines it: the query's solutions with ``$this`` among the shape's targets, one
result per distinct solution (a triple held by two graphs counts once, as in the merged graph pyshacl sees).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, RDFS, SH

_PROJECTION = re.compile(r"SELECT\s+(DISTINCT\s+)?[^{]*?WHERE", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    focus: ox.NamedNode | ox.BlankNode
    message: str


def _targets_queries(shapes: Graph, shape) -> list[str]:
    """SELECTs of ?this whose answers together are the targets of ``shape`` (none when it has no target)."""
    queries = []
    for cls in shapes.objects(shape, SH.targetClass):
        queries.append(f"SELECT ?this WHERE {{ ?this a/<{RDFS.subClassOf}>* <{cls}> }}")
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        queries.append(f"SELECT ?this WHERE {{ ?this <{prop}> ?any }}")
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        queries.append(f"SELECT ?this WHERE {{ ?any <{prop}> ?this }}")
    for node in shapes.objects(shape, SH.targetNode):
        queries.append(f"SELECT ?this WHERE {{ VALUES ?this {{ <{node}> }} }}")
    for target in shapes.objects(shape, SH.target):
        select = shapes.value(target, SH.select)
        if select is not None:
            queries.append(str(select))
    return queries


def _select(store: ox.Store, query: str) -> Iterator[ox.QuerySolution]:
    yield from store.query(query, use_default_graph_as_union=True)


def sparql_violations(store: ox.Store, shapes: Graph) -> Iterator[Found]:
    """One :class:`Found` per distinct solution of each sh:sparql constraint on a target of its shape."""
    for shape, constraint in shapes.subject_objects(SH.sparql):
        if (constraint, SH.deactivated, Literal(True)) in shapes:
            continue
        queries = _targets_queries(shapes, shape)
        if not queries:  # a nested shape's constraint: pyshacl runs it (see without_sparql)
            continue
        targets = {row["this"] for query in queries for row in _select(store, query)}
        message = shapes.value(constraint, SH.message) or shapes.value(shape, SH.message)
        query = _PROJECTION.sub("SELECT * WHERE", str(shapes.value(constraint, SH.select)), count=1)
        query = query.replace("$this", "?this")
        solutions = store.query(query, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        seen = set()
        for row in solutions:
            key = tuple(row[name] for name in names)
            if key in seen or row["this"] not in targets:
                continue
            seen.add(key)
            yield Found(row["this"], str(message) if message is not None else "constraint violated")


def _targeted(shapes: Graph, shape) -> bool:
    return bool(_targets_queries(shapes, shape))


def without_sparql(shapes: Graph) -> Graph:
    """The shapes less the sh:sparql constraints :func:`sparql_violations` runs, and less the shapes that
    had nothing else to check (a SPARQL constraint of a nested shape, without targets, stays for pyshacl)."""
    kept = Graph()
    for prefix, namespace in shapes.namespaces():  # pyshacl's default messages print terms with them
        kept.bind(prefix, namespace)
    for triple in shapes:
        kept.add(triple)
    stripped = set()
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        if _targeted(shapes, shape):
            kept.remove((shape, SH.sparql, constraint))
            _drop_tree(kept, constraint)
            stripped.add(shape)
    for shape in stripped:
        if all(p in _QUIET for p in kept.predicates(shape)):
            _drop_tree(kept, shape)
    return kept


#: What a shape can say besides constraints: a shape with nothing more left has nothing to check.
_QUIET = {RDF.type, SH.message, SH.name, SH.description, SH.severity, SH.target, SH.targetClass, SH.targetNode,
          SH.targetSubjectsOf, SH.targetObjectsOf, SH.deactivated, RDFS.comment, RDFS.label}


def _drop_tree(g: Graph, node) -> None:
    """Remove ``node``'s triples and, below it, those of the blank nodes it points to."""
    for _, _, value in list(g.triples((node, None, None))):
        if isinstance(value, BNode):
            _drop_tree(g, value)
    g.remove((node, None, None))
