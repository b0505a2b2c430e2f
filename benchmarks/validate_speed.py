"""How long `kg validate` takes as the graph grows: the whole-graph pyshacl check against the SPARQL one.

What it measures: ``kg.validate.validate_whole`` (pyshacl once on the union: the reference) and
``kg.validate.validate_file`` (Oxigraph reads the file and runs every constraint of the shapes as SPARQL,
generated from shapes.ttl: what `kg validate` does now; pyshacl only for shapes the translation does not
cover, none today) on TriG files of synthetic articles (5 statements each, between 2,000 actors with Wikidata
ids), at a few sizes. Reading the file is included for the SPARQL check (Oxigraph) and not for the whole
one (rdflib's parse is timed apart). The whole-graph check is skipped above --whole-max triples: its time
grows faster than the graph. Both verdicts must agree where both run.

Run: .venv/bin/python benchmarks/validate_speed.py [--sizes 10000,100000,1000000] [--whole-max 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.graphfiles import load_graph, write_graph  # noqa: E402
from kg.model import Actor, Article, Statement  # noqa: E402
from kg.rdf import build_dataset  # noqa: E402
from kg.validate import validate_file, validate_whole  # noqa: E402
from kg.vocab import ACTOR_TYPES, relations  # noqa: E402

TRIPLES_PER_ARTICLE = 95  # about, with 5 statements: measured on this generator


def synthetic(n_articles: int, seed: int = 3) -> list[tuple[Article, list[Statement]]]:
    rng = random.Random(seed)
    actors = [Actor(f"Actor {i:05d}", ACTOR_TYPES[i % len(ACTOR_TYPES)], f"Q{i + 1}") for i in range(2000)]
    slugs = [s for s in relations() if s != "leader-of"]  # leader-of needs a person subject
    items = []
    for a in range(n_articles):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=a % 365)
        statements = [Statement(f"a{a}", rng.choice(actors), rng.choice(slugs), rng.choice(actors),
                                f"Phrase {k} de l'article {a}.", 0, 24, day, round(rng.uniform(0.5, 1), 2))
                      for k in range(5)]
        items.append((Article(f"a{a}", "texte", f"Titre {a}", day), statements))
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="target triples, comma-separated")
    parser.add_argument("--whole-max", type=int, default=10_000, help="largest size for the whole-graph check")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"g{size}.trig"
            write_graph(build_dataset(synthetic(max(1, size // TRIPLES_PER_ARTICLE))), path)
            t0, cpu0 = time.perf_counter(), time.process_time()
            chunked = validate_file(path)
            t1, cpu1 = time.perf_counter(), time.process_time()
            line = (f"{chunked.triples:>9,} triples: SPARQL {t1 - t0:6.1f} s wall ({cpu1 - cpu0:6.1f} s CPU, "
                    f"{chunked.triples / (cpu1 - cpu0):,.0f} triples/s), {chunked.summary()}")
            if size <= args.whole_max:
                t2 = time.perf_counter()
                ds = load_graph(path)
                t3, cpu3 = time.perf_counter(), time.process_time()
                whole = validate_whole(ds)
                t4, cpu4 = time.perf_counter(), time.process_time()
                assert whole.conforms == chunked.conforms and whole.triples == chunked.triples
                line += (f"; whole graph {t4 - t3:6.1f} s wall ({cpu4 - cpu3:6.1f} s CPU)"
                         f" after rdflib's parse {t3 - t2:.1f} s")
            print(line, flush=True)


if __name__ == "__main__":
    main()
