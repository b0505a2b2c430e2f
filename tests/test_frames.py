"""The library's pandas helpers on the example graph, and the version the CLI, the wheel and the changelog share."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.events import COLUMNS
from kg.rdf import load_statements

REPO = Path(__file__).resolve().parent.parent


def test_statement_event_and_actor_frames(example_graph):
    statements, articles = load_statements(example_graph)
    frame = kg.to_frame(example_graph)
    assert len(frame) == len(statements) and str(frame.date.dtype).startswith("datetime64")
    assert frame.iloc[0][["subject", "relation", "object"]].tolist() == ["Russia", "attacked", "Ukraine"]
    events = kg.events_frame(statements, articles)  # statements in memory give the same table as the file
    assert list(events.columns) == list(COLUMNS) and len(events) == len(statements)
    assert events.equals(kg.to_frame(example_graph, "events"))
    assert str(events.event_date.dtype).startswith("datetime64")
    actors = kg.actors_frame(example_graph).set_index("label")
    assert actors.as_source.sum() == actors.as_target.sum() == len(statements)
    assert actors.loc["Russia", "country"] == "RUS" and actors.loc["Russia", "wikidata"] == "Q159"
    assert actors.loc["Vladimir Putin", "type"] == "Person"
    with pytest.raises(ValueError, match="unknown frame"):
        kg.to_frame(example_graph, "pairs")


def test_version_is_reported_and_in_the_changelog():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"kg, version {kg.__version__}"
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(kg.__version__)} ", changelog, flags=re.MULTILINE)
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'name = "kg-news"' in pyproject and 'dynamic = ["version"]' in pyproject
    assert 'path = "kg/__init__.py"' in pyproject  # the wheel's version is kg.__version__
