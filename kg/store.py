"""A persistent on-disk graph (an Oxigraph database) that grows one article at a time.

Each article lives in its own named graph, exactly as ``kg.rdf`` builds it, so adding articles
touches only their graphs, and re-adding a changed article replaces its graph instead of
duplicating its statements. The directory is a plain Oxigraph store: ``oxigraph serve --location``
can serve it as well as ``kg serve``. After each change the store touches ``kg-changed`` in the
directory, so a reader holding a copy (``kg serve``) knows when to read it again.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from .atomic import atomic_write
from .iris import graph_iri
from .model import Article, Statement
from .rdf import article_quads
from .rdfterms import to_oxigraph
from .vocab import GRAPH

CHANGED = "kg-changed"  # touched after every write; RocksDB leaves files it does not know alone
JOURNAL = "kg-build-journal"  # what a running build has written; left behind by a build that did not finish


class StoreError(ValueError):
    """A store that cannot be opened or written; the message names the directory and what to do."""


@dataclass
class Changes:
    """What a batch did to the store, per article graph."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0

    def count(self, done: str) -> None:
        """Count one graph by what was done to it: ``"added"``, ``"replaced"`` or ``"unchanged"``."""
        setattr(self, done, getattr(self, done) + 1)

    def __str__(self) -> str:
        return f"{self.added} added, {self.replaced} replaced, {self.unchanged} unchanged"


@dataclass
class Interrupted:
    """Builds into a store that did not finish: how many, when the first started, the article graphs they wrote."""

    runs: int
    started: str
    written: set[str] = field(default_factory=set)


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
        self._journal: TextIO | None = None
        self._wrote = False
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

        Each graph is replaced in one transaction (see ``replace_graph``), so an interrupted call leaves
        every article either as it was or as ``dataset`` has it, never gone or half written. A graph whose
        triples are already stored unchanged is left alone, so rebuilding a corpus costs only the articles
        that changed. Triples outside named graphs are refused: the store keeps one graph per article.
        """
        changes = Changes()
        try:
            for graph in dataset.graphs():
                if graph.identifier == DATASET_DEFAULT_GRAPH_ID:
                    if len(graph):
                        raise StoreError("the dataset has triples outside article graphs; build it with kg.rdf")
                    continue
                changes.count(self.replace_graph(graph.identifier, graph))
        finally:
            self.flushed(changed=bool(changes.added or changes.replaced))
        return changes

    def flushed(self, changed: bool) -> None:
        """End a batch of writes: flush to disk and, if ``changed``, tell readers (``kg serve``) to reload."""
        self.oxigraph.flush()
        if changed:
            self._mark_changed()

    def replace_graph(self, identifier: Node, triples: Iterable[tuple[Node, Node, Node]]) -> str:
        """Make the named graph ``identifier`` hold exactly ``triples``, in one write transaction.

        The old graph is dropped and the new one inserted by a single SPARQL update, which Oxigraph
        applies all or nothing: a process killed at any moment leaves the old graph or the new one.
        Returns what was done: ``"added"``, ``"replaced"`` or ``"unchanged"`` (then nothing is written).
        """
        name = to_oxigraph(identifier)
        return self.replace_quads(name, [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name)
                                         for s, p, o in triples])

    def replace_quads(self, name: ox.NamedNode, quads: list[ox.Quad]) -> str:
        """``replace_graph`` for quads already in Oxigraph's terms (all in graph ``name``), as shards hold them.

        A graph the store lacks is inserted by one atomic ``extend``, far cheaper than a SPARQL update.
        """
        done = "added"
        if self.oxigraph.contains_named_graph(name):
            if _canonical(quads) == set(self.oxigraph.quads_for_pattern(None, None, None, name)):
                done = "unchanged"
            else:
                done = "replaced"
        if done == "added":
            self.oxigraph.extend(quads)
            self._wrote = True
        elif done == "replaced":
            body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
            self.oxigraph.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}")
            self._wrote = True
        if self._journal is not None:
            self._journal.write(f"{done}\t{name.value}\n")
            self._journal.flush()
        return done

    def put_article(self, article: Article, statements: list[Statement], quads: list[ox.Quad] | None = None) -> str:
        """Add or replace one article's graph in one transaction; returns added, replaced or unchanged.

        ``quads`` are the article's quads if the caller has them already (``kg.rdf.article_quads``).
        """
        quads = quads if quads is not None else article_quads(article, statements)
        return self.replace_quads(ox.NamedNode(str(graph_iri(article.id))), quads)

    def add_articles(self, items: Iterable[tuple[Article, list[Statement]]]) -> Changes:
        """Add (or replace) articles with their statements, one article graph at a time."""
        changes = Changes()
        try:
            for article, statements in items:
                changes.count(self.put_article(article, statements))
        finally:
            self.flushed(changed=bool(changes.added or changes.replaced))
        return changes

    # ------------------------------------------------------------------ build journal
    def interrupted_build(self) -> Interrupted | None:
        """What the unfinished builds into this store had done, from their journal; None if every build finished."""
        path = self.path / JOURNAL
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return None
        head = "# build started "
        starts = [line[len(head):].split(" pid ")[0] for line in lines if line.startswith(head)]
        written = {line.split("\t", 1)[1] for line in lines
                   if line.startswith(("added\t", "replaced\t")) and "\t" in line}
        return Interrupted(runs=len(starts), started=starts[0] if starts else "", written=written)

    @contextmanager
    def build(self) -> Iterator[Interrupted | None]:
        """Journal a build: yields what earlier interrupted builds had done (or None).

        While the block runs, every article graph written or found unchanged is noted in ``kg-build-journal``
        in the store; the journal is removed only when the block ends normally. A build killed or interrupted
        leaves it, so the next build can say that it resumes one and what that one had already written.
        """
        previous = self.interrupted_build()
        path = self.path / JOURNAL
        with path.open("a", encoding="utf-8") as handle:
            stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            handle.write(f"# build started {stamp} pid {os.getpid()}\n")
            handle.flush()
            self._journal, self._wrote = handle, False
            finished = False
            try:
                yield previous
                finished = True
            finally:
                self._journal = None
                self.oxigraph.flush()
                if self._wrote:
                    self._mark_changed()
        if finished:
            path.unlink()

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
    def has_graph(self, iri: str) -> bool:
        """Whether the store holds the named graph ``iri``."""
        return self.oxigraph.contains_named_graph(ox.NamedNode(iri))

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
