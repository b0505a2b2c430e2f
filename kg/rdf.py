"""Statements → RDF: direct triples for easy SPARQL plus statement nodes for provenance.

Each article gets its own named graph holding the article, its statements, the direct
triples they assert and the actors they name, so an article can be replaced or pushed alone.
Files are written and read by :mod:`kg.graphfiles`; statements are read back by :mod:`kg.rdfread`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from contextlib import suppress
from functools import cache

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .iris import actor_iri, article_iri, graph_iri, statement_iri
from .model import Actor, Article, Statement
from .rdfterms import from_oxigraph
from .vocab import ACTOR, ARTICLE, KG, PROV, SCHEMA, STATEMENT, WD, relations


def _node(iri: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


_INTEGER, _DECIMAL = _node(XSD.integer), _node(XSD.decimal)


def _typed(value: object) -> ox.Literal:
    """A literal as rdflib writes ``Literal(value)``: dates as xsd:date (xsd:dateTime), ints as xsd:integer."""
    if isinstance(value, dt.datetime):
        return ox.Literal(value.isoformat(), datatype=_node(XSD.dateTime))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=_node(XSD.date))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_INTEGER)
    return ox.Literal(str(value))


_TYPE, _LABEL, _SAME = _node(RDF.type), _node(RDFS.label), _node(OWL.sameAs)
_SUBJECT, _PREDICATE, _OBJECT = _node(RDF.subject), _node(RDF.predicate), _node(RDF.object)
_DATE, _TITLE, _DERIVED, _URL = _node(DCTERMS.date), _node(DCTERMS.title), _node(PROV.wasDerivedFrom), _node(SCHEMA.url)
_ARTICLE, _STATEMENT = _node(KG.Article), _node(KG.Statement)
(_ARTICLE_ID, _SOURCE_PATH, _STATEMENT_COUNT, _SOURCE_ARTICLE_ID, _SUBJECT_LABEL, _OBJECT_LABEL, _EVIDENCE,
 _START, _END, _CONFIDENCE, _CUE) = (_node(KG[name]) for name in (
    "articleId", "sourcePath", "statementCount", "sourceArticleId", "subjectLabel", "objectLabel", "evidence",
    "startChar", "endChar", "confidence", "cue"))


@cache
def _relation_nodes() -> dict[str, ox.NamedNode]:
    return {slug: _node(rel.iri) for slug, rel in relations().items()}


def article_quads(article: Article, statements: Iterable[Statement]) -> list[ox.Quad]:
    """The quads of one article's named graph, in Oxigraph's terms, each once and in a stable order.

    Besides the article, the statements (rdf:subject/predicate/object, provenance, evidence, offsets,
    confidence, cue, date), the direct triples and the actors they name (type, label, Wikidata id), the
    graph materialises what the named queries would otherwise join for on every row: each statement's
    two actor labels (kg:subjectLabel, kg:objectLabel) and its article's id (kg:sourceArticleId), and
    the article's statement count (kg:statementCount).
    """
    name = _node(graph_iri(article.id))
    quads: list[ox.Quad] = []
    seen: set[ox.Quad] = set()  # the quads that may recur: an actor's, a direct triple, a repeated statement's

    def add(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal, once: bool = False) -> None:
        quad = ox.Quad(s, p, o, name)
        if once:
            if quad in seen:
                return
            seen.add(quad)
        quads.append(quad)

    art, art_id = _node(article_iri(article.id)), ox.Literal(article.id)
    add(art, _TYPE, _ARTICLE)
    add(art, _ARTICLE_ID, art_id)
    add(art, _TITLE, ox.Literal(article.title or article.id))
    if article.date:
        add(art, _DATE, _typed(article.date))
    if article.source:
        add(art, _SOURCE_PATH, ox.Literal(article.source))
        if re.match(r"https?://", article.source):
            with suppress(ValueError):  # not an IRI (a space in it): the source path keeps it
                add(art, _URL, ox.NamedNode(article.source))
    props = _relation_nodes()
    actors: dict[Actor, ox.NamedNode] = {}
    nodes: set[ox.NamedNode] = set()
    for st in statements:
        for actor in (st.subject, st.object):
            if actor not in actors:
                actors[actor] = node = _node(actor_iri(actor))
                add(node, _TYPE, _node(KG[actor.type]), once=True)
                add(node, _LABEL, ox.Literal(actor.label), once=True)
                if actor.wikidata:
                    add(node, _SAME, _node(WD[actor.wikidata]), once=True)
        subj, prop, obj = actors[st.subject], props[st.relation], actors[st.object]
        add(subj, prop, obj, once=True)
        node = _node(statement_iri(st))
        again = node in nodes  # the same statement twice (same article, actors, relation, offset): rare
        if again:
            seen.update(quad for quad in quads if quad.subject == node)
        nodes.add(node)
        add(node, _TYPE, _STATEMENT, again)
        add(node, _SUBJECT, subj, again)
        add(node, _PREDICATE, prop, again)
        add(node, _OBJECT, obj, again)
        add(node, _DERIVED, art, again)
        add(node, _SOURCE_ARTICLE_ID, art_id, again)
        add(node, _SUBJECT_LABEL, ox.Literal(st.subject.label), again)
        add(node, _OBJECT_LABEL, ox.Literal(st.object.label), again)
        add(node, _EVIDENCE, ox.Literal(st.evidence), again)
        add(node, _START, _typed(st.start), again)
        add(node, _END, _typed(st.end), again)
        add(node, _CONFIDENCE, ox.Literal(f"{st.confidence:.3f}", datatype=_DECIMAL), again)
        if st.cue:
            add(node, _CUE, ox.Literal(st.cue), again)
        date = st.date or article.date
        if date:
            add(node, _DATE, _typed(date), again)
    add(art, _STATEMENT_COUNT, _typed(len(nodes)))
    return quads

def add_article(ds: Dataset, article: Article, statements: Iterable[Statement]) -> Graph:
    """Put one article and its statements in the article's own named graph of an rdflib dataset (replacing it).

    The same quads as ``article_quads``: a build writes those without rdflib; this is for rdflib users.
    """
    gid = graph_iri(article.id)
    ds.remove_graph(ds.graph(gid))
    g = ds.graph(gid)
    for quad in article_quads(article, statements):
        g.add((from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object)))
    return g


def new_dataset() -> Dataset:
    """An empty rdflib dataset whose default graph is the union of the named graphs, kg's prefixes bound."""
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    return ds


PREFIXES = {"kg": KG, "actor": ACTOR, "article": ARTICLE, "st": STATEMENT, "wd": WD, "prov": PROV,
            "dcterms": DCTERMS, "schema": SCHEMA, "skos": SKOS, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD}


def bind_prefixes(g: Graph) -> None:
    """Bind kg's usual prefixes (``PREFIXES``: kg, actor, article, st, wd...) so the graph serializes readably."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)


def build_dataset(items: Iterable[tuple[Article, list[Statement]]]) -> Dataset:
    """An rdflib dataset of (article, statements) pairs, one named graph per article (see ``add_article``)."""
    ds = new_dataset()
    for article, statements in items:
        add_article(ds, article, statements)
    return ds


def union(ds: Graph) -> Graph:
    """All triples of a dataset in one graph (what a Turtle file holds)."""
    if not isinstance(ds, Dataset):
        return ds
    g = Graph()
    bind_prefixes(g)
    for triple in ds.triples((None, None, None)):
        g.add(triple)
    return g
