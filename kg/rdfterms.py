"""rdflib terms and pyoxigraph terms, each as the equal term of the other library, and an rdflib
dataset's quads in Oxigraph's terms.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

_XSD_STRING = str(XSD.string)

def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """One rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} in Oxigraph")


def from_oxigraph(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """One pyoxigraph term as the equal rdflib term (a plain string literal has no datatype in rdflib)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))

def dataset_quads(ds: Graph) -> Iterator[ox.Quad]:
    """The quads of an rdflib dataset (or the triples of a graph, in the default graph) in Oxigraph's terms."""
    named = isinstance(ds, Dataset)
    for graph in ds.graphs() if named else [ds]:
        default = not named or graph.identifier == DATASET_DEFAULT_GRAPH_ID
        name = ox.DefaultGraph() if default else to_oxigraph(graph.identifier)
        for s, p, o in graph:
            yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name)
