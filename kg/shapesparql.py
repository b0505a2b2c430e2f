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
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SH

from .shapegraph import QUIET, copy_shapes, drop_tree

_PROJECTION = re.compile(r"SELECT\s+(DISTINCT\s+)?[^{]*?WHERE", re.IGNORECASE)
_NOT_EXISTS = re.compile(r"FILTER\s*NOT\s+EXISTS\s*\{([^{}]*)\}", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$](\w+)")
_BINDS_LATE = re.compile(r"\b(BIND|VALUES|OPTIONAL|UNION|MINUS|SERVICE|GRAPH|FILTER)\b", re.IGNORECASE)


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
        query = as_minus(query.replace("$this", "?this"))
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


def as_minus(query: str) -> str:
    """``query`` with each ``FILTER NOT EXISTS { triples }`` written ``MINUS { triples }`` where the two mean
    the same: the rest of the WHERE is triple patterns (and filters) only, so that every variable it has is
    bound, and the NOT EXISTS block is triple patterns sharing a variable with it. Oxigraph evaluates NOT
    EXISTS row by row without its indexes (8 s for 10k relation triples against 0.07 s as MINUS)."""
    open_at, close_at = query.find("{"), query.rstrip().rfind("}")
    if open_at < 0 or close_at != len(query.rstrip()) - 1:
        return query
    body = query[open_at + 1:close_at]
    rest = _NOT_EXISTS.sub(" ", body)
    if "{" in rest or "}" in rest or _BINDS_LATE.search(_FILTERS.sub(" ", rest)):
        return query
    outer = set(_VARIABLE.findall(_FILTERS.sub(" ", rest)))

    def minus(match: re.Match) -> str:
        inner = match.group(1)
        if _BINDS_LATE.search(inner) or not outer & set(_VARIABLE.findall(inner)):
            return match.group(0)
        return "MINUS {" + inner + "}"

    return query[:open_at + 1] + _NOT_EXISTS.sub(minus, body) + query[close_at:]


#: A FILTER of a comparison or function call, without nested braces (FILTER NOT EXISTS is taken out first).
_FILTERS = re.compile(r"FILTER\s*\((?:[^(){}]|\([^(){}]*\))*\)", re.IGNORECASE)


def _targeted(shapes: Graph, shape) -> bool:
    return bool(_targets_queries(shapes, shape))


def without_sparql(shapes: Graph) -> Graph:
    """The shapes less the sh:sparql constraints :func:`sparql_violations` runs, and less the shapes that
    had nothing else to check (a SPARQL constraint of a nested shape, without targets, stays for pyshacl)."""
    kept = copy_shapes(shapes)
    stripped = set()
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        if _targeted(shapes, shape):
            kept.remove((shape, SH.sparql, constraint))
            drop_tree(kept, constraint)
            stripped.add(shape)
    for shape in stripped:
        if all(p in QUIET for p in kept.predicates(shape)):
            drop_tree(kept, shape)
    return kept
