"""Pieces every command shares: graph loading with clear errors, and the statement filter options."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import click
from rdflib import Dataset

from ..filters import FilterError, Filters
from ..graphfiles import load_graph
from ..model import Article, Statement
from ..rdfread import load_statements


def open_graph(path: str | Path) -> Dataset:
    """Load a graph file or exit with a one-line message naming it."""
    try:
        return load_graph(path)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc


def open_statements(path: str | Path) -> tuple[list[Statement], dict[str, Article]]:
    """A graph file's statements and articles (the fast Oxigraph reader), or a one-line error naming it."""
    try:
        return load_statements(path)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """A full or partial date; a partial --until means the end of that year or month."""
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            day = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if param.name == "until" and fmt == "%Y":
            return day.replace(month=12, day=31)
        if param.name == "until" and fmt == "%Y-%m":
            return day.replace(day=calendar.monthrange(day.year, day.month)[1])
        return day
    raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")


def filter_options(func: Callable) -> Callable:
    """Add --relation, --actor-type, --since, --until and --min-confidence to a command."""
    options = [
        click.option("--relation", "relations", multiple=True, metavar="SLUG",
                     help="Keep only this relation (repeatable), e.g. negotiated-with."),
        click.option("--actor-type", "actor_types", multiple=True, metavar="TYPE",
                     help="Keep only edges between actors of this type (repeatable): "
                          "Person, State, Institution, Group."),
        click.option("--since", callback=_date, metavar="DATE", help="Keep statements dated on or after DATE."),
        click.option("--until", callback=_date, metavar="DATE",
                     help="Keep statements dated on or before DATE (2024 means up to 2024-12-31)."),
        click.option("--min-confidence", type=float, default=0.0, show_default=True,
                     help="Keep statements whose confidence is at least this."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_filters(relations: tuple[str, ...], actor_types: tuple[str, ...], since: dt.date | None,
                 until: dt.date | None, min_confidence: float) -> Filters:
    """Build Filters from the options, turning vocabulary errors into usage errors."""
    try:
        return Filters(frozenset(relations), frozenset(actor_types), since, until, min_confidence)
    except FilterError as exc:
        raise click.UsageError(str(exc)) from exc
