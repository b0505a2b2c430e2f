"""SHACL validation of a graph against ontology/shapes.ttl, with a verdict a person can read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from .rdf import union
from .vocab import KG, ontology, ontology_dir


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str


@dataclass(frozen=True)
class Verdict:
    conforms: bool
    violations: list[Violation]
    triples: int

    def summary(self) -> str:
        if self.conforms:
            return f"valid: {self.triples} triples conform to the kg shapes"
        return f"INVALID: {len(self.violations)} violation(s) in {self.triples} triples"


@cache
def shapes() -> Graph:
    g = Graph()
    g.parse(ontology_dir() / "shapes.ttl", format="turtle")
    return g


def validate(graph: Graph) -> Verdict:
    """Check every triple of ``graph`` (all named graphs together) against the shapes."""
    data = union(graph)
    # the ontology goes with the data: the shapes read the relation inventory from kg.ttl, not from a copy
    conforms, report, _ = shacl_validate(data + ontology(), shacl_graph=shapes(), advanced=True, allow_warnings=False)
    violations = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        message = report.value(result, SH.resultMessage)
        violations.append(
            Violation(
                focus=str(report.value(result, SH.focusNode)),
                path=str(report.value(result, SH.resultPath) or ""),
                message=str(message) if isinstance(message, Literal) else "constraint violated",
            )
        )
    if (None, RDF.type, KG.Article) not in data:
        violations.append(Violation("(graph)", "", "The graph holds no kg:Article: it is not a graph kg build wrote."))
        conforms = False
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return Verdict(bool(conforms), violations, len(data))
