"""Throughput of `kg build --cluster` on a LocalCluster of 1 and 2 workers against bare spaCy.

What it measures, on the same input (the bundled example articles repeated to at least ``--min-bytes``):
bare ``nlp.pipe`` of the same model in one process; kg's extraction in one process without a cluster
(``kg.extract.extract``, what ``kg build -j 1`` runs); then for each worker count, extraction into shards
(``kg.cluster.build_shards``: partitions shipped to the workers, N-Quads shipped back and written) and the
merge of the shards into an N-Quads file and into an Oxigraph store, each timed alone. The cluster is
started and every worker has loaded spaCy before the clock starts: a long build pays that once.
Printed: words/s (spaCy tokens), the ratio to bare ``nlp.pipe``, and the cost per article in CPU-core
seconds (wall time × workers / articles), the figure docs/scale.md multiplies out for a million articles.

Wall time depends on what else runs on the machine (on a shared 2-core machine two workers compete with
everything else and with the client), so CPU time is printed beside it: the CPU seconds of the bare run,
of the workers (summed) and of the client. The CPU figures are the steadier ones on a loaded machine; the
wall-clock ratio for 2 workers only means something on a machine with 2 idle cores or more.

Run: .venv/bin/python benchmarks/cluster_speed.py [--min-bytes 300000] [--workers 1 2] [--partition-size 16]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import spacy
from distributed import Client, LocalCluster
from extract_speed import repeated_corpus  # the same corpus copies as the one-process benchmark

from kg.cluster import LoadPipeline, build_shards
from kg.extract import DEFAULT_MODEL, extract, load_nlp
from kg.graphfiles import write_graph
from kg.readers import read_inputs
from kg.shards import merge_into_dataset, merge_into_store
from kg.store import Store

HERE = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=HERE / "kg" / "examples" / "corpus")
    parser.add_argument("--min-bytes", type=int, default=300_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--partition-size", type=int, default=16)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        size = repeated_corpus(args.corpus, args.min_bytes, folder)
        articles = list(read_inputs([folder], on_error=lambda *_: None, on_warning=lambda *_: None))
        texts = [a.text for a in articles]
        bare_nlp = spacy.load(DEFAULT_MODEL)
        words = sum(len(doc) for doc in bare_nlp.tokenizer.pipe(texts))
        print(f"input: {size / 1e6:.2f} MB in {len(articles)} articles, {words:,} tokens "
              f"({words / len(articles):.0f} per article), partitions of {args.partition_size}")

        nlp = load_nlp()
        for _ in bare_nlp.pipe(texts[:16]):  # warm both pipelines: the first documents cost more
            pass
        for _ in extract(articles[:16], nlp=nlp):
            pass
        start, cpu = time.perf_counter(), time.process_time()
        for _ in bare_nlp.pipe(texts, batch_size=32):
            pass
        bare = words / (time.perf_counter() - start)
        bare_cpu_s = time.process_time() - cpu
        bare_cpu = words / bare_cpu_s
        print(f"bare nlp.pipe ({DEFAULT_MODEL}, 1 process): {bare:,.0f} words/s wall, {bare_cpu:,.0f} words per "
              f"CPU second ({bare_cpu_s / len(articles) * 1000:.0f} ms of CPU per article)")

        start, cpu = time.perf_counter(), time.process_time()
        for _ in extract(articles, nlp=nlp):
            pass
        one = words / (time.perf_counter() - start)
        one_cpu_s = time.process_time() - cpu
        print(f"kg extraction in this process (no cluster): {one:,.0f} words/s wall (ratio to bare {one / bare:.2f}), "
              f"{words / one_cpu_s:,.0f} words per CPU second (ratio to bare {bare_cpu_s / one_cpu_s:.2f}), "
              f"{one_cpu_s / len(articles) * 1000:.0f} ms of CPU per article")

        for n in args.workers:
            with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                client.register_plugin(LoadPipeline(), name=LoadPipeline.name)  # spaCy loaded before the clock
                shard_dir = Path(tmp) / f"shards-{n}"
                before = client.run(time.process_time)
                start, cpu = time.perf_counter(), time.process_time()
                run = build_shards(articles, shard_dir, cluster.scheduler_address,
                                   partition_size=args.partition_size)
                extract_s = time.perf_counter() - start
                client_cpu = time.process_time() - cpu
                after = client.run(time.process_time)
                worker_cpu = sum(after[w] - before[w] for w in after)
            start = time.perf_counter()
            write_graph(merge_into_dataset(run.shards), Path(tmp) / f"graph-{n}.nq")
            file_s = time.perf_counter() - start
            start = time.perf_counter()
            store = Store(Path(tmp) / f"store-{n}")
            merge_into_store(run.shards, store)
            store_s = time.perf_counter() - start
            quads = len(store)
            del store
            disk = sum(p.stat().st_size for p in (Path(tmp) / f"store-{n}").iterdir() if p.is_file())
            rate, cpu_rate = words / extract_s, words / worker_cpu
            print(f"{n} worker(s), extraction into shards: {rate:,.0f} words/s wall (ratio to bare nlp.pipe "
                  f"{rate / bare:.2f}); workers {cpu_rate:,.0f} words per CPU second (ratio to bare "
                  f"{cpu_rate / bare_cpu:.2f}), {worker_cpu / len(articles) * 1000:.0f} ms of worker CPU and "
                  f"{client_cpu / len(articles) * 1000:.1f} ms of client CPU per article; {run.statements} "
                  f"statements")
            print(f"{n} worker(s), merge: into .nq {file_s:.1f} s, into a store {store_s:.1f} s "
                  f"({quads:,} quads, {quads / len(articles):.0f} per article, {disk / 1e6:.1f} MB on disk); "
                  f"extraction + .nq merge {words / (extract_s + file_s):,.0f} words/s wall")


if __name__ == "__main__":
    main()
