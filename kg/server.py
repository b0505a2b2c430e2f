"""The HTTP side of ``kg serve``: a read-only SPARQL 1.1 Protocol and Graph Store endpoint with a small
query page, whose requests are answered by :class:`kg.endpoint.Endpoint`.

POSTs from pages on other origins get 403 unless CORS was opted in for them (``kg.protocol``).
HTTP/1.1 with keep-alive; every socket read has a timeout, a malformed request gets a 400, never a
traceback, and connections past a cap get a 503 at once.

Why not delegate the protocol to ``oxigraph serve-read-only``: it would bring its own HTTP stack but
none of what is ours here (a time limit that frees the CPU, a memory cap, a row cap, the refusal of
SERVICE and of cross-origin POSTs, named queries with parameter forms, following a rebuilt store),
and each of those would then sit in a proxy in front of it, which is this module again.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox

from . import __version__
from .endpoint import RETRY_AFTER, Endpoint
from .protocol import (
    FORMAT_KEYS,
    GRAPH_TYPES,
    Response,
    cors_headers,
    format_accept,
    negotiate,
    post_refusal,
    service_description,
    text_response,
)
from .querypage import render_page
from .querysources import Source

MAX_BODY = 1 << 20  # a query larger than 1 MiB is not a query a person wrote


class BadRequest(Exception):
    """A request that cannot be read; answered with its status and the connection closed."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = f"kg/{__version__}"
    protocol_version = "HTTP/1.1"  # keep-alive; every answer has a Content-Length
    default_request_version = "HTTP/1.0"  # so that an unreadable request line still gets a status line
    error_content_type = "text/plain; charset=utf-8"
    error_message_format = "%(code)d %(message)s: %(explain)s\n"

    def setup(self) -> None:
        self.timeout = self.server.socket_timeout  # idle keep-alive and header reads; the body has its own
        super().setup()

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionError, TimeoutError):  # the client went away or stalled: nothing to answer
            self.close_connection = True

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()

    def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        endpoint = self.server.endpoint
        if url.path == "/" and "name" in params:
            values = {k: v[0] for k, v in params.items() if k != "name" and v}
            self._send(endpoint.answer_named(params["name"][0], values))
        elif url.path == "/" and "query" not in params:
            self._send(render_page())
        elif url.path in ("/sparql", "/query") and not params.get("query") and "update" not in params:
            self._send(self._description())
        elif url.path in ("/", "/sparql", "/query"):
            self._protocol(params, page=url.path == "/")
        elif url.path in ("/store", "/data"):
            self._graph_store(params)
        else:
            self._send(text_response(404, f"No such page {url.path}; the SPARQL endpoint is /sparql."))

    do_HEAD = do_GET  # noqa: N815

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._send(Response(204, "text/plain; charset=utf-8", b"", {"Allow": "GET, HEAD, POST, OPTIONS"}))

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        refusal = post_refusal(self.headers, str(self.server.server_address[0]), self.server.cors_origins)
        if refusal:
            self._send(text_response(403, refusal), close=True)  # before reading or running anything
            return
        if url.path not in ("/sparql", "/query", "/update", "/store"):
            self._send(text_response(404, f"No such endpoint {url.path}; the SPARQL endpoint is /sparql."), close=True)
            return
        try:
            body = self._body()
        except BadRequest as exc:
            self._send(text_response(exc.status, str(exc)), close=True)
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/update", "/store") or ctype == "application/sparql-update":
            self._refuse_write()
        elif ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            merged = dict(params)
            for key, values in form.items():
                merged[key] = merged.get(key, []) + values if key in FORMAT_KEYS else values
            self._protocol(merged)
        elif ctype == "application/sparql-query":
            self._protocol({**params, "query": [body.decode("utf-8", "replace")]})
        else:
            self._send(text_response(415, "POST a query as application/x-www-form-urlencoded (query=...) "
                                          "or as application/sparql-query."))

    def do_PUT(self) -> None:  # noqa: N802
        self._refuse_write(close=True)

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def _body(self) -> bytes:
        """The request body, read within the body timeout; BadRequest for a length that is not one."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raise BadRequest(411, "Send the body with a Content-Length, not chunked.")
        lengths = {v.strip() for v in self.headers.get_all("Content-Length") or []}
        if not lengths:
            return b""
        if len(lengths) > 1 or not next(iter(lengths)).isdigit():
            raise BadRequest(400, f"Content-Length {', '.join(sorted(lengths))!r} is not a number of bytes.")
        length = int(lengths.pop())
        if length > MAX_BODY:
            raise BadRequest(413, f"Request body over {MAX_BODY} bytes.")
        deadline = time.monotonic() + self.server.socket_timeout
        chunks, got = [], 0
        try:
            while got < length:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                self.connection.settimeout(remaining)
                chunk = self.rfile.read1(length - got)
                if not chunk:
                    raise BadRequest(400, f"The body ended after {got} of the {length} bytes announced.")
                chunks.append(chunk)
                got += len(chunk)
        except TimeoutError:
            raise BadRequest(408, f"The body did not arrive: {got} of the {length} bytes announced came in "
                                  f"{self.server.socket_timeout:g} s.") from None
        finally:
            self.connection.settimeout(self.server.socket_timeout)
        return b"".join(chunks)

    def _refuse_write(self, close: bool = False) -> None:
        self._send(text_response(403, "This endpoint is read-only: updates and Graph Store writes are refused. "
                                      "Push to a writable server with kg push, or rebuild with kg build."), close=close)

    def _description(self) -> Response:
        host = self.headers.get("Host")
        try:
            url = ox.NamedNode(f"http://{host}/sparql").value if host else self.server.url
        except ValueError:
            url = self.server.url
        endpoint = self.server.endpoint
        summary = (f"kg: a read-only SPARQL 1.1 endpoint over news articles' knowledge graph; the default graph "
                   f"is the union of the article graphs; queries stop after {endpoint.timeout:g} s and "
                   f"{endpoint.max_rows} rows.")
        media = negotiate(self.headers.get("Accept"), ["text/turtle", *GRAPH_TYPES])
        if media is None:
            media = "text/turtle"
        fmt = GRAPH_TYPES[media]
        prefixes = {"sd": "http://www.w3.org/ns/sparql-service-description#",
                    "formats": "http://www.w3.org/ns/formats/"} if fmt == ox.RdfFormat.TURTLE else None
        body = ox.serialize(service_description(url, summary), format=fmt, prefixes=prefixes)
        return Response(200, f"{media}; charset=utf-8", body)

    def _graph_store(self, params: dict[str, list[str]]) -> None:
        graphs = params.get("graph", [])
        if "default" in params and not graphs:
            self._send(self.server.endpoint.answer_graph(None, self._accept(params)))
        elif len(graphs) == 1:
            self._send(self.server.endpoint.answer_graph(graphs[0], self._accept(params)))
        else:
            self._send(text_response(400, "Name one graph: /store?graph=IRI (an article's graph) or /store?default."))

    def _accept(self, params: dict[str, list[str]]) -> str | None:
        given = format_accept(v for key in FORMAT_KEYS for v in params.get(key, []))
        return given or self.headers.get("Accept")

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
        try:
            accept = self._accept(params)
        except ValueError as exc:
            self._send(text_response(400, f"{str(exc)[0].upper()}{str(exc)[1:]}."))
            return
        if accept == "text/html":
            page = True
        self._send(self.server.endpoint.answer(queries[0], accept, mode="page" if page else "protocol"))

    def _send(self, response: Response, close: bool = False) -> None:
        headers = {"X-Content-Type-Options": "nosniff", **response.headers}
        headers.update(cors_headers(self.headers.get("Origin"), self.command, self.server.cors_origins))
        headers["Vary"] = ", ".join(dict.fromkeys(["Accept", *filter(None, [headers.get("Vary")])]))
        unread = self.command != "POST" and (self.headers.get("Transfer-Encoding")
                                             or (self.headers.get("Content-Length") or "0").strip() != "0")
        if close or unread:  # a body left unread would be taken for the next request
            self.close_connection = True
            headers["Connection"] = "close"
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (the base class's name)
        if not self.server.quiet:
            super().log_message(format, *args)


class SparqlServer(ThreadingHTTPServer):
    """A thread per connection, up to ``max_connections``; past that a connection gets a 503 at once."""

    daemon_threads = True
    request_queue_size = 1024  # the listen backlog: a burst of clients waits in the kernel, not refused

    def __init__(self, endpoint: Endpoint, host: str = "127.0.0.1", port: int = 7878, quiet: bool = False, *,
                 cors_origins: Iterable[str] = (), socket_timeout: float = 15.0, max_connections: int = 512):
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), Handler)
        self.endpoint = endpoint
        self.quiet = quiet
        self.cors_origins = frozenset(cors_origins)
        self.socket_timeout = socket_timeout
        self.max_connections = max_connections
        self._open = 0
        self._open_lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/sparql"

    def process_request(self, request, client_address) -> None:  # noqa: ANN001  (socketserver's signature)
        with self._open_lock:
            full = self._open >= self.max_connections
            if not full:
                self._open += 1
        if full:
            body = b"Too many open connections; try again shortly.\n"
            try:
                request.settimeout(1)
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Retry-After: " + RETRY_AFTER.encode() + b"\r\nConnection: close\r\n"
                                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:  # noqa: ANN001
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._open_lock:
                self._open -= 1

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        """A client that went away is no error; anything else is logged on one line, without a traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError):
            return
        print(f"kg: error answering {client_address[0]}: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)


def serve(source: Source, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 10.0,
          max_rows: int = 10_000, quiet: bool = False, workers: int = 4, queue: int = 256,
          max_memory: int | None = 2 << 30, allow_service: Iterable[str] = (), cors_origins: Iterable[str] = (),
          socket_timeout: float = 15.0, max_connections: int = 512) -> None:
    """Serve until interrupted; prints the endpoint's URL first (port 0 picks a free port)."""
    endpoint = Endpoint(source, timeout=timeout, max_rows=max_rows, workers=workers, queue=queue,
                        max_memory=max_memory, allow_service=allow_service)
    try:
        server = SparqlServer(endpoint, host, port, quiet, cors_origins=cors_origins,
                              socket_timeout=socket_timeout, max_connections=max_connections)
    except OSError:
        endpoint.close()
        raise
    print(f"kg: serving {source.name} at {server.url} (query page: {server.url[:-len('sparql')]})",
          file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        endpoint.close()
