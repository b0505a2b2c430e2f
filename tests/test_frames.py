"""kg.frames: the notebook's DataFrames on a hand-made graph and on the example graph, its in-memory SPARQL
source, and the version the CLI, the wheel and the changelog share."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_analysis import HAND, A, B, C

import kg
from kg import analysis
from kg.cli import main
from kg.events import COLUMNS
from kg.frames import STATEMENT_COLUMNS, dataset_source, measures_frame, statements_frame, timeline_frame
from kg.model import Actor, Article, Statement
from kg.namedqueries import named_query
from kg.periods import split_by_period
from kg.queryparams import run_query
from kg.rdf import build_dataset
from kg.rdfread import load_statements

pd = pytest.importorskip("pandas")


def test_statements_frame_one_row_per_statement() -> None:
    undated = Statement("a9", A, "supports", B, "Sans date.", 0, 10)
    articles = {"a1": Article("a1", "", "Premier article", dt.date(2025, 1, 1), "https://example.org/a1")}
    frame = statements_frame([*HAND, undated], articles)
    assert list(frame.columns) == list(STATEMENT_COLUMNS) and len(frame) == len(HAND) + 1
    assert pd.api.types.is_datetime64_any_dtype(frame["date"]) and frame["date"].isna().sum() == 1
    first = frame.iloc[0]
    assert (first["subject"], first["relation"], first["object"], first["family"]) == (
        A.label, "negotiated-with", B.label, "cooperative")
    assert (first["title"], first["source"]) == ("Premier article", "https://example.org/a1")
    assert list(statements_frame([]).columns) == list(STATEMENT_COLUMNS)


def test_actors_and_timeline_frames() -> None:
    rep = analysis.report(HAND)
    actors = measures_frame(rep)
    assert list(actors.index) == [row["actor"] for row in rep.measures]
    assert actors.loc[C.label, "degree"] == 3
    buckets, _ = split_by_period(HAND, "month")
    reports = [analysis.report(sts, period=p) for p, sts in buckets.items() if p != "2025-02"]
    frame = timeline_frame(reports, "degree", top=2)
    assert list(frame.index) == ["2025-01", "2025-02", "2025-03"] and frame.index.name == "period"
    assert frame.loc["2025-02"].isna().all()  # no article that month: a gap
    assert not math.isnan(frame.loc["2025-01", A.label])


def test_dataset_source_answers_named_queries_from_memory() -> None:
    putin = Actor("Vladimir Putin", "Person", "Q7747")
    trump = Actor("Donald Trump", "Person", "Q22686")
    text = "Donald Trump a négocié avec Vladimir Poutine."
    st = Statement("t1", trump, "negotiated-with", putin, text, 0, len(text), dt.date(2025, 2, 12), 0.9)
    source = dataset_source(build_dataset([(Article("t1", text, "Appel", dt.date(2025, 2, 12)), [st])]))
    rows = run_query(source, named_query("negotiated-with"), {"actor": "Poutine"}).dicts()
    assert [(r["counterpart"], r["date"]) for r in rows] == [("Donald Trump", "2025-02-12")]
    rows = run_query(source, named_query("timeline"), {"actor": "Trump"}).dicts()
    assert [r["relation"] for r in rows] == ["negotiated-with"]


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
