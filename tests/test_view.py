"""`kg view` and kg.viz: the page's data, safety, layout, and the page itself in real headless Chromium."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg import analysis, viz
from kg.cli import main
from kg.graphfiles import write_graph
from kg.model import Actor, Article, Statement
from kg.rdf import build_dataset

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

MACRON = Actor("Emmanuel Macron", "Person", "Q3052772")
SCHOLZ = Actor("Olaf Scholz", "Person", "Q61053")
FRANCE = Actor("France", "State", "Q142")
GERMANY = Actor("Allemagne", "State", "Q183")
EU = Actor("Union européenne", "Institution", "Q458")
RUSSIA = Actor("Russie", "State", "Q159")
UKRAINE = Actor("Ukraine", "State", "Q212")
# Hostile strings: if any of them ran as HTML, window.__pwned would be set.
HOSTILE = Actor('<img src=x onerror="window.__pwned=1">Les Hackers</script><script>window.__pwned=2</script>',
                "Group")
HOSTILE_EVIDENCE = ('Ils <img src=x onerror="window.__pwned=3"> ont critiqué Macron'
                    '</script><script>window.__pwned=4</script>\u2028 hier.')
HOSTILE_TITLE = "Titre <script>window.__pwned=5</script><img src=x onerror=window.__pwned=6>"
HOSTILE_URL = "javascript:window.__pwned=7"
LE_MONDE = "https://www.lemonde.fr/international/article/2025/03/01/sommet.html"

D1, D2, D3 = dt.date(2025, 3, 1), dt.date(2025, 3, 5), dt.date(2022, 2, 24)


def _st(article: str, s: Actor, rel: str, o: Actor, evidence: str, date: dt.date,
        confidence: float = 0.9) -> Statement:
    return Statement(article, s, rel, o, evidence, 0, len(evidence), date, confidence, "")


ARTICLES = [
    (Article("a1", "", "Sommet franco-allemand à Paris", D1, LE_MONDE), [
        _st("a1", MACRON, "leader-of", FRANCE, "Le président français Emmanuel Macron a reçu Olaf Scholz.", D1),
        _st("a1", SCHOLZ, "leader-of", GERMANY, "Le chancelier allemand Olaf Scholz était à Paris.", D1),
        _st("a1", MACRON, "negotiated-with", SCHOLZ, "Emmanuel Macron a négocié avec Olaf Scholz.", D1),
        _st("a1", FRANCE, "member-of", EU, "La France, membre de l'Union européenne, a plaidé.", D1),
        _st("a1", GERMANY, "member-of", EU, "L'Allemagne, autre membre de l'UE, a suivi.", D1),
    ]),
    (Article("a2", "", HOSTILE_TITLE, D2, HOSTILE_URL), [
        _st("a2", SCHOLZ, "negotiated-with", MACRON, "Olaf Scholz a de nouveau négocié avec Emmanuel Macron.", D2,
            0.6),
        _st("a2", HOSTILE, "criticized", MACRON, HOSTILE_EVIDENCE, D2, 0.55),
    ]),
    (Article("a3", "", "L'invasion", D3, "corpus/invasion.txt"), [
        _st("a3", RUSSIA, "attacked", UKRAINE, "La Russie a envahi l'Ukraine.", D3),
    ]),
]
STATEMENTS = [st for _, sts in ARTICLES for st in sts]
LABELS = sorted({a.label for st in STATEMENTS for a in (st.subject, st.object)})
EDGES = sorted([
    ("Emmanuel Macron", "leader-of", "France"),
    ("Olaf Scholz", "leader-of", "Allemagne"),
    ("Emmanuel Macron", "negotiated-with", "Olaf Scholz"),  # two statements, symmetric: one edge
    ("France", "member-of", "Union européenne"),
    ("Allemagne", "member-of", "Union européenne"),
    (HOSTILE.label, "criticized", "Emmanuel Macron"),
    ("Russie", "attacked", "Ukraine"),
])


def page_data(html: str) -> dict:
    """The JSON block the page is built from, read back the way the browser reads it."""
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert match, "no data block in the page"
    return json.loads(match.group(1))


def edge_keys(data: dict) -> list[tuple[str, str, str]]:
    """(subject, relation, object) of each edge row, as the page's data lists them."""
    return [(e[0], e[2], e[1]) for e in data["edges"]]


def edge_row(data: dict, relation: str) -> list:
    """The first edge row of ``relation``: [subject, object, relation, statements]."""
    return next(e for e in data["edges"] if e[2] == relation)


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("view") / "graph.trig"
    write_graph(build_dataset(ARTICLES), path)
    return path


@pytest.fixture(scope="module")
def page_file(graph_file: Path) -> Path:
    out = graph_file.with_name("graph.html")
    result = CliRunner().invoke(main, ["view", str(graph_file), "-o", str(out), "--title", "<b>Test</b> & co"])
    assert result.exit_code == 0, result.output
    assert "8 actors, 7 relations, 8 statements" in result.output
    return out


# ---------------------------------------------------------------- the page's data, without a browser


