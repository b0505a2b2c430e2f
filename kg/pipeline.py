"""Inputs → articles → statements → graph: the library calls behind `kg build`, `kg triples` and `kg evaluate`."""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rdflib import Dataset

from .model import Article, Statement
from .rdf import add_article, new_dataset

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
