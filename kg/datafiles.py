"""Data files that fail loudly: YAML and TSV read with the line of every mapping, key and row, errors naming
file and line.

A political scientist edits the lexicons by hand; a typo must stop the program with the place to fix, not
silently turn a rule off.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml


class DataError(ValueError):
    """A data file that is wrong, with where: ``path:line: message``."""

    def __init__(self, path: str | Path, line: int, message: str):
        self.path, self.line, self.message = Path(path), line, message
        super().__init__(f"{path}:{line}: {message}")


class Node(dict):
    """A YAML mapping that remembers the line it starts on and the line of each key (1-based)."""

    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines: dict = {}

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Node:
    loader.flatten_mapping(node)
    out = Node()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise DataError(loader.name, key_node.start_mark.line + 1, f"key {key!r} given twice")
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load_yaml(path: str | Path) -> Node:
    """The file's top mapping, every mapping in it a :class:`Node`; a syntax error names its line."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    loader = _Loader(text)
    loader.name = str(path)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise DataError(path, mark.line + 1 if mark else 0, str(err.problem or err)) from None
    finally:
        loader.dispose()
    if data is None:
        return Node()
    if not isinstance(data, Node):
        raise DataError(path, 1, "expected a mapping at the top of the file")
    return data


def check_keys(path: str | Path, node: Node, allowed: Iterable[str], what: str) -> None:
    """Every key of ``node`` is one of ``allowed``, else the first unknown one fails with its line."""
    allowed = list(allowed)
    for key in node:
        if key not in allowed:
            raise DataError(path, node.line_of(key), f"unknown key {key!r} in {what}; known: {', '.join(allowed)}")


def words(path: str | Path, node: Node, key: str, value) -> list[str]:
    """A cell that is one word or a list of words, as a list of strings."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    raise DataError(path, node.line_of(key), f"{key!r} must be a word or a list of words, not {value!r}")


class Row(dict):
    """One TSV row, its cells keyed by the header's column names, with the file and line it is written on."""

    def __init__(self, path: Path, line: int, cells: dict[str, str]):
        super().__init__(cells)
        self.path, self.line = path, line

    def error(self, message: str) -> DataError:
        """A :class:`DataError` pointing at this row (to raise)."""
        return DataError(self.path, self.line, message)


def read_tsv(path: str | Path, columns: Sequence[str] | None = None) -> list[Row]:
    """The rows of a TSV (``#`` comments and blank lines skipped, a header line first), each checked to have
    as many cells as the header; with ``columns``, the header must name exactly those columns."""
    path = Path(path)
    rows: list[Row] = []
    header: list[str] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            if columns is not None and header != list(columns):
                raise DataError(path, number, f"header must be {'/'.join(columns)}, not {'/'.join(header)}")
            continue
        if len(cells) != len(header):
            raise DataError(path, number, f"{len(cells)} tab-separated cells where the header has {len(header)} "
                                          f"({', '.join(header)})")
        rows.append(Row(path, number, dict(zip(header, cells, strict=True))))
    return rows
