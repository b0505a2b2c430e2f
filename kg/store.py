"""A persistent on-disk graph (an Oxigraph database) that grows one article at a time.

Each article lives in its own named graph, exactly as ``kg.rdf`` builds it, so adding articles
touches only their graphs, and re-adding a changed article replaces its graph instead of
duplicating its statements. The directory is a plain Oxigraph store: ``oxigraph serve --location``
can serve it as well as ``kg serve``. After each change the store touches ``kg-changed`` in the
directory, so a reader holding a copy (``kg serve``) knows when to read it again.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from .atomic import atomic_write
from .model import Article, Statement
from .rdf import add_article, graph_iri, new_dataset
from .vocab import GRAPH

BATCH = 50_000  # quads per write transaction, so a large build never holds one huge transaction in memory
CHANGED = "kg-changed"  # touched after every write; RocksDB leaves files it does not know alone


class StoreError(ValueError):
    """A store that cannot be opened or written; the message names the directory and what to do."""


@dataclass
class Changes:
    """What a batch did to the store, per article graph."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.replaced} replaced, {self.unchanged} unchanged"


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """One rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} in Oxigraph")


def _canonical(quads: list[ox.Quad]) -> set[ox.Quad]:
    """Quads as Oxigraph stores them (it normalises literals such as 0.900 → 0.9), for comparison."""
    scratch = ox.Store()
    scratch.extend(quads)
    return set(scratch)


def is_store(path: Path) -> bool:
    """Whether a directory holds an Oxigraph (RocksDB) database."""
    return (path / "CURRENT").is_file() and any(path.glob("OPTIONS-*"))


class Store:
    """An Oxigraph database in ``path``, created if absent; ``kg build --store DIR`` writes through it."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only or self.path.exists():
            self._check_existing(create_ok=not read_only)
        try:
            self.oxigraph = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(f"{self.path}: the store is in use by another process (a running kg serve "
                                 f"or kg build?); stop it first") from exc
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from exc

    @classmethod
    def open_read_only(cls, path: str | Path) -> Store:
        """Open an existing store for queries; several readers may share it with a running server."""
        return cls(path, read_only=True)

    def _check_existing(self, create_ok: bool) -> None:
        path = self.path
        if not path.exists():
            raise StoreError(f"{path}: no such store; create one with kg build INPUT --store {path}")
        if not path.is_dir():
            raise StoreError(f"{path}: a store is a directory, and this is a file")
        if is_store(path):
            return
        if create_ok and not any(path.iterdir()):
            return
        raise StoreError(f"{path}: not a kg store (no Oxigraph database in it)"
                         + ("" if create_ok else f"; create one with kg build INPUT --store {path}"))

    # ------------------------------------------------------------------ writing
    def replace_articles(self, dataset: Dataset) -> Changes:
        """Put every named graph of ``dataset`` in the store, replacing the graph of the same name.

        A graph whose triples are already stored unchanged is left alone, so rebuilding a corpus
        costs only the articles that changed. Triples outside named graphs are refused: the store
        keeps one graph per article.
        """
        changes = Changes()
        pending: list[ox.Quad] = []
        for graph in dataset.graphs():
            if graph.identifier == DATASET_DEFAULT_GRAPH_ID:
                if len(graph):
                    raise StoreError("the dataset has triples outside article graphs; build it with kg.rdf")
                continue
            name = to_oxigraph(graph.identifier)
            quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name) for s, p, o in graph]
            if self.oxigraph.contains_named_graph(name):
                if _canonical(quads) == set(self.oxigraph.quads_for_pattern(None, None, None, name)):
                    changes.unchanged += 1
                    continue
                self.oxigraph.remove_graph(name)
                changes.replaced += 1
            else:
                changes.added += 1
            pending.extend(quads)
            if len(pending) >= BATCH:
                self.oxigraph.extend(pending)
                pending.clear()
        self.oxigraph.extend(pending)
        self.oxigraph.flush()
        if changes.added or changes.replaced:
            self._mark_changed()
        return changes

    def add_articles(self, items: Iterable[tuple[Article, list[Statement]]]) -> Changes:
        """Add (or replace) articles with their statements, one article graph at a time."""
        total = Changes()
        for article, statements in items:
            ds = new_dataset()
            add_article(ds, article, statements)
            done = self.replace_articles(ds)
            total.added += done.added
            total.replaced += done.replaced
            total.unchanged += done.unchanged
        return total

    def remove_article(self, article_id: str) -> bool:
        """Drop an article's graph; False if the store did not have it."""
        name = ox.NamedNode(str(graph_iri(article_id)))
        if not self.oxigraph.contains_named_graph(name):
            return False
        self.oxigraph.remove_graph(name)
        self.oxigraph.flush()
        self._mark_changed()
        return True

    def _mark_changed(self) -> None:
        atomic_write(self.path / CHANGED, f"{time.time_ns()}\n")

    # ------------------------------------------------------------------ reading
    def article_graphs(self) -> Iterator[str]:
        """IRIs of the article graphs in the store."""
        for graph in self.oxigraph.named_graphs():
            if graph.value.startswith(str(GRAPH)):
                yield graph.value

    def __len__(self) -> int:
        """Number of quads stored."""
        return len(self.oxigraph)


def in_memory(store: ox.Store) -> ox.Store:
    """A copy of every quad in an in-memory Oxigraph store: queries on it run about twice as fast."""
    copy = ox.Store()
    copy.bulk_extend(store.quads_for_pattern(None, None, None, None))
    return copy


def last_change(path: str | Path) -> int:
    """When the store in ``path`` last changed (ns since the epoch, from its marker); 0 if never marked."""
    try:
        return int((Path(path) / CHANGED).read_text().strip() or 0)
    except (OSError, ValueError):
        return 0
