"""The graph explorer: the knowledge graph (through NetworkX) drawn with pyvis as one HTML file.

The explorer draws a view of the graph, not all of it: plenum → directives → pledges ←
agencies, targets hanging from their pledges, agencies under their parent bodies, figures
grouped by indicator (:data:`STYLES` and :data:`EDGES` say which nodes and edges, how they
look). Provenance, article text and labels are folded into each node's details.

The page must open offline by double-click: vis-network (shipped inside pyvis; Apache-2.0 or
MIT, its licence header kept) and the explorer's own script and style (``kg/viz_assets``) are
inlined, nothing is linked, pyvis writes no ``lib/`` folder, and a Content-Security-Policy
allows no request and no script but these two (by hash). Text from articles only ever reaches
the page as JSON inside a non-executed ``<script type="application/json">`` block (``<``,
``>`` and ``&`` escaped) and is put on screen with ``textContent``, never as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import networkx as nx

from kg import netx
from kg.errors import KgError
from kg.netx import targets, values

ASSETS = Path(__file__).parent / "viz_assets"
LAYOUTS = ("physics", "hierarchical")
DEFAULT_MAX_NODES = 2500  # browser physics is impractical past ~2k nodes (docs/explorer)


@dataclass(frozen=True, slots=True)
class Style:
    """How one class of node is drawn; ``kinds`` are the :data:`kg.netx.KINDS` it covers.
    ``font``: label size; labels under 5 px on screen are not drawn, so when the whole graph
    is in view only the bigger ones (plenums, directives, agencies) are read."""

    key: str
    zh: str
    en: str
    shape: str
    color: str
    glyph: str  # the legend's symbol for the shape
    size: int
    font: int
    kinds: tuple[str, ...]


# fmt: off
STYLES: tuple[Style, ...] = (
    Style("Plenum", "全会", "Plenum", "star", "#d62728", "★", 34, 22, ("Plenum", "NationalPlenum")),
    Style("Meeting", "会议", "Meeting", "triangleDown", "#ff7f0e", "▼", 24, 18,
          ("PressConference", "Meeting")),
    Style("Directive", "部署", "Directive", "diamond", "#e3a008", "◆", 22, 18, ("Directive",)),
    Style("Pledge", "承诺", "Pledge", "dot", "#1f77b4", "●", 14, 14, ("Pledge",)),
    Style("Agency", "机构", "Agency", "box", "#2ca02c", "▭", 14, 16, ("Agency",)),
    Style("Target", "目标", "Target", "triangle", "#9467bd", "▲", 14, 13, ("Target",)),
    Style("Observation", "数据", "Figure", "square", "#8c564b", "■", 10, 12, ("Observation",)),
    Style("Indicator", "指标", "Indicator", "hexagon", "#17becf", "⬢", 16, 12, ("Indicator",)),
    Style("Initiative", "举措", "Initiative", "ellipse", "#e377c2", "◯", 14, 12, ("Initiative",)),
)
# fmt: on
STYLE_OF_KIND = {kind: s for s in STYLES for kind in s.kinds}
STYLE_OF_CLASS = {s.key: s for s in STYLES}


@dataclass(frozen=True, slots=True)
class EdgeRule:
    """A KG predicate the explorer draws; ``reverse`` draws it object → subject, so arrows run
    from who sets a task to who takes it up. ``unless``: skip when the subject has that edge."""

    predicate: str
    reverse: bool
    zh: str
    unless: str | None = None


EDGES: tuple[EdgeRule, ...] = (
    EdgeRule("plk:issuedBy", True, "提出"),  # plenum → directive
    EdgeRule("plk:respondsTo", True, "回应"),  # directive → pledge
    EdgeRule("plk:agency", True, "承诺"),  # agency → pledge
    EdgeRule("plk:pledge", True, "目标"),  # pledge → target
    EdgeRule("plk:setBy", True, "设定", unless="plk:pledge"),  # agency → target outside a pledge
    EdgeRule("org:subOrganizationOf", True, "下属"),  # parent body → agency
    EdgeRule("plk:indicator", True, "指标"),  # indicator → figure or target
    EdgeRule("plk:organizer", True, "召开"),  # agency → meeting
    EdgeRule("plk:owner", True, "牵头"),  # agency → initiative
)
RULE_OF = {r.predicate: r for r in EDGES}

# When the whole graph is too big to draw, the overview leaves out these classes in turn
# (figures first: a month of news has ten thousand of them), then nodes left with no edge.
OVERVIEW_DROPS: tuple[tuple[str, ...], ...] = (
    ("Observation", "Indicator"),
    ("Initiative",),
    ("Target",),
)

# How a qualifier sits around a number: 1000余场, 8.8%左右, 约5%, 1至2个.
_INFIX_QUALIFIERS = frozenset({"多", "余"})
_SUFFIX_QUALIFIERS = frozenset({"左右", "以上", "以内", "以下", "上下"})


# --- the view ---------------------------------------------------------------------------------
def view_graph(kg: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The part of ``kg`` (from :func:`kg.netx.to_networkx`) the explorer draws: nodes of the
    :data:`STYLES` classes (attribute ``cls``), edges of :data:`EDGES` oriented for drawing."""
    view = nx.MultiDiGraph()
    for node, kind in kg.nodes(data="kind"):
        style = STYLE_OF_KIND.get(kind)
        if style is not None:
            view.add_node(node, cls=style.key, kind=kind, label=kg.nodes[node]["label"])
            view.nodes[node].update(
                {p: kg.nodes[node][p] for p in ("skos:altLabel",) if p in kg.nodes[node]}
            )
    for s, o, key in kg.edges(keys=True):
        rule = RULE_OF.get(key)
        if rule is None or s not in view or o not in view:
            continue
        if rule.unless and targets(kg, s, rule.unless):
            continue
        u, v = (o, s) if rule.reverse else (s, o)
        view.add_edge(u, v, key=key, predicate=key)
    return view


