/* kg graph page. Reads the JSON block, builds the vis-network view, tooltips, legend, filters and
   search. Article text is untrusted: every string reaches the page through textContent or as an
   attribute value set from code, never through innerHTML. */
(function () {
  "use strict";

  const timings = { start: performance.now() };
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  timings.parsed = performance.now();
  const meta = data.meta;
  const WIKIDATA = /^Q[0-9]+$/;
  const FADED = "rgba(180,180,180,0.25)";
  const TOOLTIP_STATEMENTS = 5;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }

  function relationLabel(slug) {
    const rel = meta.relations[slug];
    return rel ? rel.label : slug;
  }

  function wikidataLink(id) {
    if (!id || !WIKIDATA.test(id)) return null;
    const a = el("a", "kg-wd", id);
    a.href = "https://www.wikidata.org/wiki/" + id;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  /* Only http and https links: a javascript: or data: URL from an article's metadata stays text. */
  function safeUrl(text) {
    if (!text) return null;
    try {
      const url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (err) {
      return null;
    }
  }

  function sourceLink(text) {
    const href = safeUrl(text);
    if (!href) return null;
    const a = el("a", "kg-st-link", "source");
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.title = href;
    return a;
  }

  function arrowFor(direction) {
    return direction === "out" ? " \u2192 " : direction === "in" ? " \u2190 " : " \u2014 ";
  }

  /* Swatches for the legend and the filters, drawn as SVG elements. */
  const SVG = "http://www.w3.org/2000/svg";

  function svg(width, height) {
    const root = document.createElementNS(SVG, "svg");
    root.setAttribute("width", width);
    root.setAttribute("height", height);
    root.setAttribute("class", "kg-swatch");
    return root;
  }

  function shape(name, attrs) {
    const node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function shapeSwatch(type) {
    const style = meta.types[type];
    const root = svg(14, 14);
    const fill = { fill: style.color };
    if (style.shape === "square") root.appendChild(shape("rect", Object.assign({ x: 2, y: 2, width: 10, height: 10 }, fill)));
    else if (style.shape === "triangle") root.appendChild(shape("polygon", Object.assign({ points: "7,1 13,13 1,13" }, fill)));
    else if (style.shape === "diamond") root.appendChild(shape("polygon", Object.assign({ points: "7,1 13,7 7,13 1,7" }, fill)));
    else root.appendChild(shape("circle", Object.assign({ cx: 7, cy: 7, r: 6 }, fill)));
    return root;
  }

  /* A relation's line as drawn: colour, dash pattern, and its arrow head when directed. */
  function lineSwatch(colour, directed, dashes, head) {
    const root = svg(34, 12);
    const line = { x1: 1, y1: 6, x2: directed ? 25 : 33, y2: 6, stroke: colour, "stroke-width": 2 };
    if (Array.isArray(dashes)) line["stroke-dasharray"] = dashes.map(function (d) { return d / 2; }).join(" ");
    root.appendChild(shape("line", line));
    if (!directed) return root;
    const fill = { fill: colour, stroke: colour };
    if (head === "circle") root.appendChild(shape("circle", Object.assign({ cx: 29, cy: 6, r: 4 }, fill)));
    else if (head === "box") root.appendChild(shape("rect", Object.assign({ x: 25, y: 2, width: 8, height: 8 }, fill)));
    else if (head === "bar") root.appendChild(shape("rect", Object.assign({ x: 31, y: 0, width: 2, height: 12 }, fill)));
    else if (head === "diamond") root.appendChild(shape("polygon", Object.assign({ points: "25,6 29,2 33,6 29,10" }, fill)));
    else if (head === "vee") root.appendChild(shape("polyline", { points: "25,1 33,6 25,11", fill: "none", stroke: colour, "stroke-width": 2 }));
    else if (head === "triangle") root.appendChild(shape("polygon", Object.assign({ points: "25,2 33,6 25,10" }, fill, { fill: "#fff" })));
    else root.appendChild(shape("polygon", Object.assign({ points: "24,1 33,6 24,11" }, fill)));
    return root;
  }

  function relationSwatch(slug) {
    const rel = meta.relations[slug];
    return lineSwatch(rel.color, !rel.symmetric, rel.dashes, rel.head);
  }

  /* An actor's best-attested relations as [relation, partner, statements, direction], read from its
     edges' links when its card is built (best first, then by relation and partner). */
  function topRelations(id, n) {
    const links = [];
    network.getConnectedEdges(id).forEach(function (p) { links.push.apply(links, pairById[p].links); });
    const rows = links.map(function (e) {
      const out = e.from === id;
      const direction = !e.arrows ? "both" : out ? "out" : "in";
      return [e.relation, out ? e.to : e.from, e.statements.length, direction];
    });
    function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
    rows.sort(function (a, b) { return b[2] - a[2] || cmp(a[0], b[0]) || cmp(a[1], b[1]); });
    return rows.slice(0, n === undefined ? 5 : n);
  }

  /* Node tooltip / details: type, Wikidata id as a link, best-attested relations. */
  function nodeCard(node) {
    const card = el("div", "kg-tip");
    card.appendChild(el("div", "kg-tip-title", node.label));
    card.appendChild(el("div", "kg-tip-line", "Type: " + node.kgType));
    const link = wikidataLink(node.wikidata);
    if (link) {
      const line = el("div", "kg-tip-line", "Wikidata: ");
      line.appendChild(link);
      card.appendChild(line);
    }
    const top = topRelations(node.id);
    if (top.length) {
      card.appendChild(el("div", "kg-tip-line kg-tip-head", "Top relations"));
      const list = el("ul", "kg-tip-list");
      top.forEach(function (r) {
        list.appendChild(el("li", null, relationLabel(r[0]) + arrowFor(r[3]) + r[1] + " (" + r[2] + ")"));
      });
      card.appendChild(list);
    }
    return card;
  }

  /* One evidence card: date, article title, link to the article (http/https only), confidence, sentence. */
  function statementCard(st) {
    const box = el("div", "kg-st");
    const source = sources[st.source];
    const line = el("div", "kg-st-meta", (st.date || "undated") + " \u00b7 " + source[1]);
    const link = sourceLink(source[2]);
    if (link) line.appendChild(link);
    line.appendChild(el("span", "kg-st-confidence", " \u00b7 confidence " + Number(st.confidence).toFixed(2)));
    box.appendChild(line);
    box.appendChild(el("blockquote", "kg-st-evidence", st.evidence));
    return box;
  }

  /* Edge tooltip / details: relation, then the statements the filters keep (all of them with none set). */
  function edgeCard(edge, limit) {
    const card = el("div", "kg-tip");
    const rel = meta.relations[edge.relation] || {};
    const join = edge.arrows ? " \u2192 " : " \u2014 ";
    const kept = edge.statements.filter(passes);
    card.appendChild(el("div", "kg-tip-title", edge.from + join + relationLabel(edge.relation) + join + edge.to));
    card.appendChild(el("div", "kg-tip-line kg-muted",
      (rel.label_fr ? rel.label_fr + " \u00b7 " : "") + (rel.family || "") + " \u00b7 " +
      kept.length + (kept.length === 1 ? " statement" : " statements") +
      (kept.length < edge.statements.length ? " (of " + edge.statements.length + ", filtered)" : "")));
    const shown = limit ? kept.slice(0, limit) : kept;
    shown.forEach(function (st) { card.appendChild(statementCard(st)); });
    if (shown.length < kept.length) {
      card.appendChild(el("div", "kg-muted", "+ " + (kept.length - shown.length) +
        " more: click the edge to read them all"));
    }
    return card;
  }

  /* A drawn edge's tooltip / details: the card of each relation between the two actors that the filters
     keep, best attested first. */
  function pairCard(pair, limit) {
    const kept = pair.links.filter(function (link) { return link.kgKept > 0; });
    const links = (kept.length ? kept : pair.links).slice().sort(function (a, b) { return b.kgKept - a.kgKept; });
    if (links.length === 1) return edgeCard(links[0], limit);
    const card = el("div", "kg-tip");
    card.appendChild(el("div", "kg-tip-line kg-muted", pair.from + " \u2014 " + pair.to + " \u00b7 " + links.length +
      " relations"));
    links.forEach(function (link) { card.appendChild(edgeCard(link, limit)); });
    return card;
  }

  /* The data block is compact (kg/viz.py): an actor's look follows from its type, an edge's from its
     relation, and a statement names its article by index into one table of [id, title, url]. The
     vis-network items are made here. */
  const sources = meta.articles;
  const periodOf = {};
  (meta.periods || []).forEach(function (p, i) { periodOf[p] = i; });
  const typeOf = {};
  const nodeItems = data.nodes.map(function (n) {
    const style = meta.types[n.type] || meta.types.Group;
    typeOf[n.id] = n.type;
    const item = {
      id: n.id, label: n.id, shape: style.shape, color: style.color, kgColor: style.color, kgType: n.type,
      wikidata: n.wikidata || null, measures: n.measures, value: n.measures[meta.measure],
    };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    if (n.id === meta.ego) { // drawn bold, and pinned where the view centres
      Object.assign(item, { borderWidth: 5, kgEgo: true, font: { size: 24 } });
      if (!meta.precomputed) Object.assign(item, { x: 0, y: 0, fixed: true });
    }
    return item;
  });
  function width(count) { return Math.round((1 + Math.log2(count)) * 100) / 100; }
  const heads = {};
  Object.keys(meta.relations).forEach(function (slug) {
    const rel = meta.relations[slug];
    heads[slug] = rel.symmetric ? "" : { to: { enabled: true, type: rel.head } };
  });
  const edgeItems = data.edges.map(function (row, i) {
    const rel = meta.relations[row[2]];
    const statements = row[3].map(function (st) {
      return { date: st[0], period: st[0] ? periodOf[st[0].slice(0, 7)] : -1, source: st[1], confidence: st[2],
        evidence: st[3] };
    });
    const item = {
      id: "e" + i, from: row[0], to: row[1], relation: row[2], color: rel.color,
      dashes: rel.dashes, arrows: heads[row[2]], width: width(statements.length), statements: statements,
      kgKept: statements.length, // statements the filters keep: all, until one is set
    };
    return item;
  });
  /* One drawn edge per pair of actors: the links between them (one per relation and direction, each with
     its statements; edgeItems) are folded into it, drawn in the style of the link that keeps the most
     statements (pairLook), its card listing them all. vis-network's cost is per item: 20,000 links are
     15,000 drawn edges at 5,000 actors. */
  const pairItems = [];
  const pairById = {};
  const pairOf = {};
  const pairByKey = {};
  edgeItems.forEach(function (link) {
    const forward = link.from < link.to;
    const key = forward ? link.from + "\u0000" + link.to : link.to + "\u0000" + link.from;
    let pair = pairByKey[key];
    if (!pair) {
      pair = { id: "p" + pairItems.length, from: forward ? link.from : link.to, to: forward ? link.to : link.from,
        links: [], kgKept: 0, kgShown: link };
      if (!meta.precomputed) pair.smooth = { enabled: false };
      pairByKey[key] = pairById[pair.id] = pair;
      pairItems.push(pair);
    }
    pair.links.push(link);
    pairOf[link.id] = pair.id;
  });
  /* What the filters keep of a pair: its statements, and the link drawn (most kept, the first on a tie). */
  function keepPair(pair) {
    let kept = 0;
    let shown = pair.links[0];
    pair.links.forEach(function (link) {
      kept += link.kgKept;
      if (link.kgKept > shown.kgKept) shown = link;
    });
    pair.kgKept = kept;
    pair.kgShown = shown;
  }
  pairItems.forEach(function (pair) { keepPair(pair); pair.width = width(pair.kgKept); });
  timings.decoded = performance.now();

  /* vis-network rescales every actor (its size and label font, re-propagating the font options) on each
     data change, even when no value changed: twice while the page opens. An actor whose value and the
     range are those it was last scaled for keeps its scale. */
  if (!vis.Network.prototype.kgUpdateValueRange) {
    vis.Network.prototype.kgUpdateValueRange = vis.Network.prototype._updateValueRange;
    vis.Network.prototype._updateValueRange = function (items) {
      let lo = Infinity;
      let hi = -Infinity;
      let total = 0;
      const ids = Object.keys(items);
      ids.forEach(function (id) {
        const v = items[id].getValue();
        if (v !== undefined) { lo = Math.min(lo, v); hi = Math.max(hi, v); total += v; }
      });
      if (lo > hi) return;
      ids.forEach(function (id) {
        const item = items[id];
        const key = lo + "/" + hi + "/" + total + "/" + item.getValue();
        if (item.kgRange === key) return;
        item.kgRange = key;
        item.setValueRange(lo, hi, total);
        if (item.needsRefresh) item.needsRefresh(); // its shape measured again at the next draw
      });
    };
  }

  const nodes = new vis.DataSet(nodeItems);
  const edges = new vis.DataSet(edgeItems); // the links, for the page's own reading; vis-network draws pairs
  const pairs = new vis.DataSet(pairItems);
  const container = document.getElementById("mynetwork");
  timings.datasets = performance.now();
  /* An actor's size and label font scale with its measure in whole font points (vis-network's own linear
     scale, rounded): every actor has to measure its label when drawn, and 5,000 labels in 5,000 distinct
     fractional font sizes (a PageRank) took a second of text measuring, each size a new font to parse. */
  const scaling = meta.options.nodes && meta.options.nodes.scaling;
  if (scaling && scaling.label) {
    const steps = Math.max(1, scaling.label.max - scaling.label.min);
    scaling.customScalingFunction = function (min, max, total, value) {
      if (max === min) return 0.5;
      return Math.round(Math.max(0, (value - min) / (max - min)) * steps) / steps;
    };
  }
  /* An edge here has no label, yet vis-network builds and re-propagates the font options of its label
     module for each of them (a fifth of the opening at 20,000 edges). Its Edge class is not exported:
     a throwaway network of one edge, off the page, hands over the prototype first. */
  (function () {
    const probe = new vis.Network(document.createElement("div"),
      { nodes: [{ id: 1 }], edges: [{ id: 1, from: 1, to: 1 }] }, {});
    const proto = Object.getPrototypeOf(probe.body.edges[1]);
    probe.destroy();
    if (proto.kgUpdateLabelModule) return;
    proto.kgUpdateLabelModule = proto.updateLabelModule;
    proto.updateLabelModule = function (options) {
      if (this.options.label !== undefined && this.options.label !== null) this.kgUpdateLabelModule(options);
    };
  })();
  const network = new vis.Network(container, { nodes: nodes, edges: pairs }, meta.options);
  timings.network = performance.now();
  const body = network.body;
  /* What a change of view changes (an item hidden, an edge's width, an actor's size value, a tooltip) is
     set on vis-network's own items in place, never through DataSet updates: each one re-parses the
     item's options, and vis-network then reconnects every edge and rescales every actor, over a second
     for 20,000 edges. The DataSets keep the page's data as it was read. */
  const edgeById = {};
  edgeItems.forEach(function (e) { edgeById[e.id] = e; });
  const HIDDEN_ARROW = { toArrow: false, fromArrow: false, middleArrow: false };
  function refreshVisible() { network._updateVisibleIndices(); }

  /* How an edge is drawn beyond its item, decided when it is drawn (no DataSet update, which re-parses
     every edge's options: a second per 20,000 edges). A large page (layout precomputed) draws dash
     patterns and arrow heads once zoomed in far enough to see them: in the whole-graph view they are a
     pixel or two, and drawing them for 20,000 edges took over half of every frame; colour and width,
     which tell family and weight, are always drawn. A focused neighbourhood fades the other edges
     (nearEdges). These hooks are vis-network 9.1.2's renderer and edge drawing (pyvis pins the version). */
  const DETAIL_SCALE = 0.5;
  let nearEdges = null;
  function detailed() { return !meta.precomputed || network.getScale() >= DETAIL_SCALE; }
  let nearNodes = null;
  function look(edge, values) {
    const pair = pairById[edge.id];
    const link = pair.kgShown;
    const rel = meta.relations[link.relation];
    values.color = rel.color;
    values.dashes = detailed() ? rel.dashes : false;
    Object.assign(values, HIDDEN_ARROW);
    if (!rel.symmetric) {
      const forward = link.from === pair.from;
      values.toArrow = forward;
      values.fromArrow = !forward;
      values.toArrowType = values.fromArrowType = rel.head;
      values.fromArrowScale = values.toArrowScale;
    }
    if (nearEdges !== null && !nearEdges.has(edge.id)) {
      values.color = FADED;
      values.dashes = false; // a faded line's pattern cannot be read, and dashes cost a canvas save each
    }
  }
  /* A large page's edges are straight: one whose two ends lie beyond the same side of the view cannot
     cross it, and is not drawn (vis-network draws every edge, on screen or not, and a zoomed-in view,
     such as a focus, shows a few hundred of 20,000). */
  function onScreen(renderer) {
    const canvas = renderer.canvas;
    const margin = 20;
    const a = canvas.DOMtoCanvas({ x: -margin, y: -margin });
    const b = canvas.DOMtoCanvas({ x: canvas.frame.canvas.clientWidth + margin,
      y: canvas.frame.canvas.clientHeight + margin });
    return function (e) {
      const f = e.from;
      const t = e.to;
      return !((f.x < a.x && t.x < a.x) || (f.x > b.x && t.x > b.x) || (f.y < a.y && t.y < a.y) ||
        (f.y > b.y && t.y > b.y));
    };
  }
  function drawEach(renderer, ctx, draw) {
    const all = renderer.body.edges;
    const ids = renderer.body.edgeIndices;
    const seen = onScreen(renderer);
    for (let i = 0; i < ids.length; i += 1) {
      const e = all[ids[i]];
      if (e.connected === true && seen(e)) draw(e);
    }
  }
  function nodeLook(node, values) {
    if (nearNodes !== null && !nearNodes.has(node.id)) values.color = values.borderColor = FADED;
  }
  /* An item's drawn values pass through its kgLook, where it has one; true when the hook is new. */
  function lookHook(proto) {
    if (proto.kgFormatting) return false;
    proto.kgFormatting = proto.getFormattingValues;
    proto.getFormattingValues = function () {
      const values = this.kgFormatting();
      if (this.kgLook) this.kgLook(this, values);
      return values;
    };
    return true;
  }
  if (edgeItems.length) {
    if (meta.precomputed) {
      const renderer = network.renderer;
      renderer._drawEdges = function (ctx) { drawEach(this, ctx, function (e) { e.draw(ctx); }); };
      renderer._drawArrows = function (ctx) {
        if (detailed()) drawEach(this, ctx, function (e) { e.drawArrows(ctx); });
      };
    }
    lookHook(Object.getPrototypeOf(network.body.edges[pairItems[0].id]));
    Object.values(network.body.edges).forEach(function (e) { e.kgLook = look; });
  }
  /* A focus fades the actors away from it the same way, as they are drawn: their shape, and their label
     (vis-network's Label picks its colour in _getColor), instead of updating 5,000 node items. */
  if (nodeItems.length) {
    const first = network.body.nodes[nodeItems[0].id];
    const proto = Object.getPrototypeOf(first);
    const labelProto = Object.getPrototypeOf(first.labelModule);
    if (lookHook(proto)) {
      // A large page leaves the faded actors' labels out: thousands of them, grey on grey, read as noise
      // and took seconds to draw; a small page draws them faded.
      labelProto.kgDraw = labelProto.draw;
      labelProto.draw = function () {
        if (meta.precomputed && this.kgNode && nearNodes !== null && !nearNodes.has(this.kgNode)) return;
        this.kgDraw.apply(this, arguments);
      };
      labelProto.kgColor = labelProto._getColor;
      labelProto._getColor = function (colour, size, stroke) {
        const drawn = this.kgColor(colour, size, stroke);
        if (this.kgNode && nearNodes !== null && !nearNodes.has(this.kgNode)) drawn[0] = FADED;
        return drawn;
      };
    }
    Object.values(network.body.nodes).forEach(function (n) { n.kgLook = nodeLook; n.labelModule.kgNode = n.id; });
  }
  const status = document.getElementById("kg-status");

  /* With physics off, vis-network redraws the whole canvas synchronously on every DataSet change
     (its physics' startSimulation emits "_redraw"): a filter that updates the edges, then the nodes, then
     fits the view drew 5,000 actors and 20,000 edges two or three times. One change of view is one
     frame: redraws are held while it updates, then it is drawn once (before the call returns, so what a
     caller reads is on screen), unless the update returns false: it changed nothing drawn (a tooltip's
     content, a filter that hid and showed nothing). These are vis-network 9.1.2's own renderer events
     (pyvis pins the version). */
  let held = 0;
  let changed = false;
  function batch(update) {
    const emitter = network.body.emitter;
    if (held++ === 0) {
      emitter.emit("_blockRedraw");
      changed = false;
    }
    try {
      if (update() !== false) changed = true;
    } finally {
      held -= 1;
      if (held === 0) {
        emitter.emit("_allowRedraw");
        if (changed) emitter.emit("_redraw");
      }
    }
  }

  /* Tooltips are DOM elements (vis-network shows an Element title as is, never as HTML source),
     built when the pointer first rests on an item: tens of thousands up front would slow the opening.
     vis-network emits the hover before its tooltip delay runs out, so the title is there in time. */
  network.on("hoverNode", function (params) {
    const drawn = body.nodes[params.node];
    if (drawn && !drawn.options.title) drawn.options.title = nodeCard(nodes.get(params.node));
  });
  network.on("hoverEdge", function (params) {
    const drawn = body.edges[params.edge];
    if (drawn && !drawn.title) drawn.title = pairCard(pairById[params.edge], TOOLTIP_STATEMENTS);
  });

  const api = {
    nodes: nodes, edges: edges, network: network, ready: false, readyAt: null, timings: timings,
    pairs: pairs, nodeCard: nodeCard, edgeCard: edgeCard, pairCard: pairCard, topRelations: topRelations,
    /* The drawn edge a link is folded into. */
    pairOf: function (id) { return pairOf[id]; },
    /* The colour an edge or an actor is drawn in now (a focus fades those away from the focused actor). */
    drawnColor: function (id) { return network.body.edges[pairOf[id] || id].getFormattingValues().color; },
    drawnNodeColor: function (id) { return network.body.nodes[id].getFormattingValues().color; },
    FADED: FADED,
  };
  window.kgView = api;

  /* The filter state every view reads: the date range (indices into meta.periods), the confidence
     threshold, the relations and actor types switched on. */
  const periods = meta.periods || [];
  const range = { from: 0, to: Math.max(0, periods.length - 1) };
  let threshold = 0;

  function fullRange() {
    return range.from === 0 && range.to === Math.max(0, periods.length - 1);
  }

  /* A statement is kept when confident enough and inside the date range; an undated one only while
     the range spans every period (it belongs to none). */
  function passes(st) {
    if (st.confidence < threshold) return false;
    if (fullRange()) return true;
    return st.period >= range.from && st.period <= range.to;
  }

  function markReady() {
    if (api.ready) return;
    if (meta.ego !== null && meta.ego !== undefined && nodes.get(meta.ego)) {
      fitView(); // vis-network fitted the whole graph already; an ego page centres its actor
      network.selectNodes([meta.ego]);
      showDetails(nodeCard(nodes.get(meta.ego)));
    }
    api.ready = true;
    api.readyAt = performance.now();
    status.textContent = "";
  }

  if (meta.options.physics && meta.options.physics.enabled) {
    status.textContent = "Laying out\u2026";
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } }); // settled: keep the graph still to read
      markReady();
    });
  } else {
    network.once("afterDrawing", markReady);
  }

  /* Fit what is shown: around the ego actor when it is shown (it stays in the centre), else the
     visible actors' box. Without animation, so the view is settled when a filter returns. */
  function fitView(visible) {
    const shown = visible || body.nodeIndices.slice();
    if (!shown.length) return;
    const ego = meta.ego;
    if (ego === null || ego === undefined || shown.indexOf(ego) < 0) {
      network.fit({ nodes: shown, animation: false });
      return;
    }
    const pos = network.getPositions(shown);
    const centre = pos[ego];
    let dx = 0;
    let dy = 0;
    shown.forEach(function (id) {
      dx = Math.max(dx, Math.abs(pos[id].x - centre.x));
      dy = Math.max(dy, Math.abs(pos[id].y - centre.y));
    });
    const margin = 60;
    const scale = Math.min(1.5, container.clientWidth / (2 * dx + 2 * margin),
      container.clientHeight / (2 * dy + 2 * margin));
    network.moveTo({ position: centre, scale: scale, animation: false });
  }

  /* ---- filters: own code over the DataSets (pyvis' filter/select menus are unreliable) ---- */
  const relationBoxes = {};
  const typeBoxes = {};

  function checkbox(parent, store, key, text, count, swatch) {
    const label = el("label", "kg-check");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = key;
    box.addEventListener("change", applyFilters);
    label.appendChild(box);
    if (swatch) label.appendChild(swatch);
    label.appendChild(el("span", null, text + " (" + count + ")"));
    parent.appendChild(label);
    store[key] = box;
  }

  function countBy(items, key) {
    const counts = {};
    items.forEach(function (item) { counts[item[key]] = (counts[item[key]] || 0) + 1; });
    return counts;
  }

  const typeCounts = countBy(nodeItems, "kgType");
  const typePanel = document.getElementById("kg-type-filter");
  Object.keys(meta.types).forEach(function (t) {
    if (typeCounts[t]) checkbox(typePanel, typeBoxes, t, t, typeCounts[t], shapeSwatch(t));
  });
  const relCounts = countBy(edgeItems, "relation");
  const relPanel = document.getElementById("kg-relation-filter");
  ["cooperative", "conflictual", "structural"].forEach(function (family) {
    Object.keys(meta.relations).forEach(function (slug) {
      const rel = meta.relations[slug];
      if (rel.family === family && relCounts[slug]) {
        checkbox(relPanel, relationBoxes, slug, rel.label, relCounts[slug], relationSwatch(slug));
      }
    });
  });

  function checkedKeys(store) {
    return new Set(Object.keys(store).filter(function (k) { return store[k].checked; }));
  }

  const linked = {};
  edgeItems.forEach(function (e) { linked[e.from] = linked[e.to] = true; });
  const stats = document.getElementById("kg-stats");
  let shownStatements = meta.statements;

  /* An edge shows when its relation and both actor types are on and at least one of its statements
     passes the date range and the confidence threshold (its width follows how many do); an actor
     shows when its type is on and at least one of its edges shows (or it has none on this page, as a
     --top actor may). The histogram counts, per month, the statements every other filter keeps. */
  function applyFilters(noFit) {
    batch(function () { return filterNow(noFit); });
  }

  function filterNow(noFit) {
    const rels = checkedKeys(relationBoxes);
    const types = checkedKeys(typeBoxes);
    const degree = {};
    const perPeriod = periods.map(function () { return 0; });
    let total = 0;
    let shownEdges = 0;
    let changed = false;
    edgeItems.forEach(function (e) {
      const relationOn = rels.has(e.relation);
      const typesOn = types.has(typeOf[e.from]) && types.has(typeOf[e.to]);
      let kept = 0;
      if (relationOn) {
        e.statements.forEach(function (st) {
          if (typesOn && st.confidence >= threshold && st.period >= 0) perPeriod[st.period] += 1;
          if (passes(st)) kept += 1;
        });
      }
      if (kept > 0 && typesOn) {
        total += kept;
        shownEdges += 1;
        degree[e.from] = (degree[e.from] || 0) + 1;
        degree[e.to] = (degree[e.to] || 0) + 1;
      }
      if (e.kgKept !== kept) {
        e.kgKept = kept;
        pairById[pairOf[e.id]].kgStale = true;
      }
    });
    // A drawn edge's own hidden flag follows its links' statements; an actor type switched off hides its
    // actors only, and vis-network leaves out the edges of a hidden actor. Drawn: not hidden, nor either end.
    pairItems.forEach(function (pair) {
      if (!pair.kgStale) return;
      pair.kgStale = false;
      keepPair(pair);
      const own = pair.kgKept > 0;
      const drawn = body.edges[pair.id];
      drawn.options.hidden = !own;
      if (own) drawn.options.width = width(pair.kgKept);
      drawn.title = undefined; // the tooltip lists the kept statements: rebuilt at the next hover
      changed = true;
    });
    const shownNodes = [];
    nodeItems.forEach(function (n) {
      const show = types.has(n.kgType) && ((degree[n.id] || 0) > 0 || !linked[n.id]);
      if (show) shownNodes.push(n.id);
      const drawn = body.nodes[n.id];
      if (drawn.options.hidden === show) {
        drawn.options.hidden = !show;
        changed = true;
      }
    });
    if (changed) refreshVisible();
    shownStatements = total;
    drawHistogram(perPeriod);
    showStats(shownNodes.length, shownEdges);
    if (noFit !== true) fitView(shownNodes);
    return noFit !== true || changed; // false: nothing to draw anew
  }

  function showStats(shownNodes, shownEdges) {
    stats.textContent = shownNodes + " of " + nodes.length + " actors \u00b7 " + shownEdges + " of " +
      edges.length + " relations \u00b7 " + shownStatements + " of " + meta.statements + " statements" +
      (meta.precomputed ? " \u00b7 precomputed layout" : "");
  }

  function setAll(store, on) {
    Object.keys(store).forEach(function (k) { store[k].checked = on; });
    applyFilters();
  }

  document.getElementById("kg-rel-all").addEventListener("click", function () { setAll(relationBoxes, true); });
  document.getElementById("kg-rel-none").addEventListener("click", function () { setAll(relationBoxes, false); });

  /* ---- time: two range inputs over the months, a bar per month of the statements kept ---- */
  const fromInput = document.getElementById("kg-date-from");
  const toInput = document.getElementById("kg-date-to");
  const dateLabel = document.getElementById("kg-date-label");
  const histogram = document.getElementById("kg-histogram");
  if (!periods.length) {
    document.getElementById("kg-time-section").hidden = true;
  }
  [fromInput, toInput].forEach(function (input) {
    input.max = String(Math.max(0, periods.length - 1));
  });
  toInput.value = toInput.max;

  function drawHistogram(counts) {
    if (!periods.length) return;
    const most = Math.max(1, Math.max.apply(null, counts));
    const root = svg("100%", 40);
    root.setAttribute("viewBox", "0 0 " + periods.length + " 40");
    root.setAttribute("preserveAspectRatio", "none");
    counts.forEach(function (count, i) {
      const h = count ? Math.max(2, 38 * count / most) : 0;
      const bar = shape("rect", { x: i + 0.1, y: 40 - h, width: 0.8, height: h });
      if (i >= range.from && i <= range.to) bar.setAttribute("class", "kg-in");
      const tip = document.createElementNS(SVG, "title");
      tip.textContent = periods[i] + ": " + count + (count === 1 ? " statement" : " statements");
      bar.appendChild(tip);
      root.appendChild(bar);
    });
    histogram.replaceChildren(root);
    api.periodCounts = counts;
    let inRange = 0;
    for (let i = range.from; i <= range.to; i += 1) inRange += counts[i];
    dateLabel.textContent = periods[range.from] + (range.to > range.from ? " to " + periods[range.to] : "") +
      " \u00b7 " + inRange + (inRange === 1 ? " dated statement" : " dated statements");
  }

  function onRange(event) {
    let lo = Number(fromInput.value);
    let hi = Number(toInput.value);
    if (lo > hi) { // the handles never cross: the one moved pushes the other
      if (event && event.target === fromInput) hi = lo; else lo = hi;
    }
    fromInput.value = String(lo);
    toInput.value = String(hi);
    range.from = lo;
    range.to = hi;
    applyFilters();
  }

  fromInput.addEventListener("input", onRange);
  toInput.addEventListener("input", onRange);

  /* ---- confidence threshold ---- */
  const confidenceInput = document.getElementById("kg-confidence");
  const confidenceValue = document.getElementById("kg-confidence-value");
  confidenceInput.addEventListener("input", function () {
    threshold = Number(confidenceInput.value);
    confidenceValue.textContent = threshold.toFixed(2);
    applyFilters();
  });

  /* ---- node size: any of the measures computed in Python ---- */
  const sizeSelect = document.getElementById("kg-size");
  (meta.measures || []).forEach(function (name) {
    const option = el("option", null, name);
    option.value = name;
    sizeSelect.appendChild(option);
  });
  sizeSelect.value = meta.measure;

  function setMeasure(name) {
    if (!(meta.measures || []).includes(name)) return false;
    batch(function () {
      nodeItems.forEach(function (n) { body.nodes[n.id].options.value = n.measures[name]; });
      network._updateValueRange(body.nodes);
    });
    meta.measure = name;
    sizeSelect.value = name;
    sizeNote.textContent = "Node size: " + name + ". Thicker edge: more statements.";
    return true;
  }

  sizeSelect.addEventListener("change", function () { setMeasure(sizeSelect.value); });

  /* Programmatic filters for notebooks and tests: a list of keys to keep, or null for all. */
  api.setRelations = function (keep) {
    Object.keys(relationBoxes).forEach(function (k) { relationBoxes[k].checked = !keep || keep.includes(k); });
    applyFilters();
  };
  api.setActorTypes = function (keep) {
    Object.keys(typeBoxes).forEach(function (k) { typeBoxes[k].checked = !keep || keep.includes(k); });
    applyFilters();
  };
  api.setDateRange = function (from, to) { // period labels ("2025-03") or indices; null for either end
    function index(value, fallback) {
      if (value === null || value === undefined) return fallback;
      const i = typeof value === "number" ? value : periods.indexOf(value);
      return i < 0 ? fallback : i;
    }
    fromInput.value = String(index(from, 0));
    toInput.value = String(index(to, periods.length - 1));
    onRange(null);
  };
  api.setConfidence = function (value) {
    confidenceInput.value = String(value);
    confidenceInput.dispatchEvent(new Event("input"));
  };
  api.setMeasure = setMeasure;
  api.passes = passes;
  api.fitView = fitView;
  api.visibleNodes = function () { return body.nodeIndices.slice().sort(); };
  /* What the filters left of an edge: the statements kept, its width, whether it is on screen. */
  api.edgeState = function (id) {
    const drawn = body.edges[pairOf[id]];
    const link = edgeById[id];
    const shown = link.kgKept > 0 && body.edgeIndices.indexOf(drawn.id) >= 0;
    return { kept: link.kgKept, width: drawn.options.width, shown: shown };
  };
  /* An actor's size value now (the size menu sets it on the drawn actor). */
  api.value = function (id) { return body.nodes[id].options.value; };
  /* Whether a link is on screen: it keeps a statement, and its drawn edge is neither hidden nor has an
     end hidden (see filterNow). */
  function drawnTest() {
    const shown = new Set(body.edgeIndices);
    return function (e) { return e.kgKept > 0 && shown.has(pairOf[e.id]); };
  }
  api.visibleEdges = function () {
    return edges.get({ filter: drawnTest() })
      .map(function (e) { return [e.from, e.relation, e.to]; });
  };
  api.visibleStatements = function () {
    const rows = [];
    const drawn = drawnTest();
    edges.forEach(function (e) {
      if (!drawn(e)) return;
      e.statements.forEach(function (st) {
        if (!passes(st)) return;
        const source = sources[st.source];
        rows.push({ date: st.date, subject: e.from, relation: e.relation, object: e.to, confidence: st.confidence,
          title: source[1], url: source[2], article: source[0], evidence: st.evidence });
      });
    });
    return rows;
  };

  /* ---- export what is on screen: the canvas as PNG, the kept statements as CSV ---- */
  function csvCell(value) {
    let text = String(value === null || value === undefined ? "" : value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text; // a spreadsheet would run it as a formula
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  const CSV_COLUMNS = ["date", "subject", "relation", "object", "confidence", "title", "url", "article", "evidence"];
  api.visibleCSV = function () {
    const lines = [CSV_COLUMNS.join(",")];
    api.visibleStatements().forEach(function (row) {
      lines.push(CSV_COLUMNS.map(function (c) { return csvCell(row[c]); }).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  };

  function download(name, href) {
    const a = el("a");
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  document.getElementById("kg-export-png").addEventListener("click", function () {
    download("graph.png", container.querySelector("canvas").toDataURL("image/png"));
  });
  document.getElementById("kg-export-csv").addEventListener("click", function () {
    const url = URL.createObjectURL(new Blob([api.visibleCSV()], { type: "text/csv;charset=utf-8" }));
    download("statements.csv", url);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });

  /* ---- search and neighbourhood focus ---- */
  const byKey = {};
  const actorList = document.getElementById("kg-actor-list");
  const collator = new Intl.Collator(); // localeCompare's order, without its set-up on each of 60,000 calls
  nodeItems.slice().sort(function (a, b) { return collator.compare(a.label, b.label); }).forEach(function (n) {
    if (!(fold(n.label) in byKey)) byKey[fold(n.label)] = n.id;
    if (nodeItems.length <= 20000) {
      const option = document.createElement("option");
      option.value = n.label;
      actorList.appendChild(option);
    }
  });

  function resolve(query) {
    const key = fold(query);
    if (!key) return null;
    if (key in byKey) return byKey[key];
    const hits = Object.keys(byKey).filter(function (k) { return k.includes(key); });
    return hits.length ? byKey[hits.sort(function (a, b) { return a.length - b.length; })[0]] : null;
  }

  let focused = null;

  function focus(id) {
    batch(function () { focusNow(id); });
  }

  function focusNow(id) {
    const keep = new Set([id]);
    network.getConnectedNodes(id).forEach(function (n) { keep.add(n); });
    nearNodes = keep;
    nearEdges = new Set(network.getConnectedEdges(id));
    focused = id;
    network.selectNodes([id]);
    network.fit({ nodes: Array.from(keep), animation: nodeItems.length <= 1000 });
    showDetails(nodeCard(nodes.get(id)));
    status.textContent = "";
  }

  function unfocus() {
    if (focused === null) return;
    batch(function () {
      nearNodes = null;
      nearEdges = null;
      focused = null;
      network.unselectAll();
    });
  }

  api.focus = function (query) {
    const id = resolve(query);
    if (id === null) {
      status.textContent = "No actor matches \u201c" + query + "\u201d";
      return null;
    }
    focus(id);
    return id;
  };
  api.reset = function () {
    batch(function () {
      unfocus();
      hideDetails();
      network.fit({ animation: false });
    });
  };

  document.getElementById("kg-search").addEventListener("submit", function (event) {
    event.preventDefault();
    api.focus(document.getElementById("kg-search-input").value);
  });
  document.getElementById("kg-reset").addEventListener("click", api.reset);

  /* ---- details panel: the full card of what was clicked, links usable ---- */
  const details = document.getElementById("kg-details");
  const detailsBody = document.getElementById("kg-details-body");

  function showDetails(card) {
    detailsBody.replaceChildren(card);
    details.hidden = false;
  }

  function hideDetails() {
    detailsBody.replaceChildren();
    details.hidden = true;
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      focus(params.nodes[0]);
    } else if (params.edges.length) {
      showDetails(pairCard(pairById[params.edges[0]], 0));
    } else {
      unfocus();
      hideDetails();
    }
  });

  /* ---- legend ---- */
  const legend = document.getElementById("kg-legend");
  Object.keys(meta.types).forEach(function (t) {
    const row = el("div", "kg-legend-row");
    row.appendChild(shapeSwatch(t));
    row.appendChild(el("span", null, t));
    legend.appendChild(row);
  });
  Object.keys(meta.families).forEach(function (f) {
    const row = el("div", "kg-legend-row");
    row.appendChild(lineSwatch(meta.families[f], false, false));
    row.appendChild(el("span", null, f));
    legend.appendChild(row);
  });
  legend.appendChild(el("div", "kg-muted", "Each relation its own shade, dash pattern and arrow head " +
    "(under Relations); no arrow: symmetric."));
  const sizeNote = el("div", "kg-muted", "Node size: " + meta.measure + ". Thicker edge: more statements.");
  legend.appendChild(sizeNote);
  applyFilters(true); // counts and histogram; the layout fits itself once it has settled
})();
