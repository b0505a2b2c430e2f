"""How ``kg serve`` holds a burst of clients, and whether quick queries stay quick while slow ones run.

Starts a real ``kg serve`` (default options but ``--timeout``) on loopback over a synthetic graph (the
Zipf-like news corpus of ``sparql_speed.py``), then:

1. bursts: ``--clients`` threads (200) each open a connection and send one simple query at the same
   moment (a barrier releases them); prints p50, p99 and max latency, and the errors (any status but
   200, refused or reset connections, client timeouts), for each of ``--bursts`` bursts;
2. fast-while-slow: the median and max latency of 20 quick queries one after another, first on an idle
   server, then while 4 slow queries (a five-way cross product, stopped at the time limit) run.

The clients run in this process, so on a small machine they compete with the server for the CPUs:
the figures are an upper bound of what the server alone costs.

Measured on a shared 2-core machine, 100k triples, 200 clients (``--timeout 10``):
  now (query processes forked ahead, queue, HTTP/1.1, backlog 1024), 3 bursts: p50 174 ms, p99 320 ms,
  0 errors of 600; a quick query takes 1.5 ms idle and 1.7 ms (median; max 68 ms) beside 4 slow ones.
  before (a fork per query, HTTP/1.0, backlog 5), 1 burst: p50 15.2 s, p99 61 s, 82 of 200 client
  timeouts (60 s); a quick query took 41 ms idle and 52 ms (median; max 9.6 s) beside 4 slow ones.

Run: .venv/bin/python benchmarks/serve_load.py [--triples 100000] [--clients 200] [--bursts 3]
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from sparql_speed import synthetic

from kg.graphfiles import write_graph
from kg.rdf import build_dataset

SIMPLE = ("PREFIX kg: <https://w3id.org/kg-news/ontology#> "
          "SELECT ?actor ?label WHERE { GRAPH ?g { ?actor a kg:State ; rdfs:label ?label } } LIMIT 5")
QUICK = "ASK { ?s a kg:Statement }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def start_server(graph: Path, timeout: float) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", str(graph),
                             "--port", "0", "--quiet", "--timeout", str(timeout)], stderr=subprocess.PIPE, text=True)
    said = ""
    while not (match := re.search(r"(http://127\.0\.0\.1:\d+/sparql)", said)):
        line = proc.stderr.readline()
        if not line:
            raise SystemExit(f"kg serve did not start: {said}")
        said += line
    threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep draining the log
    return proc, match.group(1)


def ask(url: str, query: str, timeout: float = 60.0) -> tuple[float, int | str]:
    """Seconds to the end of the answer, and its status (or the error's name)."""
    parts = urllib.parse.urlsplit(url)
    started = time.perf_counter()
    try:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        conn.request("GET", f"{parts.path}?{urllib.parse.urlencode({'query': query})}",
                     headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        response.read()
        conn.close()
        status: int | str = response.status
    except OSError as exc:
        status = type(exc).__name__
    return time.perf_counter() - started, status


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def burst(url: str, clients: int) -> tuple[list[float], list[int | str]]:
    barrier = threading.Barrier(clients)
    results: list[tuple[float, int | str]] = []
    lock = threading.Lock()

    def client() -> None:
        barrier.wait()
        outcome = ask(url, SIMPLE)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [t for t, _ in results], [s for _, s in results if s != 200]


def quick_series(url: str, n: int = 20) -> tuple[float, float, list[int | str]]:
    times, errors = [], []
    for _ in range(n):
        seconds, status = ask(url, QUICK)
        times.append(seconds)
        if status != 200:
            errors.append(status)
    return statistics.median(times), max(times), errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000, help="approximate graph size")
    parser.add_argument("--clients", type=int, default=200, help="concurrent clients per burst")
    parser.add_argument("--bursts", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="the server's --timeout (the slow queries run this long)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "graph.nq"
        items, _ = synthetic(args.triples, seed=1)
        write_graph(build_dataset(items), graph)
        proc, url = start_server(graph, args.timeout)
        try:
            ask(url, SIMPLE)  # warm up
            print(f"kg serve at {url}, {args.triples:,} triples; {args.clients} clients at once")
            all_times: list[float] = []
            all_errors: list[int | str] = []
            for n in range(1, args.bursts + 1):
                times, errors = burst(url, args.clients)
                all_times += times
                all_errors += errors
                print(f"  burst {n}: p50 {percentile(times, 50) * 1000:.0f} ms, "
                      f"p99 {percentile(times, 99) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms, "
                      f"errors {len(errors)} {sorted(set(map(str, errors)))}")
            print(f"  all {len(all_times)} queries: p50 {percentile(all_times, 50) * 1000:.0f} ms, "
                  f"p99 {percentile(all_times, 99) * 1000:.0f} ms, errors {len(all_errors)}")

            median, worst, errors = quick_series(url)
            print(f"quick query on an idle server: median {median * 1000:.1f} ms, max {worst * 1000:.1f} ms, "
                  f"errors {len(errors)}")
            slow = [threading.Thread(target=ask, args=(url, SLOW, args.timeout + 30)) for _ in range(4)]
            for thread in slow:
                thread.start()
            time.sleep(1.0)  # past the half second after which a running query is moved aside
            median, worst, errors = quick_series(url)
            print(f"quick query while 4 slow ones run: median {median * 1000:.1f} ms, max {worst * 1000:.1f} ms, "
                  f"errors {len(errors)}")
            for thread in slow:
                thread.join()
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
