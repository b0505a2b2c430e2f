"""Statements ↔ RDF: direct triples for easy SPARQL plus statement nodes for provenance.

Each article gets its own named graph holding the article, its statements, the direct
triples they assert and the actors they name, so an article can be replaced or pushed alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from contextlib import suppress
from functools import cache
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .atomic import atomic_open
from .model import Actor, Article, Statement
from .textnorm import strip_accents
from .vocab import ACTOR, ARTICLE, GRAPH, KG, PROV, SCHEMA, STATEMENT, WD, relation_by_iri, relations

FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
              "nt": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD}


def format_for(path: str | Path) -> str:
    """RDF format from a file extension, with a message that lists the ones we know."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"{path}: unknown graph format {suffix or '(none)'}; use one of {known}")
    return FORMATS[suffix]


def slugify(text: str) -> str:
    """The IRI-safe key of a label: accents stripped, lower case, other runs as ``-`` ("Élisabeth Borne" →
    ``elisabeth-borne``); characters with no ASCII form are dropped, and ``x`` stands for an empty result."""
    ascii_text = strip_accents(text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def actor_iri(actor: Actor) -> URIRef:
    """The IRI of an actor, from its label's slug: one node per label, shared by every article naming it."""
    return ACTOR[slugify(actor.label)]


def article_iri(article_id: str) -> URIRef:
    """The IRI of an article's node, its id percent-encoded (``/`` included)."""
    return ARTICLE[quote(article_id, safe="")]


def graph_iri(article_id: str) -> URIRef:
    """The IRI of an article's named graph, its id percent-encoded: the unit replaced or pushed alone."""
    return GRAPH[quote(article_id, safe="")]


def statement_iri(st: Statement) -> URIRef:
    """A stable IRI for a statement, hashed from its article, actors, relation and start offset, so that
    rebuilding the same article gives the same node."""
    key = "\x1f".join([st.article_id, st.subject.label, st.relation, st.object.label, str(st.start)])
    return STATEMENT[hashlib.sha1(key.encode()).hexdigest()[:20]]


_XSD_STRING = str(XSD.string)


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


def dataset_quads(ds: Graph) -> Iterator[ox.Quad]:
    """The quads of an rdflib dataset (or the triples of a graph, in the default graph) in Oxigraph's terms."""
    named = isinstance(ds, Dataset)
    for graph in ds.graphs() if named else [ds]:
        default = not named or graph.identifier == DATASET_DEFAULT_GRAPH_ID
        name = ox.DefaultGraph() if default else to_oxigraph(graph.identifier)
        for s, p, o in graph:
            yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name)


def _distinct_triples(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    """The union of the graphs: each triple once (an actor's triples recur in every article naming it)."""
    seen: set[ox.Triple] = set()
    for quad in quads:
        triple = quad.triple
        if triple not in seen:
            seen.add(triple)
            yield triple


def write_quads(quads: Iterable[ox.Quad], path: str | Path, fmt: str | None = None) -> None:
    """Stream quads to a file by Oxigraph's serializer; formats without named graphs get the union.

    The file replaces ``path`` only once every quad is written; an exception raised while ``quads`` is
    consumed (the build's extraction runs inside it) leaves ``path`` as it was.
    """
    fmt = fmt or format_for(path)
    items = quads if fmt in QUAD_FORMATS else _distinct_triples(quads)
    prefixes = {k: str(v) for k, v in PREFIXES.items()} if fmt in ("turtle", "trig") else None
    with atomic_open(path, "wb") as handle:
        ox.serialize(items, handle, OX_FORMATS[fmt], prefixes=prefixes)


def write_graph(ds: Graph, path: str | Path, fmt: str | None = None) -> None:
    """An rdflib dataset written by extension through ``write_quads``; formats without named graphs get the union."""
    write_quads(dataset_quads(ds), path, fmt)


def _graph_file(path: str | Path) -> Path:
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{path}: is a folder, not a graph file")
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such graph file")
    return path


def load_graph(path: str | Path) -> Dataset:
    """Read a graph file written by ``write_graph`` (or any RDF in a known format)."""
    path = _graph_file(path)
    fmt = format_for(path)
    ds = new_dataset()
    try:
        if fmt in QUAD_FORMATS:
            ds.parse(path, format=fmt)
        else:
            ds.default_graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise ValueError(f"{path}: not a readable {fmt} graph ({_syntax_error(path, fmt, exc)})") from exc
    return ds


def _syntax_error(path: Path, fmt: str, exc: Exception) -> str:
    """One line on what is wrong with a graph file: Oxigraph's parser names the line and column plainly,
    where rdflib's messages span lines and quote bytes ("Keyword 'this' was ancient N3")."""
    try:
        for _quad in ox.parse(path=str(path), format=OX_FORMATS[fmt]):
            pass
    except (SyntaxError, ValueError, OSError) as ox_exc:
        return " ".join(str(getattr(ox_exc, "msg", None) or ox_exc).split())
    return " ".join(str(exc).split())[:300]


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


def load_store(path: str | Path) -> ox.Store:
    """Parse a graph file into an in-memory Oxigraph store: tens of times faster than rdflib's parser."""
    path = _graph_file(path)
    fmt = format_for(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=OX_FORMATS[fmt])
    except (SyntaxError, ValueError, OSError) as exc:
        raise ValueError(f"{path}: not a readable {fmt} graph ({exc})") from exc
    return store


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
