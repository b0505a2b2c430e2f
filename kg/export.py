"""The actor network in files other tools open: GraphML and GEXF (Gephi, Cytoscape), node-link JSON, CSV.

Every file is written through kg.atomic, and text that came from articles is made safe for the
target: XML-forbidden control characters are dropped, and CSV cells that a spreadsheet would run
as a formula get a leading apostrophe.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import networkx as nx

from .atomic import atomic_open

FORMATS = ("graphml", "gexf", "json", "csv")
_EXTENSIONS = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".csv": "csv"}
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def format_from_path(path: str | Path) -> str | None:
    """The export format a file's extension names (``.GEXF`` → ``gexf``), or None for one not in ``FORMATS``."""
    return _EXTENSIONS.get(Path(path).suffix.lower())


def spreadsheet_safe(value: object) -> object:
    """Defuse CSV injection: text starting like a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _flat(value: object) -> object:
    """GraphML and GEXF hold scalars only: dicts become ``key=count; ...`` text."""
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, str):
        return _XML_FORBIDDEN.sub("", value)
    return value


def for_xml(g: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML/GEXF writers accept, with ``label`` set for Gephi."""
    h = g.__class__()
    h.add_nodes_from(
        (_flat(v), {"label": _flat(v), **{k: _flat(x) for k, x in d.items()}}) for v, d in g.nodes(data=True)
    )
    h.add_edges_from((_flat(u), _flat(v), {k: _flat(x) for k, x in d.items()}) for u, v, d in g.edges(data=True))
    return h


def edge_rows(g: nx.Graph) -> tuple[list[str], list[dict]]:
    """One row per edge with its endpoints' types, for spreadsheets; columns in a stable order."""
    rows, keys = [], {}
    for u, v, d in g.edges(data=True):
        row = {"source": u, "target": v, "source_type": g.nodes[u].get("type", ""),
               "target_type": g.nodes[v].get("type", ""), **{k: _flat(x) for k, x in d.items()}}
        keys.update(dict.fromkeys(row))
        rows.append(row)
    if not rows:
        keys = dict.fromkeys(["source", "target", "source_type", "target_type"])
    return list(keys), rows


def write_network(g: nx.Graph, path: str | Path, fmt: str) -> None:
    """Write ``g`` to ``path`` (``-`` is stdout for json and csv) in one of :data:`FORMATS`.

    gexf here is networkx's GEXF 1.2draft of ``g`` as it is; ``kg export`` writes Gephi-grade GEXF 1.3
    (dated, coloured, parallel statements counted) with :func:`kg.gexf.write_statements`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    to_stdout = str(path) == "-"
    if to_stdout and fmt in ("graphml", "gexf"):
        raise ValueError(f"{fmt} is written to a file: give -o FILE.{fmt}")
    if fmt in ("graphml", "gexf"):
        writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
        with atomic_open(path, "wb") as handle:
            writer(for_xml(g), handle)
        return
    if fmt == "json":
        text = json.dumps(nx.node_link_data(g, edges="edges"), ensure_ascii=False, indent=1) + "\n"
        if to_stdout:
            sys.stdout.write(text)
        else:
            with atomic_open(path) as handle:
                handle.write(text)
        return
    columns, rows = edge_rows(g)
    if to_stdout:
        _write_csv(sys.stdout, columns, rows)
    else:
        with atomic_open(path) as handle:
            _write_csv(handle, columns, rows)


def _write_csv(handle, columns: list[str], rows: list[dict]) -> None:
    writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