def overview(view: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, list[str]]:
    """``view`` itself when it has at most ``max_nodes`` nodes, else the view without the
    classes of :data:`OVERVIEW_DROPS` (as few as needed) and without isolated nodes; with the
    classes left out. Raises when even that is too big."""
    dropped: list[str] = []
    for classes in OVERVIEW_DROPS:
        if len(view) <= max_nodes:
            return view, dropped
        view = nx.MultiDiGraph(
            view.subgraph(n for n, c in view.nodes(data="cls") if c not in classes)
        )
        view.remove_nodes_from([n for n in list(view) if view.degree(n) == 0])
        dropped.extend(classes)
    if len(view) > max_nodes:
        raise KgError(
            f"the view has {len(view)} nodes even without figures, indicators, initiatives and "
            f"targets, more than a browser can lay out (limit {max_nodes}); draw part of it with "
            "--focus NAME --depth N or --query FILE.rq, or raise --max-nodes"
        )
    return view, dropped


def focus_view(view: nx.MultiDiGraph, name: str, depth: int) -> nx.MultiDiGraph:
    """The nodes within ``depth`` edges of the agency, directive, plenum ... ``name`` names
    (IRI, end of IRI, name or alias: see :func:`kg.netx.find`)."""
    centres = netx.find(view, name)
    if not centres:
        raise KgError(
            f"--focus '{name}': no agency, plenum, directive or other drawn node has this name, "
            "alias or IRI; try `kg query` to look names up"
        )
    return nx.MultiDiGraph(netx.neighbourhood(view, centres, depth))


