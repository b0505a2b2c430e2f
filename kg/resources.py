"""Read the vocabulary files kept under ``kg/data/`` (TSV: ``#`` comments, a header line, tab-separated rows)."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files


def data_rows(name: str) -> Iterator[list[str]]:
    """Rows of ``kg/data/<name>`` after its header, skipping blank lines and ``#`` comments."""
    text = files("kg").joinpath("data", name).read_text(encoding="utf-8")
    rows = (line.rstrip("\n").split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    next(rows, None)  # header
    yield from rows
