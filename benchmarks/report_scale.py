"""How long `kg report` takes, and how much memory it needs, on a large synthetic graph.

What it measures: ``kg.analysis.report`` (the library call behind ``kg report``: actor graph,
degrees, PageRank, sampled betweenness and closeness, articulation points, Louvain communities,
net cooperation per pair) on 500,000 Statement objects between 50,000 actors, then the same per
quarter (``--by quarter``). What it does not measure: reading the graph file — the statements are
built directly in Python, because parsing 500k reified statements through rdflib alone takes
minutes (see /work/shared/FACTS.md) and is the RDF layer's cost, not the report's.

The synthetic news world: 500 communities of 100 actors (regional politics), actor activity
Zipf-like within each, 85 % of statements inside a community, 100,000 articles of 5 statements,
the 15 relation types drawn uniformly, dates over three years. Seeded: every run is the same graph.

Wall time depends on what else runs on the machine; CPU time is printed beside it (the report
is single-threaded, so on an idle core the two agree).

With --accuracy it instead compares sampled and exact betweenness on a 5,000-actor graph of the
same kind (exact is out of reach at 50,000: about 40 ms per source, so half an hour).

--engine chooses the code: ``reference`` (numpy betweenness, networkx Louvain), ``igraph`` (kg.fastgraph,
where installed) or ``both``, one after the other on the same statements (before/after figures).
With -j 1 the per-quarter line also gives each period's statements and seconds, to compare the cost of a
period with its size.

Run: .venv/bin/python benchmarks/report_scale.py [--actors N] [--statements M] [--samples K]
     [--skip-periods] [--jobs J] [--engine both|igraph|reference] [--accuracy]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg import analysis, fastgraph  # noqa: E402
from kg.analysis import actor_graph, interaction_graph, path_measures, report  # noqa: E402
from kg.model import Actor, Statement  # noqa: E402
from kg.periods import period_reports, split_by_period  # noqa: E402
from kg.vocab import ACTOR_TYPES, relations  # noqa: E402


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic(n_actors: int, n_statements: int, seed: int = 7) -> list[Statement]:
    rng = random.Random(seed)
    actors = [Actor(f"Actor {i:05d}", ACTOR_TYPES[i % len(ACTOR_TYPES)]) for i in range(n_actors)]
    community_size = 100
    n_communities = max(1, n_actors // community_size)
    cumulative = list(itertools.accumulate(1 / (r + 1) for r in range(community_size)))
    offsets = range(community_size)
    slugs = list(relations())
    start = dt.date(2023, 1, 1)
    per_article = 5

    def pick(community: int) -> Actor:
        offset = rng.choices(offsets, cum_weights=cumulative)[0]
        return actors[(community * community_size + offset) % n_actors]

    statements = []
    for i in range(n_statements):
        article = i // per_article
        home = rng.randrange(n_communities)
        subject = pick(home)
        obj = pick(home if rng.random() < 0.85 else rng.randrange(n_communities))
        if obj == subject:
            obj = actors[rng.randrange(n_actors)]
        statements.append(Statement(
            article_id=f"a{article}",
            subject=subject,
            relation=rng.choice(slugs),
            object=obj,
            evidence="",
            start=0,
            end=0,
            date=start + dt.timedelta(days=(article * 1096) // (n_statements // per_article + 1)),
            confidence=round(rng.uniform(0.5, 1.0), 2),
        ))
    return statements


def accuracy(samples: int) -> None:
    """How far sampled betweenness is from exact on a graph small enough for exact (5,000 actors)."""
    statements = synthetic(5_000, 50_000)
    g = interaction_graph(actor_graph(statements), statements)
    t0 = time.perf_counter()
    exact, _ = path_measures(g)
    t1 = time.perf_counter()
    sampled, _ = path_measures(g, samples, seed=0)
    t2 = time.perf_counter()
    by_exact = sorted(g, key=lambda v: -exact[v])
    by_sampled = sorted(g, key=lambda v: -sampled[v])
    overlap = {k: len(set(by_exact[:k]) & set(by_sampled[:k])) for k in (10, 50, 100)}
    worst = max(abs(sampled[v] - exact[v]) / exact[by_exact[0]] for v in g)
    print(f"accuracy on {g.number_of_nodes():,} actors / {g.number_of_edges():,} pairs: exact {t1 - t0:.1f} s, "
          f"{samples} samples {t2 - t1:.1f} s; top-k overlap "
          + ", ".join(f"{v}/{k}" for k, v in overlap.items())
          + f"; largest error {worst:.1%} of the top value")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actors", type=int, default=50_000)
    parser.add_argument("--statements", type=int, default=500_000)
    parser.add_argument("--samples", default="auto", help="sources per large component, 0 = exact, auto = default")
    parser.add_argument("--skip-periods", action="store_true", help="only the whole-graph report")
    parser.add_argument("--jobs", type=int, default=1, help="processes for the per-quarter reports (kg report -j)")
    parser.add_argument("--engine", choices=("both", "igraph", "reference"), default="both")
    parser.add_argument("--accuracy", action="store_true",
                        help="instead, compare sampled and exact betweenness on 5,000 actors")
    args = parser.parse_args()
    if args.accuracy:
        accuracy(analysis.DEFAULT_SAMPLES if args.samples == "auto" else int(args.samples))
        return
    samples = None if args.samples == "0" else args.samples if args.samples == "auto" else int(args.samples)

    t0 = time.perf_counter()
    statements = synthetic(args.actors, args.statements)
    t1 = time.perf_counter()
    before = peak_mib()
    print(f"built {len(statements):,} statements between {args.actors:,} actors in {t1 - t0:.1f} s "
          f"(process RSS {before:.0f} MiB)")

    engines = ["reference", "igraph"] if args.engine == "both" else [args.engine]
    if "igraph" in engines and fastgraph.igraph is None:
        sys.exit("igraph is not installed: pip install 'kg-news[fast]'")
    for engine in engines:
        print(f"--- {engine}" + (" (numpy betweenness, networkx Louvain)" if engine == "reference" else ""))
        if engine == "reference":
            with fastgraph.disabled():
                measure(statements, samples, args)
        else:
            measure(statements, samples, args)
    print(f"total wall time {time.perf_counter() - t0:.1f} s on {len(os.sched_getaffinity(0))} cores")


def measure(statements: list[Statement], samples, args: argparse.Namespace) -> None:
    """One whole report, then the per-quarter reports, with their times and memory."""
    t1, cpu1 = time.perf_counter(), time.process_time()
    rep = report(statements, samples=samples, seed=0)
    t2, cpu2 = time.perf_counter(), time.process_time()
    print(f"report: {t2 - t1:.1f} s wall ({cpu2 - cpu1:.1f} s CPU), peak RSS {peak_mib():.0f} MiB "
          f"({rep.actors:,} actors, {rep.pairs:,} linked pairs, {rep.components} components, "
          f"{len(rep.communities)} communities, {len(rep.brokers)} brokers, samples={rep.samples})")
    for row in rep.measures[:5]:
        print(f"  {row['rank']:>2} {row['actor']}  pagerank={row['pagerank']:.5f} degree={row['degree']} "
              f"betweenness={row['betweenness']:.5f}")
    if args.skip_periods:
        return
    whole = t2 - t1
    t2, cpu2 = time.perf_counter(), time.process_time()
    buckets, _ = split_by_period(statements, "quarter")
    reports, costs, last = [], [], time.perf_counter()
    for period_report in period_reports(buckets, args.jobs, samples=samples, seed=0):
        now = time.perf_counter()
        reports.append(period_report)
        costs.append(f"{period_report.statements // 1000}k:{now - last:.1f}s")
        last = now
    t3, cpu3 = time.perf_counter(), time.process_time()
    print(f"report --by quarter -j {args.jobs}: {len(reports)} periods in {t3 - t2:.1f} s wall "
          f"({cpu3 - cpu2:.1f} s CPU in this process; whole report {whole:.1f} s), peak RSS {peak_mib():.0f} MiB"
          + (f", workers {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MiB" if args.jobs > 1
             else ""))
    if args.jobs == 1:
        print("  per period (statements:seconds): " + " ".join(costs))


if __name__ == "__main__":
    main()
