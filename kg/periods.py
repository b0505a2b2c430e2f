"""Statements bucketed by month, quarter or year, so a report can show how centrality changes over time."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Iterable, Iterator

from .analysis import Report, report
from .atomic import atomic_open
from .model import Statement

PERIODS = ("month", "quarter", "year")


def period_of(date: dt.date, by: str) -> str:
    """Sortable label of the period holding ``date``: ``2025-03``, ``2025-Q1`` or ``2025``."""
    if by == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if by == "quarter":
        return f"{date.year:04d}-Q{(date.month - 1) // 3 + 1}"
    if by == "year":
        return f"{date.year:04d}"
    raise ValueError(f"unknown period {by!r}; use one of {', '.join(PERIODS)}")


def _ordinal(label: str) -> tuple[str, int]:
    """A period label as (kind, consecutive number), so that ranges can be filled."""
    if "-Q" in label:
        year, quarter = label.split("-Q")
        return "quarter", int(year) * 4 + int(quarter) - 1
    if "-" in label:
        year, month = label.split("-")
        return "month", int(year) * 12 + int(month) - 1
    return "year", int(label)


def period_range(first: str, last: str) -> list[str]:
    """Every period from ``first`` to ``last`` inclusive, the empty ones too (for time axes)."""
    kind, start = _ordinal(first)
    _, stop = _ordinal(last)
    size = {"month": 12, "quarter": 4, "year": 1}[kind]
    return [period_of(dt.date(k // size, (k % size) * (12 // size) + 1, 1), kind) for k in range(start, stop + 1)]


def split_by_period(statements: Iterable[Statement], by: str) -> tuple[dict[str, list[Statement]], int]:
    """Statements per period in time order, and how many had no date (they belong to no period)."""
    buckets: dict[str, list[Statement]] = {}
    undated = 0
    for st in statements:
        if st.date is None:
            undated += 1
            continue
        buckets.setdefault(period_of(st.date, by), []).append(st)
    return dict(sorted(buckets.items())), undated


_WORK: list[tuple[str, list[Statement], dict]] = []  # filled before forking; workers read it, nothing is pickled


def _report_of(index: int) -> Report:
    period, statements, options = _WORK[index]
    return report(statements, period=period, **options)


def period_reports(buckets: dict[str, list[Statement]], jobs: int = 1, **options) -> Iterator[Report]:
    """One :func:`kg.analysis.report` per period, in period order, on ``jobs`` processes.

    Periods are independent, so on a 2-core machine two jobs halve the time of a long ``--by``.
    Workers are forked so they share the statements instead of receiving copies; where fork is not
    available (Windows, macOS defaults) the periods run one after the other.
    """
    global _WORK
    _WORK = [(period, statements, options) for period, statements in buckets.items()]
    try:
        if jobs > 1 and len(_WORK) > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(min(jobs, len(_WORK))) as pool:
                yield from pool.imap(_report_of, range(len(_WORK)))
        else:
            yield from map(_report_of, range(len(_WORK)))
    finally:
        _WORK = []


def timeline(reports: Iterable[Report], measure: str, top: int) -> tuple[list[str], dict[str, list[float]]]:
    """Every period from the first report's to the last one's, and the ``top`` actors by mean
    ``measure`` with their value in each (0 where they, or the period, have no statement):
    the data behind the plot, usable on its own."""
    reports = list(reports)
    if not reports:
        return [], {}
    periods = period_range(reports[0].period, reports[-1].period)
    position = {p: i for i, p in enumerate(periods)}
    values: dict[str, list[float]] = {}
    for rep in reports:
        for row in rep.measures:
            values.setdefault(row["actor"], [0.0] * len(periods))[position[rep.period]] = float(row[measure])
    ranked = sorted(values.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    return periods, dict(ranked[:top])


def plot_timeline(reports: Iterable[Report], measure: str, top: int, path: str) -> None:
    """Draw :func:`timeline` as a PNG line chart (needs the ``plot`` extra: matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise RuntimeError("--plot needs matplotlib: pip install 'kg[plot]'") from exc
    periods, series = timeline(reports, measure, top)
    fig, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(periods) + 3), 4.5), layout="constrained")
    for actor, values in series.items():
        ax.plot(periods, values, marker="o", label=actor)
    ax.set_xlabel("period")
    ax.set_ylabel(measure)
    ax.set_title(f"Top {len(series)} actors by {measure} over time")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize="small")
    if len(periods) > 8:
        ax.tick_params(axis="x", labelrotation=45)
    with atomic_open(path, "wb") as handle:
        fig.savefig(handle, format="png", dpi=120)
    plt.close(fig)
