"""A read-only SPARQL 1.1 Protocol endpoint over a graph file or a store, with a small query page.

Each query runs in a forked child process that is killed when the time limit passes, so a runaway
query frees its CPU instead of running on after the client was told it timed out (Oxigraph cannot
be interrupted from Python). Results stop at a row limit, flagged by the ``X-Kg-Truncated`` header.
Updates are refused with 403: the graph changes only through ``kg build``. A store directory is
served from an in-memory copy that follows the directory (``Followed``), so ``kg build --store``
can write to it while the server answers.
"""

from __future__ import annotations

import html
import os
import pickle
import select
import signal
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .sparql import (
    LocalSource,
    QueryError,
    QueryTimeout,
    Results,
    Source,
    Term,
    bind_params,
    named_queries,
    named_query,
    open_source,
    shorten,
    substitute,
    to_csv,
    to_graph,
    to_json,
    to_tsv,
    to_xml,
    update_keyword,
)
from .store import in_memory, last_change

MAX_BODY = 1 << 20  # a query larger than 1 MiB is not a query a person wrote
RESULT_TYPES = {
    "application/sparql-results+json": to_json,
    "application/json": to_json,
    "application/sparql-results+xml": to_xml,
    "application/xml": to_xml,
    "text/csv": to_csv,
    "text/tab-separated-values": to_tsv,
}
GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "html": "text/html"}


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def text_response(status: int, message: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


def accepted(accept: str | None) -> list[str]:
    """Media types of an Accept header, most wanted first (wildcards kept)."""
    ranked = []
    for position, part in enumerate((accept or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if fields[0] and quality > 0:
            ranked.append((-quality, position, fields[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The first offered type the client accepts; ``offered[0]`` is the default for wildcards."""
    for media in accepted(accept):
        if media == "*/*":
            return offered[0]
        if media.endswith("/*"):
            match = next((o for o in offered if o.startswith(media[:-1])), None)
        else:
            match = media if media in offered else None
        if match:
            return match
    return None


class Followed:
    """A graph file or store served from memory, read again when it changes on disk.

    A store directory (``kg build --store``) is copied into memory, where queries run about twice as
    fast, and is open only while it is copied, so ``kg build --store DIR`` can add articles while
    ``kg serve DIR`` answers. A graph file is loaded into memory anyway. Once the file or store has
    been quiet for one polling interval after a change, it is read again and the new copy takes
    over; until then queries see the previous state, never a half-written one.
    """

    def __init__(self, location: str | Path, *, poll: float = 2.0, log: Callable[[str], None] | None = None) -> None:
        self.path = Path(location)
        self.name = str(location)
        self._log = log or (lambda message: None)
        self.version = self._version()
        self.source = self._read()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._follow, args=(poll,), name="follow", daemon=True)
        self._thread.start()

    def run(self, query: str, bindings: Mapping[str, Term] | None = None, *,
            max_rows: int | None = None, deadline: float | None = None) -> Results:
        return self.source.run(query, bindings, max_rows=max_rows, deadline=deadline)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()

    def _version(self) -> object:
        """What changes when the graph does: the store's change marker, or the file's inode and time."""
        if self.path.is_dir():
            return last_change(self.path)
        try:
            info = self.path.stat()
        except OSError:
            return None
        return info.st_ino, info.st_mtime_ns, info.st_size

    def _read(self) -> LocalSource:
        started = time.monotonic()
        source = open_source(self.path)  # a file is parsed into memory; a store is opened read-only
        assert isinstance(source, LocalSource)
        if self.path.is_dir():
            source = LocalSource(in_memory(source.store), self.name)  # and closed again here
        self._log(f"{self.path}: {len(source.store):,} quads in memory in {time.monotonic() - started:.1f} s")
        return source

    def _follow(self, poll: float) -> None:
        seen = self.version
        while not self._stop.wait(poll):
            now = self._version()
            if now == self.version or now != seen:  # unchanged, or changed since the last look: wait
                seen = now
                continue
            try:
                self.source = self._read()
                self.version = now
            except (QueryError, OSError) as exc:
                self._log(f"{self.path}: cannot read it again ({exc}); serving the previous state")


class Endpoint:
    """Answers protocol requests: runs the query within the limits and serialises the results."""

    def __init__(self, source: Source, *, timeout: float = 10.0, max_rows: int = 10_000,
                 workers: int = 4) -> None:
        self.source = source
        self.timeout = timeout
        self.max_rows = max_rows
        self.slots = threading.BoundedSemaphore(workers)

    # -------------------------------------------------------------- one query
    def answer_named(self, name: str, values: dict[str, str]) -> Response:
        """The query page for a shipped query run with the parameters typed in its form."""
        try:
            named = named_query(name)
            bindings, _ = bind_params(self.source, named, values)
        except QueryError as exc:
            return render_page(error=str(exc), status=400)
        return self.answer(substitute(named.text, bindings), None, page=True)

    def answer(self, query: str, accept: str | None, page: bool = False) -> Response:
        """A complete HTTP answer to one query (``page``: the HTML query page's rendering)."""
        if update_keyword(query):
            return text_response(403, "This endpoint is read-only: SPARQL Update is refused. "
                                      "Change the graph with kg build and serve it again.")
        if not self.slots.acquire(timeout=self.timeout or None):
            return text_response(503, "The server is busy with other queries; try again shortly.")
        try:
            if self.timeout and hasattr(os, "fork"):
                return self._in_child(query, accept, page)
            return self._evaluate(query, accept, page, None)
        finally:
            self.slots.release()

    def _evaluate(self, query: str, accept: str | None, page: bool, deadline: float | None) -> Response:
        try:
            results = self.source.run(query, max_rows=self.max_rows, deadline=deadline)
        except QueryTimeout:
            return self._timed_out()
        except QueryError as exc:
            if page:
                return render_page(query, error=str(exc), status=400)
            return text_response(400, str(exc))
        if page:
            return render_page(query, results=results, max_rows=self.max_rows)
        return self._serialise(results, accept)

    def _serialise(self, results: Results, accept: str | None) -> Response:
        headers = {"X-Kg-Max-Rows": str(self.max_rows)}
        if results.truncated:
            headers["X-Kg-Truncated"] = "true"
        if results.triples is not None:
            media = negotiate(accept, list(GRAPH_TYPES))
            if media is None:
                return text_response(406, f"Graph results are available as {', '.join(GRAPH_TYPES)}.")
            body = ox.serialize(results.triples, format=GRAPH_TYPES[media])
        else:
            media = negotiate(accept, list(RESULT_TYPES))
            if media is None:
                return text_response(406, f"Results are available as {', '.join(RESULT_TYPES)}.")
            body = RESULT_TYPES[media](results).encode()
        return Response(200, f"{media}; charset=utf-8", body, headers)

    def _timed_out(self) -> Response:
        return text_response(503, f"The query ran past the time limit of {self.timeout:g} s and was stopped; "
                                  "narrow it or ask for fewer rows.")

    def _in_child(self, query: str, accept: str | None, page: bool) -> Response:
        """Evaluate in a forked process that the deadline kills; the child sends back the whole answer."""
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: answer, write, and leave without running the parent's cleanup
            os.close(reader)
            try:
                payload = pickle.dumps(self._evaluate(query, accept, page, None))
            except BaseException as exc:  # noqa: BLE001  any failure must reach the parent as a 500
                payload = pickle.dumps(text_response(500, f"internal error: {exc}"))
            with os.fdopen(writer, "wb") as out:
                out.write(payload)
            os._exit(0)
        os.close(writer)
        deadline = time.monotonic() + self.timeout
        chunks: list[bytes] = []
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([reader], [], [], remaining)[0]:
                    os.kill(pid, signal.SIGKILL)
                    return self._timed_out()
                chunk = os.read(reader, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(reader)
            os.waitpid(pid, 0)
        try:
            return pickle.loads(b"".join(chunks))
        except (pickle.UnpicklingError, EOFError):
            return text_response(500, "the query process died before answering")


# ------------------------------------------------------------------ the query page
PAGE_CSS = """body{font-family:system-ui,sans-serif;margin:1.5em;max-width:80em}
textarea{width:100%;font-family:monospace}table{border-collapse:collapse;margin-top:1em}
td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}
.error{color:#a00;white-space:pre-wrap}details{margin:.3em 0}pre{background:#f6f6f6;padding:.5em}"""
DEFAULT_QUERY = "SELECT * WHERE { ?s ?p ?o } LIMIT 20"


def render_page(query: str = "", *, results: Results | None = None, error: str | None = None,
                max_rows: int | None = None, status: int = 200) -> Response:
    """The query form, the shipped queries as examples, and the results; every string escaped."""
    esc = html.escape
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>kg SPARQL</title>"
             f"<style>{PAGE_CSS}</style></head><body><h1>kg SPARQL endpoint</h1>",
             "<p>Protocol endpoint: <code>/sparql</code> (GET or POST; JSON, XML, CSV or TSV by Accept). "
             "Read-only. The default graph is the union of all article graphs.</p>",
             f"<form method=get action=/><textarea name=query rows=14>{esc(query or DEFAULT_QUERY)}</textarea>"
             "<p><button type=submit>Run</button></p></form>"]
    if error is not None:
        parts.append(f"<p class=error>{esc(error)}</p>")
    if results is not None:
        quoted = urllib.parse.quote(query)
        links = " · ".join(f"<a href=\"/sparql?format={f}&amp;query={esc(quoted)}\">{f.upper()}</a>"
                           for f in ("json", "csv", "tsv", "xml"))
        if results.boolean is not None:
            parts.append(f"<p>Answer: <strong>{'yes' if results.boolean else 'no'}</strong></p>")
        elif results.triples is not None:
            parts.append(f"<pre>{esc(to_graph(results))}</pre>")
        else:
            head = "".join(f"<th>{esc(v)}</th>" for v in results.variables)
            body = "".join("<tr>" + "".join(f"<td>{esc(shorten(t))}</td>" for t in row) + "</tr>"
                           for row in results.rows)
            parts.append(f"<p>{len(results.rows)} row(s) · download as {links}</p>"
                         f"<table><tr>{head}</tr>{body}</table>")
        if results.truncated:
            parts.append(f"<p class=error>Only the first {max_rows} rows are shown (the server's row limit).</p>")
    parts.append("<h2>Shipped queries</h2><p>Fill in a query's parameters and run it: actor names resolve "
                 "through the extractor's aliases (Poutine, Putin). The name opens its text unbound.</p>")
    for name, named in named_queries().items():
        fields = "".join(f"<label>{esc(p.name)} <input name={esc(p.name)} placeholder=\"{esc(p.kind)}\" required>"
                         "</label> " for p in named.params)
        parts.append(f"<details><summary><a href=\"/?query={esc(urllib.parse.quote(named.text))}\">"
                     f"{esc(name)}</a>: {esc(named.summary)}</summary>"
                     f"<form method=get action=/><input type=hidden name=name value=\"{esc(name)}\">{fields}"
                     f"<button type=submit>Run</button></form><pre>{esc(named.text)}</pre></details>")
    parts.append(f"<p><small>kg {esc(__version__)}</small></p></body></html>")
    return Response(status, "text/html; charset=utf-8", "".join(parts).encode(), {
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"})


# ------------------------------------------------------------------ HTTP
class Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = f"kg/{__version__}"

    def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path == "/" and "name" in params:
            values = {k: v[0] for k, v in params.items() if k != "name" and v}
            self._send(self.server.endpoint.answer_named(params["name"][0], values))
        elif url.path == "/" and "query" not in params:
            self._send(render_page())
        elif url.path in ("/", "/sparql", "/query"):
            self._protocol(params, page=url.path == "/")
        else:
            self._send(text_response(404, f"No such page {url.path}; the SPARQL endpoint is /sparql."))

    do_HEAD = do_GET  # noqa: N815

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path not in ("/sparql", "/query", "/update", "/store"):
            self._send(text_response(404, f"No such endpoint {url.path}; the SPARQL endpoint is /sparql."))
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(text_response(413, f"Request body over {MAX_BODY} bytes."))
            return
        body = self.rfile.read(length)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/update", "/store") or ctype == "application/sparql-update":
            self._refuse_write()
        elif ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            self._protocol({**params, **form})
        elif ctype == "application/sparql-query":
            self._protocol({**params, "query": [body.decode("utf-8", "replace")]})
        else:
            self._send(text_response(415, "POST a query as application/x-www-form-urlencoded (query=...) "
                                          "or as application/sparql-query."))

    def do_PUT(self) -> None:  # noqa: N802
        self._refuse_write()

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def _refuse_write(self) -> None:
        self._send(text_response(403, "This endpoint is read-only: updates and Graph Store writes are refused. "
                                      "Push to a writable server with kg push, or rebuild with kg build."))

    def _protocol(self, params: dict[str, list[str]], page: bool = False) -> None:
        if "update" in params:
            self._refuse_write()
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._send(text_response(400, "Give exactly one non-empty query parameter."))
            return
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            self._send(text_response(400, "default-graph-uri and named-graph-uri are not supported: the default "
                                          "graph is the union of the article graphs; use GRAPH in the query."))
            return
        accept = self.headers.get("Accept")
        fmt = params.get("format", [""])[0]
        if fmt:
            if fmt not in FORMAT_PARAM:
                self._send(text_response(400, f"Unknown format {fmt!r}; use {', '.join(FORMAT_PARAM)}."))
                return
            accept = FORMAT_PARAM[fmt]
            page = fmt == "html"
        self._send(self.server.endpoint.answer(queries[0], accept, page=page))

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Vary", "Accept")
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (the base class's name)
        if not self.server.quiet:
            super().log_message(format, *args)


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, endpoint: Endpoint, host: str = "127.0.0.1", port: int = 7878, quiet: bool = False):
        super().__init__((host, port), Handler)
        self.endpoint = endpoint
        self.quiet = quiet

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/sparql"


def serve(source: Source, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 10.0,
          max_rows: int = 10_000, quiet: bool = False) -> None:
    """Serve until interrupted; prints the endpoint's URL first (port 0 picks a free port)."""
    server = SparqlServer(Endpoint(source, timeout=timeout, max_rows=max_rows), host, port, quiet)
    print(f"kg: serving {source.name} at {server.url} (query page: {server.url[:-len('sparql')]})",
          file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
