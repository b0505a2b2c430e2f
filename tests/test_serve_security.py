"""`kg serve` and `kg query` must not be a way to reach other hosts (SSRF) nor be driven by other sites (CSRF).

Each refusal is checked against a real listener on loopback that must receive nothing; each test
also shows the listener does get the call when the guard is lifted, so the silence means something.
"""

from __future__ import annotations

import select
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_server import http, kg_serve

from kg.cli import main
from kg.federation import ServiceRefused, check_services, service_targets


class Listener:
    """A TCP listener on loopback standing for a host the server must not be made to reach."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def contacted(self) -> bool:
        """Whether a connection came (it is complete in the kernel before the caller's answer is sent)."""
        hit = False
        while select.select([self.sock], [], [], 0)[0]:
            conn, _ = self.sock.accept()
            conn.close()
            hit = True
        return hit

    def hang_up_on_callers(self) -> threading.Thread:
        """Accept one caller in the background and hang up, so that the caller fails fast."""
        def serve() -> None:
            self.sock.settimeout(60)
            try:
                conn, _ = self.sock.accept()
                conn.close()
                self.answered = True
            except OSError:
                pass
        self.answered = False
        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        return thread


@pytest.fixture()
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.sock.close()


@pytest.fixture(scope="module")
def url(graph_file: Path) -> Iterator[str]:
    """A server as started by default: no SERVICE endpoint allowed, no other origin may POST."""
    with kg_serve(graph_file) as (served, _):
        yield served


@pytest.fixture(scope="module")
def open_server(graph_file: Path) -> Iterator[tuple[str, Listener]]:
    """A server that allows SERVICE to one listener and POSTs from one other origin."""
    lst = Listener()
    with kg_serve(graph_file, "--allow-service", lst.url, "--cors-origin", "https://friend.example") as (url, _):
        yield url, lst
    lst.sock.close()


def service_query(target: str) -> str:
    return f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"


# ---------------------------------------------------------------------- finding SERVICE clauses
def test_service_targets_are_found_however_written() -> None:
    assert service_targets(service_query("http://a/q")) == ["http://a/q"]
    assert service_targets("PREFIX e: <http://e/> SELECT * { service  SILENT e:q {} SERVICE ?x {} }") == \
        ["http://e/q", "?x"]
    assert service_targets("SELECT * { SERVICE # a comment\n <http://c/> {} }") == ["http://c/"]
    assert service_targets("SELECT * { SERV\\u0049CE <http://u/> {} }") == ["http://u/"]
    # The word in a string, a comment or an IRI is no clause.
    assert service_targets('SELECT * { ?s ?p "SERVICE <http://x/>" } # SERVICE <http://y/>') == []
    assert service_targets("SELECT * { <http://x/SERVICE> ?p ?o }") == []


def test_check_services_names_the_clause() -> None:
    with pytest.raises(ServiceRefused, match=r"SERVICE <http://a/q> is refused.*--allow-service"):
        check_services(service_query("http://a/q"))
    with pytest.raises(ServiceRefused, match="variable endpoint"):
        check_services("SELECT * { SERVICE ?x { ?s ?p ?o } }", ["http://a/q"])
    check_services(service_query("http://a/q"), ["http://a/q"])


# ---------------------------------------------------------------------- SSRF through kg serve
@pytest.mark.parametrize("how", ["get", "post-form", "post-direct", "page", "prefixed", "silent"])
def test_serve_refuses_service_by_default(url: str, listener: Listener, how: str) -> None:
    query = service_query(listener.url)
    if how == "prefixed":
        base, local = listener.url.rsplit("/", 1)
        query = f"PREFIX remote: <{base}/> SELECT * WHERE {{ SERVICE remote:{local} {{ ?s ?p ?o }} }}"
    elif how == "silent":
        query = query.replace("SERVICE", "service SILENT")
    if how == "post-form":
        status, _, body = http(url, data=urllib.parse.urlencode({"query": query}).encode(),
                               ctype="application/x-www-form-urlencoded")
    elif how == "post-direct":
        status, _, body = http(url, data=query.encode(), ctype="application/sparql-query")
    elif how == "page":
        status, _, body = http(url.replace("/sparql", "/"), query=query)
    else:
        status, _, body = http(url, query=query)
    assert status == 400
    assert f"SERVICE &lt;{listener.url}&gt;" in body.decode() if how == "page" else \
        f"SERVICE <{listener.url}> is refused" in body.decode()
    assert not listener.contacted()


def test_serve_calls_an_allowed_service_only(open_server: tuple[str, Listener], listener: Listener) -> None:
    url, allowed = open_server
    status, _, _ = http(url, query=service_query(listener.url))  # not the allowed one
    assert status == 400 and not listener.contacted()
    thread = allowed.hang_up_on_callers()
    http(url, query=service_query(allowed.url))  # it hangs up, so the query fails; what counts is the call
    thread.join(timeout=60)
    assert allowed.answered


# ---------------------------------------------------------------------- SSRF through kg query
def test_kg_query_refuses_service(graph_file: Path, listener: Listener) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["query", str(graph_file), service_query(listener.url)])
    assert result.exit_code == 1 and f"SERVICE <{listener.url}> is refused" in result.output
    assert not listener.contacted()
    thread = listener.hang_up_on_callers()
    result = runner.invoke(main, ["query", str(graph_file), "--allow-service", listener.url,
                                  service_query(listener.url)])
    thread.join(timeout=60)
    assert listener.answered  # allowed: the call is made (and fails, as the listener hangs up)
    result = runner.invoke(main, ["query", str(graph_file), "--allow-service", "file:///etc/passwd", "ASK {}"])
    assert result.exit_code == 2 and "not an http(s) URL" in result.output


