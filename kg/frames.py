"""pandas DataFrames of a graph's statements, events and actors: the analyst's table, one call from a graph file.

pandas is an optional dependency (``pip install 'kg-news[pandas]'``): the pipeline and the command line
never need it, so it is imported only when a frame is asked for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .countries import country_code
from .events import COLUMNS, event_rows
from .model import Article, Statement
from .rdf import load_statements

if TYPE_CHECKING:
    import pandas as pd

Source = str | Path | Iterable[Statement]
KINDS = ("statements", "events", "actors")


def _pandas():
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("kg's DataFrame helpers need pandas: pip install 'kg-news[pandas]'") from exc
    return pandas


def _open(source: Source, articles: dict[str, Article] | None) -> tuple[list[Statement], dict[str, Article]]:
    """Statements and articles of a graph file (TriG, Turtle, ...) or of statements already in memory."""
    if isinstance(source, str | Path):
        statements, found = load_statements(source)
        return statements, {**found, **(articles or {})}
    return list(source), dict(articles or {})


def statements_frame(source: Source, articles: dict[str, Article] | None = None) -> pd.DataFrame:
    """One row per statement with the fields of :class:`kg.Statement`, actors spread over columns."""
    pd = _pandas()
    statements, _ = _open(source, articles)
    rows = [{
        "article_id": st.article_id,
        "subject": st.subject.label, "subject_type": st.subject.type, "subject_wikidata": st.subject.wikidata,
        "relation": st.relation,
        "object": st.object.label, "object_type": st.object.type, "object_wikidata": st.object.wikidata,
        "date": st.date, "confidence": st.confidence, "evidence": st.evidence, "start": st.start, "end": st.end,
        "cue": st.cue,
    } for st in statements]
    frame = pd.DataFrame(rows, columns=["article_id", "subject", "subject_type", "subject_wikidata", "relation",
                                        "object", "object_type", "object_wikidata", "date", "confidence",
                                        "evidence", "start", "end", "cue"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def events_frame(source: Source, articles: dict[str, Article] | None = None) -> pd.DataFrame:
    """The event table of ``kg export --format events`` (docs/events-codebook.md), dates as datetimes."""
    pd = _pandas()
    statements, found = _open(source, articles)
    frame = pd.DataFrame(list(event_rows(statements, found)), columns=list(COLUMNS))
    for column in ("event_date", "publication_date"):
        frame[column] = pd.to_datetime(frame[column].replace("", None))
    return frame


def actors_frame(source: Source, articles: dict[str, Article] | None = None) -> pd.DataFrame:
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


def to_frame(source: Source, kind: str = "statements", articles: dict[str, Article] | None = None) -> pd.DataFrame:
    """``kind`` is ``statements``, ``events`` or ``actors``: the frame of :func:`statements_frame`,
    :func:`events_frame` or :func:`actors_frame`."""
    makers = {"statements": statements_frame, "events": events_frame, "actors": actors_frame}
    if kind not in makers:
        raise ValueError(f"unknown frame {kind!r}; use one of {', '.join(KINDS)}")
    return makers[kind](source, articles)
