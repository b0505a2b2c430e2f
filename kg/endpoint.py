"""One protocol request answered: the query checked (no update, no ``SERVICE`` not allowed), run within
the limits and its results serialised as the client asked.

Queries run in child processes (``kg.querypool``) that are killed at the time limit and capped in
memory; a bounded queue answers 503 with ``Retry-After`` when full rather than letting clients hang.
Results stop at a row limit, flagged by the ``X-Kg-Truncated`` header. Updates are refused with 403,
federated ``SERVICE`` calls with 400 unless the endpoint is allow-listed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import pyoxigraph as ox

from .federation import ServiceRefused, check_services
from .namedqueries import named_query
from .protocol import GRAPH_TYPES, RESULT_TYPES, Response, negotiate, text_response
from .querypage import render_page
from .queryparams import bind_params
from .querypool import Busy, Died, Late, Pool
from .queryresults import Results
from .querysources import LocalSource, Source
from .querytext import PREFIXES, QueryError, QueryTimeout, update_keyword
from .substitution import substitute

RETRY_AFTER = "1"


class Endpoint:
    """Answers protocol requests: checks the query, runs it within the limits and serialises the results."""

    def __init__(self, source: Source, *, timeout: float = 10.0, max_rows: int = 10_000, workers: int = 4,
                 queue: int = 256, max_memory: int | None = 2 << 30, allow_service: Iterable[str] = (),
                 slow_after: float = 0.5) -> None:
        self.source = source
        self.timeout = timeout
        self.max_rows = max_rows
        self.allow_service = frozenset(allow_service)
        if isinstance(source, LocalSource):
            source.allow_service = self.allow_service
        self.pool = None
        if hasattr(os, "fork"):
            self.pool = Pool(self._work, lanes=workers, queue=queue, wait=timeout or 30.0, max_memory=max_memory,
                             slow_after=slow_after, generation=lambda: getattr(source, "generation", 0))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()

    # -------------------------------------------------------------- one query
    def answer_named(self, name: str, values: dict[str, str]) -> Response:
        """The query page for a shipped query run with the parameters typed in its form."""
        try:
            named = named_query(name)
            bindings, _ = bind_params(self.source, named, values)
        except QueryError as exc:
            return render_page(error=str(exc), status=400)
        return self.answer(substitute(named.text, bindings), None, mode="page")

    def answer_graph(self, graph: str | None, accept: str | None) -> Response:
        """Graph Store Protocol GET: one article graph by IRI (``graph``), or the union (None)."""
        if graph is None:
            return self.answer("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", accept)
        try:
            node = ox.NamedNode(graph)
        except ValueError:
            return text_response(400, f"{graph!r} is not an IRI.")
        return self.answer(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}", accept, mode="graph")

    def answer(self, query: str, accept: str | None, mode: str = "protocol") -> Response:
        """A complete HTTP answer to one query; ``mode``: protocol, page (the HTML page) or graph (a GSP
        named graph, 404 when empty)."""
        if update_keyword(query):
            return text_response(403, "This endpoint is read-only: SPARQL Update is refused. "
                                      "Change the graph with kg build and serve it again.")
        try:
            check_services(query, self.allow_service)
        except ServiceRefused as exc:
            return render_page(query, error=str(exc), status=400) if mode == "page" else text_response(400, str(exc))
        if self.pool is None:
            return self._evaluate(query, accept, mode)
        try:
            answer = self.pool.run((query, accept, mode), self.timeout or None)
        except Late:
            return self._timed_out()
        except Busy:
            return text_response(503, "The server is busy with other queries; try again shortly.",
                                 Retry_After=RETRY_AFTER)
        except Died as exc:
            return text_response(503, f"The query was stopped: {exc}. Narrow it or ask for fewer rows.")
        assert isinstance(answer, Response)
        return answer

    def _work(self, job: object) -> Response:
        """What a query process does with one job; any failure becomes a 500 for the parent to send."""
        query, accept, mode = job  # type: ignore[misc]
        try:
            return self._evaluate(query, accept, mode)
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001  any failure must reach the client as a 500
            return text_response(500, f"internal error: {exc}")

    def _evaluate(self, query: str, accept: str | None, mode: str) -> Response:
        try:
            results = self.source.run(query, max_rows=self.max_rows)
        except QueryTimeout:
            return self._timed_out()
        except QueryError as exc:
            if mode == "page":
                return render_page(query, error=str(exc), status=400)
            return text_response(400, str(exc))
        if mode == "page":
            return render_page(query, results=results, max_rows=self.max_rows)
        if mode == "graph" and not results.triples:
            return text_response(404, "No such graph: graphs are named after their article "
                                      "(SELECT DISTINCT ?g WHERE { GRAPH ?g {} } lists them).")
        return self._serialise(results, accept)

    def _serialise(self, results: Results, accept: str | None) -> Response:
        headers = {"X-Kg-Max-Rows": str(self.max_rows)}
        if results.truncated:
            headers["X-Kg-Truncated"] = "true"
        if results.triples is not None:
            media = negotiate(accept, list(GRAPH_TYPES))
            if media is None:
                return text_response(406, f"Graph results are available as {', '.join(GRAPH_TYPES)}.")
            fmt = GRAPH_TYPES[media]
            prefixes = PREFIXES if fmt == ox.RdfFormat.TURTLE else None
            body = ox.serialize(results.triples, format=fmt, prefixes=prefixes)
        else:
            media = negotiate(accept, list(RESULT_TYPES))
            if media is None:
                return text_response(406, f"Results are available as {', '.join(RESULT_TYPES)}.")
            body = RESULT_TYPES[media](results).encode()
        return Response(200, f"{media}; charset=utf-8", body, headers)

    def _timed_out(self) -> Response:
        return text_response(503, f"The query ran past the time limit of {self.timeout:g} s and was stopped; "
                                  "narrow it or ask for fewer rows.")
