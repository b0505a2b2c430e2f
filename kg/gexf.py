"""GEXF 1.3 for Gephi: dated edges its timeline can play, the page's colours and sizes, no statement merged away.

networkx writes GEXF 1.2draft with dates as plain strings, merges nothing but leaks ``networkx_key``, and
parallel statements between one pair collapse on import. Here each (source, relation, target) is one edge of
that ``kind`` with its statement count as weight and one spell per day it is stated; nodes and edges carry
the colour, shape, size and thickness of ``kg view``'s page.
"""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from . import __version__
from .atomic import atomic_open
from .countries import country_code
from .export import _XML_FORBIDDEN
from .model import Statement
from .viz import FAMILY_COLOUR, TYPE_STYLE
from .vocab import in_order, relations

NS = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SHAPES = {"dot": "disc", "square": "square", "triangle": "triangle", "diamond": "diamond"}
_SIZE_MIN, _SIZE_MAX = 8.0, 40.0  # the page's node scaling (vis-network nodes.scaling)
_TYPES = {bool: "boolean", int: "integer", float: "double", str: "string"}


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _XML_FORBIDDEN.sub("", str(value))


def _rgb(hex_colour: str) -> dict[str, str]:
    h = hex_colour.lstrip("#")
    return {"r": str(int(h[0:2], 16)), "g": str(int(h[2:4], 16)), "b": str(int(h[4:6], 16))}


def _attribute_types(rows: Iterable[Mapping[str, object]]) -> dict[str, str]:
    """GEXF type of every attribute seen, from the Python values (a column mixing types becomes string)."""
    found: dict[str, str] = {}
    for row in rows:
        for key, value in row.items():
            kind = _TYPES.get(type(value), "string")
            found[key] = kind if found.get(key, kind) == kind else "string"
    return found


def _declare(graph: ET.Element, cls: str, types: Mapping[str, str]) -> None:
    attrs = ET.SubElement(graph, f"{{{NS}}}attributes", {"class": cls})
    for key, kind in types.items():
        ET.SubElement(attrs, f"{{{NS}}}attribute", {"id": key, "title": key, "type": kind})


def _attvalues(parent: ET.Element, values: Mapping[str, object]) -> None:
    holder = ET.SubElement(parent, f"{{{NS}}}attvalues")
    for key, value in values.items():
        if value is not None and value != "":
            ET.SubElement(holder, f"{{{NS}}}attvalue", {"for": key, "value": _text(value)})


def _spells(parent: ET.Element, dates: Iterable[dt.date]) -> None:
    """One spell per distinct day: Gephi's timeline shows the edge on each day it is stated."""
    days = sorted(set(dates))
    if days:
        spells = ET.SubElement(parent, f"{{{NS}}}spells")
        for day in days:
            ET.SubElement(spells, f"{{{NS}}}spell", {"start": day.isoformat(), "end": day.isoformat()})


