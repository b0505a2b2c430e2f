"""Extraction on a Dask cluster: partitions of articles go to workers, their shards come back.

Each worker loads the spaCy pipeline once (a worker plugin; ``load_nlp`` is cached per process) and turns
a partition into its N-Quads. The client writes each shard as soon as its partition is done, so the
shard folder needs to be on the client's disk only, not shared with the workers, and a worker that dies
loses only the partition it held (the scheduler gives it to another worker). Partitions are submitted a
few at a time, so neither the client nor the scheduler holds the whole corpus.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from .model import Article
from .shards import Partition, Shard, article_quads, partitions, read_shard_header, to_nquads, write_shard

Reporter = Callable[[str, str], None]
DEFAULT_PARTITION = 64


class LoadPipeline(WorkerPlugin):
    """Loads the spaCy pipeline when a worker starts, so no partition pays for it."""

    name = "kg-load-pipeline"

    def setup(self, worker) -> None:
        from .extract import load_nlp

        load_nlp()


def extract_partition(articles: list[Article]) -> Shard:
    """Runs on a worker: the partition's N-Quads; an article that raises is named and the others kept.

    The partition goes through ``nlp.pipe`` at once; only if that raises is it redone one article at
    a time, to find which article failed.
    """
    from .extract import extract

    try:
        results = list(extract(articles))
        failed: list[tuple[str, str]] = []
    except Exception:  # noqa: BLE001  (a bug in one article must not stop the build: it is named below)
        results, failed = [], []
        for article in articles:
            try:
                results += list(extract([article]))
            except Exception as exc:  # noqa: BLE001
                failed.append((article.id, f"{type(exc).__name__}: {exc}"))
    quads = [q for article, statements in results for q in article_quads(article, statements)]
    return Shard(to_nquads(quads), articles=len(results), statements=sum(len(s) for _, s in results),
                 failed=failed)


def local_workers(address: str) -> int | None:
    """N for ``local:N`` (the cores for ``local``); None for the address of a running scheduler."""
    if address == "local":
        return os.cpu_count() or 1
    if address.startswith("local:"):
        try:
            n = int(address[len("local:"):])
        except ValueError:
            n = 0
        if n < 1:
            raise ValueError(f"{address!r}: use local:N with N a number of workers, 1 or more")
        return n
    return None


@contextmanager
def connect(address: str) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a LocalCluster of one-thread workers for ``local[:N]``.

    One thread per worker: spaCy holds the GIL, so threads would not run extraction in parallel.
    """
    n = local_workers(address)
    if n is None:
        with Client(address, timeout="30s") as client:
            client.register_plugin(LoadPipeline(), name=LoadPipeline.name)
            yield client
        return
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.register_plugin(LoadPipeline(), name=LoadPipeline.name)
        yield client


@dataclass
class ClusterRun:
    """What a distributed build did: the shards to merge in input order, and what it counts."""

    shards: list[Path] = field(default_factory=list)
    articles: int = 0
    statements: int = 0
    extracted: int = 0  # partitions extracted by this run
    resumed: int = 0  # partitions whose shard an earlier run had written
    failed_articles: int = 0
    lost: list[str] = field(default_factory=list)  # partitions with no shard: a re-run does them


class _LazyClient:
    """Connects on first use: a re-run whose shards are all written starts no cluster."""

    def __init__(self, address: str) -> None:
        self.address = address
        self._context = None
        self.client: Client | None = None

    def get(self) -> Client:
        if self.client is None:
            self._context = connect(self.address)
            self.client = self._context.__enter__()
        return self.client

    def close(self) -> None:
        if self._context is not None:
            self._context.__exit__(None, None, None)


def build_shards(articles: Iterable[Article], shard_dir: str | Path, address: str, *,
                 partition_size: int = DEFAULT_PARTITION, on_failure: Reporter | None = None,
                 progress: bool = False) -> ClusterRun:
    """Extract ``articles`` on the cluster at ``address`` into shards in ``shard_dir``, skipping written ones.

    ``on_failure(name, message)`` hears of each article that failed (also those an earlier run recorded)
    and of each partition lost with its workers; the rest goes on.
    """
    folder = Path(shard_dir)
    folder.mkdir(parents=True, exist_ok=True)
    report = on_failure or (lambda name, message: None)
    run = ClusterRun()
    slots: dict[int, Path | None] = {}
    lazy = _LazyClient(address)
    pending: as_completed | None = None  # made with the client: it needs one
    inflight: dict[str, Partition] = {}
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(desc="partitions", unit=" part", leave=False)

    def done(part: Partition, shard: Shard, resumed: bool) -> None:
        run.articles += shard.articles
        run.statements += shard.statements
        run.failed_articles += len(shard.failed)
        for article_id, message in shard.failed:
            report(article_id, f"extraction failed ({message})" + ("; recorded by an earlier run" if resumed else ""))
        if bar is not None:
            bar.update()

    def collect(future) -> None:
        part = inflight.pop(future.key)
        try:
            shard = future.result()
        except Exception as exc:  # noqa: BLE001  (a lost worker, after the scheduler's retries)
            first, last = part.articles[0].id, part.articles[-1].id
            message = f"{type(exc).__name__}: {exc}"
            run.lost.append(part.name)
            report(f"partition {part.index} ({first} … {last})", f"not extracted ({message}); re-run to do it")
            return
        finally:
            future.release()
        slots[part.index] = write_shard(folder, part, shard)
        run.extracted += 1
        done(part, shard, resumed=False)

    try:
        for part in partitions(articles, partition_size):
            path = folder / part.name
            if path.is_file():
                slots[part.index] = path
                run.resumed += 1
                done(part, read_shard_header(path), resumed=True)
                continue
            slots[part.index] = None
            client = lazy.get()
            pending = pending or as_completed()
            window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
            future = client.submit(extract_partition, part.articles, key=f"kg-{part.name}", pure=False)
            inflight[future.key] = part
            pending.add(future)
            while pending.count() >= window:
                collect(next(pending))
        for future in pending or ():
            collect(future)
    finally:
        if bar is not None:
            bar.close()
        lazy.close()
    run.shards = [slots[i] for i in sorted(slots) if slots[i] is not None]
    return run
