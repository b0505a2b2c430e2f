"""Read the vocabulary files kept under ``kg/data/`` (TSV: ``#`` comments, a header line, tab-separated rows)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path


def _content_lines(text: str) -> list[str]:
    """Lines that are neither blank nor ``#`` comments."""
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def data_rows(name: str) -> Iterator[list[str]]:
    """Rows of ``kg/data/<name>`` after its header, skipping blank lines and ``#`` comments."""
    lines = _content_lines(files("kg").joinpath("data", name).read_text(encoding="utf-8"))
    yield from (line.split("\t") for line in lines[1:])


def tsv_records(path: Path) -> list[dict[str, str]]:
    """Rows of any such TSV as dicts keyed by its header; a missing file has none."""
    if not path.is_file():
        return []
    lines = _content_lines(path.read_text(encoding="utf-8"))
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
