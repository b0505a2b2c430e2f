"""igraph's fast path gives what networkx (the reference) gives: the same exact betweenness and closeness,
and the same Louvain communities where they are clear-cut."""

from __future__ import annotations

import datetime as dt
import random

import networkx as nx
import pytest

from kg import analysis, fastgraph
from kg.model import Actor, Statement

pytest.importorskip("igraph")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_path_measures_equal_networkx(seed: int) -> None:
    rng = random.Random(seed)
    g = nx.gnm_random_graph(rng.randint(20, 150), rng.randint(15, 220), seed=seed)  # several components
    g.add_edge(0, 0)  # self-loops are ignored by both
    g.add_node(999)  # an isolated actor
    g = nx.relabel_nodes(g, str)
    assert fastgraph.available()
    betweenness, closeness = analysis.path_measures(g)
    expected_b, expected_c = nx.betweenness_centrality(g), nx.closeness_centrality(g)
    assert betweenness.keys() == expected_b.keys()
    for v in g:
        assert betweenness[v] == pytest.approx(expected_b[v], abs=1e-12)
        assert closeness[v] == pytest.approx(expected_c[v], abs=1e-12)


def _planted(seed: int) -> nx.Graph:
    """Eight groups of 25 actors, dense inside and sparse between, with article counts as weights."""
    g = nx.planted_partition_graph(8, 25, 0.4, 0.01, seed=seed)
    rng = random.Random(seed)
    for _, _, data in g.edges(data=True):
        data["weight"] = rng.randint(1, 4)
    return nx.relabel_nodes(g, lambda v: f"actor {v:03d}")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_louvain_finds_the_communities_networkx_finds(seed: int) -> None:
    g = _planted(seed)
    fast = analysis.communities(g, seed=0)
    with fastgraph.disabled():
        reference = analysis.communities(g, seed=0)
    assert fast == reference
    assert len(fast) == 8
    assert analysis.communities(g, seed=0) == fast  # seeded: the same in every run


def test_louvain_modularity_is_as_good_as_networkx_on_a_fuzzy_graph() -> None:
    g = nx.relabel_nodes(nx.planted_partition_graph(10, 30, 0.15, 0.03, seed=9), str)
    fast = analysis.communities(g, seed=0)
    with fastgraph.disabled():
        reference = analysis.communities(g, seed=0)
    assert nx.community.modularity(g, fast) >= nx.community.modularity(g, reference) - 0.01


def test_a_report_is_the_same_with_and_without_igraph() -> None:
    g = _planted(5)
    actors = {v: Actor(v, "State") for v in g}
    statements = [Statement(f"a{i}-{k}", actors[s], "negotiated-with", actors[o], "", 0, 1, dt.date(2024, 1, 1), 0.9)
                  for i, (s, o, w) in enumerate(g.edges(data="weight")) for k in range(w)]
    fast = analysis.report(statements, samples=None)
    with fastgraph.disabled():
        reference = analysis.report(statements, samples=None)
    assert [c["members"] for c in fast.communities] == [c["members"] for c in reference.communities]
    rows = {r["actor"]: r for r in reference.measures}
    for row in fast.measures:
        assert row["betweenness"] == pytest.approx(rows[row["actor"]]["betweenness"], abs=1e-12)
        assert row["closeness"] == pytest.approx(rows[row["actor"]]["closeness"], abs=1e-12)
        assert row["community"] == rows[row["actor"]]["community"]


@pytest.mark.parametrize("samples", [None, 40])
def test_the_array_report_gives_every_figure_of_the_networkx_report(samples) -> None:
    """kg.analysis builds no networkx graph when igraph is there (statement arrays straight to igraph and
    scipy): every measure, pair balance and community must still be the reference's."""
    rng = random.Random(11)
    g = _planted(7)
    actors = {v: Actor(v, rng.choice(["State", "Person", "Organization"])) for v in g}
    actors["lone"] = Actor("lone", "Person")
    slugs = ["negotiated-with", "criticized", "allied-with", "sanctioned", "supports", "rival-of"]
    statements = [Statement(f"a{rng.randrange(400)}", actors[s], rng.choice(slugs), actors[o], "", 0, 1,
                            dt.date(2024, 1, 1), 0.9)
                  for s, o, w in g.edges(data="weight") for _ in range(w)
                  for s, o in [(s, o) if rng.random() < 0.5 else (o, s)]]
    statements.append(Statement("a1", actors["lone"], "criticized", actors["lone"], "", 0, 1, None, 0.5))
    statements += [Statement("b1", actors["actor 000"], "criticized", Actor("far 1", "State"), "", 0, 1, None, 1),
                   Statement("b2", Actor("far 2", "State"), "supports", Actor("far 3", "Person"), "", 0, 1, None, 1)]
    fast = analysis.report(statements, samples=samples, seed=3)
    with fastgraph.disabled():
        reference = analysis.report(statements, samples=samples, seed=3)
    assert fast.balances == reference.balances and len(fast.balances) > 100
    assert [c["members"] for c in fast.communities] == [c["members"] for c in reference.communities]
    assert (fast.actors, fast.pairs, fast.components, fast.largest_component, fast.samples, fast.notes) == (
        reference.actors, reference.pairs, reference.components, reference.largest_component, reference.samples,
        reference.notes)
    assert [r["actor"] for r in fast.measures] == [r["actor"] for r in reference.measures]
    for row, expected in zip(fast.measures, reference.measures, strict=True):
        assert row.keys() == expected.keys()
        for key, value in expected.items():
            assert row[key] == (pytest.approx(value, abs=1e-12) if isinstance(value, float) else value), key
            assert type(row[key]) is type(value), key
    assert [{**b, "betweenness": pytest.approx(b["betweenness"], abs=1e-12)} for b in reference.brokers] == fast.brokers
