/* plenum-kg explorer. Reads the graph from the JSON block #kg-data and draws it with
 * vis-network. Text from articles is only ever set with textContent: never as HTML. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var classes = {};
  data.classes.forEach(function (c) { classes[c.key] = c; });
  var FIELDS = [  // details panel rows: key, label
    ["aliases", "简称 · aliases"], ["text", "原文 · text"], ["value", "数值 · value"],
    ["indicator", "指标 · indicator"], ["wording", "表述 · wording"], ["object", "对象 · object"],
    ["period", "时期 · period"], ["measure", "度量 · measure"], ["comparison", "比较 · comparison"],
    ["scope", "范围 · scope"], ["agency", "机构 · agency"], ["respondsTo", "回应 · answers"],
    ["setBy", "设定 · set by"],
    ["speaker", "发言人 · speaker"], ["quote", "引语 · quote"], ["issuedBy", "提出 · issued by"],
    ["organizer", "召开 · organizer"], ["owner", "牵头 · owner"], ["parent", "上级 · parent"],
    ["region", "地区 · region"], ["level", "层级 · level"], ["date", "日期 · date"],
    ["cue", "线索 · cue"]
  ];

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function articleLine(a) {
    return [a.date, a.publisher, a.title].filter(Boolean).join(" · ");
  }

  function tooltip(n) {
    var d = n.d, c = classes[n.cls], box = el("div");
    var head = el("div", c.zh + " · " + c.en, "kg-tip-class");
    head.style.color = c.color;
    box.appendChild(head);
    box.appendChild(el("div", d.text || d.name));
    if (d.value) {
      box.appendChild(el("div", [d.value, d.indicator || d.wording || d.object, d.period]
        .filter(Boolean).join(" · ")));
    }
    if (d.aliases) box.appendChild(el("div", "简称 " + d.aliases.join("、")));
    if (d.sentence) box.appendChild(el("div", "“" + d.sentence + "”", "kg-tip-source"));
    if (d.article !== undefined) {
      box.appendChild(el("div", articleLine(data.articles[d.article]), "kg-tip-source"));
    }
    return box;
  }

  data.nodes.forEach(function (n) { n.title = tooltip(n); });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var status = document.getElementById("kg-status");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var state = { ready: false, stabilized: false, shown: null };
  window.kgExplorer = { network: network, nodes: nodes, edges: edges, state: state };

  function ready() {
    if (state.ready) return;
    state.ready = true;
    state.readyAt = performance.now();
    status.textContent = nodes.length + " 节点 nodes · " + edges.length + " 连线 edges";
    document.body.setAttribute("data-ready", "true");
  }
  function freeze() {  // physics settles once, then stops: the graph stays where it is
    network.setOptions({ physics: { enabled: false } });
    state.stabilized = true;
    ready();
  }
  network.on("stabilizationIterationsDone", freeze);
  if (!data.options.physics.enabled || nodes.length === 0) {
    network.once("afterDrawing", ready);
    if (nodes.length === 0) ready();
  } else {
    status.textContent = "布局中 · laying out…";
  }

  /* ---- header ---- */
  document.getElementById("kg-title").textContent = data.title;
  document.getElementById("kg-note").textContent = data.note;

  /* ---- legend and class filter ---- */
  var hiddenClass = {};
  var legendCounts = {};
  var total = {};
  data.nodes.forEach(function (n) { total[n.cls] = (total[n.cls] || 0) + 1; });
  var legend = document.getElementById("kg-legend");
  data.classes.forEach(function (c) {
    if (!total[c.key]) return;
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = c.key;
    box.addEventListener("change", function () { hiddenClass[c.key] = !box.checked; applyFilters(); });
    var glyph = el("span", c.glyph, "kg-glyph");
    glyph.style.color = c.color;
    var count = el("span", String(total[c.key]), "kg-count");
    legendCounts[c.key] = count;
    label.appendChild(box);
    label.appendChild(glyph);
    label.appendChild(el("span", c.zh + " " + c.en));
    label.appendChild(count);
    li.appendChild(label);
    li.setAttribute("data-class", c.key);
    legend.appendChild(li);
  });

  /* ---- article and agency filters ---- */
  var articleSel = document.getElementById("kg-article");
  data.articleOrder.forEach(function (i) {
    var o = el("option", articleLine(data.articles[i]));
    o.value = String(i);
    articleSel.appendChild(o);
  });
  var agencySel = document.getElementById("kg-agency");
  data.agencies.forEach(function (a) {
    var o = el("option", a.name + (a.pledges ? " (" + a.pledges + ")" : ""));
    o.value = String(a.id);
    agencySel.appendChild(o);
  });
  articleSel.addEventListener("change", applyFilters);
  agencySel.addEventListener("change", applyFilters);
  document.getElementById("kg-reset").addEventListener("click", resetFilters);

  function isShown(n, article, agency) {
    if (hiddenClass[n.cls]) return false;
    if (article !== null && n.a.indexOf(article) < 0) return false;
    if (agency !== null && n.g.indexOf(agency) < 0) return false;
    return true;
  }

  function applyFilters() {
    var article = articleSel.value === "" ? null : Number(articleSel.value);
    var agency = agencySel.value === "" ? null : Number(agencySel.value);
    var shown = {}, counts = {}, updates = [];
    nodes.forEach(function (n) {
      var on = isShown(n, article, agency);
      if (on) { shown[n.id] = true; counts[n.cls] = (counts[n.cls] || 0) + 1; }
      if (!!n.hidden === on) updates.push({ id: n.id, hidden: !on });
    });
    nodes.update(updates);
    var edgeUpdates = [];
    edges.forEach(function (e) {
      var on = !!(shown[e.from] && shown[e.to]);
      if (!!e.hidden === on) edgeUpdates.push({ id: e.id, hidden: !on });
    });
    edges.update(edgeUpdates);
    Object.keys(legendCounts).forEach(function (k) {
      var n = counts[k] || 0;
      legendCounts[k].textContent = n === total[k] ? String(n) : n + " / " + total[k];
    });
    state.shown = shown;
  }

  function resetFilters() {
    hiddenClass = {};
    legend.querySelectorAll("input").forEach(function (b) { b.checked = true; });
    articleSel.value = "";
    agencySel.value = "";
    applyFilters();
  }

  /* ---- search by name and alias ---- */
  var search = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  function matches(q) {
    var found = [];
    nodes.forEach(function (n) {
      var d = n.d, names = [d.name].concat(d.aliases || []), best = 9, hit = null;
      names.forEach(function (s) {
        var r = s === q ? 0 : s.indexOf(q) === 0 ? 1 : s.indexOf(q) > 0 ? 2 : 9;
        if (r < best) { best = r; hit = s; }
      });
      if (best === 9 && d.text && d.text.indexOf(q) >= 0) { best = 3; hit = null; }
      if (best < 9) found.push({ node: n, rank: best, hit: hit });
    });
    found.sort(function (a, b) { return a.rank - b.rank || a.node.d.name.length - b.node.d.name.length; });
    return found.slice(0, 30);
  }
  function showResults() {
    var q = search.value.trim();
    results.textContent = "";
    if (!q) return;
    var found = matches(q);
    if (!found.length) { results.appendChild(el("li", "没有结果 · no match", "kg-muted")); return; }
    found.forEach(function (m) {
      var li = el("li"), b = el("button"), c = classes[m.node.cls];
      b.type = "button";
      var g = el("span", c.glyph + " ");
      g.style.color = c.color;
      b.appendChild(g);
      b.appendChild(el("span", m.node.d.text && m.node.cls !== "Agency" ? m.node.d.text : m.node.d.name));
      if (m.hit && m.hit !== m.node.d.name) b.appendChild(el("span", "← " + m.hit, "kg-alias"));
      b.setAttribute("data-node", String(m.node.id));
      b.addEventListener("click", function () { select(m.node.id); });
      li.appendChild(b);
      results.appendChild(li);
    });
  }
  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var found = matches(search.value.trim());
    if (found.length) select(found[0].node.id);
  });

  function select(id) {
    var n = nodes.get(id);
    if (!n) return;
    if (n.hidden) resetFilters();
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: false });
    showDetails(id);
  }

  /* ---- details panel ---- */
  var panel = document.getElementById("kg-details");
  var body = document.getElementById("kg-details-body");
  document.getElementById("kg-close").addEventListener("click", function () { panel.hidden = true; });

  function sentenceBlock(sentence, text) {
    var q = el("blockquote");
    var at = text ? sentence.indexOf(text) : -1;
    if (at < 0) { q.textContent = sentence; return q; }
    q.appendChild(document.createTextNode(sentence.slice(0, at)));
    q.appendChild(el("mark", text));
    q.appendChild(document.createTextNode(sentence.slice(at + text.length)));
    return q;
  }

  function showDetails(id) {
    var n = nodes.get(id);
    if (!n) return;
    var d = n.d, c = classes[n.cls];
    body.textContent = "";
    var kind = el("div", c.glyph + " " + c.zh + " · " + c.en, "kg-class");
    kind.style.color = c.color;
    body.appendChild(kind);
    body.appendChild(el("h3", d.name));
    var dl = el("dl");
    FIELDS.forEach(function (f) {
      var v = d[f[0]];
      if (v === undefined || v === null || v === "" || (f[0] === "text" && v === d.name)) return;
      dl.appendChild(el("dt", f[1]));
      dl.appendChild(el("dd", Array.isArray(v) ? v.join("、") : v));
    });
    body.appendChild(dl);
    if (d.sentence) {
      body.appendChild(el("div", "来源句 · source sentence", "kg-muted"));
      body.appendChild(sentenceBlock(d.sentence, d.text));
    }
    if (d.article !== undefined) {
      var a = data.articles[d.article], src = el("div", null, "kg-source");
      src.appendChild(el("div", a.title));
      src.appendChild(el("div", [a.date, a.publisher, a.file].filter(Boolean).join(" · ")));
      if (a.url && /^https?:\/\//i.test(a.url)) {
        var link = el("a", a.url);
        link.href = a.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        src.appendChild(link);
      }
      body.appendChild(src);
    }
    var arts = n.a.filter(function (i) { return i !== d.article; });
    if (arts.length) {
      body.appendChild(el("div", "出现于 · mentioned in", "kg-muted"));
      var ul = el("ul", null, "kg-source");
      arts.slice(0, 20).forEach(function (i) { ul.appendChild(el("li", articleLine(data.articles[i]))); });
      if (arts.length > 20) ul.appendChild(el("li", "… +" + (arts.length - 20)));
      body.appendChild(ul);
    }
    body.appendChild(el("div", d.iri, "kg-iri"));
    panel.hidden = false;
    panel.setAttribute("data-node", String(id));
  }

  network.on("click", function (p) {
    if (p.nodes.length) showDetails(p.nodes[0]);
  });

  /* ---- layout ---- */
  function setLayout(kind) {
    if (kind === "hierarchical") {
      network.setOptions({
        layout: { hierarchical: { enabled: true, direction: "UD", sortMethod: "directed",
                                  levelSeparation: 140, nodeSpacing: 110 } },
        physics: { enabled: false }
      });
    } else {
      network.setOptions({ layout: { hierarchical: { enabled: false } }, physics: { enabled: true } });
      network.stabilize(200);
    }
    network.fit({ animation: false });
  }
  document.querySelectorAll("input[name=kg-layout]").forEach(function (r) {
    r.checked = r.value === data.layout;
    r.addEventListener("change", function () { if (r.checked) setLayout(r.value); });
  });
  document.getElementById("kg-fit").addEventListener("click", function () { network.fit({ animation: false }); });
})();
