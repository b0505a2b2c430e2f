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

  function lineSwatch(family, directed) {
    const root = svg(26, 10);
    const colour = meta.families[family] || "#888";
    root.appendChild(shape("line", { x1: 1, y1: 5, x2: directed ? 18 : 25, y2: 5, stroke: colour, "stroke-width": 2 }));
    if (directed) root.appendChild(shape("polygon", { points: "17,1 25,5 17,9", fill: colour }));
    return root;
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
    if (node.top && node.top.length) {
      card.appendChild(el("div", "kg-tip-line kg-tip-head", "Top relations"));
      const list = el("ul", "kg-tip-list");
      node.top.forEach(function (r) {
        list.appendChild(el("li", null, relationLabel(r[0]) + arrowFor(r[3]) + r[1] + " (" + r[2] + ")"));
      });
      card.appendChild(list);
    }
    return card;
  }

  /* Edge tooltip / details: relation, then each statement with date, article title and evidence. */
  function edgeCard(edge, limit) {
    const card = el("div", "kg-tip");
    const rel = meta.relations[edge.relation] || {};
    const join = edge.arrows ? " \u2192 " : " \u2014 ";
    card.appendChild(el("div", "kg-tip-title", edge.from + join + relationLabel(edge.relation) + join + edge.to));
    card.appendChild(el("div", "kg-tip-line kg-muted",
      (rel.label_fr ? rel.label_fr + " \u00b7 " : "") + (rel.family || "") + " \u00b7 " +
      edge.statements.length + (edge.statements.length === 1 ? " statement" : " statements")));
    const shown = limit ? edge.statements.slice(0, limit) : edge.statements;
    shown.forEach(function (st) {
      const box = el("div", "kg-st");
      box.appendChild(el("div", "kg-st-meta", (st.date || "undated") + " \u00b7 " + st.title));
      box.appendChild(el("blockquote", "kg-st-evidence", st.evidence));
      card.appendChild(box);
    });
    if (shown.length < edge.statements.length) {
      card.appendChild(el("div", "kg-muted", "+ " + (edge.statements.length - shown.length) +
        " more: click the edge to read them all"));
    }
    return card;
  }

  const typeOf = {};
  data.nodes.forEach(function (n) {
    typeOf[n.id] = n.kgType;
    n.kgColor = n.color;
  });
  data.edges.forEach(function (e) { e.kgColor = e.color; });

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const container = document.getElementById("mynetwork");
  timings.datasets = performance.now();
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, meta.options);
  timings.network = performance.now();
  const status = document.getElementById("kg-status");

  /* Tooltips are DOM elements (vis-network shows an Element title as is, never as HTML source),
     built when the pointer first rests on an item: tens of thousands up front would slow the opening.
     vis-network emits the hover before its tooltip delay runs out, so the title is there in time. */
  network.on("hoverNode", function (params) {
    const node = nodes.get(params.node);
    if (node && !node.title) nodes.update({ id: node.id, title: nodeCard(node) });
  });
  network.on("hoverEdge", function (params) {
    const edge = edges.get(params.edge);
    if (edge && !edge.title) edges.update({ id: edge.id, title: edgeCard(edge, TOOLTIP_STATEMENTS) });
  });

  const api = {
    nodes: nodes, edges: edges, network: network, ready: false, readyAt: null, timings: timings,
    nodeCard: nodeCard, edgeCard: edgeCard,
  };
  window.kgView = api;

  function markReady() {
    if (api.ready) return;
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

  /* ---- header ---- */
  document.getElementById("kg-stats").textContent = data.nodes.length + " actors \u00b7 " +
    data.edges.length + " relations \u00b7 " + meta.statements + " statements \u00b7 size: " + meta.measure +
    (meta.precomputed ? " \u00b7 precomputed layout" : "");

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

  const typeCounts = countBy(data.nodes, "kgType");
  const typePanel = document.getElementById("kg-type-filter");
  Object.keys(meta.types).forEach(function (t) {
    if (typeCounts[t]) checkbox(typePanel, typeBoxes, t, t, typeCounts[t], shapeSwatch(t));
  });
  const relCounts = countBy(data.edges, "relation");
  const relPanel = document.getElementById("kg-relation-filter");
  ["cooperative", "conflictual", "structural"].forEach(function (family) {
    Object.keys(meta.relations).forEach(function (slug) {
      const rel = meta.relations[slug];
      if (rel.family === family && relCounts[slug]) {
        checkbox(relPanel, relationBoxes, slug, rel.label, relCounts[slug], lineSwatch(family, !rel.symmetric));
      }
    });
  });

  function checkedKeys(store) {
    return new Set(Object.keys(store).filter(function (k) { return store[k].checked; }));
  }

  const linked = {};
  data.edges.forEach(function (e) { linked[e.from] = linked[e.to] = true; });

  /* An edge shows when its relation and both actor types are on; an actor shows when its type is
     on and at least one of its edges shows (or it has none on this page, as a --top actor may). */
  function applyFilters() {
    const rels = checkedKeys(relationBoxes);
    const types = checkedKeys(typeBoxes);
    const degree = {};
    const edgeUpdates = [];
    edges.forEach(function (e) {
      const show = rels.has(e.relation) && types.has(typeOf[e.from]) && types.has(typeOf[e.to]);
      if (show) {
        degree[e.from] = (degree[e.from] || 0) + 1;
        degree[e.to] = (degree[e.to] || 0) + 1;
      }
      if (Boolean(e.hidden) === show) edgeUpdates.push({ id: e.id, hidden: !show });
    });
    const nodeUpdates = [];
    nodes.forEach(function (n) {
      const show = types.has(n.kgType) && ((degree[n.id] || 0) > 0 || !linked[n.id]);
      if (Boolean(n.hidden) === show) nodeUpdates.push({ id: n.id, hidden: !show });
    });
    edges.update(edgeUpdates);
    nodes.update(nodeUpdates);
  }

  function setAll(store, on) {
    Object.keys(store).forEach(function (k) { store[k].checked = on; });
    applyFilters();
  }

  document.getElementById("kg-rel-all").addEventListener("click", function () { setAll(relationBoxes, true); });
  document.getElementById("kg-rel-none").addEventListener("click", function () { setAll(relationBoxes, false); });

  /* Programmatic filters for notebooks and tests: a list of keys to keep, or null for all. */
  api.setRelations = function (keep) {
    Object.keys(relationBoxes).forEach(function (k) { relationBoxes[k].checked = !keep || keep.includes(k); });
    applyFilters();
  };
  api.setActorTypes = function (keep) {
    Object.keys(typeBoxes).forEach(function (k) { typeBoxes[k].checked = !keep || keep.includes(k); });
    applyFilters();
  };
  api.visibleNodes = function () {
    return nodes.get({ filter: function (n) { return !n.hidden; } }).map(function (n) { return n.id; }).sort();
  };
  api.visibleEdges = function () {
    return edges.get({ filter: function (e) { return !e.hidden; } })
      .map(function (e) { return [e.from, e.relation, e.to]; });
  };

  /* ---- search and neighbourhood focus ---- */
  const byKey = {};
  const actorList = document.getElementById("kg-actor-list");
  data.nodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (n) {
    if (!(fold(n.label) in byKey)) byKey[fold(n.label)] = n.id;
    if (data.nodes.length <= 20000) {
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
    const keep = new Set([id]);
    network.getConnectedNodes(id).forEach(function (n) { keep.add(n); });
    const nodeUpdates = [];
    nodes.forEach(function (n) {
      nodeUpdates.push({ id: n.id, color: keep.has(n.id) ? n.kgColor : FADED,
        font: { color: keep.has(n.id) ? "#222" : FADED } });
    });
    const edgeUpdates = [];
    edges.forEach(function (e) {
      const near = e.from === id || e.to === id;
      edgeUpdates.push({ id: e.id, color: near ? e.kgColor : FADED });
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    focused = id;
    network.selectNodes([id]);
    network.fit({ nodes: Array.from(keep), animation: data.nodes.length <= 1000 });
    showDetails(nodeCard(nodes.get(id)));
    status.textContent = "";
  }

  function unfocus() {
    if (focused === null) return;
    nodes.update(nodes.get().map(function (n) { return { id: n.id, color: n.kgColor, font: { color: "#222" } }; }));
    edges.update(edges.get().map(function (e) { return { id: e.id, color: e.kgColor }; }));
    focused = null;
    network.unselectAll();
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
    unfocus();
    hideDetails();
    network.fit({ animation: false });
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
      showDetails(edgeCard(edges.get(params.edges[0]), 0));
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
    row.appendChild(lineSwatch(f, false));
    row.appendChild(el("span", null, f));
    legend.appendChild(row);
  });
  const arrowRow = el("div", "kg-legend-row");
  arrowRow.appendChild(lineSwatch("structural", true));
  arrowRow.appendChild(el("span", null, "arrow: directed relation; none: symmetric"));
  legend.appendChild(arrowRow);
  legend.appendChild(el("div", "kg-muted", "Node size: " + meta.measure + ". Thicker edge: more statements."));
})();
