"""`kg report` and `kg export` end to end through click: graph files written by kg.rdf, real outputs,
clear messages (exit status, no traceback) for empty, tiny, split graphs and bad options."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result
from test_analysis import HAND, A, B, C, D, E, st

from kg import analysis
from kg.cli import main
from kg.filters import Filters, apply
from kg.graphfiles import load_graph, write_graph
from kg.model import Article, Statement
from kg.rdf import build_dataset
from kg.rdfread import read_statements


def write(path: Path, statements) -> Path:
    by_article: dict[str, list] = {}
    for s in statements:
        by_article.setdefault(s.article_id, []).append(s)
    articles = [(Article(a, "", title=a, date=dt.date(2025, 1, 1)), sts) for a, sts in by_article.items()]
    write_graph(build_dataset(articles or [(Article("empty", "", title="empty"), [])]), path)
    return path


@pytest.fixture
def hand_graph(tmp_path: Path) -> Path:
    return write(tmp_path / "hand.trig", HAND)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def clean_failure(result: Result, code: int, *fragments: str) -> None:
    """A refusal a user can act on: the exit code, the message, and no Python traceback."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output


def test_report_ranks_the_hand_graph_cli_and_library_alike(hand_graph: Path) -> None:
    result = run("report", hand_graph, "--format", "json", "--sort", "betweenness")
    assert result.exit_code == 0, result.output
    (rep,) = json.loads(result.output)["reports"]
    assert [r["actor"] for r in rep["actors"]][:2] == [C.label, D.label]
    assert rep["actors"][0]["betweenness"] == pytest.approx(4 / 6)
    assert rep["actors"][1]["betweenness"] == pytest.approx(3 / 6)
    assert [b["actor"] for b in rep["brokers"]] == [C.label, D.label]
    assert [b["cut_off"] for b in rep["brokers"]] == [2, 1]
    assert rep["pairs"][0] == {"actor_a": A.label, "actor_b": B.label, "statements": 2, "cooperative": 2,
                               "conflictual": 0, "structural": 0, "net": 8.0}
    library = analysis.report(read_statements(load_graph(hand_graph)), sort="betweenness")
    assert [r["actor"] for r in rep["actors"]] == [r["actor"] for r in library.measures]


def test_table_is_readable(hand_graph: Path) -> None:
    result = run("report", hand_graph)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "7 statements, 5 actors, 5 linked pairs" in lines[0]
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["#", "actor"])
    ranked = [line.split()[1] for line in lines[header + 2 : header + 4]]
    assert ranked == ["Carla", "Alphaland"]  # by degree: Carla Chef has 3 partners
    assert "Carla Chef" in lines[header + 2] and "0.6667" in lines[header + 2]
    for title in ("Brokers", "Cooperation and conflict", "Communities (Louvain)"):
        assert any(line.startswith(title) for line in lines)


def test_top_sections_and_formats(hand_graph: Path) -> None:
    result = run("report", hand_graph, "--top", "2", "--section", "actors", "--sort", "closeness")
    assert result.exit_code == 0
    assert "Carla Chef" in result.output and "Delta Council" in result.output
    assert "Alphaland" not in result.output and "Brokers" not in result.output

    out = run("report", hand_graph, "--format", "csv", "--section", "pairs").output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["actor_a"], r["net"]) for r in rows[:2]] == [(A.label, "8"), (D.label, "-6")]

    md = run("report", hand_graph, "--format", "markdown", "--section", "actors").output
    assert "| # | actor | type |" in md and "| 1 | Carla Chef | Person |" in md

    clean_failure(run("report", hand_graph, "--format", "csv", "--section", "actors", "--section", "pairs"), 2,
                  "csv holds one table")


