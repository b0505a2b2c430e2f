"""`kg build`, `kg triples`, `kg evaluate`, `kg validate`: from articles to a checked graph."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click

from ..atomic import atomic_open, check_writable
from ..evaluate import GoldError, format_scores
from ..evaluate import evaluate as evaluate_inputs
from ..graphfiles import FORMATS, format_for
from ..pipeline import NothingBuilt, run, write_build
from ..store import Interrupted, Store, StoreError
from ..triples import HEADER, flatten
from . import main

INPUTS = click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
JOBS = click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
                    help="Worker processes for spaCy (2 is right on a 2-core machine for large batches).")


class Problems:
    """Reports input problems on stderr as they come, naming the file, and counts them."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, source: str, message: str) -> None:
        self.count += 1
        click.echo(f"kg: {source}: {message}", err=True)

    def summary(self) -> None:
        if self.count:
            click.echo(f"kg: {self.count} input problem(s), see above; the other inputs were processed", err=True)


def warn(source: str, message: str) -> None:
    """A warning on stderr naming the file: the input is processed all the same and is no problem."""
    click.echo(f"kg: warning: {source}: {message}", err=True)


def _progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


@main.command()
@INPUTS
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help=f"Graph file to write; the format follows the extension ({', '.join(sorted(FORMATS))}).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False),
              help="Also (or instead) add the articles to this on-disk store, created if absent; a re-added "
                   "article replaces its old graph. Query it with kg query DIR or kg serve DIR.")
@JOBS
@click.option("--cluster", metavar="ADDRESS",
              help="Extract on a Dask cluster: a scheduler address (tcp://host:8786), or local[:N] for N "
                   "worker processes on this machine (needs the cluster extra: pip install 'kg-news[cluster]').")
@click.option("--shards", "shard_dir", type=click.Path(file_okay=False),
              help="With --cluster: folder of the partitions' N-Quads shards, kept so that a re-run resumes "
                   "(default: the output or store path with .shards appended).")
@click.option("--partition-size", type=click.IntRange(1, 100_000), default=64, show_default=True,
              help="With --cluster: articles per partition (per shard).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def build(inputs: tuple[str, ...], output: str | None, store_dir: str | None, jobs: int, cluster: str | None,
          shard_dir: str | None, partition_size: int, quiet: bool) -> None:
    """Extract actors and relations from INPUT... into an RDF graph.

    INPUT is a file (.txt, .text, .md, .html, .htm, .jsonl, .json), a folder (read recursively)
    or - for standard input (plain text or HTML). A file may hold several articles; each gets
    the file's name as id, with -2, -3 ... after the first.
    Each article becomes a named graph; every relation is a direct triple plus a statement that
    keeps its article, evidence sentence, offsets, date and confidence. The output file is
    replaced only once the whole graph is written.

    \b
    Example:
      kg build articles/ -o graph.trig
      kg build more-articles/ --store graph.db
    """
    if not output and not store_dir:
        raise click.UsageError("give -o FILE, --store DIR or both")
    try:
        if output:
            format_for(output)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--output") from exc
    if output:
        check_writable(output)  # fail now, not after the whole extraction
    try:
        store = Store(store_dir) if store_dir else None
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    problems = Problems()
    if cluster:
        if jobs > 1:
            raise click.UsageError("-j and --cluster do not go together: give local:N to --cluster instead")
        from .cluster_build import build_on_cluster

        build_on_cluster(inputs, output=output, store=store, address=cluster,
                         shard_dir=shard_dir or f"{output or store_dir}.shards", partition_size=partition_size,
                         problems=problems, progress=_progress(quiet), on_warning=warn)
        return
    with store.build() if store is not None else nullcontext() as interrupted:
        if interrupted is not None:
            click.echo(f"kg: store {store_dir}: {interrupted_message(interrupted)}; this build finishes the job",
                       err=True)
        try:
            built = write_build(inputs, output=output, store=store, jobs=jobs, on_error=problems,
                                progress=_progress(quiet), on_warning=warn)
        except NothingBuilt as exc:
            problems.summary()
            raise click.ClickException(str(exc)) from exc
        problems.summary()
        if output:
            click.echo(f"{built.articles} article(s), {built.statements} statement(s) → {output}", err=True)
    if store is not None:
        click.echo(f"store {store_dir}: {built.changes}", err=True)
        if interrupted is not None:
            click.echo(f"store {store_dir}: resumed the interrupted build: {resumed_message(interrupted, store)}",
                       err=True)


