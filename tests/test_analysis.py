"""The network measures as a library: values computed by hand on a small graph, and agreement with
networkx (exact) and with brute force (cut-offs) on random graphs."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import random

import networkx as nx
import pytest

from kg import analysis, centrality, fastgraph
from kg.export import write_network
from kg.graphfiles import load_graph, write_graph
from kg.model import Actor, Article, Statement
from kg.periods import period_of, period_range, split_by_period, timeline
from kg.rdf import build_dataset
from kg.rdfread import read_statements

A = Actor("Alphaland", "State", "Q1")
B = Actor("Betaland", "State")
C = Actor("Carla Chef", "Person")
D = Actor("Delta Council", "Institution")
E = Actor("the Epsilons", "Group")


def st(article: str, subject: Actor, relation: str, obj: Actor, start: int = 0, day: int = 1) -> Statement:
    return Statement(article, subject, relation, obj, f"{subject.label} {relation} {obj.label}.", start,
                     start + 20, date=dt.date(2025, 1 + (day - 1) // 28, 1 + (day - 1) % 28), confidence=0.9)


# A triangle Alphaland–Betaland–Carla, then a tail Carla–Delta–Epsilons:
#
#   A ══ B        A–B is supported by two articles (a1, a2), every other link by one.
#    \  /         negotiated-with is symmetric: arcs A→B and B→A.
#     C — D — E
HAND = [
    st("a1", A, "negotiated-with", B),
    st("a1", A, "criticized", C, 30),
    st("a2", A, "negotiated-with", B),
    st("a2", B, "supports", C, 30, day=40),
    st("a3", C, "member-of", D, day=70),
    st("a3", D, "threatened", E, 30, day=70),
    st("a3", D, "threatened", E, 60, day=70),  # the same triple twice in one article counts once
]


def by_actor(rows: list[dict]) -> dict[str, dict]:
    return {r["actor"]: r for r in rows}


def test_measures_match_hand_computation() -> None:
    rep = analysis.report(HAND)
    rows = by_actor(rep.measures)
    # degree = distinct partners; in/out on the directed arcs (symmetric relations both ways)
    assert {v: r["degree"] for v, r in rows.items()} == {A.label: 2, B.label: 2, C.label: 3, D.label: 2, E.label: 1}
    assert {v: r["in_degree"] for v, r in rows.items()} == {A.label: 1, B.label: 1, C.label: 2, D.label: 1,
                                                            E.label: 1}
    assert {v: r["out_degree"] for v, r in rows.items()} == {A.label: 2, B.label: 2, C.label: 1, D.label: 1,
                                                             E.label: 0}
    # strength = distinct articles per link, summed: A–B counts 2
    assert {v: r["strength"] for v, r in rows.items()} == {A.label: 3, B.label: 3, C.label: 3, D.label: 2,
                                                           E.label: 1}
    # betweenness: C lies on A–D, A–E, B–D, B–E (4 of 6 pairs without C); D on A–E, B–E, C–E (3 of 6)
    assert rows[C.label]["betweenness"] == pytest.approx(4 / 6)
    assert rows[D.label]["betweenness"] == pytest.approx(3 / 6)
    assert rows[A.label]["betweenness"] == rows[B.label]["betweenness"] == rows[E.label]["betweenness"] == 0
    # closeness = (n-1) / sum of distances
    assert rows[A.label]["closeness"] == pytest.approx(4 / 7)
    assert rows[C.label]["closeness"] == pytest.approx(4 / 5)
    assert rows[D.label]["closeness"] == pytest.approx(4 / 6)
    assert rows[E.label]["closeness"] == pytest.approx(4 / 9)
    # removing C separates {D, E} from {A, B}: 2 actors cut off; removing D cuts off E
    assert {v: r["cut_off"] for v, r in rows.items()} == {A.label: 0, B.label: 0, C.label: 2, D.label: 1, E.label: 0}
    assert [b["actor"] for b in rep.brokers] == [C.label, D.label]
    # Louvain's best split (modularity 0.208 against 0.167 for {A,B},{C,D,E})
    assert [set(c["members"]) for c in rep.communities] == [{A.label, B.label, C.label}, {D.label, E.label}]
    assert sum(rows[v]["pagerank"] for v in rows) == pytest.approx(1.0)
    assert (rep.actors, rep.pairs, rep.components, rep.samples, rep.notes) == (5, 5, 1, None, [])


def test_progress_names_each_stage_in_order() -> None:
    seen: list[str] = []
    analysis.report(HAND, progress=seen.append)
    assert tuple(seen) == analysis.STEPS


def test_ranking_by_each_measure() -> None:
    def order(sort: str) -> list[str]:
        return [r["actor"] for r in analysis.report(HAND, sort=sort).measures]

    # ties on the measure fall to degree, then articles, then PageRank, then the label
    assert order("degree") == [C.label, A.label, B.label, D.label, E.label]
    assert order("betweenness")[:2] == [C.label, D.label]
    assert order("closeness") == [C.label, D.label, A.label, B.label, E.label]
    assert order("out_degree")[-1] == E.label
    assert [r["rank"] for r in analysis.report(HAND).measures] == [1, 2, 3, 4, 5]


def test_net_cooperation_per_pair() -> None:
    pairs = {(p.actor_a, p.actor_b): p for p in analysis.cooperation(HAND)}
    assert pairs[A.label, B.label].net == 8.0  # two negotiations, Goldstein +4 each
    assert pairs[A.label, B.label].cooperative == 2
    assert pairs[A.label, C.label].net == -2.2
    assert pairs[B.label, C.label].net == 3.5
    assert (pairs[C.label, D.label].structural, pairs[C.label, D.label].net) == (1, 0.0)
    assert (pairs[D.label, E.label].conflictual, pairs[D.label, E.label].net) == (1, -6.0)  # deduplicated
    assert [p.net for p in analysis.cooperation(HAND)] == [8.0, 3.5, 0.0, -2.2, -6.0]


def test_symmetric_relation_in_either_order_is_one_pair_statement() -> None:
    both = [st("a1", A, "agreed-with", B), st("a1", B, "agreed-with", A, 40)]
    (pair,) = analysis.cooperation(both)
    assert (pair.statements, pair.net) == (1, 6.5)


def test_projections() -> None:
    multi = analysis.statement_graph(HAND)
    assert multi.number_of_edges() == len(HAND)
    edge = next(d for _, _, d in multi.edges(A.label, data=True) if d["relation"] == "criticized")
    assert edge["family"] == "conflictual" and edge["article"] == "a1" and edge["date"] == "2025-01-01"
    assert multi.nodes[A.label] == {"type": "State", "wikidata": "Q1"}
    directed = analysis.actor_graph(HAND)
    assert directed[A.label][B.label] == {"weight": 2, "relations": {"negotiated-with": 2}}
    assert directed.has_edge(B.label, A.label) and not directed.has_edge(C.label, A.label)
    undirected = analysis.interaction_graph(directed, HAND)
    assert undirected[A.label][B.label]["weight"] == 2
    assert analysis.interaction_graph(directed)[A.label][B.label]["weight"] == 2


def test_graph_file_round_trip_gives_the_same_report(tmp_path) -> None:
    articles = {a: Article(a, "", title=a, date=dt.date(2025, 1, 1)) for a in ("a1", "a2", "a3")}
    ds = build_dataset((articles[a], [s for s in HAND if s.article_id == a]) for a in articles)
    path = tmp_path / "hand.trig"
    write_graph(ds, path)
    read_back = analysis.report(read_statements(load_graph(path)), sort="betweenness")
    direct = analysis.report(HAND, sort="betweenness")
    assert [r["actor"] for r in read_back.measures] == [r["actor"] for r in direct.measures]
    assert by_actor(read_back.measures)[C.label]["betweenness"] == pytest.approx(4 / 6)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_path_measures_equal_networkx(seed: int) -> None:
    """The numpy code (igraph's fast path, where installed, is compared in tests/test_fastgraph.py)."""
    rng = random.Random(seed)
    g = nx.gnm_random_graph(rng.randint(20, 120), rng.randint(20, 200), seed=seed)
    g.add_edge(0, 0)  # self-loops are ignored by both
    g = nx.relabel_nodes(g, str)
    with fastgraph.disabled():
        betweenness, closeness = analysis.path_measures(g)
    expected_b, expected_c = nx.betweenness_centrality(g), nx.closeness_centrality(g)
    for v in g:
        assert betweenness[v] == pytest.approx(expected_b[v], abs=1e-12)
        assert closeness[v] == pytest.approx(expected_c[v], abs=1e-12)


def test_sampled_paths_are_seeded_and_close_to_exact() -> None:
    g = nx.relabel_nodes(nx.barabasi_albert_graph(600, 2, seed=4), str)
    exact, _ = analysis.path_measures(g)
    first, _ = analysis.path_measures(g, samples=150, seed=7)
    again, _ = analysis.path_measures(g, samples=150, seed=7)
    other, _ = analysis.path_measures(g, samples=150, seed=8)
    assert first == again
    assert first != other
    top_exact = sorted(g, key=lambda v: -exact[v])[:5]
    top_sampled = sorted(g, key=lambda v: -first[v])[:10]
    assert set(top_exact[:3]) <= set(top_sampled)
    assert analysis.path_measures(g, samples=600)[0] == pytest.approx(exact)


def test_sampling_leaves_small_components_exact() -> None:
    """Components no larger than the sample are measured exactly, packed several to a batch of searches
    (more small-component actors here than one pack holds); only the large one is sampled."""
    g = nx.barabasi_albert_graph(300, 2, seed=5)
    rng = random.Random(5)
    while g.number_of_nodes() < 300 + 2 * centrality._GROUP:
        size = rng.randint(3, 40)
        part = nx.gnm_random_graph(size, rng.randint(size - 1, 2 * size), seed=rng.randrange(1000))
        g.update(nx.convert_node_labels_to_integers(part, first_label=g.number_of_nodes()))
    g = nx.relabel_nodes(g, str)
    with fastgraph.disabled():
        betweenness, closeness = analysis.path_measures(g, samples=50, seed=1)
    expected_b, expected_c = nx.betweenness_centrality(g), nx.closeness_centrality(g)
    small = [v for v in g if int(v) >= 300]
    assert any(expected_b[v] > 0 for v in small)
    for v in small:
        assert betweenness[v] == pytest.approx(expected_b[v], abs=1e-12)
        assert closeness[v] == pytest.approx(expected_c[v], abs=1e-12)
    assert betweenness["0"] == pytest.approx(expected_b["0"], rel=0.5)  # the hub, from 50 sampled sources


@pytest.mark.parametrize("seed", [5, 6, 7, 8])
def test_cut_off_matches_brute_force(seed: int) -> None:
    g = nx.relabel_nodes(nx.gnm_random_graph(60, 70, seed=seed), str)  # several components, lone actors
    g.add_edge("0", "0")  # a self-loop cuts nothing off
    cuts = analysis.cut_off(g)
    assert {v for v, c in cuts.items() if c} == set(nx.articulation_points(g))
    for v in g:
        component = nx.node_connected_component(g, v)
        rest = g.subgraph(component - {v})
        largest = max((len(c) for c in nx.connected_components(rest)), default=0)
        assert cuts[v] == len(component) - 1 - largest


def test_empty_one_actor_and_disconnected() -> None:
    with pytest.raises(ValueError, match="no statements"):
        analysis.report([])
    alone = analysis.report([st("a1", A, "criticized", A)])
    assert alone.actors == 1 and alone.measures[0]["degree"] == 0
    assert "only one actor" in alone.notes[0]
    split = analysis.report([st("a1", A, "criticized", B), st("a2", C, "supports", D)])
    assert split.components == 2 and "2 separate components" in split.notes[0]
    assert all(r["betweenness"] == 0 for r in split.measures)
    assert all(r["closeness"] == pytest.approx(1 / 3) for r in split.measures)  # 1 reachable of 3 others
    with pytest.raises(ValueError, match="unknown measure"):
        analysis.report(HAND, sort="fame")


def test_periods() -> None:
    day = dt.date(2025, 5, 17)
    assert [period_of(day, by) for by in ("month", "quarter", "year")] == ["2025-05", "2025-Q2", "2025"]
    undated = Statement("a9", A, "supports", B, "", 0, 1)
    buckets, missing = split_by_period([*HAND, undated], "month")
    assert list(buckets) == ["2025-01", "2025-02", "2025-03"] and missing == 1
    assert sum(map(len, buckets.values())) == len(HAND)
    reports = [analysis.report(sts, period=p) for p, sts in buckets.items()]
    periods, series = timeline(reports, "degree", 2)
    assert periods == ["2025-01", "2025-02", "2025-03"]
    assert series == {C.label: [1.0, 1.0, 1.0], A.label: [2.0, 0.0, 0.0]}  # ties on the sum: by label
    gappy, series = timeline([reports[0], reports[2]], "degree", 2)
    assert gappy == ["2025-01", "2025-02", "2025-03"]  # an empty month stays on the time axis
    assert all(math.isnan(values[1]) for values in series.values())  # as a gap, not a zero
    assert series[A.label][2] == 0.0  # absent from a month that has statements: zero
    assert period_range("2024-Q3", "2025-Q2") == ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]
    assert period_range("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert period_range("2023", "2025") == ["2023", "2024", "2025"]


def test_export_formats_read_back_and_defuse_hostile_text(tmp_path) -> None:
    hostile = Statement("a<1>", A, "criticized", B, "=HYPERLINK(\"x\")\x0b <script>alert(1)</script> & co",
                        0, 10, dt.date(2025, 1, 1))
    multi = analysis.statement_graph([*HAND, hostile])
    write_network(multi, tmp_path / "g.graphml", "graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_edges() == len(HAND) + 1
    evidence = {d["evidence"] for _, _, d in back.edges(data=True)}
    assert '=HYPERLINK("x") <script>alert(1)</script> & co' in evidence
    write_network(analysis.actor_graph(HAND), tmp_path / "g.gexf", "gexf")
    gexf = nx.read_gexf(tmp_path / "g.gexf")
    assert gexf.number_of_nodes() == 5
    write_network(multi, tmp_path / "g.json", "json")
    data = json.loads((tmp_path / "g.json").read_text())
    assert len(data["edges"]) == len(HAND) + 1
    write_network(multi, tmp_path / "g.csv", "csv")
    with open(tmp_path / "g.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    (row,) = [r for r in rows if r["article"] == "a<1>"]
    assert row["evidence"].startswith("'=HYPERLINK")
    assert rows[0]["source"] == A.label and rows[0]["relation"] == "negotiated-with"
    with pytest.raises(ValueError, match="unknown export format"):
        write_network(multi, tmp_path / "g.xyz", "xyz")
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary files left behind
