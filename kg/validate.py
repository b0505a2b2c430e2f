"""SHACL validation of a graph against ontology/shapes.ttl, with a verdict a person can read.

Two ways to the same verdict: :func:`validate_whole` runs pyshacl once on the union of all graphs (the
reference, about 350 triples a second), :func:`validate` and :func:`validate_store` run the constraints as
SPARQL in Oxigraph over all graphs at once: the shapes' own SPARQL constraints, and the core constraints
(counts, datatypes, node kinds, sh:in, sh:class, patterns, lengths, ranges, sh:node, qualified counts)
written as queries from the shapes graph (:mod:`kg.shapecore`). A targeted shape the translation cannot
write whole (a path that is not one IRI, sh:and/sh:or/sh:not, ...) goes to pyshacl in small chunks of a
few articles each (:mod:`kg.shapechunks`); with today's shapes.ttl there is none. Each violation names its
focus node, path, constraint and the article whose graph holds the focus node.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, SH

from .graphfiles import load_store
from .rdf import union
from .rdfterms import from_oxigraph
from .shapechunks import Chunk, chunks
from .shapecore import core_queries, core_violations, has_targets, without_core
from .shapesparql import sparql_violations, without_sparql
from .store import to_oxigraph
from .vocab import GRAPH, KG, ontology, ontology_dir

#: Named graph the ontology is loaded into beside the data (the shapes read the relations from it).
ONTOLOGY_GRAPH = ox.NamedNode("urn:kg:ontology")


@dataclass(frozen=True)
class Violation:
    """One broken shape: the node it is said of, the property, the message, and the article to look at."""

    focus: str
    path: str
    message: str
    article: str = ""  # id of the article whose graph holds the focus node; "" for the default graph
    constraint: str = ""  # the constraint it breaks, as shapes.ttl writes it: "sh:minCount", "sh:sparql"...


@dataclass(frozen=True)
class Verdict:
    """What ``kg validate`` prints: whether the graph conforms, each violation, and how many triples were read."""

    conforms: bool
    violations: list[Violation]
    triples: int

    def summary(self) -> str:
        """One line for the terminal: valid, or how many violations in how many triples."""
        if self.conforms:
            return f"valid: {self.triples} triples conform to the kg shapes"
        return f"INVALID: {len(self.violations)} violation(s) in {self.triples} triples"


@cache
def shapes() -> Graph:
    """The SHACL shapes of ``ontology/shapes.ttl`` that every build's output must pass."""
    g = Graph()
    g.parse(ontology_dir() / "shapes.ttl", format="turtle")
    return g


_NO_ARTICLE = Violation("(graph)", "", "The graph holds no kg:Article: it is not a graph kg build wrote.")


@cache
def translated():
    """The core constraints Oxigraph runs as SPARQL (:func:`kg.shapecore.core_queries`), and their shapes."""
    return core_queries(shapes())


@cache
def core_shapes() -> Graph:
    """The shapes pyshacl checks chunk by chunk: all but the SPARQL constraints Oxigraph runs and the shapes
    whose core constraints it runs as SPARQL (with today's shapes.ttl, none: pyshacl has nothing left)."""
    return without_core(without_sparql(shapes()), translated()[1])


def _constraint(component) -> str:
    """sh:MinCountConstraintComponent as "sh:minCount", the parameter shapes.ttl writes."""
    name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    return "sh:sparql" if name == "SPARQL" else f"sh:{name[:1].lower()}{name[1:]}"


@cache
def targeted_shapes() -> frozenset:
    """Shapes that pick their own focus nodes, and their property shapes. A result from any other shape
    comes from a nested check (sh:node) of a value of a focus node, and bears the value as its focus."""
    g = core_shapes()
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)
    top = {s for t in targets for s in g.subjects(t, None)}
    return frozenset(top | {p for s in top for p in g.objects(s, SH.property)})


def _results(report: Graph, keep: Callable[[object], str | None]) -> list[Violation]:
    """The report's violations whose focus node ``keep`` accepts (it returns the article, or None), and
    those of nested checks, which only the chunk's own focus nodes can start (see kg.shapechunks)."""
    found = []
    top = targeted_shapes()
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        article = keep(focus) if report.value(result, SH.sourceShape) in top else ""
        if article is None:
            continue
        message = report.value(result, SH.resultMessage)
        found.append(Violation(
            focus=str(focus),
            path=str(report.value(result, SH.resultPath) or ""),
            message=str(message) if isinstance(message, Literal) else "constraint violated",
            article=article,
            constraint=_constraint(report.value(result, SH.sourceConstraintComponent)),
        ))
    return found


