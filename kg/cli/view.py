"""`kg view`: the graph as an interactive page that opens offline in any browser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..filters import apply
from ..viz import PHYSICS_LIMIT, SIZE_MEASURES, ActorNotFound, find_actor, render
from . import main
from .common import filter_options, make_filters, open_statements


@main.command()
@click.argument("graph", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="graph.html", show_default=True,
              help="HTML file to write (replaced only once complete).")
@click.option("--size", type=click.Choice(SIZE_MEASURES), default=SIZE_MEASURES[0], show_default=True,
              help="Measure that sizes the actors (and ranks them for --top).")
@click.option("--top", type=click.IntRange(1), metavar="N",
              help="Show only the N most central actors by the --size measure.")
@click.option("--ego", metavar="ACTOR",
              help="Show only ACTOR's neighbourhood, ACTOR highlighted and centred; any name or alias "
                   "the gazetteer knows (Poutine, Kremlin), regardless of case and accents.")
@click.option("--depth", type=click.IntRange(1, 6), default=1, show_default=True,
              help="How many steps around --ego to show.")
@click.option("--title", "heading", metavar="TEXT",
              help="Page heading (default: \"Actors and relations\", or \"Around ACTOR\" with --ego); "
                   "the subtitle always says which articles and dates the page covers.")
@filter_options
def view(graph: str, output: str, size: str, top: int | None, ego: str | None, depth: int, heading: str | None,
         relations: tuple[str, ...], actor_types: tuple[str, ...], since: dt.date | None, until: dt.date | None,
         min_confidence: float) -> None:
    """Write GRAPH as one self-contained HTML page: no network needed, safe with any article text.

    Actors are coloured and shaped by type and sized by --size (a menu on the page switches the
    measure); each relation has its own line: the family's hue (blue cooperative, orange conflictual,
    grey structural), a shade, a dash pattern and an arrow head where it is directed. Hover an edge
    for its statements (date, article title, link to the article, confidence, sentence); click it to
    read them all. In the page: a date range with the statements per month, a confidence threshold,
    relation and actor-type filters, search to focus a neighbourhood, and PNG or CSV export of what
    is on screen. Small graphs settle with physics that then stops; graphs of more than a few
    hundred actors get a precomputed layout, so they open at once.

    \b
    Examples:
      kg view graph.trig -o graph.html
      kg view graph.trig --top 100 --size betweenness -o central.html
      kg view graph.trig --ego Poutine --depth 2 --since 2025-01 -o putin.html
    """
    if Path(output).suffix.lower() not in (".html", ".htm"):
        raise click.BadParameter(f"{output}: the page must end in .html", param_hint="--output")
    filters = make_filters(relations, actor_types, since, until, min_confidence)
    everything, articles = open_statements(graph)
    statements = apply(everything, filters)
    if not statements:
        raise click.ClickException(
            f"{graph}: no statements to show ({len(everything)} in the graph, none left after the filters)"
            if everything else f"{graph}: the graph holds no statements"
        )
    try:
        page = render(statements, articles, size=size, top=top, ego=ego, depth=depth,
                      heading=heading, source=Path(graph).name)
    except ActorNotFound as exc:
        everyone = {a.label for st in everything for a in (st.subject, st.object)}
        try:
            found = find_actor(everyone, ego or "")
        except ActorNotFound:
            raise click.BadParameter(str(exc), param_hint="--ego") from exc
        raise click.BadParameter(f"{found} has no statements left after the filters",
                                 param_hint="--ego") from exc
    page.write(output)
    layout = "precomputed layout" if page.precomputed_layout else f"physics layout (≤ {PHYSICS_LIMIT} actors)"
    click.echo(f"wrote {output}: {page.actors} actors, {page.edges} relations, "
               f"{page.statements} statements, {layout}")
