"""How fast the named queries answer on a graph of about a million triples: plain rdflib vs Oxigraph.

Builds a synthetic corpus in the project's own model (Statement objects → kg.rdf, one named graph per
article), writes it as N-Quads, loads it into rdflib's in-memory Dataset, into an on-disk Oxigraph
store (what ``kg query STORE`` reads) and copies that into memory (what ``kg serve STORE`` and
``kg query FILE`` query), then runs every shipped query with the same bound parameters on each and
prints load time, median query time and the ratio. All engines must return the same number of rows.
Actor queries are asked of a hub actor (rank 10 of the Zipf law: 2% of all statements) and again,
on Oxigraph, of a less covered one (rank 100, still in the top tenth of the actors).

    .venv/bin/python benchmarks/sparql_speed.py                  # ~1M triples (a few minutes, ~2 GiB)
    .venv/bin/python benchmarks/sparql_speed.py --triples 100000 # quick look
    .venv/bin/python benchmarks/sparql_speed.py --no-rdflib --baseline OLD/kg/queries  # before/after a query change

With ``--baseline`` the .rq files of another folder (an earlier version's kg/queries, say from ``git archive``) are
timed too, interleaved with the shipped ones on the same stores, and their rows must be the same, in the same order.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import random
import select
import signal
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kg.graphfiles import write_quads
from kg.iris import actor_iri
from kg.model import Actor, Article, Statement
from kg.namedqueries import named_queries
from kg.querysources import LocalSource
from kg.rdf import article_quads
from kg.store import Store, in_memory
from kg.vocab import ACTOR_TYPES, KG, relations

TRIPLES_PER_STATEMENT = 14  # statement node, direct triple, and its share of actor and article triples
PLACES = ["Paris", "Bruxelles", "Genève", "Riyad", "Istanbul", "Varsovie", "Berlin", "Rome", "Doha", "Oslo"]
VERBS = ["a rencontré", "a critiqué", "a menacé", "a soutenu", "s'est entretenu avec", "a sanctionné"]


def rss_mib() -> float:
    """Resident memory of this process now (Linux), to show what each store costs."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return float("nan")
    return pages * 4096 / 2**20


