"""The graph as pandas DataFrames and as an in-memory SPARQL source: what a notebook works with.

pandas is optional (the ``notebook`` extra): it is imported when a frame is asked for, so the rest
of ``kg`` runs without it. A dataset built in Python is queried from memory, with no file to write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Dataset

from .analysis import Report
from .model import Article, Statement
from .periods import timeline
from .sparql import LocalSource
from .vocab import relations

if TYPE_CHECKING:
    import pandas as pd

STATEMENT_COLUMNS = ("date", "subject", "subject_type", "relation", "object", "object_type", "family",
                     "confidence", "article", "title", "source", "evidence", "start", "end", "cue")


def _pandas():
    try:
        import pandas
    except ImportError as exc:
        raise RuntimeError("DataFrames need pandas: pip install 'kg[notebook]'") from exc
    return pandas


def statements_frame(statements: Iterable[Statement], articles: Mapping[str, Article] | None = None
                     ) -> pd.DataFrame:
    """One row per statement, dates as pandas timestamps (NaT when undated), the article's title and source."""
    pd = _pandas()
    articles = articles or {}
    family = {slug: rel.family for slug, rel in relations().items()}
    rows = []
    for st in statements:
        article = articles.get(st.article_id)
        rows.append((st.date, st.subject.label, st.subject.type, st.relation, st.object.label, st.object.type,
                     family.get(st.relation, ""), st.confidence, st.article_id,
                     article.title if article else "", article.source if article else "", st.evidence,
                     st.start, st.end, st.cue))
    frame = pd.DataFrame.from_records(rows, columns=list(STATEMENT_COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def actors_frame(report: Report) -> pd.DataFrame:
    """The report's measures, one row per actor, indexed by label, in the report's rank order."""
    pd = _pandas()
    return pd.DataFrame(report.measures).set_index("actor")


def timeline_frame(reports: Iterable[Report], measure: str, top: int = 10) -> pd.DataFrame:
    """The top actors' ``measure`` per period (rows) and actor (columns); NaN where no article was dated."""
    pd = _pandas()
    periods, series = timeline(reports, measure, top)
    return pd.DataFrame(series, index=pd.Index(periods, name="period"))


def dataset_source(ds: Dataset, name: str = "dataset") -> LocalSource:
    """A dataset (``kg.pipeline.build_graph``) as a query source held in memory, for ``kg.sparql.run_query``."""
    store = ox.Store()
    store.load(ds.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return LocalSource(store, name)