def query_view(
    view: nx.MultiDiGraph, store: Any, query: str, params: Mapping[str, str] | None = None
) -> nx.MultiDiGraph:
    """The drawn nodes a SPARQL SELECT binds or a CONSTRUCT mentions, with the edges between
    them (plus the CONSTRUCT's own edges between drawn nodes)."""
    import pyoxigraph as ox

    from kg.query import PREFIXES, bind, resolve_query

    sparql = bind(resolve_query(query), params or {})
    try:
        result = getattr(store, "oxigraph", store).query(
            sparql, use_default_graph_as_union=True, prefixes=PREFIXES
        )
    except SyntaxError as exc:
        raise KgError(f"{query}: SPARQL syntax error: {exc}") from exc
    iris: set[str] = set()
    extra: list[tuple[str, str, str]] = []
    if isinstance(result, ox.QuerySolutions):
        for sol in result:
            iris.update(t.value for t in sol if isinstance(t, ox.NamedNode))
    elif isinstance(result, ox.QueryTriples):
        for t in result:
            s, o = t.subject, t.object
            for term in (s, o):
                if isinstance(term, ox.NamedNode):
                    iris.add(term.value)
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                extra.append((s.value, netx.curie(t.predicate.value), o.value))
    else:
        raise KgError(f"{query}: an ASK query names no nodes; use SELECT or CONSTRUCT")
    keep = iris & set(view)
    if not keep:
        raise KgError(
            f"{query}: the query returned no node the explorer draws (agencies, plenums, "
            "directives, pledges, targets, figures, indicators, initiatives)"
        )
    sub = nx.MultiDiGraph(view.subgraph(keep))
    for s, p, o in extra:
        if s in keep and o in keep and not sub.has_edge(s, o) and not sub.has_edge(o, s):
            sub.add_edge(s, o, key=p, predicate=p)
    return sub


# --- what each node shows ---------------------------------------------------------------------
def _first(kg: nx.MultiDiGraph, node: str, prop: str) -> str | None:
    found = values(kg, node, prop)
    return found[0] if found else None


def _target_label(kg: nx.MultiDiGraph, node: str, prop: str) -> str | None:
    found = targets(kg, node, prop)
    return kg.nodes[found[0]]["label"] if found else None


