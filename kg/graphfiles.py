"""Graph files by extension: the formats kg knows, a dataset or a stream of quads written atomically by
Oxigraph's serializer, and a file read into an rdflib dataset or an in-memory Oxigraph store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from .atomic import atomic_open
from .rdf import PREFIXES, new_dataset
from .rdfterms import dataset_quads

FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
              "nt": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD}


def format_for(path: str | Path) -> str:
    """RDF format from a file extension, with a message that lists the ones we know."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"{path}: unknown graph format {suffix or '(none)'}; use one of {known}")
    return FORMATS[suffix]

def _distinct_triples(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    """The union of the graphs: each triple once (an actor's triples recur in every article naming it)."""
    seen: set[ox.Triple] = set()
    for quad in quads:
        triple = quad.triple
        if triple not in seen:
            seen.add(triple)
            yield triple


def write_quads(quads: Iterable[ox.Quad], path: str | Path, fmt: str | None = None) -> None:
    """Stream quads to a file by Oxigraph's serializer; formats without named graphs get the union.

    The file replaces ``path`` only once every quad is written; an exception raised while ``quads`` is
    consumed (the build's extraction runs inside it) leaves ``path`` as it was.
    """
    fmt = fmt or format_for(path)
    items = quads if fmt in QUAD_FORMATS else _distinct_triples(quads)
    prefixes = {k: str(v) for k, v in PREFIXES.items()} if fmt in ("turtle", "trig") else None
    with atomic_open(path, "wb") as handle:
        ox.serialize(items, handle, OX_FORMATS[fmt], prefixes=prefixes)


def write_graph(ds: Graph, path: str | Path, fmt: str | None = None) -> None:
    """An rdflib dataset written by extension through ``write_quads``; formats without named graphs get the union."""
    write_quads(dataset_quads(ds), path, fmt)


def _graph_file(path: str | Path) -> Path:
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{path}: is a folder, not a graph file")
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such graph file")
    return path


def load_graph(path: str | Path) -> Dataset:
    """Read a graph file written by ``write_graph`` (or any RDF in a known format)."""
    path = _graph_file(path)
    fmt = format_for(path)
    ds = new_dataset()
    try:
        if fmt in QUAD_FORMATS:
            ds.parse(path, format=fmt)
        else:
            ds.default_graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise ValueError(f"{path}: not a readable {fmt} graph ({_syntax_error(path, fmt, exc)})") from exc
    return ds


def _syntax_error(path: Path, fmt: str, exc: Exception) -> str:
    """One line on what is wrong with a graph file: Oxigraph's parser names the line and column plainly,
    where rdflib's messages span lines and quote bytes ("Keyword 'this' was ancient N3")."""
    try:
        for _quad in ox.parse(path=str(path), format=OX_FORMATS[fmt]):
            pass
    except (SyntaxError, ValueError, OSError) as ox_exc:
        return " ".join(str(getattr(ox_exc, "msg", None) or ox_exc).split())
    return " ".join(str(exc).split())[:300]

def load_store(path: str | Path) -> ox.Store:
    """Parse a graph file into an in-memory Oxigraph store: tens of times faster than rdflib's parser."""
    path = _graph_file(path)
    fmt = format_for(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=OX_FORMATS[fmt])
    except (SyntaxError, ValueError, OSError) as exc:
        raise ValueError(f"{path}: not a readable {fmt} graph ({exc})") from exc
    return store
