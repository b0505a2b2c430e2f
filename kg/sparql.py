"""SPARQL over a graph file, an on-disk store or a remote endpoint, with parameters bound as RDF terms.

Everything runs on Oxigraph (``pyoxigraph``): a graph file is parsed into an in-memory store, a store
directory is opened read-only, and a remote endpoint is spoken to through the SPARQL 1.1 Protocol.
Named queries ship as ``kg/queries/*.rq``; their header comment says what they answer and declares
their parameters (``# @param NAME (KIND) help``). A parameter becomes an RDF term built and checked
by Oxigraph, never a piece of text: ``substitute`` puts the term where its variable stood, as SEP-0007
substitution does, so that every engine, local or remote, plans the query around the constant.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from .model import Actor
from .rdf import FORMATS, QUAD_FORMATS, actor_iri, format_for
from .rdf import load_store as rdf_load_store
from .vocab import ACTOR, ARTICLE, KG, PROV, STATEMENT, WD, relations

QUERY_DIR = Path(__file__).resolve().parent / "queries"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
PARAM_KINDS = {
    "actor": "an actor's name or alias, resolved through the gazetteer and the graph's labels",
    "type": "an actor type: Person, State, Institution or Group",
    "relation": "a relation slug, e.g. negotiated-with",
    "date": "a date, YYYY-MM-DD",
    "text": "a plain string",
}
ROW_FORMATS = ("csv", "tsv", "json", "xml")  # SPARQL results formats: for SELECT and ASK
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}  # for CONSTRUCT and DESCRIBE
RESULT_FORMATS = ("table", *ROW_FORMATS, *GRAPH_FORMATS)
# Prefixes a typed query may use without declaring them.
PREFIXES = {
    "kg": str(KG), "actor": str(ACTOR), "article": str(ARTICLE), "st": str(STATEMENT), "wd": str(WD),
    "prov": str(PROV), "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD, "dcterms": "http://purl.org/dc/terms/", "schema": "https://schema.org/",
}


class QueryError(ValueError):
    """A query, name, parameter or source that cannot be used; the message says why and what would work."""


class QueryTimeout(QueryError):
    """A query ran past its time limit."""


UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
READ_ONLY = "SPARQL updates (INSERT/DELETE/LOAD/CLEAR/DROP/CREATE...) are not run"
# What may precede the first keyword: blanks, comments, PREFIX and BASE declarations.
_PROLOGUE_ITEM = re.compile(r"\s+|#[^\n]*|(?i:PREFIX)\s*[^\s:<>]*:\s*<[^<>]*>|(?i:BASE)\s*<[^<>]*>")


def _prologue_end(query: str) -> int:
    pos = 0
    while (item := _PROLOGUE_ITEM.match(query, pos)) and item.end() > pos:
        pos = item.end()
    return pos


def first_keyword(query: str) -> str:
    """The first word after the prologue (comments, PREFIX, BASE), upper-cased: the query or update form."""
    word = re.match(r"[A-Za-z]+", query[_prologue_end(query):])
    return word.group().upper() if word else ""


_SELECT_STAR = re.compile(r"(?i:SELECT)\s+(?:(?i:DISTINCT|REDUCED)\s+)?\*")
# SPARQL tokens: comments, strings and IRIs are matched whole, so a '?' inside them is no variable.
_TOKEN = re.compile("|".join((
    r"#[^\n]*",  # comment
    r'"""[\s\S]*?"""', r"'''[\s\S]*?'''",  # long strings
    r'"(?:[^"\\\n]|\\.)*"', r"'(?:[^'\\\n]|\\.)*'",  # strings
    r'<[^<>"{}|^`\\\s]*>',  # IRI
    r"[?$](?P<var>\w+)",
    r"(?P<word>[A-Za-z]+)",
    r"(?P<punct>[(){}])",
)))


def star_order(query: str) -> list[str] | None:
    """For ``SELECT *``, the variables in the order they first appear in the query; None otherwise.

    Oxigraph lists the columns of ``SELECT *`` in its own order (reversed, for a plain pattern);
    a reader expects them as written, and SPARQL leaves the order to the implementation.
    """
    start = _prologue_end(query)
    if not _SELECT_STAR.match(query, start):
        return None
    found = (m["var"] for m in _TOKEN.finditer(query, start) if m["var"])
    return list(dict.fromkeys(found))


def in_query_order(results: Results, query: str) -> Results:
    """The columns of a ``SELECT *`` result put in the order the query names the variables."""
    order = star_order(query)
    if order is None or results.boolean is not None or results.triples is not None:
        return results
    rank = {v: i for i, v in enumerate(order)}
    by_rank = sorted(range(len(results.variables)), key=lambda i: (rank.get(results.variables[i], len(rank)), i))
    results.variables = [results.variables[i] for i in by_rank]
    results.rows = [tuple(row[i] for i in by_rank) for row in results.rows]
    return results


def update_keyword(query: str) -> str | None:
    """The update operation a request starts with (``INSERT``, ``DROP``...), or None for a query.

    The first keyword after the prologue decides, as in the SPARQL grammar, so a query that merely
    mentions ``DELETE`` in a comment, a string or an IRI is not taken for an update.
    """
    keyword = first_keyword(query)
    return keyword if keyword in UPDATE_KEYWORDS else None


class ServiceRefused(QueryError):
    """A federated ``SERVICE`` clause calls an endpoint that is not on the allow-list."""


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_TARGET = re.compile(r"(?:\s|#[^\n]*)*(?:(?i:SILENT)(?:\s|#[^\n]*)*)?"
                             r"(?:<(?P<iri>[^<>\s]*)>|(?P<var>[?$]\w+)|(?P<prefix>[A-Za-z][\w.-]*)?:(?P<local>[^\s{#]*))")


def service_targets(query: str) -> list[str]:
    """The endpoints the query's ``SERVICE`` clauses would call, as written (``?x`` for a variable one).

    Keywords are found by the tokenizer, so ``service`` in a string, a comment or an IRI is no clause;
    the text is also read with its ``\\u`` escapes decoded, as the SPARQL grammar allows. A prefixed name
    is expanded with the query's PREFIX declarations and the usual prefixes; anything unreadable after
    ``SERVICE`` is returned as ``?`` so that it is refused rather than missed.
    """
    found: list[str] = []
    decoded = _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), query)
    for text in dict.fromkeys((query, decoded)):
        declared = dict(PREFIXES)
        declared.update(re.findall(r"(?i:PREFIX)\s*([A-Za-z][\w.-]*|):\s*<([^<>]*)>", text))
        for token in _TOKEN.finditer(text):
            if (token["word"] or "").upper() != "SERVICE":
                continue
            target = _SERVICE_TARGET.match(text, token.end())
            if target is None:
                found.append("?")
            elif target["iri"] is not None:
                found.append(target["iri"])
            elif target["var"]:
                found.append(target["var"])
            else:
                namespace = declared.get(target["prefix"] or "")
                found.append(namespace + target["local"] if namespace is not None else "?")
    return list(dict.fromkeys(found))


def check_services(query: str, allowed: Iterable[str] = ()) -> None:
    """Refuse a query whose ``SERVICE`` clauses call an endpoint not in ``allowed``.

    Oxigraph evaluates ``SERVICE`` by sending the sub-query over HTTP from this machine, so a query
    from anyone could make it reach any host it can reach (SSRF): federation is off unless the
    endpoint is allowed by exact URL.
    """
    allow = set(allowed)
    for target in service_targets(query):
        if target not in allow:
            shown = "SERVICE with a variable endpoint" if target.startswith(("?", "$")) else f"SERVICE <{target}>"
            hint = (f"allowed: {', '.join(sorted(allow))}" if allow else
                    "federated queries are off; allow an endpoint with --allow-service URL")
            raise ServiceRefused(f"{shown} is refused: this endpoint does not call other servers ({hint})")


# ---------------------------------------------------------------------------- named queries
@dataclass(frozen=True)
class Param:
    """A parameter a named query declares (``# @param NAME (KIND) help``); ``kind`` is a key of ``PARAM_KINDS``."""

    name: str
    kind: str
    help: str


@dataclass(frozen=True)
class NamedQuery:
    """A query file with its header comment parsed: what it answers and what it takes."""

    name: str
    text: str
    description: str
    params: tuple[Param, ...] = ()

    @property
    def summary(self) -> str:
        return self.description.split("\n\n", 1)[0].replace("\n", " ")


_PARAM_LINE = re.compile(r"^@param\s+\??([A-Za-z_]\w*)\s*\(\s*(\w+)\s*\)\s*(.*)$")


def parse_query_header(name: str, text: str) -> NamedQuery:
    """Read the leading ``#`` comment of a query: prose lines are the description, ``@param`` lines params."""
    prose: list[str] = []
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        match = _PARAM_LINE.match(body)
        if match:
            pname, kind, help_text = match.groups()
            if kind not in PARAM_KINDS:
                raise QueryError(f"{name}: parameter {pname} has unknown kind {kind!r}; "
                                 f"known: {', '.join(PARAM_KINDS)}")
            params.append(Param(pname, kind, help_text.strip()))
        elif body.startswith("@"):
            raise QueryError(f"{name}: cannot read header line {line!r}; write '# @param NAME (KIND) help'")
        else:
            prose.append(body)
    description = re.sub(r"\n{3,}", "\n\n", "\n".join(prose)).strip()
    # Join wrapped lines of a paragraph so the description reflows in --list.
    description = "\n\n".join(" ".join(p.split("\n")) for p in description.split("\n\n"))
    return NamedQuery(name, text, description, tuple(params))


@cache
def named_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """The queries shipped under kg/queries (or the ``.rq`` files of ``folder``), by file name without ``.rq``."""
    return {p.stem: parse_query_header(p.stem, p.read_text(encoding="utf-8"))
            for p in sorted((folder or QUERY_DIR).glob("*.rq"))}


def named_query(name: str) -> NamedQuery:
    """The shipped query called ``name`` (a file name without ``.rq``); an unknown name raises QueryError
    with the closest match and the known names."""
    queries = named_queries()
    if name not in queries:
        close = difflib.get_close_matches(name, queries, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise QueryError(f"unknown query {name!r}{hint}; known: {', '.join(queries)} (see kg query --list)")
    return queries[name]


# ---------------------------------------------------------------------------- results
Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Results:
    """What a query returned: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None
    truncated: bool = False  # more rows existed than the row limit let through

    @property
    def kind(self) -> str:
        if self.boolean is not None:
            return "ASK"
        return "GRAPH" if self.triples is not None else "SELECT"

    def dicts(self) -> list[dict[str, str | None]]:
        """Rows as plain dicts of lexical values, handy in a notebook or a test."""
        return [{v: (t.value if t is not None else None) for v, t in zip(self.variables, row, strict=True)}
                for row in self.rows]


def collect(answer: object, max_rows: int | None = None, deadline: float | None = None) -> Results:
    """Turn a pyoxigraph answer into Results, stopping at the row limit or the deadline."""
    if isinstance(answer, ox.QueryBoolean):
        return Results(boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        triples: list[ox.Triple] = []
        truncated = False
        for triple in answer:
            if max_rows is not None and len(triples) >= max_rows:
                truncated = True
                break
            _check(deadline)
            triples.append(triple)
        return Results(triples=triples, truncated=truncated)
    variables = [v.value for v in answer.variables]
    rows: list[tuple[Term | None, ...]] = []
    truncated = False
    for solution in answer:
        if max_rows is not None and len(rows) >= max_rows:
            truncated = True
            break
        if len(rows) % 256 == 0:
            _check(deadline)
        rows.append(tuple(solution))  # a solution iterates its values in the order of the variables
    return Results(variables, rows, truncated=truncated)


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout("the query ran past its time limit")


_ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
# Oxigraph lists the characters it expected as ranges ['A' ..= 'Z' | '\u{00C0}'..='\u{00D6}' | ...]: noise to a reader.
_CHAR_CLASS = re.compile(r"\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]")
_PREFIXED_NAME = re.compile(r"(?<![\w<:/#.-])([A-Za-z][\w.-]*)?:[^\s:]*$")


def syntax_message(error: str, query: str) -> str:
    """Oxigraph's parse error in one line: where, and the gist (an unknown prefix, the tokens expected).

    Oxigraph reports the position as line:column (1-based, in characters) and lists the grammar it
    expected there, character ranges included; the ranges go and an undeclared prefix is named.
    """
    match = _ERROR_AT.match(error.strip())
    if match is None:
        return f"malformed query: {' '.join(error.split())}"
    line, column, detail = int(match[1]), int(match[2]), match[3]
    lines = query.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    where = f"malformed query at line {line}, column {column}"
    if first_keyword(query) not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        return "malformed query: it must start with SELECT, ASK, CONSTRUCT or DESCRIBE (after any PREFIX lines)"
    if "Prefix not found" in detail:
        name = _PREFIXED_NAME.search(text[: column - 1])
        prefix = (name[1] or "") if name else ""
        return f"{where}: unknown prefix {prefix}: (declare it with PREFIX {prefix}: <...>)"
    if "IRI parsing failed" in detail:
        return f"{where}: invalid IRI before this point (an IRI holds no spaces, quotes or braces)"
    rest = re.sub(r"^expected( one of)?", "", _CHAR_CLASS.sub("", detail).strip())
    expected = [t.strip() for t in re.findall(r'\s*("(?:[^"\\]|\\.)*"|[^,\s][^,]*)', rest)]
    expected = [t for t in expected if t]
    found = text[column - 1:].split()
    near = f" near {found[0][:30]!r}" if found else " (end of the query)" if line >= len(lines) else ""
    if not expected:
        return f"{where}{near}: unexpected text"
    shown = ", ".join(expected[:10]) + (", ..." if len(expected) > 10 else "")
    return f"{where}{near}: expected {'one of ' if len(expected) > 1 else ''}{shown}"


# ---------------------------------------------------------------------------- sources
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
            detail = syntax_message(detail, query) if _ERROR_AT.match(detail) else " ".join(detail.split())[:500]
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


_SOLUTION_MODIFIERS = ("GROUP", "ORDER")
_END_OF_MODIFIER = ("HAVING", "LIMIT", "OFFSET", "VALUES")


def _clause_ends(clause: str, depth: int, word: str, punct: str | None) -> bool:
    """Whether this token closes a projection, a GROUP/ORDER BY list or a VALUES variable list."""
    if clause == "select":
        return depth == 0 and (word in ("WHERE", "FROM") or punct == "{")
    if clause == "modifier":
        return depth == 0 and (word in _END_OF_MODIFIER or punct in ("{", "}"))
    return clause == "values" and punct == "{"


def substitute(query: str, bindings: Mapping[str, Term]) -> str:
    """The query with each bound variable replaced by its term, in N-Triples syntax.

    This is SEP-0007 substitution done on the query text, as Jena's ParameterizedSparqlString does:
    a variable the query's SELECT projects becomes ``(term AS ?var)`` so it stays a column (subqueries
    stop projecting it: it is no longer a variable there), and elsewhere the term stands where the
    variable stood. Every engine then plans with the constant: Oxigraph's own
    ``substitutions`` are joined after planning, which made ``relations-between`` 3-10x slower, and a
    ``VALUES`` block was hash-joined after the whole pattern (1-2 s instead of 20 ms). A value cannot
    become query syntax: terms are built and checked by Oxigraph (an IRI holds no ``>`` nor blanks,
    a literal's quotes and line breaks are escaped), and comments, strings and IRIs of the query are
    left as they are.
    """
    for name, term in bindings.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
        if isinstance(term, ox.BlankNode):
            raise QueryError(f"?{name}: a blank node cannot be bound (it would be a new variable)")
    out: list[str] = []
    pos, clause, depth, previous, selects = 0, "", 0, "", 0
    for token in _TOKEN.finditer(query):
        word, punct, var = (token["word"] or "").upper(), token["punct"], token["var"]
        if word == "SELECT":
            clause, depth, selects = "select", 0, selects + 1
        elif word in _SOLUTION_MODIFIERS:
            clause, depth = "modifier", 0
        elif word == "VALUES":
            clause = "values"
        elif _clause_ends(clause, depth, word, punct):
            clause = ""
        elif punct == "(":
            depth += 1
        elif punct == ")":
            depth -= 1
        if var is not None and var in bindings:
            if previous == "AS" or clause == "values":
                how = f"AS ?{var}" if previous == "AS" else "VALUES"
                raise QueryError(f"?{var} is assigned by the query ({how}), so it cannot be a parameter")
            term = str(bindings[var])
            if clause == "select" and depth == 0:
                term = f"({term} AS ?{var})" if selects == 1 else ""
            elif clause == "modifier" and depth == 0:
                term = f"({term})"
            out += [query[pos:token.start()], term]
            pos = token.end()
        if word or punct or var is not None:
            previous = word
    out.append(query[pos:])
    return "".join(out)


def add_prefixes(query: str) -> str:
    """The query with PREFIX declarations for the usual prefixes it uses but does not declare.

    For endpoints; a local store takes the usual prefixes as defaults, so its error positions are exact.
    """
    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([\w-]*):", query)}
    used = set(re.findall(r"(?<![\w<\"'#])([A-Za-z][\w-]*):", query))
    missing = [p for p in PREFIXES if p in used and p not in declared]
    # On the query's first line, so the line numbers of a parse error stay the user's.
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}> " for p in missing) + query


def _file_store(path: Path) -> ox.Store:
    """A graph file in an in-memory Oxigraph store, loaded by ``kg.rdf.load_store``, errors as QueryError.

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
        from .store import Store, StoreError  # the store module builds on this one

        try:
            return LocalSource(Store.open_read_only(path).oxigraph, str(path))
        except StoreError as exc:
            raise QueryError(str(exc)) from exc
    return LocalSource(_file_store(path), str(path))


# ---------------------------------------------------------------------------- parameters
ACTOR_LABELS = """
SELECT DISTINCT ?actor ?label WHERE {
  GRAPH ?g { ?actor rdfs:label ?label ; a ?type . }
  VALUES ?type { kg:Person kg:State kg:Institution kg:Group }
}"""
ACTOR_PRESENT = "ASK { GRAPH ?g { ?actor rdfs:label ?label } }"
PROLOGUE = f"PREFIX kg: <{KG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def resolve_actor(source: Source, name: str) -> tuple[ox.NamedNode, bool]:
    """The IRI a name stands for, and whether the graph has that actor.

    The gazetteer turns any alias into the canonical actor (``Putin`` → ``Vladimir Poutine``), whose IRI
    comes from its label; names the gazetteer does not know match a label of the graph ignoring case,
    accents and punctuation. A name known to neither raises QueryError with the closest labels.
    """
    from .gazetteer import default_gazetteer, normalize

    known = default_gazetteer().lookup(name)
    candidates = [actor_iri(known)] if known else []
    candidates.append(actor_iri(Actor(name.strip(), "Group")))  # IRIs come from slugified labels
    for iri in dict.fromkeys(candidates):
        node = ox.NamedNode(str(iri))
        if source.run(PROLOGUE + ACTOR_PRESENT, {"actor": node}).boolean:
            return node, True
    labels = source.run(PROLOGUE + ACTOR_LABELS).rows
    key = normalize(name)
    for actor, label in labels:
        if label is not None and normalize(label.value) == key:
            return actor, True
    if known:
        return ox.NamedNode(str(actor_iri(known))), False
    close = difflib.get_close_matches(name, sorted({lab.value for _, lab in labels if lab is not None}),
                                      n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise QueryError(f"unknown actor {name!r}: not in the gazetteer and no actor of the graph is so named{hint}")


def bind_param(source: Source, param: Param, value: str) -> tuple[Term, str | None]:
    """Turn one --param value into an RDF term; the second item is a note for the user, if any."""
    if param.kind == "actor":
        node, present = resolve_actor(source, value)
        return node, None if present else f"{value!r} ({node.value}) is not in this graph"
    if param.kind == "type":
        types = {t.lower(): t for t in ("Person", "State", "Institution", "Group")}
        if value.strip().lower() not in types:
            raise QueryError(f"{param.name}: unknown actor type {value!r}; known: {', '.join(types.values())}")
        return ox.NamedNode(str(KG[types[value.strip().lower()]])), None
    if param.kind == "relation":
        rels = relations()
        if value not in rels:
            raise QueryError(f"{param.name}: unknown relation {value!r}; known: {', '.join(rels)}")
        return ox.NamedNode(str(rels[value].iri)), None
    if param.kind == "date":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise QueryError(f"{param.name}: {value!r} is not a date (YYYY-MM-DD)") from exc
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date")), None
    return ox.Literal(value), None


def bind_params(source: Source, query: NamedQuery, values: Mapping[str, str]) -> tuple[dict[str, Term], list[str]]:
    """Check the given parameters against the query's declared ones and bind each."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        takes = ", ".join(f"{p.name} ({p.kind})" for p in query.params) or "no parameters"
        raise QueryError(f"{query.name}: unknown parameter {', '.join(unknown)}; it takes {takes}")
    missing = [p.name for p in query.params if p.name not in values]
    if missing:
        usage = " ".join(f"--param {p.name}=..." for p in query.params)
        raise QueryError(f"{query.name}: missing parameter {', '.join(missing)}; give {usage}")
    bindings: dict[str, Term] = {}
    notes: list[str] = []
    for name, value in values.items():
        if not value.strip():
            raise QueryError(f"empty value for parameter {name}; give --param {name}=VALUE "
                             f"({declared[name].kind}: {PARAM_KINDS[declared[name].kind]})")
        bindings[name], note = bind_param(source, declared[name], value)
        if note:
            notes.append(note)
    return bindings, notes


def run_query(source: Source, query: str | NamedQuery, params: Mapping[str, str] | None = None, *,
              max_rows: int | None = None) -> Results:
    """Run query text or a named query with its parameters bound; the notebook entry point."""
    if isinstance(query, str):
        query = parse_query_header("query", query)
    bindings, _ = bind_params(source, query, params or {})
    return source.run(query.text, bindings, max_rows=max_rows)


# ---------------------------------------------------------------------------- formatting
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
