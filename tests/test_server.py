"""`kg serve` as a real process on a loopback port, queried by real clients; `kg push` to a real server."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper
from test_sparql import corpus  # the hand-checked fixture articles

from kg.cli import main
from kg.graphfiles import write_graph
from kg.namedqueries import named_queries
from kg.rdf import build_dataset

KG = [sys.executable, "-c", "from kg.cli import main; main()"]
MAX_ROWS = 40
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@contextmanager
def kg_serve(source: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start `kg serve` on a free port and yield its URL once it listens."""
    proc = subprocess.Popen([*KG, "serve", str(source), "--port", "0", "--quiet", *options],
                            stderr=subprocess.PIPE, text=True)
    try:
        said = ""
        while not (match := re.search(r"(http://127\.0\.0\.1:\d+/sparql)", said)):
            line = proc.stderr.readline()
            assert line, f"kg serve did not start: {said}{proc.stderr.read()}"
            said += line
        yield match.group(1), proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stderr.close()


@pytest.fixture(scope="module")
def server(graph_file: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    with kg_serve(graph_file, "--timeout", "2", "--max-rows", str(MAX_ROWS)) as running:
        yield running


@pytest.fixture(scope="module")
def url(server: tuple[str, subprocess.Popen]) -> str:
    return server[0]


def http(url: str, *, query: str | None = None, accept: str | None = None, data: bytes | None = None,
         ctype: str | None = None, method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    if query is not None:
        url = f"{url}?{urllib.parse.urlencode({'query': query})}"
    headers = {k: v for k, v in (("Accept", accept), ("Content-Type", ctype)) if v}
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


STATES = "PREFIX kg: <https://w3id.org/kg-news/ontology#> SELECT DISTINCT ?s WHERE { ?s a kg:State } ORDER BY ?s"


# ---------------------------------------------------------------------- protocol
def test_sparqlwrapper_gets_json_xml_and_csv(url: str) -> None:
    client = SPARQLWrapper(url)
    client.setQuery(STATES)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    states = [b["s"]["value"].rsplit("/", 1)[1] for b in bindings]
    assert len(states) == 3 and "ukraine" in states
    client.setReturnFormat(XML)
    xml = client.query().convert().toxml()
    assert xml.count("<uri>") == 3
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines()[0] == "s"


@pytest.mark.parametrize(("accept", "media", "fmt"), [
    (None, "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("text/html;q=0.9, text/csv", "text/csv", ox.QueryResultsFormat.CSV),
    ("application/*", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
])
def test_content_negotiation(url: str, accept: str | None, media: str, fmt) -> None:
    status, headers, body = http(url, query=STATES, accept=accept)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == media
    if fmt != ox.QueryResultsFormat.CSV:
        assert len(list(ox.parse_query_results(body, format=fmt))) == 3
    else:
        assert len(body.decode().strip().splitlines()) == 4


def test_post_form_and_direct_post(url: str) -> None:
    form = urllib.parse.urlencode({"query": STATES}).encode()
    status, _, body = http(url, data=form, ctype="application/x-www-form-urlencoded")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
    status, _, body = http(url, data=STATES.encode(), ctype="application/sparql-query")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3


def test_construct_is_rdf_and_unacceptable_type_is_406(url: str) -> None:
    construct = STATES.replace("SELECT DISTINCT ?s WHERE", "CONSTRUCT { ?s a kg:State } WHERE").replace(
        " ORDER BY ?s", "")
    status, headers, body = http(url, query=construct, accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 3
    status, _, body = http(url, query=STATES, accept="image/png")
    assert status == 406 and b"application/sparql-results+json" in body


def test_updates_are_refused(url: str) -> None:
    update = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    for data, ctype in ((urllib.parse.urlencode({"update": update}).encode(), "application/x-www-form-urlencoded"),
                        (update.encode(), "application/sparql-update")):
        status, _, body = http(url, data=data, ctype=ctype)
        assert status == 403 and b"read-only" in body
    status, _, body = http(url, query=update)  # an update sent as a query
    assert status == 403
    status, _, body = http(url, query="PREFIX ex: <http://x/>\n# clean up\nDELETE WHERE { ?s ?p ?o }")
    assert status == 403 and b"read-only" in body
    status, _, _ = http(url.replace("/sparql", "/store?default"), data=b"<a:a> <a:b> <a:c> .",
                        ctype="application/n-triples", method="PUT")
    assert status == 403
    _, _, body = http(url, query="ASK { <http://x/a> ?p ?o }")
    assert json.loads(body)["boolean"] is False


def test_malformed_query_is_400(url: str) -> None:
    status, _, body = http(url, query="SELEC ?x WHERE { ?x ?p ?o }")
    assert status == 400 and b"malformed query" in body
    status, _, body = http(url, query="SELECT * WHERE {\n  ?s foo:bar ?o\n}")
    assert status == 400
    assert body.decode() == ("malformed query at line 2, column 13: unknown prefix foo: "
                             "(declare it with PREFIX foo: <...>)\n")
    status, _, body = http(url, query="SELECT * WHERE { ?s ?p ?o")
    assert status == 400 and body.count(b"\n") == 1 and b"..=" not in body and b"expected one of" in body


def test_row_limit(url: str) -> None:
    status, headers, body = http(url, query="SELECT * WHERE { ?s ?p ?o }")
    assert status == 200
    assert json.loads(body)["head"]["vars"] == ["s", "p", "o"]  # SELECT *: the query's order
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    assert headers["X-Kg-Truncated"] == "true"
    _, headers, _ = http(url, query=STATES)
    assert "X-Kg-Truncated" not in headers


def _children(pid: int) -> list[str]:
    return [c for f in Path(f"/proc/{pid}/task").glob("*/children") for c in f.read_text().split()]


def _state(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "X"  # gone meanwhile


def _busy_children(pid: int) -> list[str]:
    """The server's query processes that are running (not waiting for a query)."""
    return [c for c in _children(pid) if _state(c) not in ("S", "Z", "X")]


def test_timeout_stops_the_query_and_the_server_keeps_answering(server: tuple[str, subprocess.Popen]) -> None:
    url, proc = server
    started = time.monotonic()
    status, _, body = http(url, query=SLOW)
    assert status == 503 and b"time limit of 2 s" in body
    assert time.monotonic() - started < 20  # stopped near the limit, not run to the end
    if Path("/proc").is_dir():
        assert _busy_children(proc.pid) == []  # the query's process was killed, not left running
    status, _, _ = http(url, query=STATES)
    assert status == 200


def test_query_page_escapes_everything(url: str) -> None:
    root = url.replace("/sparql", "/")
    status, headers, body = http(root)
    assert status == 200 and b"<form" in body and b"negotiated-with" in body
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    # The hostile evidence and label only (under the row limit); the usual prefixes need no PREFIX.
    query = ('SELECT DISTINCT ?text WHERE { { ?s kg:evidence ?text } UNION { ?a rdfs:label ?text } '
             'FILTER(CONTAINS(?text, "<")) }')
    status, _, body = http(root, query=query)
    page = body.decode()
    assert status == 200
    assert "&lt;script&gt;alert(" in page and "<script>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page


def test_query_page_runs_a_shipped_query_with_its_parameters(url: str) -> None:
    root = url.replace("/sparql", "/")
    page = http(root)[2].decode()
    assert '<input type=hidden name=name value="negotiated-with"><label>actor <input name=actor' in page
    status, _, body = http(f"{root}?{urllib.parse.urlencode({'name': 'negotiated-with', 'actor': 'Putin'})}")
    assert status == 200
    cells = re.findall(r"<td>([^<]*)</td>", body.decode())
    assert cells[:2] == ["Vladimir Putin", "United States"]  # actorLabel, counterpart: the alias resolved
    assert "&lt;https://w3id.org/kg-news/resource/actor/vladimir-putin&gt; AS ?actor" in body.decode()
    status, _, body = http(f"{root}?{urllib.parse.urlencode({'name': 'timeline', 'actor': '<b>Nobody</b>'})}")
    assert status == 400 and "unknown actor &#x27;&lt;b&gt;Nobody&lt;/b&gt;&#x27;" in body.decode()
    status, _, body = http(f"{root}?name=relations-between&actor=Kiev")
    assert status == 400 and "missing parameter other" in body.decode()


# ---------------------------------------------------------------------- kg query --endpoint
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_kg_query_endpoint_matches_local(url: str, graph_file: Path, name: str) -> None:
    values = {"actor": "Washington", "other": "Moscou", "type": "Person", "relation": "excluded-from"}
    args = ["--name", name, "-F", "csv"]
    for param in named_queries()[name].params:
        value = "Ukraine" if (name, param.name) == ("aid-to", "actor") else values[param.name]
        args += ["-p", f"{param.name}={value}"]
    runner = CliRunner()
    remote = runner.invoke(main, ["query", "--endpoint", url, *args])
    local = runner.invoke(main, ["query", str(graph_file), *args])
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout
    assert len(remote.stdout.splitlines()) > 1


def test_kg_query_endpoint_errors(url: str) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["query", "--endpoint", url, "SELEC ?x"])
    assert result.exit_code == 1 and "400" in result.output and "malformed query" in result.output
    result = runner.invoke(main, ["query", "--endpoint", url, "SELECT * WHERE {\n ?s foo:bar ?o }"])
    assert result.exit_code == 1
    assert "400 Bad Request: malformed query at line 2, column 12: unknown prefix foo:" in result.output
    assert len(result.output.strip().splitlines()) == 1
    result = runner.invoke(main, ["query", "--endpoint", url, "--name", "timeline", "-p", "actor=Nobody Known"])
    assert result.exit_code == 1 and "unknown actor 'Nobody Known'" in result.output
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = runner.invoke(main, ["query", "--endpoint", f"http://127.0.0.1:{port}/sparql", "ASK {}"])
    assert result.exit_code == 1 and "cannot reach" in result.output


def test_kg_serve_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", str(tmp_path / "nothing")])
    assert result.exit_code == 1 and "no such store" in result.output


def test_kg_serve_a_store(tmp_path: Path) -> None:
    from kg.store import Store

    Store(tmp_path / "db").replace_articles(build_dataset(corpus()))
    with kg_serve(tmp_path / "db", "--on-disk") as (store_url, _):
        _, _, body = http(store_url, query=STATES)
        assert len(json.loads(body)["results"]["bindings"]) == 3


ARTICLES = ("PREFIX kg: <https://w3id.org/kg-news/ontology#> "
            "SELECT ?id WHERE { GRAPH ?g { ?a kg:articleId ?id } } ORDER BY ?id")


def article_ids(url: str) -> list[str]:
    return [b["id"]["value"] for b in json.loads(http(url, query=ARTICLES)[2])["results"]["bindings"]]


def wait_for(url: str, ids: list[str]) -> None:
    deadline = time.monotonic() + 30
    while article_ids(url) != ids:
        assert time.monotonic() < deadline, f"kg serve did not pick up the change: still {article_ids(url)}"
        time.sleep(0.5)


def test_kg_serve_follows_a_store_that_kg_build_writes_while_it_serves(tmp_path: Path) -> None:
    from kg.store import Store, last_change

    first, second = corpus()
    Store(tmp_path / "db").replace_articles(build_dataset([first]))
    with kg_serve(tmp_path / "db", "--timeout", "5") as (store_url, _):
        assert article_ids(store_url) == ["riyad"]
        store = Store(tmp_path / "db")  # the server holds no lock: a writer can open the store meanwhile
        before = last_change(tmp_path / "db")
        assert str(store.replace_articles(build_dataset([first]))) == "0 added, 0 replaced, 1 unchanged"
        assert last_change(tmp_path / "db") == before  # nothing changed, nothing to read again
        store.replace_articles(build_dataset([second]))
        del store
        assert article_ids(store_url) == ["riyad"]  # the previous state until the store has been quiet a moment
        wait_for(store_url, ["aide", "riyad"])


def test_kg_serve_follows_a_graph_file_that_is_rebuilt(tmp_path: Path) -> None:
    first, second = corpus()
    write_graph(build_dataset([first]), tmp_path / "graph.trig")
    with kg_serve(tmp_path / "graph.trig") as (file_url, _):
        assert article_ids(file_url) == ["riyad"]
        write_graph(build_dataset([second]), tmp_path / "graph.trig")  # as kg build -o does: a new file renamed
        wait_for(file_url, ["aide"])


# ---------------------------------------------------------------------- kg push
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """The Oxigraph server (from the `oxigraph` package) on loopback, as a team's shared endpoint."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph, part of the test extra)")
    port = free_port()
    # No --union-default-graph: the named queries match inside each article's graph.
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "oxdb"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _graph_sizes(base: str) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    _, _, body = http(f"{base}/query", query=query, accept="application/sparql-results+json")
    return {b["g"]["value"].rsplit("/", 1)[1]: int(b["n"]["value"]) for b in json.loads(body)["results"]["bindings"]}


def test_kg_push_one_graph_per_article_then_query(oxigraph_server: str, graph_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    pushed = runner.invoke(main, ["push", str(graph_file), "--endpoint", f"{oxigraph_server}/store", "-q"])
    assert pushed.exit_code == 0, pushed.output
    assert "pushed 2 article graph(s)" in pushed.output
    sizes = _graph_sizes(oxigraph_server)
    assert set(sizes) == {"riyad", "aide"}
    args = ["--name", "negotiated-with", "-p", "actor=Poutine", "-F", "csv"]
    remote = runner.invoke(main, ["query", "--endpoint", f"{oxigraph_server}/query", *args])
    local = runner.invoke(main, ["query", str(graph_file), *args])
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout and len(remote.stdout.splitlines()) == 2
    # The Oxigraph server's own parse errors reach the user trimmed to one line too.
    bad = runner.invoke(main, ["query", "--endpoint", f"{oxigraph_server}/query", "SELECT * WHERE { ?s foo:bar ?o }"])
    assert bad.exit_code == 1 and "unknown prefix foo:" in bad.output and "..=" not in bad.output
    # Pushing a rebuilt graph replaces each article's graph: no duplicates, changes land.
    changed = corpus()
    changed[1] = (changed[1][0], changed[1][1][:1])
    write_graph(build_dataset(changed), tmp_path / "changed.ttl")  # Turtle: split back into articles
    again = runner.invoke(main, ["push", str(tmp_path / "changed.ttl"), "--endpoint", f"{oxigraph_server}/store"])
    assert again.exit_code == 0, again.output
    after = _graph_sizes(oxigraph_server)
    assert after["riyad"] == sizes["riyad"] and after["aide"] < sizes["aide"]


def test_kg_push_to_a_read_only_server_fails_clearly(url: str, graph_file: Path) -> None:
    result = CliRunner().invoke(main, ["push", str(graph_file), "--endpoint", url.replace("/sparql", "/store")])
    assert result.exit_code == 1 and "403" in result.output and "read-only" in result.output
