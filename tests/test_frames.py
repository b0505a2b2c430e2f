"""kg.frames: the notebook's DataFrames and its in-memory SPARQL source, on a hand-made graph."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from test_analysis import HAND, A, B, C

from kg import analysis
from kg.frames import STATEMENT_COLUMNS, actors_frame, dataset_source, statements_frame, timeline_frame
from kg.model import Actor, Article, Statement
from kg.periods import split_by_period
from kg.rdf import build_dataset
from kg.sparql import named_query, run_query

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
    actors = actors_frame(rep)
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
