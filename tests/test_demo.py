"""`kg demo` runs the whole tour on the bundled articles and leaves every output where it says."""

from __future__ import annotations

import re

from click.testing import CliRunner

from kg.cli import main
from kg.graphfiles import load_graph
from kg.rdfread import read_statements
from kg.validate import validate


def test_demo_writes_graph_report_and_offline_page(tmp_path):
    out = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    graph, report, page = out / "graph.trig", out / "report.md", out / "graph.html"
    for path in (graph, report, page):
        assert str(path.resolve()) in result.stderr, f"the demo does not say where {path.name} is"
    g = load_graph(graph)
    assert validate(g).conforms
    statements = list(read_statements(g))
    assert len({s.article_id for s in statements}) >= 12
    # The example query answers who negotiated with Putin; the articles report several such talks.
    assert "Donald Trump" in result.stdout
    assert "Vladimir Putin" in report.read_text(encoding="utf-8")
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?https?://", html), "the page must work offline"
