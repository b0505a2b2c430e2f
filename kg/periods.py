"""Statements bucketed by month, quarter or year, so a report can show how centrality changes over time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

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


def timeline(reports: Iterable, measure: str, top: int) -> tuple[list[str], dict[str, list[float]]]:
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


def plot_timeline(reports: Iterable, measure: str, top: int, path: str) -> None:
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