def interrupted_message(previous: Interrupted) -> str:
    runs = "a build" if previous.runs <= 1 else f"{previous.runs} builds"
    since = f" (the first started {previous.started})" if previous.started and previous.runs > 1 else (
        f" (started {previous.started})" if previous.started else "")
    return (f"{runs} into it did not finish{since}; {len(previous.written)} article graph(s) written before "
            f"it stopped are whole, every other article is as it was before")


def resumed_message(previous: Interrupted, store: Store) -> str:
    kept = sum(1 for name in previous.written if store.has_graph(name))
    return f"{kept} article graph(s) it had written were kept, the others are written now"


@main.command()
@INPUTS
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write the table to this file (replaced only when complete) instead of standard output.")
@JOBS
def triples(inputs: tuple[str, ...], output: str, jobs: int) -> None:
    """Print the flat triple table extracted from INPUT..., as the scorer reads it.

    One tab-separated line per distinct (article, subject, relation, object), with the
    Wikidata ids of both actors, the confidence and the evidence sentence.

    \b
    Examples:
      kg triples articles/ > triples.tsv
      kg triples article.html -o triples.tsv
    """
    problems = Problems()
    if output != "-":
        check_writable(output)
    with nullcontext(sys.stdout) if output == "-" else atomic_open(output) as handle:
        click.echo("\t".join(HEADER), file=handle)
        for _article, statements in run(inputs, jobs=jobs, on_error=problems, on_warning=warn):
            for row in flatten(statements):
                click.echo("\t".join(row.cells()), file=handle)
    problems.summary()


@main.command()
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder of <article-id>.gold.tsv files (actors.tsv in it or its parent).")
@INPUTS
@click.option("--errors", "show_errors", is_flag=True,
              help="List false positives and false negatives with their sentences.")
@JOBS
def evaluate(gold_dir: Path, inputs: tuple[str, ...], show_errors: bool, jobs: int) -> None:
    """Score extraction of INPUT... against gold triples: P/R/F1 per relation, micro, and actors.

    Every input article that has a gold file is scored, also one nothing was extracted from (all its
    gold triples are then false negatives); gold articles missing from the inputs are named, not scored.
    Symmetric relations match in either order;
    actors match by Wikidata id or by label/alias after removing case, accents and punctuation.
    The last three lines are the summary: articles scored, relations (micro), actors.

    \b
    Example:
      kg evaluate --gold ../shared/eval/dev ../shared/corpus --errors
    """
    problems = Problems()
    try:
        scores = evaluate_inputs(gold_dir, inputs, jobs=jobs, on_error=problems, on_warning=warn)
    except GoldError as exc:  # only the gold: an error inside extraction is a bug and keeps its traceback
        raise click.ClickException(str(exc)) from exc
    problems.summary()
    if not scores.articles:
        raise click.ClickException(f"none of the inputs has a gold file in {gold_dir}")
    if scores.not_read:
        click.echo(f"kg: {len(scores.not_read)} gold article(s) not in the inputs, not scored: "
                   f"{', '.join(scores.not_read)}", err=True)
    if show_errors:
        for err in scores.errors:
            click.echo(f"{err.kind}\t{err.article}\t{err.subject}\t{err.relation}\t{err.object}\t{err.evidence}")
        click.echo()
    click.echo(format_scores(scores))

