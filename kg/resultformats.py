"""Query results written out: the SPARQL 1.1 results formats (JSON, XML, CSV, TSV) for rows, RDF for
a graph, and an aligned table for the terminal.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from .queryresults import Results, Term
from .querytext import PREFIXES, XSD, QueryError

ROW_FORMATS = ("csv", "tsv", "json", "xml")  # SPARQL results formats: for SELECT and ASK
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}  # for CONSTRUCT and DESCRIBE
RESULT_FORMATS = ("table", *ROW_FORMATS, *GRAPH_FORMATS)


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def to_json(results: Results) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if results.boolean is not None:
        return json.dumps({"head": {}, "boolean": results.boolean})
    bindings = [{v: _json_term(t) for v, t in zip(results.variables, row, strict=True) if t is not None}
                for row in results.rows]
    return json.dumps({"head": {"vars": results.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False)


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{xml_escape(term.value)}</literal>"
    if term.datatype.value != XSD + "string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{xml_escape(term.value)}</literal>"
    return f"<literal>{xml_escape(term.value)}</literal>"


def to_xml(results: Results) -> str:
    """SPARQL Query Results XML."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in results.variables]
    out.append("</head>")
    if results.boolean is not None:
        out.append(f"<boolean>{'true' if results.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in results.rows:
            cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                            for v, t in zip(results.variables, row, strict=True) if t is not None)
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _rows_or_boolean(results: Results) -> tuple[list[str], Iterable[tuple[Term | None, ...]]]:
    if results.boolean is not None:
        return ["boolean"], [(ox.Literal(str(results.boolean).lower()),)]
    return results.variables, results.rows


def to_csv(results: Results) -> str:
    """SPARQL 1.1 CSV results: lexical values, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    variables, rows = _rows_or_boolean(results)
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_value(t) for t in row])
    return buffer.getvalue()


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def to_tsv(results: Results) -> str:
    """SPARQL 1.1 TSV results: terms in N-Triples syntax, tabs inside literals escaped."""
    variables, rows = _rows_or_boolean(results)
    lines = ["\t".join("?" + v for v in variables)]
    for row in rows:
        lines.append("\t".join("" if t is None else str(t).replace("\t", "\\t") for t in row))
    return "\n".join(lines) + "\n"


def shorten(term: Term | None, width: int | None = None) -> str:
    """A term as a person reads it: prefixed IRIs, bare literal values, long text cut with an ellipsis."""
    if term is None:
        text = ""
    elif isinstance(term, ox.NamedNode):
        text = term.value
        for prefix, ns in PREFIXES.items():
            if text.startswith(ns):
                text = f"{prefix}:{text[len(ns):]}"
                break
    elif isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    else:
        text = term.value
    text = " ".join(text.split())
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def to_table(results: Results, width: int = 60) -> str:
    """An aligned text table for the terminal; cells longer than ``width`` are cut (CSV/JSON keep all)."""
    if results.triples is not None:
        return to_graph(results, ox.RdfFormat.TURTLE)
    variables, rows = _rows_or_boolean(results)
    cells = [[shorten(t, width) for t in row] for row in rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


def to_graph(results: Results, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> str:
    """CONSTRUCT / DESCRIBE results as RDF."""
    if fmt == ox.RdfFormat.TURTLE:
        return ox.serialize(results.triples or [], format=fmt, prefixes=PREFIXES).decode()
    return ox.serialize(results.triples or [], format=fmt).decode()


def format_results(results: Results, fmt: str) -> str:
    """Results in one of RESULT_FORMATS: rows in a results format, a graph in an RDF format, table for both.

    A format that does not fit the result is refused rather than silently swapped for another.
    """
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
    if results.triples is not None:
        if fmt in ROW_FORMATS:
            raise QueryError(f"a CONSTRUCT or DESCRIBE query returns a graph, which has no {fmt} form; "
                             f"use --format {', '.join(GRAPH_FORMATS)} or table (Turtle)")
        return to_graph(results, GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE))
    if fmt in GRAPH_FORMATS:
        raise QueryError(f"{fmt} is for the graph a CONSTRUCT or DESCRIBE query returns; "
                         f"a {results.kind} query gives rows: use --format table, {', '.join(ROW_FORMATS)}")
    return {"table": to_table, "csv": to_csv, "tsv": to_tsv, "json": to_json, "xml": to_xml}[fmt](results)