def _verdict(violations: list[Violation], has_article: bool, triples: int) -> Verdict:
    if not has_article:
        violations.append(_NO_ARTICLE)
    violations.sort(key=lambda v: (v.focus, v.path, v.message, v.article))
    return Verdict(not violations, violations, triples)


def validate_whole(graph: Graph) -> Verdict:
    """Check every triple of ``graph`` (all named graphs together) in one pyshacl run: the reference."""
    data = union(graph)
    # the ontology goes with the data: the shapes read the relation inventory from kg.ttl, not from a copy
    _, report, _ = shacl_validate(data + ontology(), shacl_graph=shapes(), advanced=True, allow_warnings=False)
    return _verdict(_results(report, lambda focus: ""), (None, RDF.type, KG.Article) in data, len(data))


def article_of(graph: ox.NamedNode | ox.DefaultGraph) -> str:
    """The article id behind a kg article graph IRI; "" for the default graph or another graph."""
    if isinstance(graph, ox.NamedNode) and graph.value.startswith(str(GRAPH)):
        return unquote(graph.value[len(str(GRAPH)):])
    return ""


def check_chunk(chunk: Chunk) -> list[Violation]:
    """pyshacl on one chunk, keeping the results about the focus nodes the chunk owns."""
    data = Graph()
    for s, p, o in chunk.triples:
        data.add((from_oxigraph(s), from_oxigraph(p), from_oxigraph(o)))
    owned = {from_oxigraph(node): article_of(graph) for node, graph in chunk.owned.items()}
    _, report, _ = shacl_validate(data, shacl_graph=core_shapes(), advanced=True, allow_warnings=False,
                                  inplace=True)
    return _results(report, owned.get)


def validate_store(store: ox.Store, progress: Callable[[int, int], object] | None = None) -> Verdict:
    """Check an Oxigraph dataset chunk by chunk; ``progress(done, total)`` is called with article graphs.

    The ontology is loaded into the store's ``urn:kg:ontology`` graph first (the shapes read it with the data).
    """
    triples = _distinct_triples(store)
    has_article = store.query(f"ASK {{ {{ ?a a <{KG.Article}> }} UNION {{ GRAPH ?g {{ ?a a <{KG.Article}> }} }} }}")
    store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ONTOLOGY_GRAPH)
                 for s, p, o in ontology())
    total = sum(1 for _ in store.named_graphs()) + 1
    violations = [Violation(str(from_oxigraph(found.focus)), "", found.message, _owner(store, found.focus), "sh:sparql")
                  for found in sparql_violations(store, shapes())]
    violations += [Violation(str(from_oxigraph(found.focus)), found.path, found.message,
                             "" if found.nested else _owner(store, found.focus), found.component)
                   for found in core_violations(store, translated()[0])]
    done = 0
    if has_targets(core_shapes()):  # what the SPARQL translation does not cover, if anything
        for chunk in chunks(store):
            violations += check_chunk(chunk)
            done += len(chunk.graphs)
            if progress:
                progress(done, total)
    if progress and done < total:
        progress(total, total)
    return _verdict(violations, bool(has_article), triples)


def _owner(store: ox.Store, node) -> str:
    """The article of the first named graph holding ``node`` as subject: the chunk that owns it."""
    graphs = {quad.graph_name for quad in store.quads_for_pattern(node, None, None, None)}
    named = sorted((g for g in graphs if isinstance(g, ox.NamedNode)), key=str)
    return article_of(named[0]) if named else ""


def _distinct_triples(store: ox.Store) -> int:
    """Triples of the union (a triple in several graphs counts once), as rdflib's len() of the union."""
    query = ("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
             "{ { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }")
    return int(next(iter(store.query(query)))["n"].value)


def dataset_store(graph: Graph) -> ox.Store:
    """An rdflib graph or dataset as an in-memory Oxigraph store, named graphs kept."""
    store = ox.Store()
    if not isinstance(graph, Dataset):
        store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph)
        return store
    for g in graph.graphs():
        name = ox.DefaultGraph() if g.identifier == DATASET_DEFAULT_GRAPH_ID else to_oxigraph(g.identifier)
        store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name) for s, p, o in g)
    return store


def validate(graph: Graph, progress: Callable[[int, int], object] | None = None) -> Verdict:
    """Check every triple of ``graph`` (all named graphs together) against the shapes, article by article."""
    return validate_store(dataset_store(graph), progress)


def validate_file(path: str | Path, progress: Callable[[int, int], object] | None = None) -> Verdict:
    """Check a graph file, read by Oxigraph (tens of times faster than rdflib's parser)."""
    return validate_store(load_store(path), progress)
