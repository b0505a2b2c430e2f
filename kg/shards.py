"""Partitions of articles and their shards: the checkpoints of a distributed build.

A partition is a run of consecutive input articles; its shard is one N-Quads file holding exactly the
quads a one-process build puts in those articles' named graphs, plus ``#`` comment lines naming the
articles that failed. The shard's name carries a digest of the partition's articles (and of the kg
version), so a re-run of the same input finds the shards it already has and does not redo them, and a
changed article gets a new shard. Each shard is written through a temporary file and a rename: a shard
that exists is whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from . import __version__
from .atomic import atomic_write
from .model import Article
from .rdf import article_quads as article_quads  # re-exported: kg.cluster builds shards with it
from .rdf import new_dataset
from .store import Changes, Store

SUFFIX = ".nq"
_FAILED = "# failed\t"
_COUNTS = "# kg shard\t"


@dataclass
class Partition:
    """Consecutive input articles, numbered in input order; ``digest`` names their content."""

    index: int
    articles: list[Article]
    digest: str = ""

    def __post_init__(self) -> None:
        if not self.digest:
            self.digest = digest(self.articles)

    @property
    def name(self) -> str:
        return f"part-{self.index:06d}-{self.digest[:16]}{SUFFIX}"


@dataclass
class Shard:
    """What a partition gave: its N-Quads, its counts, and the articles that failed (id, message)."""

    nquads: str
    articles: int = 0
    statements: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def digest(articles: Iterable[Article]) -> str:
    """A hash of everything extraction reads from the articles, and of the kg version that extracts."""
    h = hashlib.sha1(f"kg-shard-1\x1e{__version__}".encode())
    for a in articles:
        fields = (a.id, a.title, str(a.date or ""), a.source, a.text)
        h.update(("\x1e" + "\x1f".join(fields)).encode())
    return h.hexdigest()


def partitions(articles: Iterable[Article], size: int) -> Iterator[Partition]:
    """The articles in partitions of ``size``, read lazily: the input is never all in memory."""
    it = iter(articles)
    index = 0
    while chunk := list(islice(it, size)):
        yield Partition(index, chunk)
        index += 1


def to_nquads(quads: list[ox.Quad]) -> str:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8") if quads else ""


def write_shard(folder: Path, partition: Partition, shard: Shard) -> Path:
    """Write the shard atomically; the comment lines keep its counts and failures for a re-run to report."""
    head = [f"{_COUNTS}{shard.articles}\t{shard.statements}\n"]
    head += [f"{_FAILED}{article_id}\t{' '.join(message.split())}\n" for article_id, message in shard.failed]
    path = folder / partition.name
    atomic_write(path, "".join(head) + shard.nquads)
    return path


def read_shard_header(path: Path) -> Shard:
    """Counts and failures of a shard on disk (its quads are left for the merge to read)."""
    shard = Shard(nquads="")
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            if line.startswith(_COUNTS):
                articles, statements = line[len(_COUNTS):].split("\t")
                shard.articles, shard.statements = int(articles), int(statements)
            elif line.startswith(_FAILED):
                article_id, _, message = line[len(_FAILED):].rstrip("\n").partition("\t")
                shard.failed.append((article_id, message))
    return shard


def shard_quads(paths: Iterable[Path]) -> Iterator[ox.Quad]:
    """The shards' quads in order, read by Oxigraph's parser, for ``kg.graphfiles.write_quads`` to write as a
    one-process build does (no rdflib dataset in between)."""
    for path in paths:
        yield from ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)


def merge_into_dataset(paths: Iterable[Path], ds: Dataset | None = None) -> Dataset:
    """The shards' quads in one rdflib dataset, for ``kg.graphfiles.write_graph`` to write as a one-process build."""
    ds = ds if ds is not None else new_dataset()
    for path in paths:
        ds.parse(path, format="nquads")
    return ds


def merge_into_store(paths: Iterable[Path], store: Store) -> Changes:
    """Each shard's article graphs put in the store, each graph replaced in its own transaction.

    Read by Oxigraph's parser straight into Oxigraph's terms: no rdflib on the way to the store.
    """
    changes = Changes()
    try:
        for path in paths:
            graphs: dict[ox.NamedNode, list[ox.Quad]] = {}
            for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
                graphs.setdefault(quad.graph_name, []).append(quad)
            for name, quads in graphs.items():
                changes.count(store.replace_quads(name, quads))
    finally:
        store.flushed(changed=bool(changes.added or changes.replaced))
    return changes