def test_report_to_file_and_filters(hand_graph: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = run("report", hand_graph, "--format", "json", "--relation", "negotiated-with", "-o", out)
    assert result.exit_code == 0, result.output
    (rep,) = json.loads(out.read_text())["reports"]
    assert {r["actor"] for r in rep["actors"]} == {A.label, B.label}
    result = run("report", hand_graph, "--format", "json", "--actor-type", "State", "--actor-type", "Person",
                 "--min-confidence", "0.5")
    kept = apply(HAND, Filters(actor_types=frozenset({"State", "Person"}), min_confidence=0.5))
    assert json.loads(result.output)["reports"][0]["statements"] == len(kept) == 4


def test_empty_graph_says_so(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.ttl", [])
    clean_failure(run("report", empty), 1, "holds no statements")
    clean_failure(run("export", empty, "-o", tmp_path / "x.graphml"), 1, "holds no statements")
    assert not (tmp_path / "x.graphml").exists()


def test_one_actor_graph_reports_with_a_note(tmp_path: Path) -> None:
    alone = write(tmp_path / "alone.trig", [st("a1", A, "criticized", A)])
    result = run("report", alone)
    assert result.exit_code == 0, result.output
    assert "only one actor (Alphaland)" in result.output
    assert "Alphaland" in result.output.split("Actors", 1)[1]


def test_disconnected_graph_reports_each_component(tmp_path: Path) -> None:
    split = write(tmp_path / "split.trig", [st("a1", A, "criticized", B), st("a2", C, "supports", D),
                                             st("a2", D, "supports", E, 30)])
    result = run("report", split, "--format", "json")
    assert result.exit_code == 0, result.output
    (rep,) = json.loads(result.output)["reports"]
    assert rep["components"] == 2 and "2 separate components" in rep["notes"][0]
    assert rep["actors"][0]["actor"] == D.label and rep["actors"][0]["betweenness"] > 0
    assert set(rep["communities"][1]["members"]) == {A.label, B.label}


def test_unknown_values_are_usage_errors(hand_graph: Path, tmp_path: Path) -> None:
    clean_failure(run("report", hand_graph, "--relation", "hugged"), 2, "unknown relation hugged", "negotiated-with")
    clean_failure(run("report", hand_graph, "--actor-type", "Alien"), 2, "unknown actor type Alien", "Person")
    clean_failure(run("report", hand_graph, "--since", "yesterday"), 2, "not a date")
    clean_failure(run("report", hand_graph, "--sort", "fame"), 2, "'fame' is not one of")
    clean_failure(run("report", hand_graph, "--by", "week"), 2, "'week' is not one of")
    clean_failure(run("report", hand_graph, "--samples", "1"), 2, "--samples")
    clean_failure(run("report", hand_graph, "--plot", tmp_path / "p.png"), 2, "add --by")
    clean_failure(run("report", hand_graph, "--relation", "attacked"), 1, "none of its 7 statements",
                  "--relation attacked")
    clean_failure(run("report", tmp_path / "missing.trig"), 1, "no such graph file")
    (tmp_path / "junk.trig").write_text("this is not trig {{{")
    clean_failure(run("report", tmp_path / "junk.trig"), 1, "not a readable trig graph")
    clean_failure(run("export", hand_graph, "--relation", "hugged", "-o", tmp_path / "x.csv"), 2, "unknown relation")
    clean_failure(run("export", hand_graph, "-o", tmp_path / "x.xyz"), 2, "cannot tell the format")
    clean_failure(run("export", hand_graph, "-o", "-", "--format", "graphml"), 2, "written to a file")


def test_periods_and_plot(hand_graph: Path, tmp_path: Path) -> None:
    png = tmp_path / "over-time.png"
    result = run("report", hand_graph, "--by", "month", "--format", "json", "--plot", png)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [r["period"] for r in document["reports"]] == ["2025-01", "2025-02", "2025-03"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    two_jobs = run("report", hand_graph, "--by", "month", "--format", "json", "--jobs", "2")
    assert json.loads(two_jobs.stdout) == document  # forked workers give the same reports, in order
    rows = list(csv.DictReader(io.StringIO(run("report", hand_graph, "--by", "quarter", "--format", "csv").stdout)))
    assert {r["period"] for r in rows} == {"2025-Q1"} and len(rows) == 5


def test_sampling_is_seeded(tmp_path: Path) -> None:
    g = nx.barabasi_albert_graph(80, 1, seed=3)
    actors = {v: type(A)(f"Actor {v:03d}", "State") for v in g}
    graph = write(tmp_path / "tree.trig", [st(f"a{i}", actors[u], "supports", actors[v])
                                           for i, (u, v) in enumerate(g.edges())])
    outputs = [run("report", graph, "--samples", "10", "--seed", seed, "--format", "csv").stdout
               for seed in ("4", "4", "5")]
    assert outputs[0] == outputs[1] != outputs[2]
    assert "estimated from 10 sampled sources" in run("report", graph, "--samples", "10").output


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
def test_export_writes_each_format(hand_graph: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"network.{fmt}"
    result = run("export", hand_graph, "-o", out)
    assert result.exit_code == 0, result.output
    if fmt == "gexf":  # one edge per relation and pair, weighted by its statements
        assert f"5 actors, {len(HAND) - 2} edges of {len(HAND)} statements" in result.output
    else:
        assert f"5 actors, {len(HAND)} edges" in result.output
    if fmt == "graphml":
        g = nx.read_graphml(out)
        assert g.nodes[A.label]["wikidata"] == "Q1" and g.number_of_edges() == len(HAND)
    elif fmt == "gexf":
        edges = ET.parse(out).getroot().findall(".//{http://gexf.net/1.3}edge")
        assert sum(int(e.get("weight")) for e in edges) == len(HAND)
    elif fmt == "json":
        assert {n["id"] for n in json.loads(out.read_text())["nodes"]} == {x.label for x in (A, B, C, D, E)}
    else:
        rows = list(csv.DictReader(out.open()))
        assert {r["evidence"] for r in rows} == {s.evidence for s in HAND}


def test_export_weighted_actor_edges_to_stdout(hand_graph: Path) -> None:
    result = run("export", hand_graph, "--edges", "actors", "--format", "csv", "-o", "-")
    rows = {(r["source"], r["target"]): r for r in csv.DictReader(io.StringIO(result.output))}
    assert rows[A.label, B.label]["weight"] == "2" and (B.label, A.label) in rows
    assert rows[A.label, B.label]["relations"] == "negotiated-with=2"


def test_example_corpus_ranks_the_main_protagonists_first(example_graph: Path) -> None:
    """The bundled articles are about the war in Ukraine and US diplomacy: a reader expects the US,
    Russia and Ukraine among the most connected actors, and Zelensky, Trump or Putin as brokers."""
    result = run("report", example_graph, "--format", "json", "--top", "6")
    assert result.exit_code == 0, result.output
    (rep,) = json.loads(result.output)["reports"]
    top = [r["actor"] for r in rep["actors"]]
    assert {"United States", "Russia", "Ukraine"} <= set(top), top
    brokers = {b["actor"] for b in rep["brokers"]}
    assert brokers & {"Volodymyr Zelensky", "Donald Trump", "Vladimir Putin"}, brokers
    pairs = {(p["actor_a"], p["actor_b"]): p["net"] for p in rep["pairs"]}
    assert pairs.get(("Russia", "Ukraine"), 0) < 0  # invasion and strikes: conflict dominates


def test_plot_without_matplotlib_says_how_to_get_it(hand_graph: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # what an install without the plot extra sees
    png = tmp_path / "p.png"
    clean_failure(run("report", hand_graph, "--by", "month", "--plot", png), 1, "pip install 'kg[plot]'")
    assert not png.exists()


def test_export_with_the_report_measures(hand_graph: Path, tmp_path: Path) -> None:
    out = tmp_path / "measured.graphml"
    assert run("export", hand_graph, "--edges", "actors", "--measures", "-o", out).exit_code == 0
    nodes = nx.read_graphml(out).nodes
    assert nodes[C.label]["betweenness"] == pytest.approx(4 / 6) and nodes[C.label]["rank"] == 1
    assert nodes[C.label]["cut_off"] == 2 and nodes[E.label]["degree"] == 1
    assert nodes[D.label]["community"] == nodes[E.label]["community"] != nodes[A.label]["community"]


def test_periods_need_dates(tmp_path: Path) -> None:
    undated = [Statement("u1", A, "supports", B, "A soutient B.", 0, 13),
               Statement("u1", B, "criticized", C, "B critique C.", 14, 27)]
    path = tmp_path / "undated.trig"
    write_graph(build_dataset([(Article("u1", "", title="u1"), undated)]), path)
    assert run("report", path).exit_code == 0  # without --by, dates are not needed
    clean_failure(run("report", path, "--by", "year"), 1, "none of the statements has a date")


def test_tables_format_each_column_one_way(hand_graph: Path) -> None:
    """No 0.0000 above 6.5: a column of sums has one decimal throughout, a column of shares four."""
    text = run("report", hand_graph, "--section", "pairs", "--section", "actors").stdout
    lines = text.splitlines()
    start = lines.index("Cooperation and conflict per pair (net = sum of Goldstein weights)") + 3
    pairs = lines[start:lines.index("", start)]
    nets = [line.split()[-1] for line in pairs]
    assert nets and all(len(n.split(".")[1]) == 1 for n in nets), nets
    actors = lines[lines.index("Actors") + 3:lines.index("Actors") + 8]
    pagerank = [line.split()[-2] for line in actors]
    assert all(len(p.split(".")[1]) == 4 for p in pagerank), pagerank
    markdown = run("report", hand_graph, "--section", "pairs", "--format", "markdown").stdout
    nets = [row.split("|")[-2].strip() for row in markdown.splitlines() if row.startswith("| ") and "net" not in row]
    assert nets and all(len(n.split(".")[1]) == 1 for n in nets), nets


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_plot_of_many_months_fits_a_page(tmp_path: Path) -> None:
    """Four years by month, ten actors: small multiples of a page's size, not a 3600-pixel strip."""
    actors = [type(A)(f"Pays {i}", "State") for i in range(12)]
    statements = []
    for month in range(0, 48, 3):  # every third month: two months in three have no article
        day = dt.date(2022 + month // 12, 1 + month % 12, 5)
        for i in range(len(actors) - 1):
            if (i + month) % 4:
                statements.append(type(HAND[0])(f"m{month}", actors[i], "supports", actors[i + 1],
                                                "Phrase.", 0, 7, date=day, confidence=0.9))
    graph = write(tmp_path / "years.trig", statements)
    png = tmp_path / "top.png"
    result = run("report", graph, "--by", "month", "--plot", png, "--top", "10")
    assert result.exit_code == 0, result.output
    width, height = png_size(png)
    assert 800 <= width <= 1800 and 300 <= height <= 1000, (width, height)
