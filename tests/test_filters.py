"""The shared filters: vocabulary forgiving of case and spelling style, partial dates meaning whole periods."""

from __future__ import annotations

import datetime as dt

import click
import click.testing
import pytest

from kg.cli.common import filter_options, make_filters
from kg.filters import FilterError, Filters, apply
from kg.model import Actor, Statement

US, RU = Actor("United States", "State", "Q30"), Actor("Russia", "State", "Q159")
TRUMP = Actor("Donald Trump", "Person", "Q22686")


def _st(relation, subject, obj, day):
    return Statement("a", subject, relation, obj, "phrase", 0, 6, day, 0.8)


STATEMENTS = [
    _st("sanctioned", US, RU, dt.date(2024, 12, 31)),
    _st("negotiated-with", TRUMP, RU, dt.date(2025, 2, 12)),
    _st("leader-of", TRUMP, US, None),
]


def test_names_are_matched_without_case_or_style():
    f = Filters(frozenset({"negotiatedWith", "SANCTIONED"}), frozenset({"person", "state"}))
    assert f.relations == {"negotiated-with", "sanctioned"} and f.actor_types == {"Person", "State"}
    assert [s.relation for s in apply(STATEMENTS, f)] == ["sanctioned", "negotiated-with"]


def test_near_misses_get_a_suggestion():
    with pytest.raises(FilterError, match=r"unknown relation negociated-with \(did you mean negotiated-with\?\)"):
        Filters(frozenset({"negociated-with"}))
    with pytest.raises(FilterError, match="unknown actor type Country"):
        Filters(actor_types=frozenset({"Country"}))


def test_partial_until_means_the_end_of_the_period():
    @click.command()
    @filter_options
    def show(**options):
        f = make_filters(**options)
        click.echo(f"{f.since} {f.until} {len(apply(STATEMENTS, f))}")

    runner = click.testing.CliRunner()
    assert runner.invoke(show, ["--since", "2024", "--until", "2024"]).output.split() == [
        "2024-01-01", "2024-12-31", "1"]
    assert runner.invoke(show, ["--until", "2025-02"]).output.split() == ["None", "2025-02-28", "2"]
    bad = runner.invoke(show, ["--since", "2025-13"])
    assert bad.exit_code == 2 and "not a date" in bad.output
    reversed_range = runner.invoke(show, ["--since", "2025", "--until", "2024"])
    assert reversed_range.exit_code == 2 and "after" in reversed_range.output
