"""What the SPARQL 1.1 Protocol asks of ``kg serve``, apart from running queries.

Content negotiation (the Accept header, or the ``format``/``output``/``results`` parameters that
SPARQLWrapper and browsers' links send), the service description answered at ``/sparql`` without a
query, and the cross-origin rules: any origin may read with GET (the endpoint is read-only), but a
POST from a page on another origin is refused unless that origin was allowed with ``--cors-origin``,
because a cross-site form POST is what a hostile page can make a browser send without asking.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from .queryresults import Results
from .resultformats import to_csv, to_json, to_tsv, to_xml

RESULT_TYPES: dict[str, Callable[[Results], str]] = {
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
    "application/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/n3": ox.RdfFormat.TURTLE,  # Turtle is N3 without its extensions
}
# A format parameter names a family; the result's kind picks the member (json: results or JSON-LD).
FORMAT_PARAM = {
    "json": "application/sparql-results+json, application/ld+json",
    "json-ld": "application/ld+json", "jsonld": "application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "rdf": "application/rdf+xml", "rdf+xml": "application/rdf+xml", "rdfxml": "application/rdf+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
    "turtle": "text/turtle", "ttl": "text/turtle", "n3": "text/turtle",
    "nt": "application/n-triples", "ntriples": "application/n-triples", "n-triples": "application/n-triples",
    "html": "text/html",
}
FORMAT_KEYS = ("format", "output", "results")


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def text_response(status: int, message: str, **headers: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode(),
                    {k.replace("_", "-"): v for k, v in headers.items()})


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


def format_accept(values: Iterable[str]) -> str | None:
    """An Accept header for the ``format``/``output``/``results`` values given; None if none given.

    SPARQLWrapper repeats its choice under all three names and adds the media type for some
    (``format=tsv&format=text/tab-separated-values``), so every value counts and a media type
    stands for itself. Raises ValueError naming a value that is neither.
    """
    wanted: list[str] = []
    for value in values:
        key = value.strip().lower()
        if not key:
            continue
        if key in FORMAT_PARAM:
            wanted.append(FORMAT_PARAM[key])
        elif "/" in key:
            wanted.append(key)
        else:
            raise ValueError(f"unknown format {value!r}; use {', '.join(FORMAT_PARAM)} or a media type")
    return ", ".join(wanted) or None


# ------------------------------------------------------------------ service description
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
SD_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
              "Turtle", "N-Triples", "RDF_XML", "JSON-LD")


def service_description(endpoint: str, summary: str) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of this endpoint: what it speaks and how its dataset is made."""
    node, sd = ox.NamedNode(endpoint), (lambda name: ox.NamedNode(SD + name))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    dataset, default = ox.BlankNode(), ox.BlankNode()
    triples = [
        ox.Triple(node, rdf_type, sd("Service")),
        ox.Triple(node, sd("endpoint"), node),
        ox.Triple(node, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(node, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(node, sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(node, sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, rdf_type, sd("Graph")),
        ox.Triple(node, ox.NamedNode("http://purl.org/dc/terms/description"), ox.Literal(summary, language="en")),
    ]
    triples += [ox.Triple(node, sd("resultFormat"), ox.NamedNode(FORMATS + f)) for f in SD_FORMATS]
    return triples


# ------------------------------------------------------------------ cross-origin requests
LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}


def _hostname(host: str) -> str:
    """The name part of a Host header or an origin's authority: ``[::1]:80`` → ``::1``."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def same_origin(origin: str, host: str | None, bound: str) -> bool:
    """Whether ``origin`` is this server as the client addressed it, under a name that is no alias.

    The Host header alone is not enough: a page on ``evil.example`` whose DNS name was re-pointed at
    127.0.0.1 has a matching Origin and Host, so the name must be loopback or the bound address.
    """
    if not host or origin.lower() != f"http://{host}".lower():
        return False
    name = _hostname(host).lower()
    if name in LOCAL_NAMES or name == bound.lower():
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def post_refusal(headers: object, bound: str, allowed: frozenset[str]) -> str | None:
    """Why a POST with these headers is refused as cross-origin, or None to let it through.

    Browsers send ``Origin`` with every cross-origin POST (and ``Sec-Fetch-Site``); clients that are
    not browsers (curl, SPARQLWrapper, kg query) send neither, and are let through.
    """
    get = headers.get  # type: ignore[attr-defined]
    origin, site = get("Origin"), (get("Sec-Fetch-Site") or "").lower()
    if origin is not None:
        if "*" in allowed or origin in allowed or same_origin(origin, get("Host"), bound):
            return None
        who = f"a page on {origin}"
    elif site in ("cross-site", "same-site"):
        who = f"a {site} page"
    else:
        return None
    return (f"A POST from {who} is refused: a page on another origin may only read this endpoint with GET. "
            "Start kg serve with --cors-origin ORIGIN to let that origin POST.")


def cors_headers(origin: str | None, method: str, allowed: frozenset[str]) -> dict[str, str]:
    """CORS headers for a response to ``origin``: open for reading, POST only for allowed origins."""
    if origin is None:
        return {}
    posts = "*" in allowed or origin in allowed
    out = {"Access-Control-Allow-Origin": origin if posts else "*",
           "Access-Control-Expose-Headers": "X-Kg-Truncated, X-Kg-Max-Rows, Retry-After"}
    if posts:
        out["Vary"] = "Origin"
    if method == "OPTIONS":
        out["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS" if posts else "GET, HEAD, OPTIONS"
        out["Access-Control-Allow-Headers"] = "Accept, Content-Type" if posts else "Accept"
        out["Access-Control-Max-Age"] = "600"
    return out