def test_page_data_has_every_actor_and_merged_edges(page_file: Path) -> None:
    data = page_data(page_file.read_text(encoding="utf-8"))
    assert sorted(n["id"] for n in data["nodes"]) == LABELS
    assert sorted(edge_keys(data)) == EDGES
    meta = data["meta"]
    sources = meta["articles"]  # each article once: [id, title, url]; statements point into it
    assert sorted(a[0] for a in sources) == ["a1", "a2", "a3"]
    talks = edge_row(data, "negotiated-with")
    assert [sources[st[1]][0] for st in talks[3]] == ["a1", "a2"]
    # The page draws a relation's line from its style, written once per relation, not once per edge.
    assert meta["relations"]["negotiated-with"]["symmetric"] is True  # no arrow
    assert meta["relations"]["attacked"]["symmetric"] is False
    assert meta["relations"]["attacked"]["color"] in viz.FAMILY_PALETTE["conflictual"]
    assert meta["relations"]["negotiated-with"]["color"] in viz.FAMILY_PALETTE["cooperative"]
    # The months from the first statement (2022-02) to the last (2025-03), empty ones too.
    periods = meta["periods"]
    assert (periods[0], periods[-1], len(periods)) == ("2022-02", "2025-03", 38)
    attack = edge_row(data, "attacked")
    (row,) = attack[3]  # [date, article index, confidence, evidence]
    assert row[0] == "2022-02-24" and row[2:] == [0.9, "La Russie a envahi l'Ukraine."]
    assert sources[row[1]] == ["a3", "L'invasion", ""]  # a file path is no URL
    assert [sources[st[1]][2] for st in talks[3]] == [LE_MONDE, HOSTILE_URL]  # the page links http(s) only
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["France"]["type"] == "State"
    assert by_id["Emmanuel Macron"]["wikidata"] == "Q3052772" and "wikidata" not in by_id[HOSTILE.label]
    assert data["meta"]["options"]["physics"]["enabled"] is True  # small graph: physics, then stop


def test_page_is_offline_and_escapes_untrusted_text(page_file: Path) -> None:
    html = page_file.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", html, re.I)
    assert "bootstrap" not in html.lower() and "cdnjs" not in html and "jsdelivr" not in html
    # vis-network, the data block, the page script: nothing injected
    assert len(re.findall(r"^<script", html, re.M)) == 3
    assert "<img src=x" not in html and "window.__pwned=2</script>" not in html
    assert "<h1 id=\"kg-heading\">&lt;b&gt;Test&lt;/b&gt; &amp; co</h1>" in html
    assert "\u2028" not in html
    data = page_data(html)
    assert HOSTILE.label in [n["id"] for n in data["nodes"]]  # the text survives, as data
    evidence = [st[3] for e in data["edges"] for st in e[3]]
    assert HOSTILE_EVIDENCE in evidence
    assert HOSTILE_TITLE in [a[1] for a in data["meta"]["articles"]]


