"""Statements bucketed by month, quarter or year, so a report can show how centrality changes over time."""

from __future__ import annotations

import datetime as dt
import math
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
    """Every period from the first report's to the last one's, and the ``top`` actors by total
    ``measure`` with their value in each: the data behind the plot, usable on its own.

    A period with no report (no dated statement at all) is NaN for everyone, so a chart draws a gap
    there rather than a drop to zero; in a period that has statements, an actor without any is 0.
    """
    reports = list(reports)
    if not reports:
        return [], {}
    periods = period_range(reports[0].period, reports[-1].period)
    position = {p: i for i, p in enumerate(periods)}
    covered = [position[rep.period] for rep in reports]
    values: dict[str, list[float]] = {}
    for rep in reports:
        for row in rep.measures:
            if row["actor"] not in values:
                values[row["actor"]] = [math.nan] * len(periods)
                for i in covered:
                    values[row["actor"]][i] = 0.0
            values[row["actor"]][position[rep.period]] = float(row[measure])
    ranked = sorted(values.items(), key=lambda kv: (-math.fsum(v for v in kv[1] if not math.isnan(v)), kv[0]))
    return periods, dict(ranked[:top])


#: Small multiples: at most this many panels a row, each this many inches wide and high.
PANELS_PER_ROW = 5
PANEL_SIZE = (2.6, 1.9)


def plot_timeline(reports: Iterable[Report], measure: str, top: int, path: str) -> None:
    """Draw :func:`timeline` as small multiples, one panel per actor on shared axes (needs matplotlib).

    One line per panel reads at a glance where ten lines on one chart tangle; the shared y axis
    keeps the panels comparable, a few period labels keep the x axis legible however many periods
    there are, and periods without any dated statement are gaps, not zeros.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise RuntimeError("--plot needs matplotlib: pip install 'kg[plot]'") from exc
    periods, series = timeline(reports, measure, top)
    n = max(1, len(series))
    cols = min(n, PANELS_PER_ROW)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, sharex=True, sharey=True, squeeze=False, layout="constrained",
                             figsize=(PANEL_SIZE[0] * cols + 0.8, PANEL_SIZE[1] * rows + 0.9))
    x = list(range(len(periods)))
    for ax, (actor, values) in zip(axes.flat, series.items(), strict=False):
        ax.plot(x, values, color="#1f77b4", linewidth=1.6, marker="o", markersize=2.5)
        ax.set_title(actor, fontsize="medium")
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(series):]:
        ax.set_visible(False)
    ticks = sorted({round(i * (len(periods) - 1) / 3) for i in range(4)}) if len(periods) > 1 else x
    for ax in axes[-1]:
        ax.set_xticks(ticks, [periods[i] for i in ticks], fontsize="small")
    gaps = sum(1 for i in range(len(periods)) if all(math.isnan(v[i]) for v in series.values()))
    note = f"; {gaps} period{'s' if gaps != 1 else ''} without dated statements left blank" if gaps else ""
    fig.suptitle(f"Top {len(series)} actors by {measure}, {periods[0]} to {periods[-1]}{note}"
                 if periods else f"Top actors by {measure}")
    fig.supylabel(measure)
    with atomic_open(path, "wb") as handle:
        fig.savefig(handle, format="png", dpi=110)
    plt.close(fig)
