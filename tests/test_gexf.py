"""`kg export -o network.gexf` of the example corpus is GEXF 1.3 that Gephi reads as intended: dated edges,
one edge per relation and pair (parallel statements kept, counted), the page's colours and sizes."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.rdfread import load_statements
from kg.viz import FAMILY_COLOUR, TYPE_STYLE

NS = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}


def export(graph, out, *extra) -> ET.Element:
    result = CliRunner().invoke(main, ["export", str(graph), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return ET.parse(out).getroot()


@pytest.fixture(scope="module")
def gexf(example_graph, tmp_path_factory) -> ET.Element:
    return export(example_graph, tmp_path_factory.mktemp("gexf") / "network.gexf", "--measures")


def _attvalues(element: ET.Element) -> dict[str, str]:
    return {v.get("for"): v.get("value") for v in element.findall("g:attvalues/g:attvalue", NS)}


def _hex(colour: ET.Element) -> str:
    return "#" + "".join(f"{int(colour.get(c)):02x}" for c in "rgb")


def test_version_and_dynamic_graph(gexf):
    assert gexf.tag == "{http://gexf.net/1.3}gexf" and gexf.get("version") == "1.3"
    graph = gexf.find("g:graph", NS)
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("timerepresentation")) == ("dynamic", "date",
                                                                                           "interval")
    declared = {a.get("id") for a in graph.iterfind("g:attributes/g:attribute", NS)}
    assert "networkx_key" not in declared and {"relation", "statements", "pagerank", "country"} <= declared


def test_parallel_statements_kept_as_counted_edges_of_their_kind(gexf, example_graph):
    statements, _ = load_statements(example_graph)
    edges = gexf.findall("g:graph/g:edges/g:edge", NS)
    assert sum(int(e.get("weight")) for e in edges) == len(statements)
    # Gephi merges edges with the same ends and kind: there must be none
    assert max(Counter((e.get("source"), e.get("target"), e.get("kind")) for e in edges).values()) == 1
    assert len({(e.get("source"), e.get("target")) for e in edges}) < len(edges)  # pairs with several relations
    by_key = Counter()
    for st in statements:
        by_key[st.subject.label, st.object.label, st.relation] += 1
    attacked = next(e for e in edges if (e.get("source"), e.get("target"), e.get("kind")) == ("Russia", "Ukraine",
                                                                                             "attacked"))
    assert int(attacked.get("weight")) == by_key["Russia", "Ukraine", "attacked"] > 1
    undirected = [e for e in edges if e.get("type") == "undirected"]
    assert undirected and {e.get("kind") for e in undirected} <= {"negotiated-with", "agreed-with", "allied-with",
                                                                  "rival-of"}


def test_edges_are_dated_for_the_timeline(gexf):
    edges = gexf.findall("g:graph/g:edges/g:edge", NS)
    dated = 0
    for e in edges:
        spells = e.findall("g:spells/g:spell", NS)
        values = _attvalues(e)
        if not spells:
            continue
        dated += 1
        days = [dt.date.fromisoformat(s.get("start")) for s in spells]
        assert all(s.get("start") == s.get("end") for s in spells)
        assert (min(days).isoformat(), max(days).isoformat()) == (values["first_date"], values["last_date"])
        assert len(days) <= int(values["statements"])
    assert dated == len(edges)  # every article of the example corpus has a date


def test_colours_and_sizes_as_on_the_page(gexf):
    nodes = gexf.findall("g:graph/g:nodes/g:node", NS)
    sizes = {}
    for n in nodes:
        kind = _attvalues(n)["type"]
        assert _hex(n.find("viz:color", NS)) == TYPE_STYLE[kind][0]
        sizes[n.get("id")] = float(n.find("viz:size", NS).get("value"))
    assert min(sizes.values()) == 8.0 and max(sizes.values()) == 40.0
    ranks = {n.get("id"): float(_attvalues(n)["pagerank"]) for n in nodes}
    assert max(sizes, key=sizes.get) == max(ranks, key=ranks.get)
    for e in gexf.findall("g:graph/g:edges/g:edge", NS):
        assert _hex(e.find("viz:color", NS)) == FAMILY_COLOUR[_attvalues(e)["family"]]
        assert float(e.find("viz:thickness", NS).get("value")) >= 1
    russia = next(n for n in nodes if n.get("id") == "Russia")
    assert _attvalues(russia)["country"] == "RUS" and russia.find("viz:shape", NS).get("value") == "square"


def test_actor_edges(example_graph, tmp_path):
    root = export(example_graph, tmp_path / "actors.gexf", "--edges", "actors")
    edges = root.findall("g:graph/g:edges/g:edge", NS)
    assert len({(e.get("source"), e.get("target")) for e in edges}) == len(edges)
    assert all(e.find("g:spells", NS) is not None for e in edges)
