"""How long reading a graph file takes when the same actors recur across thousands of article graphs.

What it measures: ``kg.rdfread.load_statements`` (the reader behind ``kg report``, ``kg export``, ``kg view``
and ``kg query --name`` on a file) and the three commands end to end (in this process, through click),
on N synthetic article graphs written as N-Quads, at each N given (default 1,000 and 10,000).

The synthetic news world is the shape that made the reader quadratic: 88 actors, of which the main
ones sit in most articles (the United States, Russia, Ukraine, France, the EU in 60–90 % of them), and
the rest Zipf-like; each article has 16 statements between them, a date and a title. Each article graph
is made by ``kg.rdf.add_article``, exactly what ``kg build`` writes. Seeded: every run is the same graph.

Wall time depends on what else runs on the machine; CPU time is printed beside it.

Measured on a shared 2-core machine (CPU seconds), after the actors were read by index scans instead of a
SPARQL join: 1,000 articles (218k quads): load_statements 2.0, report 1.9, export 3.6, view 2.5;
10,000 articles (2.18M quads): load_statements 23.6, report 28.3, export 47.6, view 29.4 (×12–15 for ×10
articles). Before, with the join, load_statements alone took 1.9 s at 100 articles and 14.4 s at 200.

Run: .venv/bin/python benchmarks/read_scale.py [N ...] [--per-article K] [--skip-commands]
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

import pyoxigraph as ox  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from rdflib import Dataset  # noqa: E402

from kg.cli import main  # noqa: E402
from kg.model import Actor, Article, Statement  # noqa: E402
from kg.rdf import add_article  # noqa: E402
from kg.rdfread import load_statements  # noqa: E402
from kg.store import to_oxigraph  # noqa: E402
from kg.vocab import ACTOR_TYPES, relations  # noqa: E402

MAIN = [("United States", "State", "Q30", 0.9), ("Russia", "State", "Q159", 0.85), ("Ukraine", "State", "Q212", 0.8),
        ("France", "State", "Q142", 0.6), ("European Union", "Institution", "Q458", 0.6)]
N_ACTORS = 88


def world(seed: int = 11) -> tuple[list[tuple[Actor, float]], list[Actor]]:
    """The main actors with the share of articles they are in, and the other actors in Zipf order."""
    main_actors = [(Actor(label, kind, qid), share) for label, kind, qid, share in MAIN]
    rng = random.Random(seed)
    others = [Actor(f"Acteur {i:02d}", ACTOR_TYPES[i % len(ACTOR_TYPES)],
                    f"Q{1000 + i}" if rng.random() < 0.7 else None) for i in range(N_ACTORS - len(MAIN))]
    return main_actors, others


def articles(n: int, per_article: int, seed: int = 7):
    """N (article, statements) pairs of the synthetic world."""
    rng = random.Random(seed)
    main_actors, others = world()
    weights = [1 / (r + 1) for r in range(len(others))]
    slugs = sorted(relations())
    start = dt.date(2023, 1, 1)
    for i in range(n):
        present = [a for a, share in main_actors if rng.random() < share]
        present += rng.choices(others, weights, k=4)
        present = list(dict.fromkeys(present)) or [main_actors[0][0], others[0]]
        if len(present) < 2:
            present.append(others[1] if present[0] == others[0] else others[0])
        date = start + dt.timedelta(days=rng.randrange(3 * 365))
        art = Article(id=f"a{i:05d}", text="", title=f"Dépêche {i}", date=date, source=f"corpus/a{i:05d}.txt")
        statements = []
        for k in range(per_article):
            subj, obj = rng.sample(present, 2)
            statements.append(Statement(art.id, subj, rng.choice(slugs), obj, f"Phrase {k} de la dépêche {i}.",
                                        k * 40, k * 40 + 30, date, round(rng.uniform(0.5, 1.0), 3), "cue"))
        yield art, statements


def write_nquads(path: Path, n: int, per_article: int) -> int:
    """The N article graphs as N-Quads, one article at a time (rdflib → Oxigraph terms); returns the quads."""
    count = 0
    with path.open("wb") as handle:
        for art, statements in articles(n, per_article):
            ds = Dataset()
            g = add_article(ds, art, statements)
            name = to_oxigraph(g.identifier)
            quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name) for s, p, o in g]
            handle.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
            count += len(quads)
    return count


def timed(label: str, func) -> float:
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"  {label:<36} {wall:8.2f} s wall  {cpu:8.2f} s CPU", flush=True)
    return wall


def command(*args: str):
    def go() -> None:
        result = CliRunner().invoke(main, list(args))
        if result.exit_code != 0:
            raise SystemExit(f"kg {' '.join(args)} failed:\n{result.output}")
    return go


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000], help="article counts")
    parser.add_argument("--per-article", type=int, default=16, help="statements per article")
    parser.add_argument("--skip-commands", action="store_true", help="time load_statements only")
    args = parser.parse_args()
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"graph-{n}.nq"
            t = time.perf_counter()
            quads = write_nquads(path, n, args.per_article)
            print(f"{n} articles, {n * args.per_article} statements, {quads} quads "
                  f"(generated in {time.perf_counter() - t:.1f} s)", flush=True)
            row = results[n] = {}
            row["load_statements"] = timed("load_statements", lambda p=path: load_statements(p))
            if not args.skip_commands:
                row["report"] = timed("kg report --top 10", command("report", str(path), "--top", "10"))
                row["export"] = timed("kg export -o graph.gexf", command("export", str(path), "-o",
                                                                          str(Path(tmp) / "graph.gexf")))
                row["view"] = timed("kg view -o graph.html", command("view", str(path), "-o",
                                                                      str(Path(tmp) / "graph.html")))
    if len(results) > 1:
        sizes = sorted(results)
        first, last = sizes[0], sizes[-1]
        print(f"growth {first} → {last} articles (×{last / first:g}):")
        for key in results[first]:
            print(f"  {key:<36} ×{results[last][key] / max(results[first][key], 1e-9):.1f}")


if __name__ == "__main__":
    main_()
