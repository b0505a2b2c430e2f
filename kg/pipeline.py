"""Inputs → articles → statements → graph: the library calls behind `kg build`, `kg triples` and `kg evaluate`."""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from .graphfiles import write_quads
from .model import Article, Statement
from .rdf import add_article, article_quads, new_dataset
from .store import Changes, Store

ErrorHandler = Callable[[str, str], None]


def run(inputs: Iterable[str | Path], *, jobs: int = 1, on_error: ErrorHandler | None = None,
        progress: bool = False, on_warning: ErrorHandler | None = None) -> Iterator[tuple[Article, list[Statement]]]:
    """Read, clean and extract every article of ``inputs`` (files, folders, ``-``), one at a time.

    Bad inputs go to ``on_error(source, message)`` and the batch goes on; without a handler they raise.
    Articles that do not look French go to ``on_warning(source, message)`` (else a UserWarning) and are
    extracted all the same.
    """
    from .extract import extract  # spaCy loads only when extraction is asked for
    from .readers import read_inputs

    articles = read_inputs(inputs, on_error=on_error, on_warning=on_warning)
    results = extract(articles, jobs=jobs)
    if progress:
        from tqdm import tqdm

        results = tqdm(results, desc="articles", unit=" art", leave=False)
    if jobs > 1 and threading.current_thread() is threading.main_thread():
        results = _stopping_workers_on_interrupt(results)
    yield from results


def _stop_workers(*_signal) -> None:
    for worker in multiprocessing.active_children():
        worker.terminate()
    if _signal:
        raise KeyboardInterrupt


def _stopping_workers_on_interrupt(results: Iterator) -> Iterator:
    """spaCy joins its workers when interrupted while they block on a full pipe: stop them first."""
    previous = signal.signal(signal.SIGINT, _stop_workers)
    try:
        # Not `yield from`: it would close spaCy's generator, which joins the workers, before they stop.
        for item in results:  # noqa: UP028
            yield item
    except GeneratorExit:  # the caller stopped early
        _stop_workers()
        raise
    finally:
        signal.signal(signal.SIGINT, previous)


def build_graph(inputs: Iterable[str | Path], *, jobs: int = 1, on_error: ErrorHandler | None = None,
                progress: bool = False, dataset: Dataset | None = None,
                on_warning: ErrorHandler | None = None) -> Dataset:
    """Extract ``inputs`` into a dataset with one named graph per article (added to ``dataset`` if given)."""
    ds = dataset if dataset is not None else new_dataset()
    for article, statements in run(inputs, jobs=jobs, on_error=on_error, progress=progress, on_warning=on_warning):
        add_article(ds, article, statements)
    return ds


class NothingBuilt(ValueError):
    """No article of the inputs could be read: nothing was written."""


@dataclass
class Built:
    """What ``write_build`` did: articles and statements extracted, and the store's changes."""

    articles: int = 0
    statements: int = 0
    changes: Changes = field(default_factory=Changes)


def write_build(inputs: Iterable[str | Path], *, output: str | Path | None = None, store: Store | None = None,
                jobs: int = 1, on_error: ErrorHandler | None = None, progress: bool = False,
                on_warning: ErrorHandler | None = None) -> Built:
    """Extract ``inputs`` and write each article's quads as soon as it is extracted, without rdflib.

    To ``output`` (a graph file, format by extension) the quads stream through Oxigraph's serializer into a
    temporary file that replaces ``output`` only when every article is written; into ``store`` each article
    goes in its own transaction. The graph is the one ``build_graph`` gives (same quads). Raises
    ``NothingBuilt`` (and writes no file) when no article could be read.
    """
    built = Built()

    def quads() -> Iterator[ox.Quad]:
        for article, statements in run(inputs, jobs=jobs, on_error=on_error, progress=progress,
                                       on_warning=on_warning):
            article_graph = article_quads(article, statements)
            if store is not None:
                built.changes.count(store.put_article(article, statements, article_graph))
            built.articles += 1
            built.statements += len(statements)
            yield from article_graph
        if built.articles == 0:
            raise NothingBuilt("no article could be read; nothing written")

    if output is not None:
        write_quads(quads(), output)
    else:
        deque(quads(), maxlen=0)
    return built
