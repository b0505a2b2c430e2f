"""`kg serve` as standard clients use it: SPARQLWrapper for every query form, CORS, the service
description, JSON-LD and the Graph Store Protocol, against a real server on loopback."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from http.client import HTTPConnection, HTTPResponse
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from test_server import STATES, http, kg_serve

KG_NS = "PREFIX kg: <https://w3id.org/kg-news/ontology#> "
CONSTRUCT = KG_NS + "CONSTRUCT { ?s a kg:State } WHERE { ?s a kg:State }"
DESCRIBE = KG_NS + "DESCRIBE ?s WHERE { ?s a kg:State } "
ASK = KG_NS + "ASK { ?s a kg:State }"
SD = "http://www.w3.org/ns/sparql-service-description#"
pytestmark = pytest.mark.filterwarnings(
    "ignore::DeprecationWarning:SPARQLWrapper.*",  # its rdflib ConjunctiveGraph
    "ignore:Sending Accept header:RuntimeWarning")  # CONSTRUCT with format JSON: it asks for */* and format=json


@pytest.fixture(scope="module")
def url(graph_file: Path) -> Iterator[str]:
    with kg_serve(graph_file, "--cors-origin", "https://notebook.example") as (served, _):
        yield served


def wrapper(url: str, query: str, fmt: str, method: str) -> SPARQLWrapper:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method == POSTDIRECTLY:
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
    else:
        client.setMethod(method)
    return client


METHODS = [GET, POST, POSTDIRECTLY]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select(url: str, method: str, fmt: str) -> None:
    result = wrapper(url, STATES, fmt, method).query()
    converted = result.convert()
    if fmt == JSON:
        assert len(converted["results"]["bindings"]) == 3
    elif fmt == XML:
        assert converted.toxml().count("<uri>") == 3
    else:
        assert len(converted.decode().strip().splitlines()) == 4


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(url: str, method: str, fmt: str) -> None:
    converted = wrapper(url, ASK, fmt, method).query().convert()
    if fmt == JSON:
        assert converted["boolean"] is True
    else:
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("fmt", [XML, RDFXML, TURTLE, N3, JSONLD, JSON])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_sparqlwrapper_construct_and_describe(url: str, method: str, fmt: str, query: str) -> None:
    result = wrapper(url, query, fmt, method).query()
    graph = result.convert()
    if isinstance(graph, bytes):  # SPARQLWrapper hands Turtle and N3 over as text
        graph = list(ox.parse(graph, format=ox.RdfFormat.TURTLE))
    elif isinstance(graph, dict | list):  # and JSON as parsed JSON (JSON-LD, for a graph)
        graph = list(ox.parse(json.dumps(graph).encode(), format=ox.RdfFormat.JSON_LD))
    triples = {tuple(str(term) for term in (t if isinstance(t, tuple) else (t.subject, t.predicate, t.object)))
               for t in graph}
    states = {s for s, _, o in triples if o.strip("<>") == "https://w3id.org/kg-news/ontology#State"}
    assert len(states) == 3


def test_jsonld_by_accept(url: str) -> None:
    status, headers, body = http(url, query=CONSTRUCT, accept="application/ld+json")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert len(list(ox.parse(body, format=ox.RdfFormat.JSON_LD))) == 3


def test_service_description_parses_as_rdf(url: str) -> None:
    status, headers, body = http(url)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    service = ox.NamedNode(url)
    assert ox.Quad(service, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                   ox.NamedNode(SD + "Service")) in triples
    assert ox.Quad(service, ox.NamedNode(SD + "feature"), ox.NamedNode(SD + "UnionDefaultGraph")) in triples
    formats = {str(q.object) for q in triples if q.predicate == ox.NamedNode(SD + "resultFormat")}
    assert "<http://www.w3.org/ns/formats/SPARQL_Results_JSON>" in formats
    status, _, body = http(url, accept="application/rdf+xml")
    assert status == 200 and len(list(ox.parse(body, format=ox.RdfFormat.RDF_XML))) == len(triples)


def test_cors_reading_is_open_and_posting_is_opt_in(url: str) -> None:
    parts = urllib.parse.urlsplit(url)

    def ask(method: str, origin: str, **headers: str) -> HTTPResponse:
        conn = HTTPConnection(parts.hostname, parts.port, timeout=30)
        path = f"{parts.path}?{urllib.parse.urlencode({'query': ASK})}" if method == "GET" else parts.path
        conn.request(method, path, headers={"Origin": origin, **headers})
        response = conn.getresponse()
        response.read()
        conn.close()
        return response

    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    stranger = ask("OPTIONS", "https://other.example", **preflight)
    assert stranger.status == 204
    assert "POST" not in stranger.headers["Access-Control-Allow-Methods"]
    friend = ask("OPTIONS", "https://notebook.example", **preflight)
    assert friend.status == 204 and "POST" in friend.headers["Access-Control-Allow-Methods"]
    assert friend.headers["Access-Control-Allow-Origin"] == "https://notebook.example"
    assert "content-type" in friend.headers["Access-Control-Allow-Headers"].lower()
    read = ask("GET", "https://other.example")
    assert read.status == 200 and read.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-Kg-Truncated" in read.headers["Access-Control-Expose-Headers"]


def _graph_iris(url: str) -> list[str]:
    _, _, body = http(url, query="SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    return [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]]


def test_graph_store_get_per_article(url: str) -> None:
    store = url.replace("/sparql", "/store")
    iris = _graph_iris(url)
    assert len(iris) == 2
    total = 0
    for iri in iris:
        count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
        expected = int(json.loads(http(url, query=count)[2])["results"]["bindings"][0]["n"]["value"])
        status, headers, body = http(f"{store}?{urllib.parse.urlencode({'graph': iri})}", accept="text/turtle")
        assert status == 200 and headers["Content-Type"].startswith("text/turtle")
        assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == expected
        total += expected
    status, _, body = http(f"{store}?{urllib.parse.urlencode({'graph': iris[0]})}", accept="application/ld+json")
    assert status == 200 and list(ox.parse(body, format=ox.RdfFormat.JSON_LD))
    status, _, body = http(f"{store}?graph=https://w3id.org/kg-news/resource/graph/nothing")
    assert status == 404 and b"No such graph" in body
    status, _, body = http(f"{store}?default", accept="application/n-triples")
    assert status == 200 and 0 < len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))) <= total
    status, _, _ = http(f"{store}?{urllib.parse.urlencode({'graph': iris[0]})}", data=b"", method="PUT",
                        ctype="text/turtle")
    assert status == 403  # still read-only


def test_keep_alive_serves_several_requests_on_one_connection(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    conn = HTTPConnection(parts.hostname, parts.port, timeout=30)
    sockets = []
    for _ in range(3):
        conn.request("GET", f"{parts.path}?{urllib.parse.urlencode({'query': ASK})}")
        response = conn.getresponse()
        assert response.status == 200 and response.version == 11
        assert json.loads(response.read())["boolean"] is True
        sockets.append(conn.sock)
    body = urllib.parse.urlencode({"query": ASK})
    conn.request("POST", parts.path, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert conn.getresponse().read() and conn.sock is sockets[0]
    assert sockets[0] is not None and all(s is sockets[0] for s in sockets)
    conn.close()
