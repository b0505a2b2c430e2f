"""The core constraints of every shape with targets, read from the shapes graph and written as SPARQL
queries that Oxigraph answers once over the union of all graphs (the ontology graph included).

One query per constraint, each returning the focus nodes (and value nodes) that violate it: the same
results, focus node by focus node, as pyshacl's. A shape with anything the translation does not know (a
path that is not one IRI, sh:and/sh:or/sh:not/sh:xone, a SPARQL constraint in a nested shape, counts other
than 0 or 1 in nested shapes, a target that is not a class, a property's subjects or objects, a node or a
SPARQL SELECT) stays whole with pyshacl: see :func:`core_queries` and :func:`without_core`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from .shapegraph import QUIET, copy_shapes, drop_tree

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: Datatypes whose well-formed lexical forms SPARQL can test by casting (rdflib calls the others ill-typed).
_CASTABLE = {f"{_XSD}{t}" for t in ("integer", "decimal", "float", "double", "boolean", "date", "dateTime")}
_RDF_TYPE, _SUBCLASS = f"<{RDF.type}>", f"<{RDFS.subClassOf}>"
_NODE_KINDS = {SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
               SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})",
               SH.IRIOrLiteral: "!isBlank({v})"}
_COMPARE = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
#: Parameters of the value constraints (a test on each value node alone) the translation writes.
_VALUE_PARAMS = {SH.datatype, SH.nodeKind, SH["in"], SH["class"], SH.pattern, SH.flags, SH.minLength,
                 SH.maxLength, SH.hasValue, SH.node, *_COMPARE}
_COUNT_PARAMS = {SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount}
_PREFIX = re.compile(r"PREFIX\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE)


class Untranslatable(Exception):
    """A shape uses something the SPARQL translation does not write: pyshacl checks it."""


@dataclass(frozen=True)
class CoreQuery:
    """One constraint of one shape as a query of its violating ``?this`` (and ``?value``) solutions."""

    shape: object  # the shape whose constraint it is (a property shape or the node shape)
    path: str  # the property, "" for a node shape's own constraint
    component: str  # the constraint component, e.g. "sh:minCount"
    message: str
    query: str
    nested: bool = False  # a check of a value that fails a sh:node: no article (as pyshacl's detail results)
    #: (component, message) by the query's ``?k``, for a query that checks several constraints at once
    kinds: tuple[tuple[str, str], ...] = ()


def _term(node) -> str:
    if isinstance(node, Literal):
        return node.n3()
    if isinstance(node, BNode):
        raise Untranslatable("a blank node as a constraint parameter")
    return f"<{node}>"


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class _Writer:
    """Writes one shape's constraints; fresh variable names for nested patterns."""

    def __init__(self, shapes: Graph):
        self.shapes = shapes
        self.n = 0

    def var(self) -> str:
        self.n += 1
        return f"?v{self.n}"

    def params(self, node) -> set:
        return set(self.shapes.predicates(node)) - {SH.path, SH.property, SH.sparql} - QUIET

    def path(self, prop) -> str:
        path = self.shapes.value(prop, SH.path)
        if path is None or isinstance(path, BNode | Literal):
            raise Untranslatable("a path that is not one IRI")
        return f"<{path}>"

    def value_tests(self, node, v: str, seen: frozenset) -> list[tuple[str, str]]:
        """(component, expression true when value ``v`` passes it) for the value constraints of ``node``."""
        g, tests = self.shapes, []
        for dt in g.objects(node, SH.datatype):
            if str(dt) == str(RDF.langString):
                test = f"(isLiteral({v}) && lang({v}) != \"\")"
            else:
                test = f"(isLiteral({v}) && sameTerm(datatype({v}), <{dt}>))"
                if str(dt) in _CASTABLE:
                    test = f"({test} && COALESCE(isLiteral(<{dt}>(STR({v}))), false))"
            tests.append(("sh:datatype", test))
        for kind in g.objects(node, SH.nodeKind):
            if kind not in _NODE_KINDS:
                raise Untranslatable(f"sh:nodeKind {kind}")
            tests.append(("sh:nodeKind", _NODE_KINDS[kind].format(v=v)))
        for members in g.objects(node, SH["in"]):
            terms = [_term(t) for t in Collection(g, members)]
            tests.append(("sh:in", "(" + " || ".join(f"sameTerm({v}, {t})" for t in terms) + ")" if terms
                          else "false"))
        for value in g.objects(node, SH.hasValue):
            tests.append(("sh:hasValue", f"sameTerm({v}, {_term(value)})"))
        for cls in g.objects(node, SH["class"]):
            tests.append(("sh:class", f"EXISTS {{ {v} {_RDF_TYPE}/{_SUBCLASS}* {_term(cls)} }}"))
        flags = g.value(node, SH.flags)
        for pattern in g.objects(node, SH.pattern):
            extra = f", {_string(str(flags))}" if flags is not None else ""
            tests.append(("sh:pattern", f"(!isBlank({v}) && REGEX(STR({v}), {_string(str(pattern))}{extra}))"))
        for param, op in ((SH.minLength, ">="), (SH.maxLength, "<=")):
            for n in g.objects(node, param):
                tests.append((f"sh:{param.split('#')[-1]}", f"(!isBlank({v}) && STRLEN(STR({v})) {op} {int(n)})"))
        for param, op in _COMPARE.items():
            for bound in g.objects(node, param):
                tests.append((f"sh:{param.split('#')[-1]}", f"COALESCE({v} {op} {_term(bound)}, false)"))
        for nested in g.objects(node, SH.node):
            tests.append(("sh:node", self.conforms(nested, v, seen)))
        return tests

    def conforms(self, shape, v: str, seen: frozenset = frozenset()) -> str:
        """An expression true when ``v`` conforms to ``shape`` (for sh:node and sh:qualifiedValueShape)."""
        g = self.shapes
        if (shape, SH.deactivated, Literal(True)) in g:
            return "true"
        if shape in seen:
            raise Untranslatable("recursive shapes")
        seen = seen | {shape}
        if self.params(shape) - _VALUE_PARAMS or (shape, SH.sparql, None) in g:
            raise Untranslatable("a nested shape with more than value constraints")
        parts = [test for _, test in self.value_tests(shape, v, seen)]
        for prop in g.objects(shape, SH.property):
            if (prop, SH.deactivated, Literal(True)) in g:
                continue
            if (prop, SH.sparql, None) in g or self.params(prop) - _VALUE_PARAMS - _COUNT_PARAMS:
                raise Untranslatable("a nested property shape the translation does not write")
            path, x = self.path(prop), self.var()
            parts += [self.nested_count(v, path, x, g.value(prop, SH.minCount), g.value(prop, SH.maxCount), "true")]
            values = [test for _, test in self.value_tests(prop, x, seen)]
            if values:
                parts.append(f"NOT EXISTS {{ {v} {path} {x} FILTER(!({' && '.join(values)})) }}")
            for qualified in g.objects(prop, SH.qualifiedValueShape):
                if (prop, SH.qualifiedValueShapesDisjoint, Literal(True)) in g:
                    raise Untranslatable("sh:qualifiedValueShapesDisjoint")
                y = self.var()
                parts.append(self.nested_count(v, path, y, g.value(prop, SH.qualifiedMinCount),
                                               g.value(prop, SH.qualifiedMaxCount), self.conforms(qualified, y, seen)))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def nested_count(self, v: str, path: str, x: str, low, high, test: str) -> str:
        """An expression true when ``v`` has between ``low`` and ``high`` values by ``path`` passing ``test``."""
        parts = []
        if low is not None and int(low) > 1 or high is not None and int(high) > 1:
            raise Untranslatable("a count above 1 in a nested shape")
        if low is not None and int(low) == 1:
            parts.append(f"EXISTS {{ {v} {path} {x} FILTER({test}) }}")
        if high is not None and int(high) == 0:
            parts.append(f"NOT EXISTS {{ {v} {path} {x} FILTER({test}) }}")
        if high is not None and int(high) == 1:
            y = x + "b"
            other = test.replace(x, y)
            parts.append(f"NOT EXISTS {{ {v} {path} {x}, {y} FILTER(!sameTerm({x}, {y}) && {test} && {other}) }}")
        return " && ".join(parts) or "true"


