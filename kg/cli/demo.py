"""`kg demo`: the whole tour on the bundled example articles, so a newcomer sees every output."""

from __future__ import annotations

from pathlib import Path

import click

from . import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "corpus"
DEMO_QUERY = "negotiated-with"


def _step(title: str, args: list[str]) -> None:
    click.secho(f"\n$ kg {' '.join(args)}", fg="cyan", err=True)
    click.echo(f"# {title}", err=True)
    try:
        main.main(args, prog_name="kg", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        raise SystemExit(exc.exit_code) from exc


@main.command()
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("kg-demo"),
              show_default=True, help="Folder for the graph, the report and the HTML page.")
@click.option("--actor", default="Poutine", show_default=True, help="Actor for the example query.")
def demo(output_dir: Path, actor: str) -> None:
    """Build, validate, report, view and query the example corpus shipped with kg.

    The example articles are short French news pieces written for the project; the demo needs
    no network. At the end it says where each output is.
    """
    if not EXAMPLES.is_dir():
        raise click.ClickException(f"example corpus not found at {EXAMPLES}")
    output_dir.mkdir(parents=True, exist_ok=True)
    graph, html, report = output_dir / "graph.trig", output_dir / "graph.html", output_dir / "report.md"
    _step("extract actors and relations from the example articles", ["build", str(EXAMPLES), "-o", str(graph)])
    _step("check the graph against the SHACL shapes", ["validate", str(graph)])
    _step("who sits at the centre of the network", ["report", str(graph), "--top", "10"])
    _step("the same report as Markdown, kept", ["report", str(graph), "--format", "markdown", "-o", str(report)])
    _step("an interactive page that works offline", ["view", str(graph), "-o", str(html)])
    _step(f"who negotiated with {actor}?", ["query", str(graph), "--name", DEMO_QUERY, "--param", f"actor={actor}"])
    click.secho("\nDone. Outputs:", fg="green", err=True)
    for label, path in (("graph (TriG)", graph), ("report (Markdown)", report), ("interactive page", html)):
        click.echo(f"  {label:<18} {path.resolve()}", err=True)
    click.echo(f"Open {html.resolve().as_uri()} in a browser.", err=True)
