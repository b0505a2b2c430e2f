"""The graph as pandas DataFrames and as an in-memory SPARQL source: what a notebook works with.

pandas is optional (the ``pandas`` and ``notebook`` extras): it is imported only when a frame is asked for,
so the pipeline and the command line never need it. A dataset built in Python is queried from memory, with
no file to write.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Dataset

from .analysis import Report
from .countries import country_code
from .events import COLUMNS, event_rows
from .model import Article, Statement
from .periods import timeline
from .querysources import LocalSource
from .rdfread import load_statements
from .vocab import relations

if TYPE_CHECKING:
    import pandas as pd

Source = str | Path | Iterable[Statement]
KINDS = ("statements", "events", "actors")
STATEMENT_COLUMNS = ("date", "subject", "subject_type", "subject_wikidata", "relation", "object", "object_type",
                     "object_wikidata", "family", "confidence", "article", "title", "source", "evidence", "start",
                     "end", "cue")


def _pandas():
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("kg's DataFrame helpers need pandas: pip install 'kg-news[pandas]'") from exc
    return pandas


def _open(source: Source, articles: Mapping[str, Article] | None) -> tuple[list[Statement], dict[str, Article]]:
    """Statements and articles of a graph file (TriG, Turtle, ...) or of statements already in memory."""
    if isinstance(source, str | Path):
        statements, found = load_statements(source)
        return statements, {**found, **(articles or {})}
    return list(source), dict(articles or {})


def statements_frame(source: Source, articles: Mapping[str, Article] | None = None) -> pd.DataFrame:
    """One row per statement, dates as pandas timestamps (NaT when undated), the article's title and source."""
    pd = _pandas()
    statements, found = _open(source, articles)
    family = {slug: rel.family for slug, rel in relations().items()}
    rows = []
    for st in statements:
        article = found.get(st.article_id)
        rows.append((st.date, st.subject.label, st.subject.type, st.subject.wikidata, st.relation,
                     st.object.label, st.object.type, st.object.wikidata, family.get(st.relation, ""),
                     st.confidence, st.article_id, article.title if article else "",
                     article.source if article else "", st.evidence, st.start, st.end, st.cue))
    frame = pd.DataFrame.from_records(rows, columns=list(STATEMENT_COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def events_frame(source: Source, articles: Mapping[str, Article] | None = None) -> pd.DataFrame:
    """The event table of ``kg export --format events`` (docs/events-codebook.md), dates as datetimes."""
    pd = _pandas()
    statements, found = _open(source, articles)
    frame = pd.DataFrame(list(event_rows(statements, found)), columns=list(COLUMNS))
    for column in ("event_date", "publication_date"):
        frame[column] = pd.to_datetime(frame[column].replace("", None))
    return frame


def actors_frame(source: Source, articles: Mapping[str, Article] | None = None) -> pd.DataFrame:
    """One row per actor: label, type, Wikidata id, ISO 3166 country, statements as source and as target,
    distinct articles, sorted by label."""
    pd = _pandas()
    statements, _ = _open(source, articles)
    actors, as_source, as_target, articles_of = {}, Counter(), Counter(), {}
    for st in statements:
        for actor in (st.subject, st.object):
            actors.setdefault(actor.label, actor)
            articles_of.setdefault(actor.label, set()).add(st.article_id)
        as_source[st.subject.label] += 1
        as_target[st.object.label] += 1
    rows = [{
        "label": label, "type": a.type, "wikidata": a.wikidata, "country": country_code(a),
        "as_source": as_source[label], "as_target": as_target[label], "articles": len(articles_of[label]),
    } for label, a in sorted(actors.items())]
    return pd.DataFrame(rows, columns=["label", "type", "wikidata", "country", "as_source", "as_target",
                                       "articles"])


def to_frame(source: Source, kind: str = "statements", articles: Mapping[str, Article] | None = None
             ) -> pd.DataFrame:
    """``kind`` is ``statements``, ``events`` or ``actors``: the frame of :func:`statements_frame`,
    :func:`events_frame` or :func:`actors_frame`."""
    makers = {"statements": statements_frame, "events": events_frame, "actors": actors_frame}
    if kind not in makers:
        raise ValueError(f"unknown frame {kind!r}; use one of {', '.join(KINDS)}")
    return makers[kind](source, articles)


def measures_frame(report: Report) -> pd.DataFrame:
    """The report's measures, one row per actor, indexed by label, in the report's rank order."""
    pd = _pandas()
    return pd.DataFrame(report.measures).set_index("actor")


def timeline_frame(reports: Iterable[Report], measure: str, top: int = 10) -> pd.DataFrame:
    """The top actors' ``measure`` per period (rows) and actor (columns); NaN where no article was dated."""
    pd = _pandas()
    periods, series = timeline(reports, measure, top)
    return pd.DataFrame(series, index=pd.Index(periods, name="period"))


def dataset_source(ds: Dataset, name: str = "dataset") -> LocalSource:
    """A dataset (``kg.pipeline.build_graph``) as a query source held in memory, for ``kg.queryparams.run_query``."""
    store = ox.Store()
    store.load(ds.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return LocalSource(store, name)