def _targets_pattern(shapes: Graph, shape, prefixes: dict[str, str]) -> str:
    """A group pattern binding ``?this`` to each target of ``shape`` once; SPARQL targets' prefixes go to
    ``prefixes`` (the query's prologue)."""
    parts = []
    for target in shapes.objects(shape, SH.target):
        select = shapes.value(target, SH.select)
        if select is None:
            raise Untranslatable("a target that is not a SPARQL SELECT")
        for name, iri in _PREFIX.findall(str(select)):
            if prefixes.setdefault(name, iri) != iri:
                raise Untranslatable("two targets with one prefix for two namespaces")
        parts.append("{ " + _PREFIX.sub("", str(select)).replace("$this", "?this") + " }")
    parts += [f"{{ ?this {_RDF_TYPE}/{_SUBCLASS}* {_term(c)} }}" for c in shapes.objects(shape, SH.targetClass)]
    parts += [f"{{ ?this {_term(p)} ?any }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    parts += [f"{{ ?any {_term(p)} ?this }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
    parts += [f"{{ VALUES ?this {{ {_term(n)} }} }}" for n in shapes.objects(shape, SH.targetNode)]
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def _message(shapes: Graph, shape, fallback: str) -> str:
    message = shapes.value(shape, SH.message)
    return str(message) if message is not None else fallback


def _shape_queries(shapes: Graph, shape) -> list[CoreQuery]:
    prefixes: dict[str, str] = {}
    targets = _targets_pattern(shapes, shape, prefixes)
    return _constraint_queries(_Writer(shapes), shape, targets, prefixes, False, frozenset())


def _constraint_queries(w: _Writer, shape, targets: str, prefixes: dict[str, str], nested: bool,
                        seen: frozenset) -> list[CoreQuery]:
    """The queries of ``shape``'s constraints on the focus nodes ``targets`` binds to ``?this``. A value that
    fails a nested shape (sh:node) is also checked against that shape's own constraints, with the value as
    focus node: pyshacl reports those results too (as details), and :func:`kg.validate._results` keeps them."""
    g, queries = w.shapes, []
    if w.params(shape) - _VALUE_PARAMS or nested and (shape, SH.sparql, None) in g:
        raise Untranslatable("a shape with more than value and count constraints")
    if shape in seen:
        raise Untranslatable("recursive shapes")
    seen = seen | {shape}

    def add(owner, path, kinds, body, select="DISTINCT ?this ?value ?k", tail=""):
        """One query for the constraints ``kinds`` ((component, default message) by ``?k``) of ``owner``."""
        if not kinds or (owner, SH.severity, None) in g and (owner, SH.severity, SH.Violation) not in g:
            return  # warnings and infos do not break conformance, and _results ignores them
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items())
        named = tuple((component, _message(g, owner, fallback)) for component, fallback in kinds)
        queries.append(CoreQuery(owner, path, named[0][0], named[0][1],
                                 f"{prologue}SELECT {select} WHERE {{ {targets} {body} }}{tail}", nested, named))

    def add_values(owner, path, tests, step: str, fallback: str) -> None:
        """The value tests of ``owner`` in one query: ``?k`` is the test a value fails (one row per test)."""
        fails = " || ".join(f"(?k = {i} && !({test}))" for i, (_, test) in enumerate(tests))
        add(owner, path, [(component, fallback.format(component)) for component, _ in tests],
            f"{step} VALUES ?k {{ {' '.join(map(str, range(len(tests))))} }} FILTER({fails})")

    def details(owner, step: str) -> None:
        """The constraints of the shapes ``owner`` names by sh:node, on the values (``step`` from the focus
        node: ?this itself, or a property) that fail them."""
        for inner in g.objects(owner, SH.node):
            if (inner, SH.deactivated, Literal(True)) in g:
                continue
            failing = ("{ SELECT DISTINCT ?this WHERE { { SELECT (?this AS ?outer) WHERE { " + targets + " } } "
                       f"{step} FILTER(!{w.conforms(inner, '?this', seen)}) }} }}")
            queries.extend(_constraint_queries(w, inner, failing, prefixes, True, seen))

    add_values(shape, "", w.value_tests(shape, "?this", seen), "BIND(?this AS ?value)", "The node fails {}.")
    details(shape, "BIND(?outer AS ?this)")
    for prop in g.objects(shape, SH.property):
        if (prop, SH.deactivated, Literal(True)) in g:
            continue
        if (prop, SH.sparql, None) in g or w.params(prop) - _VALUE_PARAMS - _COUNT_PARAMS:
            raise Untranslatable("a property shape the translation does not write")
        path, name = w.path(prop), str(g.value(prop, SH.path))
        add_values(prop, name, w.value_tests(prop, "?value", seen), f"?this {path} ?value",
                   f"A value of {name} fails {{}}.")
        details(prop, f"?outer {path} ?this")
        counts = [(SH.minCount, SH.maxCount, "true")]
        counts += [(SH.qualifiedMinCount, SH.qualifiedMaxCount, w.conforms(q, "?value", seen))
                   for q in g.objects(prop, SH.qualifiedValueShape)]
        if (prop, SH.qualifiedValueShapesDisjoint, Literal(True)) in g:
            raise Untranslatable("sh:qualifiedValueShapesDisjoint")
        for low_param, high_param, test in counts:  # both bounds in one query: ?k says which is broken
            low, high = g.value(prop, low_param), g.value(prop, high_param)
            low = int(low) if low is not None and int(low) > 0 else None
            high = int(high) if high is not None else None
            kinds, broken = [], []
            if low is not None:
                kinds.append((f"sh:{low_param.split('#')[-1]}", f"Fewer than {low} value(s) of {name}."))
                broken.append(f"COUNT(DISTINCT ?value) < {low}")
            if high is not None:
                kinds.append((f"sh:{high_param.split('#')[-1]}", f"More than {high} value(s) of {name}."))
                broken.append(f"COUNT(DISTINCT ?value) > {high}")
            which = f"IF(COUNT(DISTINCT ?value) < {low}, 0, 1)" if low is not None and high is not None else "0"
            add(prop, name, kinds, f"OPTIONAL {{ ?this {path} ?value FILTER({test}) }}",
                select=f"?this ({which} AS ?k)", tail=f" GROUP BY ?this HAVING ({' || '.join(broken)})")
    return queries


def core_queries(shapes: Graph) -> tuple[list[CoreQuery], set]:
    """The queries of every targeted shape the translation covers whole, and the shapes it covers."""
    queries, covered = [], set()
    for shape in _targeted_shapes(shapes):
        if (shape, SH.deactivated, Literal(True)) in shapes:
            covered.add(shape)
            continue
        try:
            queries += _shape_queries(shapes, shape)
        except Untranslatable:
            continue
        covered.add(shape)
    return queries, covered


def _targeted_shapes(shapes: Graph) -> list:
    return sorted({s for t in _TARGETS for s in shapes.subjects(t, None)}, key=str)


_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)


@dataclass(frozen=True)
class CoreFound:
    focus: ox.NamedNode | ox.BlankNode | ox.Literal
    path: str
    component: str
    message: str
    nested: bool


def core_violations(store: ox.Store, queries: list[CoreQuery]) -> Iterator[CoreFound]:
    """The violations of the translated core constraints, one per focus node (and value node)."""
    for q in queries:
        for row in store.query(q.query, use_default_graph_as_union=True):
            component, message = q.kinds[int(row["k"].value)] if q.kinds else (q.component, q.message)
            yield CoreFound(row["this"], q.path, component, message, q.nested)


def without_core(shapes: Graph, covered: set) -> Graph:
    """The shapes less the targeted shapes :func:`core_violations` checks whole (and their property shapes):
    what pyshacl still has to check. Shapes without targets stay (an uncovered shape may use them)."""
    kept = copy_shapes(shapes)
    for shape in covered:  # a covered shape keeps its constraints (sh:node may name it) but loses its targets
        for target in list(kept.objects(shape, SH.target)):
            drop_tree(kept, target)
        for t in _TARGETS:
            kept.remove((shape, t, None))
    return kept


def has_targets(shapes: Graph) -> bool:
    return bool(_targeted_shapes(shapes))