def sizes(scores: Mapping[str, float]) -> dict[str, float]:
    """Scores scaled linearly to the page's 8-40 node sizes (all the same size when they are equal)."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    span = high - low
    return {k: round(_SIZE_MIN + (v - low) / span * (_SIZE_MAX - _SIZE_MIN), 2) if span else _SIZE_MIN
            for k, v in scores.items()}


def relation_edges(statements: Iterable[Statement]) -> list[dict]:
    """One edge per (source, relation, target), symmetric pairs in label order, with its statements."""
    rels = relations()
    grouped: dict[tuple[str, str, str], list[Statement]] = defaultdict(list)
    for st in statements:
        s, o = in_order(st.subject.label, st.relation, st.object.label)
        grouped[s, o, st.relation].append(st)
    edges = []
    for (s, o, slug), group in sorted(grouped.items()):
        rel = rels[slug]
        dates = [st.date for st in group if st.date is not None]
        edges.append({
            "source": s, "target": o, "kind": slug, "directed": not rel.symmetric, "weight": len(group),
            "colour": FAMILY_COLOUR.get(rel.family, "#8c8c8c"), "dates": dates,
            "attrs": {
                "relation": slug, "family": rel.family, "goldstein": rel.goldstein, "cameo": rel.cameo,
                "plover": rel.plover, "statements": len(group),
                "articles": "; ".join(sorted({st.article_id for st in group})),
                "first_date": min(dates).isoformat() if dates else "",
                "last_date": max(dates).isoformat() if dates else "",
                "confidence": round(max(st.confidence for st in group), 3),
                "evidence": group[0].evidence,
            },
        })
    return edges


def actor_edges(network, statements: Iterable[Statement]) -> list[dict]:
    """One edge per arc of an ``analysis.actor_graph`` (weight = distinct articles), dated by its statements and
    coloured by the sign of their summed Goldstein weights (green cooperative, red conflictual, grey even)."""
    rels = relations()
    by_arc: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for st in statements:
        by_arc[st.subject.label, st.object.label].append(st)
        if rels[st.relation].symmetric:
            by_arc[st.object.label, st.subject.label].append(st)
    edges = []
    for s, o, d in network.edges(data=True):
        group = by_arc[s, o]
        net = sum(rels[st.relation].goldstein for st in group)
        family = "cooperative" if net > 0 else "conflictual" if net < 0 else "structural"
        counts = d.get("relations", {})
        edges.append({
            "source": s, "target": o, "kind": "", "directed": True, "weight": d["weight"],
            "colour": FAMILY_COLOUR[family], "dates": [st.date for st in group if st.date is not None],
            "attrs": {"articles": d["weight"], "statements": sum(counts.values()),
                      "relations": "; ".join(f"{k}={v}" for k, v in counts.items()), "goldstein_sum": round(net, 2)},
        })
    return edges


def document(nodes: Mapping[str, Mapping[str, object]], edges: list[dict], sizes: Mapping[str, float],
             description: str) -> ET.ElementTree:
    """The GEXF 1.3 tree of these nodes (label → attributes, ``type`` among them) and edges."""
    ET.register_namespace("", NS)
    ET.register_namespace("viz", VIZ)
    ET.register_namespace("xsi", _XSI)
    root = ET.Element(f"{{{NS}}}gexf", {"version": "1.3",
                                         f"{{{_XSI}}}schemaLocation": f"{NS} {NS}/gexf.xsd"})
    meta = ET.SubElement(root, f"{{{NS}}}meta", {"lastmodifieddate": dt.date.today().isoformat()})
    ET.SubElement(meta, f"{{{NS}}}creator").text = f"kg {__version__}"
    ET.SubElement(meta, f"{{{NS}}}description").text = description
    graph = ET.SubElement(root, f"{{{NS}}}graph", {"defaultedgetype": "directed", "mode": "dynamic",
                                                   "timeformat": "date", "timerepresentation": "interval"})
    _declare(graph, "node", _attribute_types(nodes.values()))
    _declare(graph, "edge", _attribute_types(e["attrs"] for e in edges))
    node_list = ET.SubElement(graph, f"{{{NS}}}nodes")
    for label, attrs in nodes.items():
        node = ET.SubElement(node_list, f"{{{NS}}}node", {"id": _text(label), "label": _text(label)})
        _attvalues(node, attrs)
        colour, shape = TYPE_STYLE.get(str(attrs.get("type")), TYPE_STYLE["Group"])
        ET.SubElement(node, f"{{{VIZ}}}color", _rgb(colour))
        ET.SubElement(node, f"{{{VIZ}}}size", {"value": str(sizes.get(label, _SIZE_MIN))})
        ET.SubElement(node, f"{{{VIZ}}}shape", {"value": _SHAPES[shape]})
    edge_list = ET.SubElement(graph, f"{{{NS}}}edges")
    for i, e in enumerate(edges):
        attrs = {"id": f"e{i}", "source": _text(e["source"]), "target": _text(e["target"]),
                 "weight": str(e["weight"])}
        if e.get("kind"):
            attrs |= {"kind": e["kind"], "label": e["kind"]}
        if not e["directed"]:
            attrs["type"] = "undirected"
        edge = ET.SubElement(edge_list, f"{{{NS}}}edge", attrs)
        _attvalues(edge, e["attrs"])
        _spells(edge, e["dates"])
        ET.SubElement(edge, f"{{{VIZ}}}color", _rgb(e["colour"]))
        ET.SubElement(edge, f"{{{VIZ}}}thickness", {"value": str(round(1 + math.log2(e["weight"]), 2))})
    ET.indent(root, space=" ")
    return ET.ElementTree(root)


def node_table(network, statements: list[Statement]) -> dict[str, dict[str, object]]:
    """Each actor's attributes for GEXF: those of the exported network (type, Wikidata id, measures) and its
    country code, which Gephi can partition by."""
    dates: dict[str, dt.date | None] = {}
    for st in statements:
        for actor in (st.subject, st.object):
            dates.setdefault(actor.label, st.date)
    actors = {a.label: a for st in statements for a in (st.subject, st.object)}
    table = {}
    for label in sorted(network):
        attrs = {k: v for k, v in network.nodes[label].items() if not isinstance(v, dict)}
        country = country_code(actors[label], dates.get(label)) if label in actors else ""
        table[label] = {**attrs, "country": country}
    return table


def write(path: str | Path, tree: ET.ElementTree) -> None:
    """Write a GEXF tree to ``path`` as UTF-8 XML with its declaration, replacing the file only once complete."""
    with atomic_open(path, "wb") as handle:
        tree.write(handle, encoding="utf-8", xml_declaration=True)


def write_statements(path: str | Path, statements: Iterable[Statement], edges: str = "statements",
                     measures: bool = False, seed: int = 0, description: str = "kg export") -> int:
    """What ``kg export -o FILE.gexf`` writes, from statements: ``edges`` is ``statements`` (one edge per
    relation and pair) or ``actors`` (one weighted arc per pair); ``measures`` adds kg report's measures to
    the nodes. Returns the number of edges written."""
    from . import analysis
    from .viz import measure

    statements = list(statements)
    network = analysis.statement_graph(statements) if edges == "statements" else analysis.actor_graph(statements)
    if measures:
        analysis.add_measures(network, analysis.report(statements, seed=seed))
    rows = relation_edges(statements) if edges == "statements" else actor_edges(network, statements)
    scaled = sizes(measure(analysis.actor_graph(statements), "pagerank"))
    write(path, document(node_table(network, statements), rows, scaled, description))
    return len(rows)
