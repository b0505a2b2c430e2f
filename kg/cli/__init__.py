"""The ``kg`` command: a thin layer over the library, one module per family of commands."""

from __future__ import annotations

import click

from .. import __version__


class KgGroup(click.Group):
    """Turns file-system errors anywhere in a command into one line naming the file, not a traceback.

    Ctrl-C ends a command with one line and exit status 130 (128 + SIGINT), as shells expect.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            ctx.exit(130)
        except OSError as exc:
            name = f"{exc.filename}: " if exc.filename and str(exc.filename) not in str(exc.strerror) else ""
            raise click.ClickException(f"{name}{exc.strerror or exc}") from exc


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Turn news articles into a knowledge graph of political actors and their relations.

    \b
    A typical session:
      kg build articles/ -o graph.trig      # extract actors and relations
      kg validate graph.trig                # check the graph against the SHACL shapes
      kg report graph.trig --top 10         # who is central, who brokers
      kg view graph.trig -o graph.html      # explore it in a browser, offline
      kg query graph.trig --name negotiated-with --param actor=Poutine

    Run `kg demo` to see all of it on the bundled example articles.
    """


# Each module adds its commands to ``main`` when imported.
from . import build  # noqa: E402,F401
from . import demo  # noqa: E402,F401
from . import query  # noqa: E402,F401
from . import view  # noqa: E402,F401
from . import report  # noqa: E402,F401
from . import explain  # noqa: E402,F401
from . import check  # noqa: E402,F401
from . import validate  # noqa: E402,F401
