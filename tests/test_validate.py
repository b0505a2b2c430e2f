"""SHACL shapes catch the defects that would break provenance or the vocabulary."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH

from kg.cli import main
from kg.graphfiles import load_graph, write_graph
from kg.iris import actor_iri, statement_iri
from kg.model import Actor, Article, Statement
from kg.rdf import build_dataset
from kg.validate import shapes, validate, validate_file, validate_whole
from kg.vocab import ARTICLE, KG

A, B = Actor("Russia", "State", "Q159"), Actor("Ukraine", "State", "Q212")
ST = Statement("a", A, "attacked", B, "La Russie a envahi l'Ukraine.", 0, 29, dt.date(2022, 2, 24), 0.9)


def _ds():
    return build_dataset([(Article("a", ST.evidence, "Invasion", dt.date(2022, 2, 24)), [ST])])


def test_a_built_graph_conforms():
    assert validate(_ds()).conforms


def test_relation_without_statement_is_a_violation():
    ds = _ds()
    ds.graph(URIRef("urn:x")).add((actor_iri(B), KG.sanctioned, actor_iri(A)))
    verdict = validate(ds)
    assert not verdict.conforms
    assert any("no statement" in v.message for v in verdict.violations)


def test_a_predicate_outside_the_ontology_is_a_violation():
    """The shapes read the relation inventory from kg.ttl: a made-up predicate fails, with no list to update."""
    ds = _ds()
    ds.graph(URIRef("urn:x")).add((statement_iri(ST), RDF.predicate, KG.mediatedBetween))
    verdict = validate(ds)
    assert not verdict.conforms
    assert any("not a relation of ontology/kg.ttl" in v.message for v in verdict.violations)


def test_bad_confidence_and_missing_label_are_violations():
    ds = _ds()
    g = ds.graph(URIRef("urn:x"))
    g.add((statement_iri(ST), KG.confidence, Literal(2.5)))
    ds.remove((actor_iri(A), RDFS.label, None, None))
    messages = {v.message for v in validate(ds).violations}
    assert "A statement's confidence is a decimal between 0 and 1." in messages
    assert "An actor has exactly one non-empty label." in messages


def test_validate_command_verdict_and_exit_code(tmp_path):
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    write_graph(_ds(), good)
    ds = _ds()
    ds.graph(URIRef("urn:x")).add((actor_iri(B), KG.leaderOf, actor_iri(A)))
    write_graph(ds, bad)
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(good)])
    assert ok.exit_code == 0 and "valid" in ok.output
    ko = runner.invoke(main, ["validate", str(bad)])
    assert ko.exit_code == 1 and "INVALID" in ko.output and "Only a person" in ko.output
    write_graph(ds, tmp_path / "bad.trig")  # named graphs kept: the actor is owned by the first article's graph
    assert "(article a)" in runner.invoke(main, ["validate", str(tmp_path / "bad.trig")]).output
    missing = runner.invoke(main, ["validate", str(tmp_path / "none.trig")])
    assert missing.exit_code == 1 and "none.trig" in missing.output and "Traceback" not in missing.output


def test_a_graph_that_is_not_a_kg_graph_does_not_conform(tmp_path):
    empty, foreign = tmp_path / "empty.ttl", tmp_path / "foreign.ttl"
    empty.write_text("", encoding="utf-8")
    foreign.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    for path in (empty, foreign):
        result = CliRunner().invoke(main, ["validate", str(path)])
        assert result.exit_code == 1 and "no kg:Article" in result.output
    folder = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert folder.exit_code == 1 and "is a folder" in folder.output


def test_validate_of_a_file_that_is_not_rdf_is_one_clear_line(tmp_path):
    path = tmp_path / "notes.ttl"
    path.write_text("this is not RDF at all\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "notes.ttl: not a readable turtle graph" in lines[0] and "line 1" in lines[0]
    assert "N3" not in lines[0] and "Traceback" not in result.output


def _broken():
    """A built graph with one defect of each kind the shapes catch, several of them spread over graphs."""
    c = Actor("Kremlin", "Institution")
    leader = Statement("b", A, "leader-of", c, "La Russie dirige le Kremlin.", 0, 28, None, 0.8)
    backwards = Statement("b", B, "negotiated-with", c, "Kiev négocie avec le Kremlin.", 20, 5, None, 0.7)
    ds = build_dataset([(Article("a", ST.evidence, "Invasion", dt.date(2022, 2, 24)), [ST]),
                        (Article("b", "texte", "Deux", None), [leader, backwards])])
    other, art_b = ds.graph(URIRef("urn:x")), URIRef(str(ARTICLE) + "b")
    other.add((actor_iri(A), RDFS.label, Literal("Russie")))  # a second label, in another graph
    other.add((actor_iri(B), RDF.type, KG.Person))  # a second actor type
    other.add((actor_iri(c), OWL.sameAs, URIRef("http://example.org/Kremlin")))  # not a Wikidata item
    other.add((actor_iri(B), KG.sanctioned, actor_iri(A)))  # a relation without statement
    other.add((statement_iri(ST), KG.confidence, Literal(2.5)))  # a second, out-of-range confidence
    other.add((statement_iri(ST), RDF.predicate, KG.mediatedBetween))  # not a relation of the ontology
    other.add((art_b, DCTERMS.date, Literal("hier")))  # a date that is no xsd:date
    ds.remove((statement_iri(leader), KG.evidence, None, None))  # evidence missing
    ds.remove((art_b, DCTERMS.title, None, None))  # title missing
    loose = BNode()  # an untyped subject of a statement, as a blank node
    ds.default_graph.add((statement_iri(backwards), RDF.subject, loose))
    ds.default_graph.add((loose, RDFS.label, Literal("")))
    return ds


def test_article_by_article_finds_what_the_whole_graph_check_finds():
    ds = _broken()
    whole, chunked = validate_whole(ds), validate(ds)
    assert not whole.conforms and not chunked.conforms
    assert len(whole.violations) >= 12
    # the same focus nodes, paths and constraints; the messages where the shape writes one (sh:message),
    # pyshacl's own default messages are not copied
    key = [(v.focus, v.path, v.constraint) for v in whole.violations]
    assert sorted(key) == sorted((v.focus, v.path, v.constraint) for v in chunked.violations)
    written = {str(m) for m in shapes().objects(None, SH.message)}
    assert {v.message for v in whole.violations} & written == {v.message for v in chunked.violations} & written
    assert chunked.triples == whole.triples
    kinds = {v.message for v in whole.violations}
    for expected in ("An actor has exactly one non-empty label.",
                     "Only a person can be the leader of a state or institution.",
                     "The evidence span ends before it starts.", "An article has exactly one title.",
                     "A relation between actors has no statement with its source sentence."):
        assert expected in kinds


def test_each_violation_names_its_article(tmp_path):
    ds = _broken()
    verdict = validate(ds)
    span = [v for v in verdict.violations if v.message == "The evidence span ends before it starts."]
    assert [v.article for v in span] == ["b"]
    assert {v.article for v in verdict.violations if v.message.startswith("An article has exactly one title")} == {"b"}
    path = tmp_path / "broken.trig"
    write_graph(ds, path)
    seen = []
    from_file = validate_file(path, progress=lambda done, total: seen.append((done, total)))
    # a file's blank nodes get new names in each parser: compare them as blank nodes
    parsed = load_graph(path)

    def key(v):
        return (v.focus if ":" in v.focus else "_:", v.path, v.constraint)

    assert sorted(map(key, from_file.violations)) == sorted(map(key, validate_whole(parsed).violations))
    assert seen and seen[-1][0] == seen[-1][1]


def _break(kind):
    """A built graph with one defect of ``kind`` (the constraint it breaks), and the constraint expected."""
    ds = _ds()
    g, st, a, art = ds.graph(URIRef("urn:x")), statement_iri(ST), actor_iri(A), URIRef(str(ARTICLE) + "a")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    if kind == "sh:minCount":
        ds.remove((a, RDFS.label, None, None))
    elif kind == "sh:maxCount":
        g.add((art, DCTERMS.title, Literal("Un autre titre")))
    elif kind == "sh:datatype":
        g.add((st, KG.confidence, Literal("0.9")))  # a string
        g.add((art, DCTERMS.date, Literal("2022-13-45", datatype=URIRef(xsd + "date"))))  # ill-typed
        g.add((a, RDFS.label, Literal("Russie", lang="fr")))  # a language-tagged string is no xsd:string
    elif kind == "sh:nodeKind":
        ds.remove((a, OWL.sameAs, None, None))
        g.add((a, OWL.sameAs, Literal("http://www.wikidata.org/entity/Q159")))
    elif kind == "sh:pattern":
        ds.remove((a, OWL.sameAs, None, None))
        g.add((a, OWL.sameAs, URIRef("http://www.wikidata.org/entity/P31")))
    elif kind == "sh:minLength":
        ds.remove((a, RDFS.label, None, None))
        g.add((a, RDFS.label, Literal("")))
    elif kind == "sh:minInclusive":
        ds.remove((st, KG.startChar, None, None))
        g.add((st, KG.startChar, Literal(-1)))
    elif kind == "sh:maxInclusive":
        ds.remove((st, KG.confidence, None, None))
        g.add((st, KG.confidence, Literal("1.5", datatype=URIRef(xsd + "decimal"))))
    elif kind == "sh:qualifiedMaxCount":  # sh:in in a qualified value shape: two actor types
        g.add((a, RDF.type, KG.Group))
    elif kind == "sh:class":
        ds.remove((st, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None, None))
        g.add((st, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), URIRef("urn:not-an-article")))
    elif kind == "sh:node":  # the statement's object is no typed actor, its predicate no relation
        ds.remove((st, RDF.object, None, None))
        g.add((st, RDF.object, URIRef("urn:nobody")))
        g.add((URIRef("urn:nobody"), RDF.type, KG.Article))
    return ds


KINDS = ["sh:minCount", "sh:maxCount", "sh:datatype", "sh:nodeKind", "sh:pattern", "sh:minLength",
         "sh:minInclusive", "sh:maxInclusive", "sh:qualifiedMaxCount", "sh:class", "sh:node"]


def test_sparql_and_pyshacl_agree_on_each_kind_of_defect():
    """pyshacl on the whole graph (the reference) and the SPARQL translation in Oxigraph report the same
    focus nodes, paths and constraints, for a valid graph and for one defect of each constraint kind."""
    for kind in [None, *KINDS]:
        ds = _break(kind) if kind else _ds()
        whole, fast = validate_whole(ds), validate(ds)
        key = sorted((v.focus, v.path, v.constraint) for v in whole.violations)
        assert key == sorted((v.focus, v.path, v.constraint) for v in fast.violations), kind
        assert whole.conforms == fast.conforms == (kind is None)
        if kind:
            assert kind in {v.constraint for v in fast.violations}
            assert all(v.article == "a" or v.focus.startswith("urn:") for v in fast.violations), kind


def test_the_translation_covers_every_shape_with_targets():
    """With today's shapes.ttl every core constraint runs as SPARQL: pyshacl has no targeted shape left."""
    from kg.shapecore import core_queries, has_targets
    from kg.validate import core_shapes

    queries, covered = core_queries(shapes())
    assert len(covered) == 5 and not has_targets(core_shapes())
    assert {"sh:minCount", "sh:maxCount", "sh:datatype", "sh:class", "sh:nodeKind", "sh:node", "sh:pattern",
            "sh:qualifiedMinCount", "sh:qualifiedMaxCount"} <= {c for q in queries for c, _ in q.kinds}
    # sh:in lives in the qualified value shapes: the count queries test each value against the list
    assert any("sameTerm(?value, <https://w3id.org/kg-news/ontology#Group>)" in q.query for q in queries
               if ("sh:qualifiedMaxCount", q.message) in q.kinds)


def test_not_exists_becomes_minus_only_where_both_mean_the_same():
    from kg.shapesparql import as_minus

    plain = "SELECT ?this WHERE { ?this ?p ?o . FILTER NOT EXISTS { ?s ?p ?o } }"
    assert as_minus(plain) == "SELECT ?this WHERE { ?this ?p ?o . MINUS { ?s ?p ?o } }"
    for kept in ("SELECT ?this WHERE { ?this ?p ?o OPTIONAL { ?o ?q ?r } FILTER NOT EXISTS { ?r ?p ?this } }",
                 "SELECT ?this WHERE { ?this ?p ?o FILTER NOT EXISTS { ?a ?b ?c } }",  # no shared variable
                 "SELECT ?this WHERE { ?this ?p ?o FILTER NOT EXISTS { ?o ?q ?r FILTER (?r > ?o) } }"):
        assert as_minus(kept) == kept
