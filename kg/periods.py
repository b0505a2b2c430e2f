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


def timeline(reports: Iterable, measure: str, top: int) -> dict[str, list[float]]:
    """The ``top`` actors by mean ``measure`` over period reports, with their value in each period
    (0 where they do not appear): the data behind the plot, usable on its own."""
    reports = list(reports)
    values: dict[str, list[float]] = {}
    for i, rep in enumerate(reports):
        for row in rep.measures:
            values.setdefault(row["actor"], [0.0] * len(reports))[i] = float(row[measure])
    ranked = sorted(values.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    return dict(ranked[:top])


def plot_timeline(reports: Iterable, measure: str, top: int, path: str) -> None:
    """Draw :func:`timeline` as a PNG line chart (needs the ``plot`` extra: matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise RuntimeError("--plot needs matplotlib: pip install 'kg[plot]'") from exc
    reports = list(reports)
    periods = [rep.period for rep in reports]
    series = timeline(reports, measure, top)
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
