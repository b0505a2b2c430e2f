"""The HTML query page of ``kg serve``: a form, the shipped queries with parameter forms, the results.

Every string from the graph or the request is escaped, and the page's Content-Security-Policy
allows no script at all, so a hostile label or evidence sentence can only ever be text.
"""

from __future__ import annotations

import html
import urllib.parse

from . import __version__
from .namedqueries import named_queries
from .protocol import Response
from .queryresults import Results
from .resultformats import shorten, to_graph

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
