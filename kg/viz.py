"""The interactive graph page: statements → one self-contained HTML file (pyvis, vis-network in line).

The page must open from disk with the network off and must never run article text as HTML, so it
uses its own pyvis template (``kg/templates/graph.html``) instead of pyvis' stock one, which loads
Bootstrap from a CDN and puts titles into ``innerHTML``. Python hands the page plain data in one
JSON block (escaped for ``<script>``), compact: styles once per actor type and relation, article
titles and URLs once in a table, edges and statements as rows (see ``_edges``); the page's own script
makes the vis-network items from it and builds tooltips, legend and filters as DOM elements with
``textContent``. Small graphs settle with in-browser physics that then stops;
large ones get a layout computed in Python (``kg.vizlayout``), with physics off, so they open at once.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import analysis
from .atomic import atomic_write
from .model import Article, Statement
from .periods import period_of, period_range
from .textnorm import fold
from .vizlayout import layout
from .vocab import ACTOR_TYPES, in_order, relations

if TYPE_CHECKING:
    from pyvis.network import Network

#: Measures that can size the nodes (``--size``, and a menu on the page); the first is the default.
#: Degree first: PageRank on news graphs shrinks every person to a dot (a leader is a source, not a target).
SIZE_MEASURES = ("degree", "pagerank", "betweenness")
#: Above this many actors the layout is computed in Python and in-browser physics stays off.
PHYSICS_LIMIT = 300

TYPE_STYLE = {  # colour-blind-safe hues; shape so the type reads without colour too
    "Person": ("#4e79a7", "dot"),
    "State": ("#f28e2b", "square"),
    "Institution": ("#76b7b2", "triangle"),
    "Group": ("#b07aa1", "diamond"),
}
#: Each family one hue range that colour-blind readers tell apart (blues, oranges-purples, greys, from
#: Okabe-Ito and Tol); within a family the relations differ by shade, dash pattern and arrow head.
FAMILY_PALETTE = {
    "cooperative": ("#0072b2", "#56b4e9", "#009e73", "#1f4e79", "#44aa99", "#332288"),
    "conflictual": ("#d55e00", "#e69f00", "#cc79a7", "#a63603", "#882255", "#b8860b", "#ee3377"),
    "structural": ("#555555", "#999999", "#222222"),
}
FAMILY_COLOUR = {family: palette[0] for family, palette in FAMILY_PALETTE.items()}
DASHES: tuple[bool | list[int], ...] = (False, [10, 5], [2, 4], [12, 4, 2, 4], [5, 5], [14, 3, 3, 3, 3, 3], [1, 4])
ARROW_HEADS = ("arrow", "vee", "triangle", "circle", "diamond", "box", "bar")
TEMPLATES = Path(__file__).resolve().parent / "templates"
# vis-network as shipped inside pyvis (found without importing pyvis, which imports IPython).
VIS_DIR = Path(find_spec("pyvis").submodule_search_locations[0]) / "templates" / "lib" / "vis-9.1.2"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")  # a URL, not a file path (a drive letter is one letter)
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


class ActorNotFound(LookupError):
    """An --ego actor that is not in the graph; the message suggests close labels."""


@dataclass
class Page:
    """A rendered page and what it shows, so callers can report it."""

    html: str
    actors: int
    edges: int
    statements: int
    precomputed_layout: bool

    def write(self, path: str | Path) -> None:
        """Write the page to ``path`` atomically (a reader never sees half a page)."""
        atomic_write(path, self.html)


def measure(g: nx.DiGraph, name: str, seed: int = 0) -> dict[str, float]:
    """One centrality per actor of an ``analysis.actor_graph``, computed as ``kg report`` computes it.

    PageRank on article weights, degree = distinct partners, betweenness exact up to
    ``analysis.EXACT_LIMIT`` actors per component and from seeded samples beyond, so a node's size
    agrees with the report's table.
    """
    if name not in SIZE_MEASURES:
        raise ValueError(f"unknown measure {name!r}; use one of {', '.join(SIZE_MEASURES)}")
    if g.number_of_nodes() == 0:
        return {}
    if name == "pagerank":
        return analysis.pagerank(g)
    undirected = analysis.interaction_graph(g)
    if name == "degree":
        return {v: float(d) for v, d in undirected.degree()}
    largest = max(len(c) for c in nx.connected_components(undirected))
    samples = analysis.DEFAULT_SAMPLES if largest > analysis.EXACT_LIMIT else None
    return analysis.path_measures(undirected, samples, seed)[0]


def find_actor(labels: Iterable[str], query: str) -> str:
    """The label matching ``query``, or ActorNotFound naming close ones.

    As ``kg query -p actor=`` does: the label itself ignoring case and accents, then any alias the
    gazetteer knows ("Poutine" → Vladimir Putin, "Kremlin" → Russie), then a unique part of a label.
    """
    by_key: dict[str, str] = {}
    for label in labels:
        by_key.setdefault(fold(label), label)
    key = fold(query)
    if key in by_key:
        return by_key[key]
    from .gazetteer import default_gazetteer  # loaded only when a name needs it

    known = default_gazetteer().lookup(query)
    if known is not None and fold(known.label) in by_key:
        return by_key[fold(known.label)]
    contains = sorted(label for k, label in by_key.items() if key and key in k)
    if len(contains) == 1:
        return contains[0]
    if not contains:  # a misspelt full name or a misspelt surname ("macronn")
        words = {w: label for k, label in by_key.items() for w in [k, *k.split()]}
        contains = sorted({words[w] for w in get_close_matches(key, list(words), n=5, cutoff=0.75)})
    hint = f"; did you mean {', '.join(contains[:5])}?" if contains else ""
    raise ActorNotFound(f"no actor {query!r} in the graph{hint}")


def neighbourhood(g: nx.DiGraph, label: str, depth: int) -> set[str]:
    """Actors within ``depth`` steps of ``label``, whichever way the relations point."""
    return set(nx.single_source_shortest_path_length(g.to_undirected(as_view=True), label, cutoff=depth))


def top_actors(scores: Mapping[str, float], n: int) -> set[str]:
    """The ``n`` highest-scoring actors (ties broken by label, so the choice is stable)."""
    return {label for label, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:n]}


def script_json(value: object) -> Markup:
    """JSON that is safe inside a ``<script>`` element: no ``</script>``, ``<!--`` or line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escaped)
    return Markup(text)


