"""Editing a SHACL shapes graph: a copy to strip constraints from, what a shape may say besides
constraints, and a node removed with the blank nodes below it.
"""

from __future__ import annotations

from rdflib import BNode, Graph
from rdflib.namespace import RDF, RDFS, SH

#: What a shape can say besides constraints: a shape with nothing more left has nothing to check.
QUIET = {RDF.type, SH.message, SH.name, SH.description, SH.severity, SH.target, SH.targetClass, SH.targetNode,
         SH.targetSubjectsOf, SH.targetObjectsOf, SH.deactivated, RDFS.comment, RDFS.label}


def copy_shapes(shapes: Graph) -> Graph:
    """A copy of the shapes graph with its prefixes bound (pyshacl's default messages print terms with them)."""
    kept = Graph()
    for prefix, namespace in shapes.namespaces():
        kept.bind(prefix, namespace)
    for triple in shapes:
        kept.add(triple)
    return kept


def drop_tree(g: Graph, node) -> None:
    """Remove ``node``'s triples and, below it, those of the blank nodes it points to."""
    for _, _, value in list(g.triples((node, None, None))):
        if isinstance(value, BNode):
            drop_tree(g, value)
    g.remove((node, None, None))
