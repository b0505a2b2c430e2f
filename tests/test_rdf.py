"""The RDF model: every relation is a direct triple and a statement with its provenance; IRIs are stable."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kg.graphfiles import load_graph, write_graph
from kg.iris import actor_iri
from kg.model import Actor, Article, Statement
from kg.rdf import build_dataset, union
from kg.rdfread import load_statements, read_articles, read_statements
from kg.validate import validate
from kg.vocab import KG, relations

TRUMP = Actor("Donald Trump", "Person", "Q22686")
PUTIN = Actor("Vladimir Putin", "Person", "Q7747")
US = Actor("United States", "State", "Q30")
TEXT = "Le président américain a appelé Vladimir Poutine le 12 février. Donald Trump dirige les États-Unis."


def _items():
    art = Article("art-1", TEXT, "Un appel", dt.date(2025, 2, 13), "articles/art-1.txt")
    sts = [
        Statement("art-1", TRUMP, "negotiated-with", PUTIN, TEXT[:63], 0, 63, dt.date(2025, 2, 12), 0.9, "appeler"),
        Statement("art-1", TRUMP, "leader-of", US, TEXT[64:], 64, len(TEXT), None, 0.75, "diriger"),
    ]
    return [(art, sts)]


def test_relation_inventory_comes_from_the_ontology():
    rels = relations()
    assert len(rels) == 15
    assert rels["negotiated-with"].symmetric and not rels["excluded-from"].symmetric
    assert rels["suspended-aid-to"].iri == KG.suspendedAidTo
    assert {r.family for r in rels.values()} == {"cooperative", "conflictual", "structural"}


def test_direct_triple_and_statement_with_provenance():
    ds = build_dataset(_items())
    g = union(ds)
    assert (actor_iri(TRUMP), KG.negotiatedWith, actor_iri(PUTIN)) in g
    statements = list(g.subjects(RDF.type, KG.Statement))
    assert len(statements) == 2
    evidence = {str(o) for o in g.objects(None, KG.evidence)}
    assert TEXT[:63] in evidence
    assert Literal(dt.date(2025, 2, 12)) in set(g.objects(None, None))


@pytest.mark.parametrize("suffix", [".trig", ".ttl", ".nq", ".jsonld"])
def test_every_format_round_trips_and_validates(tmp_path, suffix):
    path = tmp_path / f"g{suffix}"
    write_graph(build_dataset(_items()), path)
    g = load_graph(path)
    got = {s.relation: s for s in read_statements(g)}
    want = {s.relation: s for s in _items()[0][1]}
    assert got["negotiated-with"] == want["negotiated-with"]
    # The leader-of statement has no date of its own: the graph gives it the article's.
    assert got["leader-of"].date == dt.date(2025, 2, 13)
    assert got["leader-of"].evidence == want["leader-of"].evidence
    assert read_articles(g)["art-1"].title == "Un appel"
    assert validate(g).conforms
    # The fast Oxigraph reader gives exactly what the rdflib walk gives.
    fast, fast_articles = load_statements(path)
    assert set(fast) == set(got.values()) and fast_articles == read_articles(g)


def test_same_input_gives_isomorphic_graph():
    assert isomorphic(union(build_dataset(_items())), union(build_dataset(_items())))


def test_unknown_format_and_missing_file_are_named(tmp_path):
    with pytest.raises(ValueError, match="unknown graph format"):
        write_graph(build_dataset(_items()), tmp_path / "g.xyz")
    with pytest.raises(FileNotFoundError, match="nope.trig"):
        load_graph(tmp_path / "nope.trig")
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is <not turtle", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.ttl"):
        load_graph(broken)


def test_failed_write_keeps_the_previous_file(tmp_path):
    path = tmp_path / "g.trig"
    write_graph(build_dataset(_items()), path)
    before = path.read_bytes()

    class Boom(Exception):
        pass

    class Exploding:
        def serialize(self, **_):
            raise Boom

    from kg import graphfiles

    with pytest.raises(Boom), graphfiles.atomic_open(path, "wb") as handle:
        handle.write(b"half a graph")
        Exploding().serialize(destination=handle)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.trig"]


def test_load_statements_stays_fast_when_actors_recur_in_every_article_graph(tmp_path):
    """The same three actors in 400 article graphs: read once per quad (a SPARQL join over the union took minutes)."""
    import time

    items = []
    for i in range(400):
        art = Article(id=f"a{i:03d}", text="", title=f"Dépêche {i}", date=dt.date(2025, 1, 1 + i % 28))
        items.append((art, [
            Statement(art.id, TRUMP, "negotiated-with", PUTIN, f"Phrase {i}.", 0, 10, art.date, 0.9),
            Statement(art.id, US, "sanctioned", Actor("Russia", "State", "Q159" if i % 2 else None),
                      f"Autre phrase {i}.", 20, 30, art.date, 0.8),
        ]))
    path = tmp_path / "g.nq"
    write_graph(build_dataset(items), path)
    start = time.perf_counter()
    fast, fast_articles = load_statements(path)
    elapsed = time.perf_counter() - start
    g = load_graph(path)
    assert set(fast) == set(read_statements(g)) and fast_articles == read_articles(g)
    assert {st.object for st in fast if st.relation == "sanctioned"} == {Actor("Russia", "State", "Q159")}
    assert elapsed < 5, f"{elapsed:.1f} s for 800 statements"


def _quads_of(path, fmt):
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(path, format=fmt)
    return {(s, p, o, g) for s, p, o, g in ds.quads((None, None, None, None))}


@pytest.mark.parametrize(("suffix", "fmt"), [(".trig", "trig"), (".nq", "nquads"), (".jsonld", "json-ld"),
                                             (".ttl", "turtle"), (".nt", "nt")])
def test_oxigraph_writer_writes_the_quads_rdflib_writes(tmp_path, suffix, fmt):
    """``write_graph`` streams through pyoxigraph's serializer: the file holds exactly what rdflib's writer gives
    (literal forms included: 0.900, dates, integers), and formats without named graphs get the union once."""
    ds = build_dataset(_items() + [(Article("art-2", "", "Deux", None, "https://example.org/a?b=1"), [
        Statement("art-2", TRUMP, "negotiated-with", PUTIN, "Encore.", 3, 9, None, 0.5, ""),
        Statement("art-2", TRUMP, "negotiated-with", PUTIN, "Encore.", 3, 9, None, 0.5, ""),  # twice: one statement
    ])])
    ours, theirs = tmp_path / f"ours{suffix}", tmp_path / f"rdflib{suffix}"
    write_graph(ds, ours)
    target = ds if fmt in ("trig", "nquads", "json-ld") else union(ds)
    target.serialize(destination=str(theirs), format=fmt, encoding="utf-8")
    assert _quads_of(ours, fmt) == _quads_of(theirs, fmt)
    assert len(_quads_of(ours, fmt)) > 30


def test_article_quads_are_each_once_and_count_the_statements():
    from kg.rdf import article_quads

    art, sts = _items()[0]
    quads = article_quads(art, sts + sts[:1])
    assert len(quads) == len(set(quads))
    count = [q.object.value for q in quads if q.predicate.value == str(KG.statementCount)]
    assert count == ["2"]


def test_a_build_that_fails_while_streaming_keeps_the_previous_file(tmp_path):
    from kg.graphfiles import write_quads
    from kg.rdf import article_quads

    path = tmp_path / "g.trig"
    write_graph(build_dataset(_items()), path)
    before = path.read_bytes()

    def quads():
        yield from article_quads(*_items()[0])
        raise RuntimeError("extraction failed half way")

    with pytest.raises(RuntimeError, match="half way"):
        write_quads(quads(), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.trig"]