def _number(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def quantity_text(kg: nx.MultiDiGraph, node: str) -> str:
    """``1000余场``, ``8.8%``, ``1至2个``: the number as a Chinese reader writes it."""
    value = _number(_first(kg, node, "qudt:numericValue")) or ""
    upper = _number(_first(kg, node, "plk:valueMax"))
    unit = _target_label(kg, node, "qudt:unit") or ""
    qualifier = _first(kg, node, "plk:qualifier") or ""
    if upper is not None:
        return f"{value}至{upper}{unit}"
    if qualifier in _INFIX_QUALIFIERS:
        return f"{value}{qualifier}{unit}"
    if qualifier in _SUFFIX_QUALIFIERS:
        return f"{value}{unit}{qualifier}"
    if qualifier and qualifier != "至":
        return f"{qualifier}{value}{unit}"
    return f"{value}{unit}"


def _wrap(text: str, width: int = 8, lines: int = 2) -> str:
    """Chinese has no spaces to wrap at: cut every ``width`` characters, ellipsis past ``lines``."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > width * lines:
        text = text[: width * lines - 1] + "…"
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def _gist(text: str) -> str:
    """The first clause of a directive or pledge, without its leading 将/要."""
    text = re.sub(r"^(?:将|要|并将|还将)", "", text.strip())
    clause = re.split(r"[，,；;。]", text, maxsplit=1)[0]
    return clause if len(clause) >= 4 else text


def short_label(kg: nx.MultiDiGraph, node: str, cls: str) -> str:
    """The label drawn on the canvas: a few characters, at most two lines."""
    data = kg.nodes[node]
    if cls in ("Directive", "Pledge"):
        return _wrap(_gist(_first(kg, node, "plk:text") or data["label"]), 7)
    if cls in ("Target", "Observation"):
        what = (
            _first(kg, node, "plk:object")
            or _first(kg, node, "plk:indicatorLabel")
            or _target_label(kg, node, "plk:indicator")
            or ""
        )
        return quantity_text(kg, node) + ("\n" + _wrap(what, 8, 1) if what else "")
    return _wrap(data["label"], 7)


def _article_info(kg: nx.MultiDiGraph, article: str) -> dict[str, str]:
    info = {
        "title": _first(kg, article, "dcterms:title") or kg.nodes[article]["label"],
        "date": _first(kg, article, "dcterms:issued") or "",
        "publisher": _first(kg, article, "dcterms:publisher") or "",
        "file": _first(kg, article, "plk:sourceFile") or "",
        "iri": article,
    }
    url = next(iter(targets(kg, article, "dcterms:source")), "")
    if re.match(r"https?://", url, re.IGNORECASE):  # never a javascript: or data: link
        info["url"] = url
    return {k: v for k, v in info.items() if v}


def details(kg: nx.MultiDiGraph, node: str, cls: str) -> dict[str, Any]:
    """Everything the page shows about ``node`` on hover or click (plain text only)."""
    data = kg.nodes[node]
    out: dict[str, Any] = {"name": data["label"], "iri": node}
    aliases = sorted(set(values(kg, node, "skos:altLabel")) - {data["label"]})
    if aliases:
        out["aliases"] = aliases
    text = _first(kg, node, "plk:text")
    if text:
        out["text"] = text
    if cls in ("Target", "Observation"):
        out["value"] = quantity_text(kg, node)
        for key, prop in (
            ("indicator", "plk:indicator"),
            ("period", "plk:period"),
            ("measure", "plk:measure"),
            ("region", "dcterms:spatial"),
        ):
            label = _target_label(kg, node, prop)
            if label:
                out[key] = label
        for key, prop in (
            ("wording", "plk:indicatorLabel"),
            ("object", "plk:object"),
            ("comparison", "plk:comparison"),
            ("scope", "plk:rankScope"),
        ):
            found = _first(kg, node, prop)
            if found:
                out[key] = found
    for key, prop in (
        ("agency", "plk:agency"),
        ("respondsTo", "plk:respondsTo"),
        ("setBy", "plk:setBy"),
        ("speaker", "plk:speaker"),
        ("issuedBy", "plk:issuedBy"),
        ("organizer", "plk:organizer"),
        ("owner", "plk:owner"),
        ("parent", "org:subOrganizationOf"),
        ("region", "dcterms:spatial"),
    ):
        if key not in out:
            label = _target_label(kg, node, prop)
            if label:
                out[key] = label
    for key, prop in (
        ("quote", "plk:quote"),
        ("cue", "plk:cue"),
        ("date", "dcterms:date"),
        ("level", "plk:level"),
    ):
        found = _first(kg, node, prop)
        if found:
            out[key] = found
    sentences = sorted(targets(kg, node, "prov:wasDerivedFrom"), key=lambda s: _begin(kg, s))
    if sentences:  # a pledge may run over two sentences: both, in text order
        out["sentence"] = "".join(
            _first(kg, s, "rdfs:label") or _first(kg, s, "nif:anchorOf") or "" for s in sentences
        )
    return out


def _begin(kg: nx.MultiDiGraph, sentence: str) -> int:
    found = _first(kg, sentence, "nif:beginIndex")
    return int(found) if found and found.isdigit() else 0


# --- the page ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Explorer:
    """What :func:`write_explorer` wrote."""

    path: Path
    nodes: int
    edges: int
    bytes: int
    view: str
    counts: dict[str, int] = field(default_factory=dict)
    left_out: tuple[str, ...] = ()  # classes the overview of a big graph leaves out


def _articles_of(kg: nx.MultiDiGraph, view: nx.MultiDiGraph, node: str) -> list[str]:
    own = targets(kg, node, "plk:article")
    if own:
        return own
    found: set[str] = set()  # indicators, parent bodies: the articles of their neighbours
    for other in nx.all_neighbors(view, node):
        found.update(targets(kg, other, "plk:article"))
    return sorted(found)


def _agencies_of(view: nx.MultiDiGraph, node: str, cls: str) -> set[str]:
    """The agencies a node belongs with when the page is filtered by agency."""
    if cls == "Agency":
        children = {
            v for _, v, k in view.out_edges(node, keys=True) if k == "org:subOrganizationOf"
        }
        return {node} | children
    preds = {u: k for u, _, k in view.in_edges(node, keys=True)}
    found = {u for u, k in preds.items() if view.nodes[u]["cls"] == "Agency"}
    if cls in ("Directive", "Plenum", "Meeting"):  # whoever answered it, or its directives
        for _, v in view.out_edges(node):
            if view.nodes[v]["cls"] in ("Pledge", "Directive"):
                found |= _agencies_of(view, v, view.nodes[v]["cls"])
    elif cls == "Target":
        for u in preds:
            if view.nodes[u]["cls"] == "Pledge":
                found |= _agencies_of(view, u, "Pledge")
    return found


def page_data(
    view: nx.MultiDiGraph, kg: nx.MultiDiGraph, *, title: str, note: str, layout: str
) -> dict[str, Any]:
    """The JSON the page is drawn from: pyvis nodes and edges, options, articles, agencies."""
    from pyvis.network import Network

    if layout not in LAYOUTS:
        raise KgError(f"unknown layout '{layout}'; use {' or '.join(LAYOUTS)}")
    order = sorted(
        view.nodes, key=lambda n: ([s.key for s in STYLES].index(view.nodes[n]["cls"]), n)
    )
    index = {n: i for i, n in enumerate(order)}
    article_ids: dict[str, int] = {}
    article_list: list[dict[str, str]] = []
    net = Network(directed=True, cdn_resources="in_line")
    pledges: Counter[str] = Counter()
    for node in order:
        cls = view.nodes[node]["cls"]
        arts = []
        for art in _articles_of(kg, view, node):
            if art not in article_ids:
                article_ids[art] = len(article_list)
                article_list.append(_article_info(kg, art))
            arts.append(article_ids[art])
        info = details(kg, node, cls)
        fact_article = next(iter(targets(kg, node, "plk:article")), None)
        if fact_article is not None and cls not in ("Agency", "Plenum", "Meeting", "Initiative"):
            info["article"] = article_ids[fact_article]
        if cls == "Pledge":
            pledges.update(u for u in view.predecessors(node) if view.nodes[u]["cls"] == "Agency")
        net.add_node(
            index[node],
            label=short_label(kg, node, cls),
            shape=STYLE_OF_CLASS[cls].shape,
            group=cls,
            cls=cls,
            a=arts,
            g=sorted(index[a] for a in _agencies_of(view, node, cls)),
            d=info,
        )
    for u, v, key in view.edges(keys=True):
        rule = RULE_OF.get(key)
        net.add_edge(index[u], index[v], title=f"{rule.zh} · {key}" if rule else key)
    agencies = [
        {"id": index[n], "name": view.nodes[n]["label"], "pledges": pledges[n]}
        for n in order
        if view.nodes[n]["cls"] == "Agency"
    ]
    agencies.sort(key=lambda a: (-a["pledges"], a["name"]))
    net.options = _options(len(view), view.number_of_edges(), layout)
    nodes, edges, _, _, _, options = net.get_network_data()
    articles_sorted = sorted(
        range(len(article_list)), key=lambda i: (article_list[i].get("date", ""), i)
    )
    return {
        "title": title,
        "note": note,
        "layout": layout,
        "classes": [
            {"key": s.key, "zh": s.zh, "en": s.en, "color": s.color, "glyph": s.glyph}
            for s in STYLES
        ],
        "articles": article_list,
        "articleOrder": articles_sorted,
        "agencies": agencies,
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
    }


def _options(n_nodes: int, n_edges: int, layout: str) -> dict[str, Any]:
    """vis-network options: physics that settles, then is switched off by the page."""
    font = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
    groups = {
        s.key: {
            "shape": s.shape,
            "size": s.size,
            "color": {
                "background": s.color,
                "border": s.color,
                "highlight": {"background": "#ffe066", "border": s.color},
            },
            **(
                {"font": {"color": "#ffffff", "face": font, "size": s.font}, "margin": 6}
                if s.shape in ("box", "ellipse")
                else {"font": {"face": font, "size": s.font, "color": "#222222"}}
            ),
        }
        for s in STYLES
    }
    big = n_edges > 600
    return {
        "autoResize": True,
        "groups": groups,
        "nodes": {"font": {"face": font, "size": 14, "color": "#222222"}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#9aa5b1", "highlight": "#333333", "inherit": False},
            "smooth": False if big else {"type": "continuous"},
            "width": 1,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big},
        "physics": {
            "enabled": layout == "physics",
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "springLength": 90,
                "avoidOverlap": 0.4,
            },
            "stabilization": {
                "enabled": True,
                "iterations": _iterations(n_nodes),
                "updateInterval": 50,
                "fit": True,
            },
        },
        "layout": {
            "improvedLayout": False,
            "randomSeed": 7,
            "hierarchical": {
                "enabled": layout == "hierarchical",
                "direction": "UD",
                "sortMethod": "directed",
                "levelSeparation": 140,
                "nodeSpacing": 110,
            },
        },
    }


def _iterations(n_nodes: int) -> int:
    """Physics steps before the layout freezes: fewer for big views, whose page should still
    draw in a few seconds (the force layout button runs more)."""
    return max(60, min(150, 60_000 // max(n_nodes, 1)))


def _json_for_html(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left to
    end the block or start a comment, and no line separators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def vis_network_js() -> str:
    """The vis-network script pyvis ships (read from the installed pyvis, not a CDN)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    found = sorted(lib.glob("vis-*/vis-network.min.js"))
    if not found:
        raise KgError(
            f"{lib}: vis-network.min.js not found; reinstall pyvis (pip install 'pyvis>=0.3.2')"
        )
    return found[-1].read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def render(data: Mapping[str, Any]) -> str:
    """The self-contained page for :func:`page_data`'s ``data``."""
    template = (ASSETS / "explorer.html").read_text(encoding="utf-8")
    vis = vis_network_js()
    app = (ASSETS / "explorer.js").read_text(encoding="utf-8")
    for script in (vis, app):
        if "</script" in script.lower() or "<!--" in script:
            raise KgError("an inlined script contains </script or <!--; the page would break")
    parts = {
        "TITLE": html.escape(str(data["title"])),
        "CSP": f"{_sha256(vis)} {_sha256(app)}",
        "CSS": (ASSETS / "explorer.css").read_text(encoding="utf-8"),
        "DATA": _json_for_html(data),
        "VIS": vis,
        "APP": app,
    }
    # one pass: text substituted in is never scanned again for markers
    return re.sub(r"@@(TITLE|CSP|CSS|DATA|VIS|APP)@@", lambda m: parts[m.group(1)], template)


def write_explorer(
    source: Any,
    path: Path | str,
    *,
    focus: str | None = None,
    depth: int = 2,
    query: str | None = None,
    params: Mapping[str, str] | None = None,
    layout: str = "physics",
    title: str = "plenum-kg explorer",
    max_nodes: int = DEFAULT_MAX_NODES,
    kg: nx.MultiDiGraph | None = None,
) -> Explorer:
    """Write the explorer page for the graph in ``source`` (a store, or see
    :func:`kg.netx.triples`) to ``path``: the whole graph, the neighbourhood of ``focus``
    (``depth`` edges), or the nodes a SPARQL ``query`` returns (``source`` must be a store)."""
    if kg is None:
        kg = netx.to_networkx(source)
    view = view_graph(kg)
    note = f"{len(view)} nodes"
    if query:
        view = query_view(view, source, query, params)
        note = f"query {Path(query).name}: {len(view)} nodes"
    if focus:
        view = focus_view(view, focus, depth)
        note = f"{focus}, depth {depth}: {len(view)} nodes"
    total = len(view)
    view, dropped = overview(view, max_nodes)
    if dropped:
        left_out = ", ".join(STYLE_OF_CLASS[c].en.lower() for c in dropped)
        note = (
            f"overview: {len(view)} of {total} nodes ({left_out} and unlinked nodes left out); "
            "kg viz --focus NAME or --query FILE.rq draws the rest"
        )
    data = page_data(view, kg, title=title, note=note, layout=layout)
    page = render(data)
    path = Path(path)
    from kg.store import write_atomic

    write_atomic(path, lambda fh: fh.write(page.encode("utf-8")))
    return Explorer(
        path,
        len(view),
        view.number_of_edges(),
        path.stat().st_size,
        note,
        class_counts(view),
        tuple(dropped),
    )


def class_counts(view: nx.MultiDiGraph) -> dict[str, int]:
    """Nodes per drawn class, in legend order."""
    counts = Counter(d for _, d in view.nodes(data="cls"))
    return {s.key: counts[s.key] for s in STYLES if counts[s.key]}
