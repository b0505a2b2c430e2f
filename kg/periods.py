"""Statements bucketed by month, quarter or year, so a report can show how centrality changes over time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

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
