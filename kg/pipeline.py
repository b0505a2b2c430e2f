"""Inputs → articles → statements → graph: the library calls behind `kg build`, `kg triples` and `kg evaluate`."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rdflib import Dataset

from .model import Article, Statement
from .rdf import add_article, new_dataset

ErrorHandler = Callable[[str, str], None]


def run(inputs: Iterable[str | Path], *, jobs: int = 1, on_error: ErrorHandler | None = None,
        progress: bool = False) -> Iterator[tuple[Article, list[Statement]]]:
    """Read, clean and extract every article of ``inputs`` (files, folders, ``-``), one at a time.

    Bad inputs go to ``on_error(source, message)`` and the batch goes on; without a handler they raise.
    """
    from .extract import extract  # spaCy loads only when extraction is asked for
    from .readers import read_inputs

    articles = read_inputs(inputs, on_error=on_error)
    results = extract(articles, jobs=jobs)
    if progress:
        from tqdm import tqdm

        results = tqdm(results, desc="articles", unit=" art", leave=False)
    try:
        yield from results
    except BaseException:  # Ctrl-C, or the caller stopping early: spaCy's workers would block forever
        for worker in multiprocessing.active_children():
            worker.terminate()
        raise


def build_graph(inputs: Iterable[str | Path], *, jobs: int = 1, on_error: ErrorHandler | None = None,
                progress: bool = False, dataset: Dataset | None = None) -> Dataset:
    """Extract ``inputs`` into a dataset with one named graph per article (added to ``dataset`` if given)."""
    ds = dataset if dataset is not None else new_dataset()
    for article, statements in run(inputs, jobs=jobs, on_error=on_error, progress=progress):
        add_article(ds, article, statements)
    return ds
