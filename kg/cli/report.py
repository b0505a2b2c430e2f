"""`kg report` (who is central, who brokers, who cooperates) and `kg export` (the network for other tools)."""

from __future__ import annotations

import sys

import click
from tqdm import tqdm

from .. import analysis
from ..atomic import atomic_open, atomic_write
from ..events import event_rows, write_events
from ..export import FORMATS as EXPORT_FORMATS
from ..export import format_from_path, spreadsheet_safe, write_network
from ..filters import Filters, apply
from ..periods import PERIODS, period_reports, plot_timeline, split_by_period
from . import main
from .common import filter_options, make_filters, open_statements
from .reportformats import RENDER, REPORT_FORMATS, SECTIONS


def _statements(graph: str, filters: Filters) -> list:
    """The graph's statements that pass the filters, or a clear error when none is left."""
    return _statements_and_articles(graph, filters)[0]


def _statements_and_articles(graph: str, filters: Filters) -> tuple[list, dict]:
    """:func:`_statements` with the graph's articles (dates, titles, sources), which the event table needs."""
    everything, articles = open_statements(graph)
    if not everything:
        raise click.ClickException(
            f"{graph}: the graph holds no statements, so there is nothing to measure "
            "(was it written by `kg build` from articles that name at least two actors?)"
        )
    kept = apply(everything, filters)
    if not kept:
        raise click.ClickException(
            f"{graph}: none of its {len(everything)} statements passes the filters ({_describe(filters)})"
        )
    return kept, articles


def _describe(filters: Filters) -> str:
    parts = [f"--relation {r}" for r in sorted(filters.relations)]
    parts += [f"--actor-type {t}" for t in sorted(filters.actor_types)]
    if filters.since:
        parts.append(f"--since {filters.since}")
    if filters.until:
        parts.append(f"--until {filters.until}")
    if filters.min_confidence:
        parts.append(f"--min-confidence {filters.min_confidence}")
    return " ".join(parts)


@main.command()
@click.argument("graph", type=click.Path(dir_okay=False))
@filter_options
@click.option("--top", type=click.IntRange(min=1), default=None, metavar="N",
              help="Rows per section  [default: 10 for table and markdown, all for csv and json]")
@click.option("--sort", type=click.Choice(analysis.SORT_KEYS), default=analysis.SORT_KEYS[0], show_default=True,
              help="Measure that ranks the actors.")
@click.option("--by", type=click.Choice(PERIODS), help="One report per month, quarter or year (statements "
              "without a date are left out).")
@click.option("--section", "sections", multiple=True, type=click.Choice(SECTIONS),
              help="Show only this part (repeatable)  [default: all; csv holds one, actors unless chosen]")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="table", show_default=True)
@click.option("--samples", type=click.IntRange(min=0), default=None, metavar="K",
              help=f"Sources sampled per component for betweenness and closeness; 0 = exact. [default: exact "
                   f"up to {analysis.EXACT_LIMIT} actors per component, {analysis.DEFAULT_SAMPLES} beyond]")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed for sampling and for the Louvain communities: same seed, same report.")
@click.option("--plot", type=click.Path(dir_okay=False), metavar="FILE.png",
              help="Also draw the top actors' --sort measure over the --by periods as a PNG.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes measuring --by periods side by side (2 on a 2-core machine).")
def report(graph: str, relations: tuple[str, ...], actor_types: tuple[str, ...], since, until,
           min_confidence: float, top: int | None, sort: str, by: str | None, sections: tuple[str, ...],
           fmt: str, samples: int | None, seed: int, plot: str | None, output: str | None, jobs: int) -> None:
    """Rank the actors of GRAPH: who is central, who brokers, who cooperates or clashes with whom.

    \b
    Measures, on the network of actors linked by statements (weight = number of
    distinct articles supporting a link; symmetric relations count both ways):
      degree      distinct partners (in / out: as object / as subject)
      articles    strength: sum of link weights
      betweenness share of shortest paths passing through the actor (undirected)
      closeness   how near the actor is to all others (Wasserman-Faust, undirected)
      pagerank    importance as a target of important actors (directed, weighted)
      community   Louvain community, seeded
    Brokers are articulation points ("cuts off" = actors their removal separates)
    and actors ranked higher on betweenness than on degree. Pairs show net
    cooperation: the sum of the relations' Goldstein weights from the ontology.

    \b
    Examples:
      kg report graph.trig --top 5
      kg report graph.trig --relation negotiated-with --sort betweenness
      kg report graph.trig --by quarter --plot centrality.png
      kg report graph.trig --format csv --section pairs -o pairs.csv
    """
    filters = make_filters(relations, actor_types, since, until, min_confidence)
    if samples == 1:
        raise click.BadParameter("one source cannot estimate anything: use 0 (exact) or at least 2",
                                 param_hint="--samples")
    if plot and not by:
        raise click.UsageError("--plot draws measures over time: add --by month, quarter or year")
    if fmt == "csv" and len(sections) > 1:
        raise click.UsageError("csv holds one table: choose a single --section")
    chosen = list(sections) or (["actors"] if fmt == "csv" else list(SECTIONS))
    if top is None:
        top = 10 if fmt in ("table", "markdown") else None

    statements = _statements(graph, filters)
    buckets: dict = {None: statements}
    if by:
        periods, undated = split_by_period(statements, by)
        if undated:
            click.echo(f"note: {undated} statement(s) without a date are left out of the periods", err=True)
        if not periods:
            raise click.ClickException(f"{graph}: none of the statements has a date, so --by {by} has no period")
        buckets = periods
    sampling = "auto" if samples is None else (samples or None)
    if len(buckets) == 1:
        ((period, sts),) = buckets.items()
        with tqdm(total=len(analysis.STEPS), desc="measuring", file=sys.stderr, leave=False,
                  bar_format="{desc} ({n_fmt}/{total_fmt}, {elapsed})",
                  disable=len(sts) < 20_000 or not sys.stderr.isatty()) as bar:

            def stage(name: str) -> None:
                bar.n = analysis.STEPS.index(name) + 1
                bar.set_description_str(f"measuring: {name}")

            reports = [analysis.report(sts, sort=sort, samples=sampling, seed=seed, period=period, progress=stage)]
    else:
        reports = list(tqdm(period_reports(buckets, jobs, sort=sort, samples=sampling, seed=seed),
                            total=len(buckets),
                            desc="periods", unit="period", file=sys.stderr, leave=False,
                            disable=not sys.stderr.isatty()))
    if fmt in ("table", "csv"):  # markdown and json carry the notes in the document
        for rep in reports:
            for note in rep.notes:
                click.echo(f"note: {rep.period + ': ' if rep.period else ''}{note}", err=True)

    text = RENDER[fmt](graph, reports, chosen, top, sort)
    if output:
        atomic_write(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    if plot:
        try:
            plot_timeline(reports, sort, top or 10, plot)
        except RuntimeError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"wrote {plot}", err=True)



