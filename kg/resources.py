"""Read the vocabulary files kept under ``kg/data/`` (TSV: ``#`` comments, a header line, tab-separated rows).

A row with the wrong number of cells stops the program with the file and line (:func:`kg.datafiles.read_tsv`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .datafiles import Row, read_tsv

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_rows(name: str) -> Iterator[list[str]]:
    """Cells of the rows of ``kg/data/<name>`` after its header, skipping blank lines and ``#`` comments."""
    yield from (list(row.values()) for row in read_tsv(DATA_DIR / name))


def tsv_records(path: Path, columns: tuple[str, ...] | None = None) -> list[Row]:
    """Rows of any such TSV keyed by its header (``columns``, when given); a missing file has none."""
    if not path.is_file():
        return []
    return read_tsv(path, columns)