# ---------------------------------------------------------------------- CSRF
def cross_site_post(url: str, query: str, *, origin: str | None = None, site: str | None = None,
                    ctype: str = "application/x-www-form-urlencoded", host: str | None = None) -> tuple[int, bytes]:
    """A POST as a browser sends it from a page: a form's content type, Origin and Sec-Fetch-Site."""
    body = urllib.parse.urlencode({"query": query}).encode() if ctype.endswith("urlencoded") else query.encode()
    parts = urllib.parse.urlsplit(url)
    headers = {"Content-Type": ctype, "Content-Length": str(len(body)), "Host": host or parts.netloc,
               "Connection": "close"}
    if origin:
        headers["Origin"] = origin
    if site:
        headers["Sec-Fetch-Site"] = site
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        sock.sendall(f"POST {parts.path} HTTP/1.1\r\n{head}\r\n".encode() + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    return status, answer.split(b"\r\n\r\n", 1)[1]


@pytest.mark.parametrize(("origin", "site", "ctype"), [
    ("https://evil.example", "cross-site", "application/x-www-form-urlencoded"),
    ("https://evil.example", None, "text/plain"),
    ("https://evil.example", None, "application/sparql-query"),
    ("null", "cross-site", "application/x-www-form-urlencoded"),  # a sandboxed frame or a file:// page
    (None, "cross-site", "application/x-www-form-urlencoded"),
    (None, "same-site", "multipart/form-data"),
])
def test_cross_origin_post_is_refused_before_it_runs(open_server: tuple[str, Listener], origin: str | None,
                                                     site: str | None, ctype: str) -> None:
    url, allowed = open_server
    status, body = cross_site_post(url, service_query(allowed.url), origin=origin, site=site, ctype=ctype)
    assert status == 403 and b"--cors-origin" in body
    assert not allowed.contacted()


def test_a_rebound_dns_name_is_not_the_same_origin(open_server: tuple[str, Listener]) -> None:
    url, allowed = open_server
    port = urllib.parse.urlsplit(url).port
    status, _ = cross_site_post(url, service_query(allowed.url), origin=f"http://evil.example:{port}",
                                host=f"evil.example:{port}", site="same-origin")
    assert status == 403 and not allowed.contacted()


@pytest.mark.parametrize("origin", ["https://friend.example", "same", None])
def test_allowed_same_and_non_browser_posts_run(open_server: tuple[str, Listener], origin: str | None) -> None:
    url, allowed = open_server
    if origin == "same":
        origin = "http://" + urllib.parse.urlsplit(url).netloc
    status, body = cross_site_post(url, "ASK { ?s ?p ?o }", origin=origin)
    assert status == 200 and b'"boolean": true' in body
