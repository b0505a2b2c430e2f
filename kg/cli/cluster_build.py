"""`kg build --cluster`: extract on Dask workers into shards, then merge them as a one-process build writes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from ..graphfiles import write_quads
from ..readers import read_inputs
from ..shards import merge_into_store, shard_quads
from ..store import Store

if TYPE_CHECKING:
    from .build import Problems


def build_on_cluster(inputs: tuple[str, ...], *, output: str | None, store: Store | None, address: str,
                     shard_dir: str, partition_size: int, problems: Problems,
                     progress: bool, on_warning: Callable[[str, str], None]) -> None:
    """Shards first (resumable), the output file and the store from them after: the same graph as without --cluster."""
    try:
        from ..cluster import build_shards, local_workers
    except ImportError as exc:
        raise click.ClickException(f"--cluster needs dask.distributed ({exc}); "
                                   f"install it with: pip install 'kg-news[cluster]'") from exc
    try:
        local_workers(address)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--cluster") from exc
    from .build import interrupted_message, resumed_message

    articles = read_inputs(inputs, on_error=problems, on_warning=on_warning)
    try:
        run = build_shards(articles, shard_dir, address, partition_size=partition_size, on_failure=problems,
                           progress=progress)
    except OSError as exc:
        if exc.filename:
            raise
        raise click.ClickException(f"cluster {address}: {exc}") from exc
    click.echo(f"cluster {address}: {run.extracted} partition(s) extracted, {run.resumed} resumed from "
               f"{shard_dir}", err=True)
    problems.summary()
    if run.articles == 0:
        raise click.ClickException("no article could be read; nothing written")
    if output:
        write_quads(shard_quads(run.shards), output)
        click.echo(f"{run.articles} article(s), {run.statements} statement(s) → {output}", err=True)
    if store is not None:
        with store.build() as interrupted:
            if interrupted is not None:
                click.echo(f"kg: store {store.path}: {interrupted_message(interrupted)}; this build finishes the job",
                           err=True)
            changes = merge_into_store(run.shards, store)
        click.echo(f"store {store.path}: {changes}", err=True)
        if interrupted is not None:
            click.echo(f"store {store.path}: resumed the interrupted build: {resumed_message(interrupted, store)}",
                       err=True)
    if run.lost:
        raise click.ClickException(f"{len(run.lost)} partition(s) were not extracted (see above); the graph "
                                   f"written lacks them: run the same command again to finish it")