def synthetic(n_triples: int, seed: int) -> tuple[list[tuple[Article, list[Statement]]], list[Actor]]:
    """Articles of 6–12 statements between actors drawn from a Zipf-like law, as news coverage is."""
    rng = random.Random(seed)
    n_statements = n_triples // TRIPLES_PER_STATEMENT
    actors = [Actor(f"Acteur {i:04d} {rng.choice(PLACES)}", ACTOR_TYPES[i % 4], f"Q{1000 + i}")
              for i in range(max(50, n_statements // 40))]
    weights = [1 / (rank + 1) for rank in range(len(actors))]
    slugs = list(relations())
    start = dt.date(2020, 1, 1)
    items, made, n = [], 0, 0
    while made < n_statements:
        article_id = f"art-{n:06d}"
        day = start + dt.timedelta(days=rng.randrange(2200))
        statements = []
        for k in range(rng.randint(6, 12)):
            subj, obj = rng.choices(actors, weights, k=2)
            if subj == obj:
                continue
            place = rng.choice(PLACES)
            evidence = f"À {place}, {subj.label} {rng.choice(VERBS)} {obj.label} ({article_id}, phrase {k})."
            offset = k * 200
            statements.append(Statement(article_id, subj, rng.choice(slugs), obj, evidence, offset,
                                        offset + len(evidence), day + dt.timedelta(days=rng.randrange(3)),
                                        round(rng.uniform(0.5, 1.0), 2), "cue"))
        items.append((Article(article_id, "", f"Article {n}", day, f"synthetic/{article_id}.txt"), statements))
        made += len(statements)
        n += 1
    return items, actors


CLOCK = time.process_time  # CPU seconds of this process: steadier than wall time on a shared machine


def timed(fn, repeat: int) -> tuple[float, int]:
    """Median seconds (``CLOCK``) over ``repeat`` runs and the row count (rows fully read)."""
    times, rows = [], 0
    for _ in range(repeat):
        t0 = CLOCK()
        rows = fn()
        times.append(CLOCK() - t0)
    return statistics.median(times), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="approximate graph size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7, help="runs per query on Oxigraph")
    parser.add_argument("--repeat-rdflib", type=int, default=3, help="runs per query on rdflib (slow)")
    parser.add_argument("--rdflib-cap", type=float, default=120, help="seconds before an rdflib query is stopped")
    parser.add_argument("--no-rdflib", action="store_true", help="Oxigraph only (rdflib loads a million quads slowly)")
    parser.add_argument("--baseline", type=Path, help="folder of .rq files to time against the shipped queries")
    parser.add_argument("--wall", action="store_true", help="time queries by wall clock instead of CPU time")
    args = parser.parse_args()
    global CLOCK
    if args.wall:
        CLOCK = time.perf_counter

    t0 = time.perf_counter()
    items, actors = synthetic(args.triples, args.seed)
    quads = [quad for article, statements in items for quad in article_quads(article, statements)]
    n_quads = len(quads)  # actors repeat in every article graph that names them
    print(f"synthetic graph: {len(items)} articles, {sum(len(s) for _, s in items)} statements, "
          f"{len(actors)} actors, {n_quads} quads, {len({q.triple for q in quads})} distinct triples "
          f"(built with kg.rdf in {time.perf_counter() - t0:.1f} s)")

    with tempfile.TemporaryDirectory() as tmp:
        nq = Path(tmp) / "graph.nq"
        t0 = time.perf_counter()
        write_quads(quads, nq)
        print(f"written as N-Quads in {time.perf_counter() - t0:.1f} s ({nq.stat().st_size / 2**20:.0f} MiB)")

        before = rss_mib()
        sample = items[: max(1, len(items) // 8)]
        sample_quads = sum(len(article_quads(article, statements)) for article, statements in sample)
        t0 = time.perf_counter()
        changes = Store(Path(tmp) / "db").add_articles(sample)
        incremental = time.perf_counter() - t0
        print(f"kg.store (Store.add_articles, the kg build --store path) on 1/8 of the articles: "
              f"{incremental:.1f} s ({sample_quads / incremental:,.0f} quads/s; {changes})")
        del quads
        fresh = ox.Store(str(Path(tmp) / "bulk"))
        t0 = time.perf_counter()
        fresh.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        ox_load = time.perf_counter() - t0
        print(f"Oxigraph on disk (bulk_load):       {ox_load:6.1f} s  ({n_quads / ox_load:,.0f} quads/s)")
        oxigraph = LocalSource(fresh, "oxigraph")
        del fresh
        t0 = time.perf_counter()
        memory = LocalSource(in_memory(Store.open_read_only(Path(tmp) / "bulk").oxigraph), "memory")
        print(f"Oxigraph store copied into memory:  {time.perf_counter() - t0:6.1f} s  (kg serve STORE starting)")

        plain = None
        if not args.no_rdflib:
            t0 = time.perf_counter()
            plain = Dataset(default_union=True)
            plain.parse(nq, format="nquads")
            rdf_load = time.perf_counter() - t0
            print(f"rdflib in memory (Dataset.parse):   {rdf_load:6.1f} s  ({n_quads / rdf_load:,.0f} quads/s, "
                  f"+{rss_mib() - before:,.0f} MiB resident)")
            print(f"load ratio rdflib / Oxigraph: {rdf_load / ox_load:.1f}×")
        print()

        # A well-covered actor (rank 10 of the Zipf law) and its neighbour in rank, as a user would ask.
        values = {"actor": actors[10], "other": actors[11]}
        rank = min(100, len(actors) // 2)  # small graphs have fewer actors
        typical = {"actor": actors[rank], "other": actors[rank + 1]}
        bind = {"type": str(KG.State), "relation": str(relations()["negotiated-with"].iri)}
        print(f"parameters: actor={values['actor'].label!r}, other={values['other'].label!r}, type=State, "
              f"relation=negotiated-with; rdflib runs are stopped after {args.rdflib_cap:g} s; times are "
              f"{'wall-clock' if args.wall else 'CPU'} ms, median of {args.repeat}\n", flush=True)
        baseline = named_queries(args.baseline) if args.baseline else {}
        header = (f"{'query':<18} {'rows':>6} {'rdflib ms':>10} {'disk ms':>8} {'memory ms':>10} {'ratio':>7}"
                  f"   {f'rank-{rank} actor: rows':>20} {'disk':>6} {'memory':>7}"
                  + (f"   {'before: disk':>12} {'memory':>7}" if baseline else ""))
        print(header)
        print("-" * len(header), flush=True)
        times: dict[str, list[float]] = {"disk": [], "memory": []}
        for name, query in named_queries().items():
            def bound(chosen: dict[str, Actor], query=query) -> dict[str, str]:
                return {p.name: (str(actor_iri(chosen[p.name])) if p.kind == "actor" else bind[p.name])
                        for p in query.params}

            iris = bound(values)
            init = {k: URIRef(v) for k, v in iris.items()}

            def answer(source: LocalSource, iris: dict[str, str], text: str = query.text) -> list:
                return source.run(text, {k: ox.NamedNode(v) for k, v in iris.items()}).rows

            def on(source: LocalSource, iris: dict[str, str], text: str = query.text) -> int:
                return len(answer(source, iris, text))

            def on_rdflib(query=query, init=init) -> int:
                return sum(1 for _ in plain.query(query.text, initBindings=init))

            measured = {}
            for label, source in (("disk", oxigraph), ("memory", memory)):
                on(source, iris)  # warm the caches once
                measured[label] = timed(lambda source=source, iris=iris: on(source, iris), args.repeat)
                times[label].append(measured[label][0])
            (disk_s, ox_rows), (mem_s, mem_rows) = measured["disk"], measured["memory"]
            capped = None if plain is None else run_capped(lambda fn=on_rdflib: timed(fn, args.repeat_rdflib),
                                                           args.rdflib_cap)
            if plain is None:
                rdf_ms, ratio, flag = "-", "-", ""
            elif capped is None:
                rdf_ms, ratio, flag = f"> {args.rdflib_cap * 1000:,.0f}", f"> {args.rdflib_cap / mem_s:,.0f}×", ""
            else:
                rdf_s, rdf_rows = capped
                rdf_ms, ratio = f"{rdf_s * 1000:.1f}", f"{rdf_s / mem_s:,.0f}×"
                flag = "" if ox_rows == rdf_rows == mem_rows else f"  (row counts differ: rdflib {rdf_rows})"
            typical_cells = ""
            if any(p.kind == "actor" for p in query.params):
                small = bound(typical)
                t_disk, t_rows = timed(lambda small=small: on(oxigraph, small), args.repeat)
                t_mem, _ = timed(lambda small=small: on(memory, small), args.repeat)
                typical_cells = f"   {t_rows:>20} {t_disk * 1000:>6.1f} {t_mem * 1000:>7.1f}"
            before_cells = ""
            if name in baseline:
                old = baseline[name].text
                if answer(memory, iris, old) != answer(memory, iris):
                    flag += "  (rows differ from the baseline's)"
                old_disk, _ = timed(lambda old=old, iris=iris: on(oxigraph, iris, old), args.repeat)
                old_mem, _ = timed(lambda old=old, iris=iris: on(memory, iris, old), args.repeat)
                before_cells = f"   {old_disk * 1000:>12.1f} {old_mem * 1000:>7.1f}"
            elif baseline:
                before_cells = f"   {'-':>12} {'-':>7}"
            print(f"{name:<18} {ox_rows:>6} {rdf_ms:>10} {disk_s * 1000:>8.1f} {mem_s * 1000:>10.1f} {ratio:>7}"
                  f"{typical_cells or ' ' * 38}{before_cells}{flag}", flush=True)
        for label, values_s in times.items():
            print(f"\nOxigraph {label}: median over the named queries {statistics.median(values_s) * 1000:.1f} ms; "
                  f"slowest {max(values_s) * 1000:.1f} ms", end="")
        print()


def run_capped(fn, cap: float):
    """fn() in a forked child (copy-on-write: rdflib's graph is not copied), killed after ``cap`` seconds."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        with os.fdopen(writer, "wb") as out:
            out.write(pickle.dumps(fn()))
        os._exit(0)
    os.close(writer)
    try:
        if not select.select([reader], [], [], cap)[0]:
            os.kill(pid, signal.SIGKILL)
            return None
        with os.fdopen(reader, "rb", closefd=False) as src:
            return pickle.loads(src.read())
    finally:
        os.close(reader)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