def _asset(path: Path) -> Markup:
    """A script or style file to put in line; refuses one that could close its element early."""
    text = path.read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"{path} cannot be put in line: it contains a closing tag")
    return Markup(text)


def render(
    statements: Iterable[Statement],
    articles: Mapping[str, Article] | None = None,
    *,
    size: str = SIZE_MEASURES[0],
    top: int | None = None,
    ego: str | None = None,
    depth: int = 1,
    heading: str | None = None,
    source: str = "",
    seed: int = 0,
) -> Page:
    """The page for these statements; ``top`` keeps the best actors by ``size``, ``ego`` one neighbourhood.

    ``articles`` (from ``kg.rdfread.read_articles``) supply the titles and URLs shown with each evidence
    sentence; ``heading`` defaults to one naming the ego actor, and the subtitle says what the page
    covers (articles, dates, ``source``). Raises ActorNotFound for an unknown ``ego`` and ValueError
    for a bad measure or depth.
    """
    if depth < 1:
        raise ValueError(f"depth must be at least 1, not {depth}")
    statements = list(statements)
    articles = articles or {}
    graph = analysis.actor_graph(statements)
    scores = measure(graph, size, seed=seed)
    keep = set(graph)
    centre = None
    if ego is not None:
        centre = find_actor(graph, ego)
        keep = neighbourhood(graph, centre, depth)
    if top is not None:
        keep &= top_actors({v: scores[v] for v in keep}, top)
    shown = [st for st in statements if st.subject.label in keep and st.object.label in keep]
    view = graph.subgraph(keep)  # a top actor with no partner among the others still shows
    precomputed = len(view) > PHYSICS_LIMIT
    positions = layout(view, seed=seed) if precomputed else {}
    # Every measure goes in the page, so the reader can switch; each computed on the whole graph, as kg report.
    measures = {name: scores if name == size else measure(graph, name, seed=seed) for name in SIZE_MEASURES}

    from pyvis.network import Network  # imported here: pyvis imports IPython, too slow for every `kg` command

    periods = _periods(shown)
    sources: dict[str, int] = {}
    edges = _edges(shown, sources)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    # The page's own script turns these rows into vis-network items (label, shape, colour, value, line
    # style, width, arrows, curves): nothing that follows from an actor's type or a relation is repeated.
    for label in sorted(view):
        attrs = view.nodes[label]
        node: dict = {"id": label, "type": attrs["type"],
                      "measures": {name: round(values.get(label, 0.0), 6) for name, values in measures.items()}}
        if attrs.get("wikidata"):
            node["wikidata"] = attrs["wikidata"]
        if precomputed:
            node["x"], node["y"] = positions[label]
        net.nodes.append(node)
    net.edges = edges
    net.set_options(json.dumps(_options(precomputed, seed)))
    title = heading or (f"Around {centre}" if centre else "Actors and relations")
    return Page(
        html=_html(net, title, subtitle=subtitle(shown, source, centre, depth), statements=len(shown),
                   precomputed=precomputed, measure=size, ego=centre, periods=periods,
                   sources=_sources(sources, articles)),
        actors=len(view),
        edges=len(edges),
        statements=len(shown),
        precomputed_layout=precomputed,
    )


def subtitle(statements: list[Statement], source: str = "", ego: str | None = None, depth: int = 1) -> str:
    """What the page covers, for its header: articles, the dates spanned, the graph file, the ego depth."""
    n_articles = len({st.article_id for st in statements})
    dates = sorted(st.date for st in statements if st.date)
    parts = [f"{n_articles} article{'s' if n_articles != 1 else ''}"]
    if dates:
        parts.append(dates[0].isoformat() if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}")
    if ego:
        parts.append(f"actors within {depth} step{'s' if depth > 1 else ''} of {ego}")
    if source:
        parts.append(f"from {source}")
    return " · ".join(parts)