def test_script_json_cannot_close_the_script_element() -> None:
    text = str(viz.script_json({"a": "</script><!-- \u2028\u2029 & é"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text and "é" in text
    assert json.loads(text) == {"a": "</script><!-- \u2028\u2029 & é"}


def test_filters_since_until_relation_reach_the_page(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "recent.html"
    result = CliRunner().invoke(main, ["view", str(graph_file), "-o", str(out), "--since", "2025-01-01",
                                       "--relation", "negotiated-with", "--relation", "attacked"])
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert edge_keys(data) == [("Emmanuel Macron", "negotiated-with", "Olaf Scholz")]
    assert sorted(n["id"] for n in data["nodes"]) == ["Emmanuel Macron", "Olaf Scholz"]
    assert set(data["meta"]["relations"]) == {"negotiated-with"}


def test_cli_actor_type_top_and_size_on_a_turtle_file(tmp_path: Path) -> None:
    graph = tmp_path / "graph.ttl"  # no named graphs: statements come from the union
    write_graph(build_dataset(ARTICLES), graph)
    out = tmp_path / "states.html"
    result = CliRunner().invoke(main, ["view", str(graph), "-o", str(out), "--actor-type", "State",
                                       "--actor-type", "Institution"])
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert sorted(edge_keys(data)) == [
        ("Allemagne", "member-of", "Union européenne"), ("France", "member-of", "Union européenne"),
        ("Russie", "attacked", "Ukraine")]
    result = CliRunner().invoke(main, ["view", str(graph), "-o", str(out), "--top", "2", "--size", "betweenness"])
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    # Macron sits on the five-cycle Macron–France–EU–Allemagne–Scholz and alone links the hackers to it;
    # France and Scholz each carry the hackers' shortest path to one side of the cycle: they tie second.
    value = {n["id"]: n["measures"]["betweenness"] for n in data["nodes"]}
    assert len(value) == 2 and "Emmanuel Macron" in value
    (second,) = set(value) - {"Emmanuel Macron"}
    assert second in {"France", "Olaf Scholz"}
    assert value["Emmanuel Macron"] > value[second] > 0
    assert data["meta"]["measure"] == "betweenness"


def test_ego_resolves_names_without_case_or_accents(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "eu.html"
    result = CliRunner().invoke(main, ["view", str(graph_file), "-o", str(out), "--ego", "UNION EUROPEENNE"])
    assert result.exit_code == 0, result.output
    ids = sorted(n["id"] for n in page_data(out.read_text(encoding="utf-8"))["nodes"])
    assert ids == ["Allemagne", "France", "Union européenne"]
    result = CliRunner().invoke(main, ["view", str(graph_file), "-o", str(out), "--ego", "union europeenne",
                                       "--depth", "2"])
    ids = sorted(n["id"] for n in page_data(out.read_text(encoding="utf-8"))["nodes"])
    assert ids == ["Allemagne", "Emmanuel Macron", "France", "Olaf Scholz", "Union européenne"]


def test_cli_errors_are_clear(graph_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "x.html"
    result = runner.invoke(main, ["view", str(graph_file), "-o", str(out), "--ego", "Macronn"])
    assert result.exit_code == 2 and "did you mean Emmanuel Macron" in result.output
    result = runner.invoke(main, ["view", str(graph_file), "-o", str(out), "--ego", "ukraine", "--until", "2024"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["view", str(graph_file), "-o", str(out), "--ego", "ukraine", "--since", "2024"])
    assert result.exit_code == 2 and "Ukraine has no statements left after the filters" in result.output
    out.unlink()
    result = runner.invoke(main, ["view", str(graph_file), "-o", str(out), "--since", "2030"])
    assert result.exit_code == 1 and "no statements to show (8 in the graph" in result.output
    result = runner.invoke(main, ["view", str(graph_file), "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 2 and "must end in .html" in result.output
    result = runner.invoke(main, ["view", str(tmp_path / "missing.trig"), "-o", str(out)])
    assert result.exit_code == 1 and "missing.trig" in result.output
    result = runner.invoke(main, ["view", str(graph_file), "-o", str(out), "--relation", "hugged"])
    assert result.exit_code == 2 and "negotiated-with" in result.output
    assert not out.exists()


def test_top_keeps_the_most_connected_actors() -> None:
    page = viz.render(STATEMENTS, size="degree", top=3)
    ids = sorted(n["id"] for n in page_data(page.html)["nodes"])
    # Degrees: Macron 3 (France, Scholz, hackers), Scholz 2, EU 2, France 2, Allemagne 2 → ties by label.
    # Allemagne has no partner among the three but is shown all the same.
    assert ids == ["Allemagne", "Emmanuel Macron", "France"]
    assert edge_keys(page_data(page.html)) == [("Emmanuel Macron", "leader-of", "France")]


def test_sizes_are_the_measures_of_kg_report() -> None:
    g = analysis.actor_graph(STATEMENTS)
    rows = {row["actor"]: row for row in analysis.report(STATEMENTS).measures}
    for name in viz.SIZE_MEASURES:
        assert viz.measure(g, name) == pytest.approx({actor: row[name] for actor, row in rows.items()})
    degree = viz.measure(g, "degree")
    assert (degree["Emmanuel Macron"], degree["Ukraine"]) == (3, 1)
    between = viz.measure(g, "betweenness")
    assert max(between, key=between.get) == "Emmanuel Macron"
    assert between == pytest.approx(nx.betweenness_centrality(g.to_undirected()))
    rank = viz.measure(g, "pagerank")
    assert sum(rank.values()) == pytest.approx(1.0)
    assert rank["Union européenne"] > rank["France"]  # France and Germany both point at the EU
    with pytest.raises(ValueError, match="pagerank"):
        viz.measure(g, "closeness")


def test_find_actor() -> None:
    assert viz.find_actor(LABELS, "  union   EUROPÉENNE ") == "Union européenne"
    assert viz.find_actor(LABELS, "scholz") == "Olaf Scholz"  # unique part of a name
    with pytest.raises(viz.ActorNotFound, match="did you mean Olaf Scholz"):
        viz.find_actor(LABELS, "Sholz")
    with pytest.raises(viz.ActorNotFound, match="no actor 'Xi Jinping'"):
        viz.find_actor(LABELS, "Xi Jinping")


def test_find_actor_resolves_aliases_as_kg_query_does() -> None:
    assert viz.find_actor(["Vladimir Putin", "Russia"], "Poutine") == "Vladimir Putin"
    assert viz.find_actor(["Vladimir Putin", "Russia"], "Kremlin") == "Russia"  # a metonym
    assert viz.find_actor(LABELS, "l'Élysée") == "France"
    with pytest.raises(viz.ActorNotFound, match="no actor 'Poutine'"):  # known alias, absent actor
        viz.find_actor(LABELS, "Poutine")


def test_heading_and_subtitle_say_what_the_page_covers(page_file: Path, graph_file: Path, tmp_path: Path) -> None:
    meta = page_data(page_file.read_text(encoding="utf-8"))["meta"]
    assert meta["heading"] == "<b>Test</b> & co"  # --title
    assert meta["subtitle"] == "3 articles · 2022-02-24 to 2025-03-05 · from graph.trig"
    out = tmp_path / "ego.html"
    result = CliRunner().invoke(main, ["view", str(graph_file), "-o", str(out), "--ego", "scholz"])
    assert result.exit_code == 0, result.output
    meta = page_data(out.read_text(encoding="utf-8"))["meta"]
    assert meta["heading"] == "Around Olaf Scholz" and meta["ego"] == "Olaf Scholz"
    assert meta["subtitle"] == ("2 articles · 2025-03-01 to 2025-03-05 · actors within 1 step of Olaf Scholz"
                                " · from graph.trig")
    assert viz.subtitle([]) == "0 articles"


def test_every_relation_has_its_own_line() -> None:
    """Hue by family, and within a family shade, dash and head apart, so no two relations look alike."""
    styles = viz.relation_styles()
    assert set(styles) == set(viz.relations())
    looks = {(st["color"], json.dumps(st["dashes"]), st["head"]) for st in styles.values()}
    assert len(looks) == len(styles)
    for slug, rel in viz.relations().items():
        assert styles[slug]["color"] in viz.FAMILY_PALETTE[rel.family]
        family = [s for s, r in viz.relations().items() if r.family == rel.family and s != slug]
        for other in family:  # within the family: at least the dash or (if directed) the head differs too
            assert (json.dumps(styles[slug]["dashes"]), styles[slug]["head"]) != (
                json.dumps(styles[other]["dashes"]), styles[other]["head"])


def test_every_measure_is_in_the_page_and_degree_is_the_default() -> None:
    page = viz.render(STATEMENTS)
    data = page_data(page.html)
    assert data["meta"]["measure"] == "degree" and data["meta"]["measures"] == list(viz.SIZE_MEASURES)
    g = analysis.actor_graph(STATEMENTS)
    by_id = {n["id"]: n for n in data["nodes"]}
    for name in viz.SIZE_MEASURES:
        expected = viz.measure(g, name)
        assert {k: n["measures"][name] for k, n in by_id.items()} == pytest.approx(expected, abs=1e-6)
    assert by_id["Emmanuel Macron"]["measures"]["degree"] == 3.0


def synthetic(n_actors: int, seed: int = 1) -> list[Statement]:
    """A scale-free actor graph with a few small separate components, as news graphs have."""
    g = nx.barabasi_albert_graph(n_actors - 30, 2, seed=seed)
    g = nx.disjoint_union(g, nx.disjoint_union_all([nx.path_graph(3)] * 10))
    types = ["Person", "State", "Institution", "Group"]
    slugs = sorted(viz.relations())
    actors = [Actor(f"Acteur {i}", types[i % 4]) for i in range(len(g))]
    return [_st(f"art{i % 50}", actors[u], slugs[i % len(slugs)], actors[v], f"Phrase {i}.", D1)
            for i, (u, v) in enumerate(g.edges())]


def test_large_graph_gets_a_fixed_layout() -> None:
    statements = synthetic(600)
    page = viz.render(statements, size="degree")
    assert page.precomputed_layout and page.actors == 600
    data = page_data(page.html)
    assert data["meta"]["options"]["physics"] == {"enabled": False}
    points = [(n["x"], n["y"]) for n in data["nodes"]]
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in points)
    assert len(set(points)) > 0.95 * len(points)  # actors are spread, not stacked
    again = page_data(viz.render(statements, size="degree").html)
    assert [(n["x"], n["y"]) for n in again["nodes"]] == points  # seeded: the same page every run


def test_layout_is_the_same_in_every_process() -> None:
    """Positions follow the actors' labels, not the order a set of them happens to have in one run."""
    code = ("import json, networkx as nx; from kg.vizlayout import layout; "
            "g = nx.relabel_nodes(nx.barabasi_albert_graph(600, 2, seed=3), lambda i: f'actor {i}'); "
            "g.add_edges_from((f'small {i}', f'small {i + 1}') for i in range(0, 40, 2)); "
            "print(json.dumps(sorted(layout(g).items())))")
    root = Path(__file__).resolve().parent.parent
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root,
                           env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}).stdout
            for seed in ("1", "2", "3")}
    assert len(runs) == 1


def test_layout_separates_components() -> None:
    g = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(5))
    g = nx.relabel_nodes(g, str)
    pos = viz.layout(g)
    assert set(pos) == set(g)
    a = [pos[str(i)] for i in range(5)]
    b = [pos[str(i)] for i in range(5, 10)]
    # Packed side by side: their boxes do not overlap, and a gap of at least one node spacing parts them.
    assert max(x for x, _ in a) + 40 <= min(x for x, _ in b) or max(y for _, y in a) + 40 <= min(y for _, y in b)


# ---------------------------------------------------------------- the page in real headless Chromium


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip("headless Chromium tests need /usr/bin/chromium and /usr/bin/chromedriver "
                    "(Debian packages chromium and chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,900", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver, path: Path, timeout: float = 20.0) -> None:
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while not driver.execute_script("return Boolean(window.kgView && window.kgView.ready)"):
        assert time.monotonic() < deadline, "the page never became ready"
        time.sleep(0.05)


def hover(driver, x: float, y: float) -> None:
    """Move the real mouse to canvas-relative DOM coordinates (x, y)."""
    from selenium.webdriver.common.action_chains import ActionChains

    container = driver.find_element("id", "mynetwork")
    size = container.size
    ActionChains(driver).move_to_element_with_offset(
        container, int(x - size["width"] / 2), int(y - size["height"] / 2)).perform()


def tooltip_text(driver, timeout: float = 3.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = driver.execute_script(
            "const t = document.querySelector('div.vis-tooltip');"
            "return t && t.style.visibility === 'visible' ? t.textContent : null;")
        if text:
            return text
        time.sleep(0.05)
    raise AssertionError("no tooltip appeared")


@pytest.mark.browser
def test_browser_shows_expected_nodes_and_edges(browser, page_file: Path) -> None:
    open_page(browser, page_file)
    assert browser.execute_script("return kgView.nodes.getIds().sort()") == LABELS
    assert sorted(map(tuple, browser.execute_script("return kgView.visibleEdges()"))) == EDGES
    assert browser.execute_script("return document.querySelectorAll('#mynetwork canvas').length") == 1
    # Physics settled and stopped: the graph stays still.
    assert browser.execute_script("return kgView.network.physics.physicsEnabled") is False
    before = browser.execute_script("return kgView.network.getPositions()")
    time.sleep(0.5)
    assert browser.execute_script("return kgView.network.getPositions()") == before
    assert browser.find_element("id", "kg-heading").text == "<b>Test</b> & co"
    # Each item's look, made in the page from its type or relation.
    france = browser.execute_script("return kgView.nodes.get('France')")
    assert (france["shape"], france["color"], france["label"]) == ("square", viz.TYPE_STYLE["State"][0], "France")
    assert france["value"] == 2 and france["kgType"] == "State"
    styles = viz.relation_styles()
    talks, attack = browser.execute_script(
        "return ['negotiated-with', 'attacked'].map(r => kgView.edges.get({filter: e => e.relation === r})[0])")
    assert talks["arrows"] == "" and talks["width"] == 2  # symmetric: no arrow; two statements: thicker
    talk_style = styles["negotiated-with"]
    assert (talks["color"], talks["dashes"]) == (talk_style["color"], talk_style["dashes"])
    assert attack["arrows"] == {"to": {"enabled": True, "type": styles["attacked"]["head"]}}
    assert attack["color"] == styles["attacked"]["color"] and attack["width"] == 1
    assert [st["period"] for st in talks["statements"]] == [37, 37]
    assert [st["period"] for st in attack["statements"]] == [0]
    # Top relations, best attested first (the two negotiation statements), read from the edges.
    top = browser.execute_script("return kgView.topRelations('Emmanuel Macron')")
    assert top[0] == ["negotiated-with", "Olaf Scholz", 2, "both"] and ["leader-of", "France", 1, "out"] in top
    assert ["criticized", HOSTILE.label, 1, "in"] in top
    card = browser.execute_script("return kgView.nodeCard(kgView.nodes.get('Emmanuel Macron')).textContent")
    assert "negotiated with \u2014 Olaf Scholz (2)" in card
    # The legend names every type and family.
    legend = browser.find_element("id", "kg-legend").text
    for word in ("Person", "State", "Institution", "Group", "cooperative", "conflictual", "structural"):
        assert word in legend


@pytest.mark.browser
def test_browser_filters_hide_what_they_should(browser, page_file: Path) -> None:
    open_page(browser, page_file)
    browser.find_element("css selector", "#kg-relation-filter input[value='member-of']").click()
    visible_edges = sorted(map(tuple, browser.execute_script("return kgView.visibleEdges()")))
    assert visible_edges == [e for e in EDGES if e[1] != "member-of"]
    assert "Union européenne" not in browser.execute_script("return kgView.visibleNodes()")
    browser.find_element("css selector", "#kg-type-filter input[value='Person']").click()
    assert browser.execute_script("return kgView.visibleNodes()") == ["Russie", "Ukraine"]
    assert browser.execute_script("return kgView.visibleEdges()") == [["Russie", "attacked", "Ukraine"]]
    browser.find_element("id", "kg-rel-all").click()
    assert browser.execute_script("return kgView.visibleNodes()") == [
        "Allemagne", "France", "Russie", "Ukraine", "Union européenne"]
    browser.execute_script("kgView.setActorTypes(null); kgView.setRelations(['attacked'])")
    assert browser.execute_script("return kgView.visibleNodes()") == ["Russie", "Ukraine"]


@pytest.mark.browser
def test_browser_search_focuses_a_neighbourhood(browser, page_file: Path) -> None:
    open_page(browser, page_file)
    field = browser.find_element("id", "kg-search-input")
    field.send_keys("emmanuel MACRON\n")
    assert browser.execute_script("return kgView.network.getSelectedNodes()") == ["Emmanuel Macron"]
    faded_now = "return kgView.nodes.getIds().filter(id => kgView.drawnNodeColor(id) === kgView.FADED).sort()"
    faded = browser.execute_script(faded_now)
    assert faded == ["Allemagne", "Russie", "Ukraine", "Union européenne"]
    drawn = """return kgView.edges.get().filter(e => kgView.drawnColor(e.id) !== e.color)
        .map(e => [e.from, e.relation, e.to]).sort()"""
    assert sorted(map(tuple, browser.execute_script(drawn))) == [
        e for e in EDGES if "Emmanuel Macron" not in (e[0], e[2])]
    link = browser.find_element("css selector", "#kg-details a.kg-wd")
    assert link.get_attribute("href") == "https://www.wikidata.org/wiki/Q3052772"
    assert "Type: Person" in browser.find_element("id", "kg-details").text
    browser.find_element("id", "kg-reset").click()
    assert browser.execute_script(faded_now) == []
    assert browser.execute_script(drawn) == []
    field.clear()
    field.send_keys("Poutine\n")
    assert "No actor matches" in browser.find_element("id", "kg-status").text


@pytest.mark.browser
def test_browser_hostile_text_runs_nothing_and_reads_as_text(browser, page_file: Path) -> None:
    open_page(browser, page_file)
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.execute_script("return document.images.length") == 0
    # Hover the hostile actor: its tooltip shows the name as text.
    x, y = browser.execute_script(
        "const id = arguments[0]; const p = kgView.network.canvasToDOM(kgView.network.getPositions([id])[id]);"
        "return [p.x, p.y];", HOSTILE.label)
    hover(browser, x, y)
    assert HOSTILE.label in tooltip_text(browser)
    # Hover the middle of the hostile edge: relation, date, title and evidence, as text.
    x, y = browser.execute_script(
        "const net = kgView.network; const e = kgView.edges.get({filter: e => e.relation === 'criticized'})[0];"
        "const a = net.canvasToDOM(net.getPositions([e.from])[e.from]);"
        "const b = net.canvasToDOM(net.getPositions([e.to])[e.to]); return [(a.x + b.x) / 2, (a.y + b.y) / 2];")
    hover(browser, 5, 5)
    time.sleep(0.3)
    hover(browser, x, y)
    text = tooltip_text(browser)
    assert "criticized" in text and "2025-03-05" in text
    assert HOSTILE_TITLE in text and HOSTILE_EVIDENCE.replace("\u2028", "") in text.replace("\u2028", "")
    # Click it: the details panel holds every statement, as text too.
    browser.execute_script("kgView.network.selectEdges([]);")
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).click().perform()
    details = browser.find_element("id", "kg-details-body")
    assert HOSTILE_TITLE in details.text
    assert browser.execute_script("return document.images.length") == 0
    assert browser.execute_script("return document.querySelectorAll('script').length") == 3
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    # Every card the page can build, put in the document at once, still runs nothing.
    browser.execute_script(
        "const box = document.body.appendChild(document.createElement('div'));"
        "kgView.nodes.forEach(n => box.appendChild(kgView.nodeCard(n)));"
        "kgView.edges.forEach(e => box.appendChild(kgView.edgeCard(e, 0)));")
    time.sleep(0.2)
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.execute_script("return document.images.length") == 0


@pytest.mark.browser
def test_browser_large_graph_opens_with_fixed_layout(browser, tmp_path: Path) -> None:
    page = viz.render(synthetic(800), size="degree", heading="large")
    out = tmp_path / "large.html"
    page.write(out)
    start = time.monotonic()
    open_page(browser, out)
    assert time.monotonic() - start < 15  # generous: the 5 s target is measured by benchmarks/view_scale.py
    assert browser.execute_script("return kgView.nodes.length") == 800
    assert browser.execute_script("return kgView.network.physics.physicsEnabled") is False
    data = page_data(page.html)
    first = data["nodes"][0]
    straight = "return kgView.network.body.edges[kgView.pairOf('e0')].options.smooth.enabled"
    assert browser.execute_script(straight) is False  # straight lines
    pos = browser.execute_script("return kgView.network.getPositions([arguments[0]])[arguments[0]]", first["id"])
    assert pos == {"x": first["x"], "y": first["y"]}
    # Dash patterns and arrow heads are drawn once zoomed in far enough to see them; colour always.
    looks = """
        kgView.network.moveTo({scale: arguments[0], animation: false});
        const alone = e => kgView.pairs.get(kgView.pairOf(e.id)).links.length === 1;
        const e = kgView.edges.get({filter: e => Array.isArray(e.dashes) && e.arrows && alone(e)})[0];
        const drawn = kgView.network.body.edges[kgView.pairOf(e.id)].getFormattingValues();
        return [drawn.dashes, drawn.color, e.dashes, e.color];"""
    far, near = browser.execute_script(looks, 0.2), browser.execute_script(looks, 1.0)
    assert far[0] is False and far[1] == far[3]
    assert near[0] == near[2] and near[1] == near[3]
    browser.execute_script("kgView.setActorTypes(['State'])")
    types = browser.execute_script(
        "return [...new Set(kgView.nodes.get(kgView.visibleNodes()).map(n => n.kgType))]")
    assert types == ["State"]


@pytest.mark.browser
def test_browser_draws_one_edge_per_pair_of_actors(browser, tmp_path: Path) -> None:
    """Several relations between two actors are one drawn edge, in the style of the best-kept one."""
    evidence = "La Russie et l'Ukraine."
    page = viz.render([
        _st("r1", RUSSIA, "attacked", UKRAINE, evidence, D1), _st("r2", RUSSIA, "attacked", UKRAINE, evidence, D2),
        _st("r3", UKRAINE, "criticized", RUSSIA, "L'Ukraine a critiqué la Russie.", D2, 0.6),
        _st("r4", UKRAINE, "criticized", RUSSIA, "L'Ukraine a de nouveau critiqué la Russie.", D2, 0.6),
        _st("r3", RUSSIA, "negotiated-with", UKRAINE, "Des pourparlers.", D3, 0.95),
    ])
    out = tmp_path / "pair.html"
    page.write(out)
    open_page(browser, out)
    styles = viz.relation_styles()
    assert browser.execute_script("return [kgView.edges.length, kgView.pairs.length]") == [3, 1]
    look = ("const e = kgView.network.body.edges[kgView.pairs.getIds()[0]]; kgView.network.moveTo({scale: 1});"
            "const v = e.getFormattingValues(); return [v.color, v.toArrow, v.fromArrow, v.toArrowType, v.width,"
            "kgView.pairCard(kgView.pairs.get(e.id), 0).textContent];")
    colour, to_arrow, from_arrow, head, width, card = browser.execute_script(look)
    attack = styles["attacked"]
    assert (colour, to_arrow, from_arrow, head) == (attack["color"], True, False, attack["head"])
    assert width == 3.32  # five statements: 1 + log2(5); attacks and criticism tie, the first in order drawn
    assert "3 relations" in card and "attacked" in card and "criticized" in card and "Des pourparlers." in card
    # Attacks off: the criticism (Ukraine → Russia, two statements) is drawn, not the talks (one).
    browser.execute_script("kgView.setRelations(['criticized', 'negotiated-with'])")
    colour, to_arrow, from_arrow, head, width, card = browser.execute_script(look)
    assert (colour, to_arrow, from_arrow) == (styles["criticized"]["color"], False, True)  # the arrow to Russia
    assert width == 2.58 and "attacked" not in card
    browser.execute_script("kgView.setConfidence(0.9)")  # the criticism (0.6) goes: the talks, no arrow
    colour, to_arrow, from_arrow, head, width, card = browser.execute_script(look)
    assert (colour, to_arrow, from_arrow, width) == (styles["negotiated-with"]["color"], False, False, 1)
    assert sorted(map(tuple, browser.execute_script("return kgView.visibleEdges()"))) == [
        ("Russie", "negotiated-with", "Ukraine")]


@pytest.mark.browser
def test_browser_example_graph(browser, example_graph: Path, tmp_path: Path) -> None:
    """The bundled example corpus, built by the real extractor, as a reader first sees it."""
    from kg.graphfiles import load_graph
    from kg.rdfread import read_statements

    out = tmp_path / "example.html"
    result = CliRunner().invoke(main, ["view", str(example_graph), "-o", str(out)])
    assert result.exit_code == 0, result.output
    statements = list(read_statements(load_graph(example_graph)))
    actors = sorted({a.label for st in statements for a in (st.subject, st.object)})
    open_page(browser, out)
    assert browser.execute_script("return kgView.nodes.getIds().sort()") == sorted(actors)
    n_statements = browser.execute_script(
        "return kgView.edges.get().reduce((n, e) => n + e.statements.length, 0)")
    assert n_statements == len(statements)


def visible_box(driver) -> dict:
    """The DOM box of the visible actors and the canvas size, to check that the view fits them."""
    return driver.execute_script(
        "const net = kgView.network; const ids = kgView.visibleNodes(); const pos = net.getPositions(ids);"
        "const pts = ids.map(id => net.canvasToDOM(pos[id])); const c = document.getElementById('mynetwork');"
        "return {left: Math.min(...pts.map(p => p.x)), right: Math.max(...pts.map(p => p.x)),"
        "top: Math.min(...pts.map(p => p.y)), bottom: Math.max(...pts.map(p => p.y)),"
        "width: c.clientWidth, height: c.clientHeight};")


def assert_fits(driver) -> None:
    """The view is the one vis-network's own fit gives for the visible actors (labels included)."""
    box = visible_box(driver)
    assert 0 <= box["left"] <= box["right"] <= box["width"] and 0 <= box["top"] <= box["bottom"] <= box["height"]
    now, fitted = driver.execute_script(
        "const net = kgView.network; const now = [net.getScale(), net.getViewPosition()];"
        "net.fit({nodes: kgView.visibleNodes(), animation: false});"
        "return [now, [net.getScale(), net.getViewPosition()]];")
    assert now[0] == pytest.approx(fitted[0], rel=1e-3)
    assert (now[1]["x"], now[1]["y"]) == pytest.approx((fitted[1]["x"], fitted[1]["y"]), abs=1)


@pytest.mark.browser
def test_browser_date_range_filters_live_and_counts_per_month(browser, page_file: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    open_page(browser, page_file)
    counts = browser.execute_script("return kgView.periodCounts")
    assert len(counts) == 38 and counts[0] == 1 and counts[-1] == 7 and sum(counts) == 8
    assert browser.find_element("id", "kg-date-label").text == "2022-02 to 2025-03 · 8 dated statements"
    assert len(browser.find_elements("css selector", "#kg-histogram rect")) == 38
    # Move the real "from" handle one month on: the 2022 invasion leaves the page.
    browser.find_element("id", "kg-date-from").send_keys(Keys.ARROW_RIGHT)
    visible = sorted(map(tuple, browser.execute_script("return kgView.visibleEdges()")))
    assert visible == [e for e in EDGES if e[1] != "attacked"]
    assert "Russie" not in browser.execute_script("return kgView.visibleNodes()")
    assert browser.find_element("id", "kg-date-label").text == "2022-03 to 2025-03 · 7 dated statements"
    assert "7 of 8 statements" in browser.find_element("id", "kg-stats").text
    assert_fits(browser)
    # Only 2022-02: one edge, its two actors.
    browser.execute_script("kgView.setDateRange('2022-02', '2022-02')")
    assert browser.execute_script("return kgView.visibleEdges()") == [["Russie", "attacked", "Ukraine"]]
    assert browser.execute_script("return kgView.visibleNodes()") == ["Russie", "Ukraine"]
    assert_fits(browser)
    browser.execute_script("kgView.setDateRange(null, null)")
    assert sorted(map(tuple, browser.execute_script("return kgView.visibleEdges()"))) == EDGES


@pytest.mark.browser
def test_browser_confidence_threshold_hides_weak_statements(browser, page_file: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    open_page(browser, page_file)
    slider = browser.find_element("id", "kg-confidence")
    for _ in range(12):  # 0.05 a step: 0.60
        slider.send_keys(Keys.ARROW_RIGHT)
    assert browser.find_element("id", "kg-confidence-value").text == "0.60"
    # The hostile criticism (0.55) goes; the second negotiation (0.60) stays.
    visible = sorted(map(tuple, browser.execute_script("return kgView.visibleEdges()")))
    assert visible == [e for e in EDGES if e[1] != "criticized"]
    assert HOSTILE.label not in browser.execute_script("return kgView.visibleNodes()")
    assert "7 of 8 statements" in browser.find_element("id", "kg-stats").text
    browser.execute_script("kgView.setConfidence(0.7)")
    talks = browser.execute_script(
        "return kgView.edges.get({filter: e => e.relation === 'negotiated-with'})[0]")
    state = browser.execute_script("return kgView.edgeState(arguments[0])", talks["id"])
    assert state == {"kept": 1, "width": 1, "shown": True}  # one statement left: the thinnest line
    text = browser.execute_script("return kgView.edgeCard(arguments[0], 0).textContent", talks)
    assert "1 statement (of 2, filtered)" in text and "de nouveau" not in text
    assert len(browser.execute_script("return kgView.visibleStatements()")) == 6
    assert_fits(browser)
    browser.execute_script("kgView.setConfidence(0)")
    assert len(browser.execute_script("return kgView.visibleEdges()")) == len(EDGES)


@pytest.mark.browser
def test_browser_evidence_cards_link_only_web_sources(browser, page_file: Path) -> None:
    open_page(browser, page_file)
    browser.execute_script(
        "const e = kgView.edges.get({filter: e => e.relation === 'negotiated-with'})[0];"
        "const box = document.body.appendChild(document.createElement('div')); box.id = 'cards';"
        "box.appendChild(kgView.edgeCard(e, 0));")
    cards = browser.find_elements("css selector", "#cards .kg-st")
    assert len(cards) == 2
    first, second = (card.find_elements("css selector", "a") for card in cards)
    assert [a.get_attribute("href") for a in first] == [LE_MONDE]
    assert first[0].get_attribute("rel") == "noopener noreferrer" and first[0].get_attribute("target") == "_blank"
    assert second == []  # the javascript: source of the hostile article is no link
    assert "2025-03-01 · Sommet franco-allemand à Paris" in cards[0].text and "confidence 0.90" in cards[0].text
    assert "confidence 0.60" in cards[1].text and HOSTILE_TITLE in cards[1].text
    hrefs = browser.execute_script("return [...document.querySelectorAll('a')].map(a => a.href)")
    assert not [h for h in hrefs if not h.startswith("https://")]
    assert browser.execute_script("return typeof window.__pwned") == "undefined"


@pytest.mark.browser
def test_browser_size_menu_and_csv_of_what_is_shown(browser, page_file: Path) -> None:
    from selenium.webdriver.support.ui import Select

    open_page(browser, page_file)
    menu = Select(browser.find_element("id", "kg-size"))
    assert menu.first_selected_option.text == "degree"
    assert browser.execute_script("return kgView.value('Emmanuel Macron')") == 3
    drawn = ("const b = kgView.network.body.nodes;"
             "return kgView.nodes.getIds().sort().map(id => [b[id].options.font.size, b[id].shape.width]);")
    by_degree = browser.execute_script(drawn)
    menu.select_by_value("pagerank")
    by_pagerank = browser.execute_script(drawn)
    assert by_pagerank != by_degree  # drawn anew at the new sizes
    assert all(font == int(font) for font, _ in by_degree + by_pagerank)  # whole font points
    values = browser.execute_script("return kgView.nodes.get().map(n => [kgView.value(n.id), n.measures.pagerank])")
    assert all(v == p for v, p in values) and max(v for v, _ in values) < 1
    assert "Node size: pagerank" in browser.find_element("id", "kg-legend").text
    browser.execute_script("kgView.setDateRange('2022-02', '2022-02')")
    csv_text = browser.execute_script("return kgView.visibleCSV()")
    assert csv_text.splitlines() == [
        "date,subject,relation,object,confidence,title,url,article,evidence",
        "2022-02-24,Russie,attacked,Ukraine,0.9,L'invasion,,a3,La Russie a envahi l'Ukraine.",
    ]
    browser.execute_script("kgView.setDateRange(null, null)")
    rows = list(csv.reader(io.StringIO(browser.execute_script("return kgView.visibleCSV()"), newline="")))
    assert len(rows) == 1 + 8 and HOSTILE_EVIDENCE in [row[-1] for row in rows]
    assert browser.execute_script("return document.querySelector('#mynetwork canvas').toDataURL('image/png')"
                                  ).startswith("data:image/png;base64,")


@pytest.mark.browser
def test_browser_ego_page_highlights_and_centres_its_actor(browser, example_graph: Path, tmp_path: Path) -> None:
    """The README's example: `kg view --ego Poutine` resolves the alias and centres Vladimir Putin."""
    out = tmp_path / "putin.html"
    result = CliRunner().invoke(main, ["view", str(example_graph), "--ego", "Poutine", "-o", str(out)])
    assert result.exit_code == 0, result.output
    open_page(browser, out)
    assert browser.find_element("id", "kg-heading").text == "Around Vladimir Putin"
    assert browser.execute_script("return kgView.network.getSelectedNodes()") == ["Vladimir Putin"]
    assert "Vladimir Putin" in browser.find_element("id", "kg-details").text

    def offset_from_centre() -> tuple[float, float]:
        return browser.execute_script(
            "const net = kgView.network; const p = net.canvasToDOM(net.getPositions(['Vladimir Putin'])"
            "['Vladimir Putin']); const c = document.getElementById('mynetwork');"
            "return [p.x - c.clientWidth / 2, p.y - c.clientHeight / 2];")

    assert all(abs(d) < 3 for d in offset_from_centre())
    box = visible_box(browser)
    assert box["left"] >= 0 and box["top"] >= 0 and box["right"] <= box["width"] and box["bottom"] <= box["height"]
    browser.execute_script("kgView.setRelations(['leader-of', 'negotiated-with'])")
    assert all(abs(d) < 3 for d in offset_from_centre())  # after a filter too
    assert browser.execute_script("return kgView.nodes.get('Vladimir Putin').borderWidth") == 5


@pytest.mark.browser
def test_browser_csv_export_defuses_formulas(browser, tmp_path: Path) -> None:
    """A spreadsheet opening the CSV must not run article text as a formula."""
    evidence = '=HYPERLINK("http://evil.example","Cliquez"), a dit la Russie.'
    page = viz.render([_st("f1", RUSSIA, "threatened", UKRAINE, evidence, D1)],
                      {"f1": Article("f1", "", "+cmd|' /C calc'!A0", D1, "https://example.org/f1")})
    out = tmp_path / "formula.html"
    page.write(out)
    open_page(browser, out)
    (header, row) = list(csv.reader(io.StringIO(browser.execute_script("return kgView.visibleCSV()"), newline="")))
    cells = dict(zip(header, row, strict=True))
    assert cells["evidence"] == "'" + evidence and cells["title"] == "'+cmd|' /C calc'!A0"
    assert cells["url"] == "https://example.org/f1" and cells["relation"] == "threatened"
