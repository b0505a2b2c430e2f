"""`kg validate`: check a graph file against the SHACL shapes, as SPARQL in Oxigraph (kg.validate).

Registered after kg.cli.build, whose older ``validate`` command this one replaces (same name, arguments
and output, plus the article of each violation, a progress bar and Oxigraph's parser): build.py is being
reworked on another branch, and its copy is to be deleted when the two meet.
"""

from __future__ import annotations

import sys

import click
from tqdm import tqdm

from ..validate import validate_file
from . import main


@main.command(name="validate")
@click.argument("graph", type=click.Path())
@click.option("--limit", type=int, default=20, show_default=True, help="Violations to list (0 for all).")
def validate_cmd(graph: str, limit: int) -> None:
    """Check GRAPH against the SHACL shapes of ontology/shapes.ttl; exit 1 if it does not conform.

    A graph with no kg article in it does not conform either: it is not a kg graph. Each violation
    names its focus node (the statement, article or actor), the property, the shape's message, the
    constraint it breaks (sh:minCount, sh:datatype...) and the article whose graph holds the node.

    \b
    Example:
      kg validate graph.trig --limit 0
    """
    with tqdm(desc="validate", unit="graph", file=sys.stderr, leave=False,
              disable=not sys.stderr.isatty()) as bar:
        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            verdict = validate_file(graph, progress)
        except (FileNotFoundError, ValueError) as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"{graph}: {verdict.summary()}")
    shown = verdict.violations if limit <= 0 else verdict.violations[:limit]
    for v in shown:
        where = f"  (article {v.article})" if v.article else ""
        constraint = f"  [{v.constraint}]" if v.constraint else ""
        click.echo(f"  {v.focus}  {v.path}  {v.message}{constraint}{where}")
    if len(shown) < len(verdict.violations):
        click.echo(f"  ... {len(verdict.violations) - len(shown)} more (use --limit 0)")
    if not verdict.conforms:
        sys.exit(1)