@main.command("export")
@click.argument("graph", type=click.Path(dir_okay=False))
@filter_options
@click.option("-o", "--output", required=True, metavar="FILE",
              help="File to write (- for standard output with json and csv).")
@click.option("--format", "fmt", type=click.Choice([*EXPORT_FORMATS, "events"]),
              help="Output format  [default: from the extension of -o]; events: the event table (CSV, one "
                   "row per statement with CAMEO/PLOVER codes, countries, provenance; docs/events-codebook.md).")
@click.option("--edges", type=click.Choice(["statements", "actors"]), default="statements", show_default=True,
              help="statements: one edge per statement with its relation, article, date, confidence and "
                   "evidence; actors: one weighted edge per actor pair (weight = distinct articles).")
@click.option("--measures", is_flag=True,
              help="Also give each actor the measures of `kg report` (degree, betweenness, closeness, "
                   "pagerank, community, ...), computed on the exported statements.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for --measures (as kg report).")
def export(graph: str, relations: tuple[str, ...], actor_types: tuple[str, ...], since, until,
           min_confidence: float, output: str, fmt: str | None, edges: str, measures: bool, seed: int) -> None:
    """Write the actor network of GRAPH for Gephi, Cytoscape or a spreadsheet.

    \b
    Formats: graphml and gexf (Gephi, Cytoscape), json (networkx node-link),
    csv (one row per edge). Nodes carry the actor's type and Wikidata id.
    gexf is GEXF 1.3: one edge per relation and pair, weighted by its
    statements, dated for Gephi's timeline, coloured and sized as kg view.
    events: one CSV row per statement as in ICEWS/POLECAT (event id, dates,
    actors with Wikidata id and ISO 3166 country, CAMEO and PLOVER codes).

    \b
    Examples:
      kg export graph.trig -o network.gexf --measures
      kg export graph.trig --edges actors --relation criticized -o criticism.graphml
      kg export graph.trig --format csv -o - | head
      kg export graph.trig --format events -o events.csv
    """
    filters = make_filters(relations, actor_types, since, until, min_confidence)
    if fmt == "events":
        if measures:
            raise click.UsageError("--measures gives actor measures to a network; the events table has none")
        _export_events(*_statements_and_articles(graph, filters), output)
        return
    fmt = fmt or format_from_path(output)
    if fmt is None:
        raise click.UsageError(f"cannot tell the format of {output!r}: add --format "
                               f"{'|'.join(EXPORT_FORMATS)} or use one of those extensions")
    statements = _statements(graph, filters)
    if fmt == "gexf":
        if output == "-":
            raise click.UsageError("gexf is written to a file: give -o FILE.gexf")
        from ..gexf import write_statements

        count = write_statements(output, statements, edges, measures, seed, f"kg export of {graph}")
        actors = len({a.label for st in statements for a in (st.subject, st.object)})
        click.echo(f"wrote {output}: {actors} actors, {count} edges of {len(statements)} statements", err=True)
        return
    network = analysis.statement_graph(statements) if edges == "statements" else analysis.actor_graph(statements)
    if measures:
        analysis.add_measures(network, analysis.report(statements, seed=seed))
    try:
        write_network(network, output, fmt)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if output != "-":
        click.echo(f"wrote {output}: {network.number_of_nodes()} actors, {network.number_of_edges()} edges", err=True)


def _export_events(statements: list, articles: dict, output: str) -> None:
    """Write the event table to ``output`` (``-``: standard output), cells made safe for spreadsheets."""
    rows = event_rows(statements, articles)
    if output == "-":
        write_events(sys.stdout, rows, spreadsheet_safe)
        return
    with atomic_open(output) as handle:
        count = write_events(handle, rows, spreadsheet_safe)
    click.echo(f"wrote {output}: {count} events", err=True)
