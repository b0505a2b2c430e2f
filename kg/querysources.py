"""What answers SPARQL: a graph file or store directory in Oxigraph (read-only, ``SERVICE`` guarded) or
a remote endpoint spoken to through the SPARQL 1.1 Protocol, and ``open_source`` choosing one.

Everything runs on Oxigraph (``pyoxigraph``): a graph file is parsed into an in-memory store, a store
directory is opened read-only; bindings are substituted into the text (:mod:`kg.substitution`).
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from .federation import check_services
from .graphfiles import FORMATS, QUAD_FORMATS, format_for
from .graphfiles import load_store as rdf_load_store
from .parseerrors import ERROR_AT, syntax_message
from .queryresults import Results, Term, collect, in_query_order
from .querytext import PREFIXES, READ_ONLY, QueryError, add_prefixes, update_keyword
from .store import Store, StoreError
from .substitution import substitute


class Source(Protocol):
    """Something that answers SPARQL: a local Oxigraph store or a remote endpoint."""

    name: str

    def run(self, query: str, bindings: Mapping[str, Term] | None = None, *,
            max_rows: int | None = None, deadline: float | None = None) -> Results:
        """Answer ``query`` with ``bindings`` put in as RDF terms, stopping after ``max_rows`` rows or at
        ``deadline`` (a ``time.monotonic()`` value); raises QueryError when it cannot."""
        ...


class LocalSource:
    """An Oxigraph store (in memory or on disk); the default graph is the union of the article graphs."""

    def __init__(self, store: ox.Store, name: str = "graph", *, allow_service: Iterable[str] = ()) -> None:
        self.store = store
        self.name = name
        self.allow_service = frozenset(allow_service)  # SERVICE endpoints a query may call; none by default

    def run(self, query: str, bindings: Mapping[str, Term] | None = None, *,
            max_rows: int | None = None, deadline: float | None = None) -> Results:
        """Run a read-only query on the store over the union of the article graphs; an update, a SERVICE
        endpoint not allowed or a syntax error raises QueryError."""
        if update_keyword(query):
            raise QueryError(f"read-only: {READ_ONLY}")
        if bindings:
            query = substitute(query, bindings)
        check_services(query, self.allow_service)
        try:
            answer = self.store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(syntax_message(str(exc), query)) from exc
        except OSError as exc:
            raise QueryError(f"{self.name}: cannot read the store ({exc})") from exc
        return in_query_order(collect(answer, max_rows, deadline), query)


class EndpointSource:
    """A SPARQL 1.1 Protocol endpoint (Fuseki, Oxigraph server, QLever, Virtuoso, ``kg serve``).

    The named queries match inside ``GRAPH ?g`` (one graph per article), so they need no particular
    default-graph setting on the server.
    """

    ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
              "application/n-triples;q=0.8, text/turtle;q=0.7")

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        if not re.match(r"https?://", url):
            raise QueryError(f"endpoint {url!r} is not an http(s) URL")
        self.name = self.url = url
        self.timeout = timeout

    def run(self, query: str, bindings: Mapping[str, Term] | None = None, *,
            max_rows: int | None = None, deadline: float | None = None) -> Results:
        """POST the query (usual prefixes added, bindings substituted) and read the answer; the deadline
        bounds the HTTP timeout, and an HTTP error or an unreachable endpoint raises QueryError."""
        query = add_prefixes(query)
        if bindings:
            query = substitute(query, bindings)
        body = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": self.ACCEPT})
        timeout = self.timeout if deadline is None else max(0.1, deadline - time.monotonic())
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                ctype = response.headers.get_content_type()
                data = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()
            detail = syntax_message(detail, query) if ERROR_AT.match(detail) else " ".join(detail.split())[:500]
            raise QueryError(f"{self.url} answered {exc.code} {exc.reason}: {detail}") from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise QueryError(f"cannot reach {self.url}: {reason}") from exc
        return parse_response(data, ctype, max_rows, self.url)


def parse_response(data: bytes, ctype: str, max_rows: int | None, origin: str) -> Results:
    """Read an endpoint's answer in whichever standard format it chose."""
    results_formats = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }
    graph_formats = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
                     "application/rdf+xml": ox.RdfFormat.RDF_XML}
    try:
        if ctype in results_formats:
            return collect(ox.parse_query_results(data, format=results_formats[ctype]), max_rows)
        if ctype in graph_formats:
            triples = [q.triple for q in ox.parse(data, format=graph_formats[ctype])]
            truncated = max_rows is not None and len(triples) > max_rows
            return Results(triples=triples[:max_rows] if truncated else triples, truncated=truncated)
    except (SyntaxError, ValueError) as exc:
        raise QueryError(f"{origin} sent unreadable {ctype} results: {exc}") from exc
    raise QueryError(f"{origin} answered with {ctype}, which is not a SPARQL results format")

def _file_store(path: Path) -> ox.Store:
    """A graph file in an in-memory Oxigraph store, loaded by ``kg.graphfiles.load_store``, errors as QueryError.

    Triples of a file without named graphs (Turtle, N-Triples) move to a graph named after the file,
    so the queries' ``GRAPH ?g`` patterns find them too.
    """
    try:
        store = rdf_load_store(path)
        fmt = format_for(path)
    except (OSError, ValueError) as exc:
        raise QueryError(str(exc)) from exc
    if fmt not in QUAD_FORMATS:
        store.update(f"MOVE DEFAULT TO {ox.NamedNode(path.resolve().as_uri())}")
    return store


def open_source(location: str | Path | None = None, endpoint: str | None = None) -> Source:
    """A graph file (any format of ``kg build``), a store directory (``kg build --store``) or an endpoint URL."""
    if endpoint:
        return EndpointSource(endpoint)
    if location is None:
        raise QueryError("give a graph file, a store directory or --endpoint URL")
    path = Path(location)
    if path.is_dir() or (not path.exists() and path.suffix.lower() not in FORMATS):
        try:
            return LocalSource(Store.open_read_only(path).oxigraph, str(path))
        except StoreError as exc:
            raise QueryError(str(exc)) from exc
    return LocalSource(_file_store(path), str(path))