def _periods(statements: list[Statement]) -> list[str]:
    """The months from the first dated statement to the last, empty ones too: the page's time axis."""
    months = sorted({period_of(st.date, "month") for st in statements if st.date})
    return period_range(months[0], months[-1]) if months else []


def relation_styles() -> dict[str, dict]:
    """Colour, dash pattern and arrow head of each relation: the family's hue, then shade, dash and head apart."""
    styles = {}
    rank: Counter[str] = Counter()
    for slug, rel in relations().items():
        k = rank[rel.family]
        rank[rel.family] += 1
        palette = FAMILY_PALETTE.get(rel.family, FAMILY_PALETTE["structural"])
        styles[slug] = {"color": palette[k % len(palette)], "dashes": DASHES[k % len(DASHES)],
                        "head": ARROW_HEADS[k % len(ARROW_HEADS)]}
    return styles


def _edges(statements: list[Statement], sources: dict[str, int]) -> list[list]:
    """One edge per (subject, relation, object), symmetric pairs merged, with every supporting statement.

    Each edge is ``[subject, object, relation, statements]`` and each statement ``[date, source,
    confidence, evidence]``: ``date`` ISO or "" (undated), ``source`` an index into the page's article
    table, which ``sources`` (article id → index) fills in as edges name articles, so a title and a URL
    are written once per article, not once per statement.
    """
    grouped: dict[tuple[str, str, str], list[Statement]] = defaultdict(list)
    for st in statements:
        s, o = in_order(st.subject.label, st.relation, st.object.label)
        grouped[s, st.relation, o].append(st)
    edges = []
    for (s, slug, o), group in sorted(grouped.items()):
        group.sort(key=lambda st: (st.date is None, st.date, st.article_id, st.start))
        rows = [[st.date.isoformat() if st.date else "", sources.setdefault(st.article_id, len(sources)),
                 round(st.confidence, 3), st.evidence] for st in group]
        edges.append([s, o, slug, rows])
    return edges


def _sources(sources: Mapping[str, int], articles: Mapping[str, Article]) -> list[list[str]]:
    """The article table the statements point into: ``[id, title, url]`` each, in index order; ``url`` is
    the article's source when it names a scheme (the page links http and https only)."""
    table = []
    for article_id in sorted(sources, key=sources.__getitem__):
        article = articles.get(article_id)
        origin = article.source if article else ""
        table.append([article_id, article.title if article and article.title else article_id,
                      origin if _SCHEME.match(origin) else ""])
    return table


def _options(precomputed: bool, seed: int) -> dict:
    """vis-network options: settle-then-stop physics for small graphs, none (fixed layout) for large ones."""
    options: dict = {
        # Labels scale with the node's measure and small ones appear only when zoomed in: the dense centre
        # shows its important actors' names first.
        "nodes": {"scaling": {"min": 8, "max": 40, "label": {"enabled": True, "min": 12, "max": 30,
                                                             "drawThreshold": 7, "maxVisible": 24}},
                  "font": {"size": 18, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"scaleFactor": 0.6}}, "selectionWidth": 2},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "multiselect": False},
        "layout": {"randomSeed": seed, "improvedLayout": not precomputed},
    }
    if precomputed:
        options["physics"] = {"enabled": False}
        options["edges"]["smooth"] = False
        options["interaction"].update(hideEdgesOnDrag=True, hideEdgesOnZoom=True)
    else:
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 120, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 50, "fit": True},
        }
    return options


def _html(net: Network, heading: str, *, subtitle: str, statements: int, precomputed: bool, measure: str,
          ego: str | None, periods: list[str], sources: list[list[str]]) -> str:
    """Render the page through pyvis with our template; all data goes in as one escaped JSON block."""
    rels = relations()
    styles = relation_styles()
    present = {e[2] for e in net.edges}
    meta = {
        "heading": heading,
        "subtitle": subtitle,
        "statements": statements,
        "measure": measure,
        "measures": list(SIZE_MEASURES),
        "ego": ego,
        "periods": periods,
        "articles": sources,
        "precomputed": precomputed,
        "options": net.options,
        "types": {t: {"color": c, "shape": s} for t, (c, s) in TYPE_STYLE.items() if t in ACTOR_TYPES},
        "families": FAMILY_COLOUR,
        "relations": {
            slug: {"label": r.label_en, "label_fr": r.label_fr, "family": r.family, "symmetric": r.symmetric,
                   **styles[slug]}
            for slug, r in rels.items() if slug in present
        },
    }
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined)
    env.filters["script_json"] = script_json
    env.globals.update(
        kg=meta,
        vis_js=_asset(VIS_DIR / "vis-network.min.js"),
        vis_css=_asset(VIS_DIR / "vis-network.css"),
        page_js=_asset(TEMPLATES / "graph.js"),
        page_css=_asset(TEMPLATES / "graph.css"),
    )
    net.set_template_dir(str(TEMPLATES) + "/", "graph.html")
    net.templateEnv = env  # pyvis renders our template with our (autoescaping) environment
    net.heading = heading
    return net.generate_html()
