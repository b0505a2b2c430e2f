"""RDF → statements: the articles and statements of a graph read back, from an rdflib graph or, fast
enough for large graphs, from a graph file through Oxigraph.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from .graphfiles import load_store
from .model import Actor, Article, Statement
from .vocab import KG, PROV, WD, relation_by_iri, relations


def _actor(g: Graph, node: URIRef) -> Actor:
    label = g.value(node, RDFS.label)
    kind = next((str(t)[len(str(KG)) :] for t in g.objects(node, RDF.type) if str(t).startswith(str(KG))), "Group")
    same = next((str(o) for o in g.objects(node, OWL.sameAs) if str(o).startswith(str(WD))), None)
    return Actor(str(label) if label else str(node), kind, same[len(str(WD)) :] if same else None)


def read_articles(g: Graph) -> dict[str, Article]:
    """Articles of a graph by id (text is not stored in the graph)."""
    found = {}
    for art in g.subjects(RDF.type, KG.Article):
        art_id = str(g.value(art, KG.articleId) or art)
        date = g.value(art, DCTERMS.date)
        found[art_id] = Article(
            id=art_id,
            text="",
            title=str(g.value(art, DCTERMS.title) or art_id),
            date=date.toPython() if date is not None and isinstance(date.toPython(), dt.date) else None,
            source=str(g.value(art, KG.sourcePath) or ""),
        )
    return found


def read_statements(g: Graph) -> Iterator[Statement]:
    """Statements back from a graph, so analyses and views work from any graph file."""
    actors: dict[URIRef, Actor] = {}
    for node in g.subjects(RDF.type, KG.Statement):
        rel = relation_by_iri(g.value(node, RDF.predicate))
        subj, obj = g.value(node, RDF.subject), g.value(node, RDF.object)
        if rel is None or subj is None or obj is None:
            continue
        for x in (subj, obj):
            if x not in actors:
                actors[x] = _actor(g, x)
        art = g.value(node, PROV.wasDerivedFrom)
        date = g.value(node, DCTERMS.date)
        conf = g.value(node, KG.confidence)
        yield Statement(
            article_id=str(g.value(art, KG.articleId) or art) if art is not None else "",
            subject=actors[subj],
            relation=rel.slug,
            object=actors[obj],
            evidence=str(g.value(node, KG.evidence) or ""),
            start=int(g.value(node, KG.startChar) or 0),
            end=int(g.value(node, KG.endChar) or 0),
            date=date.toPython() if date is not None and isinstance(date.toPython(), dt.date) else None,
            confidence=float(conf) if conf is not None else 1.0,
            cue=str(g.value(node, KG.cue) or ""),
        )

_PROLOGUE = f"""PREFIX kg: <{KG}>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
PREFIX owl: <{OWL}>
PREFIX prov: <{PROV}>
PREFIX dcterms: <{DCTERMS}>
"""
_ARTICLES = _PROLOGUE + """SELECT ?art ?id ?title ?date ?source WHERE {
  ?art a kg:Article ; kg:articleId ?id .
  OPTIONAL { ?art dcterms:title ?title } OPTIONAL { ?art dcterms:date ?date }
  OPTIONAL { ?art kg:sourcePath ?source }
}"""
_STATEMENTS = _PROLOGUE + """SELECT ?s ?p ?o ?art ?ev ?start ?end ?date ?conf ?cue WHERE {
  ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?art ;
      kg:evidence ?ev ; kg:startChar ?start ; kg:endChar ?end .
  OPTIONAL { ?st kg:confidence ?conf } OPTIONAL { ?st dcterms:date ?date } OPTIONAL { ?st kg:cue ?cue }
}"""


def _ox_date(term: ox.Literal | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(term.value) if term is not None else None
    except ValueError:
        return None


_ACTOR_TYPES = ("Person", "State", "Institution", "Group")


def _read_actors(store: ox.Store) -> dict[str, Actor]:
    """Actors by IRI: every node with an rdfs:label and a kg actor type, its Wikidata id from owl:sameAs.

    Read from three index scans, not a SPARQL join: an actor's triples recur in every article graph that
    names it, and over the union of thousands of graphs a join multiplies those copies (quadratic time);
    here each quad is looked at once. An actor with several labels or types (it should have one) keeps
    the smallest, and a Wikidata id wins over none.
    """
    types: dict[str, str] = {}
    for kind in _ACTOR_TYPES:
        for quad in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG[kind])), None):
            iri = quad.subject.value
            if iri not in types or kind < types[iri]:
                types[iri] = kind
    labels: dict[str, str] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(RDFS.label)), None, None):
        iri = quad.subject.value
        if iri in types and (iri not in labels or quad.object.value < labels[iri]):
            labels[iri] = quad.object.value
    qids: dict[str, str] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(OWL.sameAs)), None, None):
        iri, same = quad.subject.value, quad.object.value
        if iri in labels and same.startswith(str(WD)) and (iri not in qids or same[len(str(WD)):] < qids[iri]):
            qids[iri] = same[len(str(WD)):]
    return {iri: Actor(label, types[iri], qids.get(iri)) for iri, label in labels.items()}


def load_statements(path: str | Path) -> tuple[list[Statement], dict[str, Article]]:
    """Statements and articles of a graph file, read through Oxigraph so large graphs load in seconds."""
    store = load_store(path)

    def select(query: str):
        return store.query(query, use_default_graph_as_union=True)

    actors = _read_actors(store)
    articles: dict[str, Article] = {}
    ids: dict[str, str] = {}
    for row in select(_ARTICLES):
        art_id = row["id"].value
        ids[row["art"].value] = art_id
        articles[art_id] = Article(
            id=art_id, text="", title=row["title"].value if row["title"] is not None else art_id,
            date=_ox_date(row["date"]), source=row["source"].value if row["source"] is not None else "",
        )
    by_iri = {str(r.iri): r for r in relations().values()}
    statements = []
    for row in select(_STATEMENTS):
        rel = by_iri.get(row["p"].value)
        subj, obj = actors.get(row["s"].value), actors.get(row["o"].value)
        if rel is None or subj is None or obj is None:
            continue
        statements.append(Statement(
            article_id=ids.get(row["art"].value, row["art"].value), subject=subj, relation=rel.slug, object=obj,
            evidence=row["ev"].value, start=int(row["start"].value), end=int(row["end"].value),
            date=_ox_date(row["date"]), confidence=float(row["conf"].value) if row["conf"] is not None else 1.0,
            cue=row["cue"].value if row["cue"] is not None else "",
        ))
    statements.sort(key=lambda st: (st.article_id, st.start, st.relation, st.subject.label, st.object.label))
    return statements, articles
