"""The explorer page: self-contained, faithful to the store, escaped, with views for big graphs.

What the page shows is checked against SPARQL over the store, never against the page's own
code. The browser half of these checks is in test_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg import api, netx, viz
from kg.errors import KgError
from kg.query import PREFIXES

HEAD = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
GONGXIN = "https://w3id.org/plenum-kg/id/agency/江西省工业和信息化厅"
# The classes the explorer draws, written out here rather than taken from kg.viz.
DRAWN = (
    "plk:Plenum plk:NationalPlenum plk:PressConference plk:Meeting plk:Directive plk:Pledge "
    "plk:Target plk:Observation plk:Indicator plk:Initiative org:Organization"
)
PAYLOADS = (
    "<script>window.__kgPwned=1</script>",
    "</script><script>window.__kgPwned=2</script>",
    "<script>window.__kgPwned=4</script>",
    "</script><img src=x onerror=window.__kgPwned=5>",
    "javascript:window.__kgPwned=3",
)


def select(store, query: str) -> list[dict[str, str]]:
    solutions = store.query(HEAD + query)
    names = [v.value for v in solutions.variables]
    return [{n: sol[n].value for n in names if sol[n] is not None} for sol in solutions]


def drawn_count(store) -> int:
    (row,) = select(
        store, f"SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE {{ VALUES ?cls {{ {DRAWN} }} ?n a ?cls }}"
    )
    return int(row["c"])


def page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    assert m, "the page has its data block"
    return json.loads(m.group(1))


def node_by_iri(data: dict, iri: str) -> dict:
    (node,) = [n for n in data["nodes"] if n["d"]["iri"] == iri]
    return node


def build_crafted(root: Path) -> Path:
    """A source whose title, text and URL try to inject script into the page; returns the
    build folder (with explorer.html written by the build)."""
    src = root / "src"
    src.mkdir(parents=True)
    (src / "MANIFEST.tsv").write_text(
        "file\tpublisher\tpublished\ttitle\turl\tregion\n"
        f"crafted.txt\t江西日报\t2024-08-02\t{PAYLOADS[0]}\"' onload=x\t{PAYLOADS[4]}\t江西省\n",
        encoding="utf-8",
    )
    (src / "crafted.txt").write_text(
        f"{PAYLOADS[0]}\"'javascript:alert(1)\n\n"
        f"以实干实绩 推动高质量发展{PAYLOADS[1]}\n\n"
        f"本报讯 全会提出，要加快建设“{PAYLOADS[2]}”现代化产业体系，积极培育发展新质生产力。"
        f"省商务厅表示，将深入推动“{PAYLOADS[3]}”javascript:alert(1)消费品以旧换新，"
        "省市县联动开展促消费活动1000余场，充分激发消费活力。\n",
        encoding="utf-8",
    )
    out = root / "out"
    summary = api.build([src], out=out)
    assert summary.explorer == api.explorer_path(out), summary.explorer_error
    return out


@pytest.fixture(scope="module")
def seed(seed_built):
    out, summary = seed_built
    return api.open_store(out), api.explorer_path(out), summary


# --- self-contained -------------------------------------------------------------------------
def test_build_writes_the_explorer(seed):
    _, page, summary = seed
    assert summary.explorer == page and page.is_file()


def test_page_links_nothing_and_allows_only_its_own_scripts(seed):
    _, page, _ = seed
    text = page.read_text(encoding="utf-8")
    assert not re.search(
        r"<(?:script|link|img|iframe|embed|object|source)\b[^>]*\b(?:src|href)\s*=", text, re.I
    )
    assert "@import" not in text and "cdn.jsdelivr" not in text and "cdnjs" not in text
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    assert len(scripts) == 2  # vis-network and the explorer, both inline
    outside = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", text, flags=re.S)
    assert len(re.findall(r"<script\b", outside)) == 3  # plus the JSON data block
    assert "vis-network" in scripts[0][:400]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    assert "default-src 'none'" in csp
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_kg_viz_leaves_no_lib_folder_behind(seed, tmp_path):
    out = seed[1].parent
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "viz",
            "--out",
            str(out),
            "--html",
            str(tmp_path / "p.html"),
        ],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert list(cwd.iterdir()) == []
    assert (tmp_path / "p.html").stat().st_size > 100_000


# --- faithful to the store ---------------------------------------------------------------------
def test_every_drawn_node_is_in_the_page_once(seed):
    store, page, _ = seed
    data = page_data(page)
    iris = [n["d"]["iri"] for n in data["nodes"]]
    assert len(iris) == len(set(iris)) == drawn_count(store)
    for cls, key in (
        ("plk:Pledge", "Pledge"),
        ("plk:Directive", "Directive"),
        ("org:Organization", "Agency"),
    ):
        (row,) = select(store, f"SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE {{ ?n a {cls} }}")
        assert sum(n["cls"] == key for n in data["nodes"]) == int(row["c"])


def test_edges_run_plenum_directive_pledge_and_agency_pledge(seed):
    store, page, _ = seed
    data = page_data(page)
    iri = {n["id"]: n["d"]["iri"] for n in data["nodes"]}
    edges = {(iri[e["from"]], iri[e["to"]]) for e in data["edges"]}
    for row in select(
        store, "SELECT ?p ?d ?a WHERE { ?p a plk:Pledge ; plk:agency ?a ; plk:respondsTo ?d }"
    ):
        assert (row["d"], row["p"]) in edges
        assert (row["a"], row["p"]) in edges
    for row in select(store, "SELECT ?d ?e WHERE { ?d a plk:Directive ; plk:issuedBy ?e }"):
        assert (row["e"], row["d"]) in edges
    for row in select(store, "SELECT ?a ?parent WHERE { ?a org:subOrganizationOf ?parent }"):
        assert (row["parent"], row["a"]) in edges


def test_agency_carries_its_aliases_for_the_search(seed):
    _, page, _ = seed
    node = node_by_iri(page_data(page), GONGXIN)
    assert node["d"]["name"] == "江西省工业和信息化厅"
    assert "省工信厅" in node["d"]["aliases"]
    assert len(node["label"].replace("\n", "")) <= 14  # a short label, full name on demand


def test_pledge_shows_full_text_source_sentence_title_and_date(seed):
    store, page, _ = seed
    data = page_data(page)
    rows = select(
        store,
        """SELECT ?p ?text ?sentence ?title ?date WHERE {
             ?p a plk:Pledge ; plk:text ?text ; prov:wasDerivedFrom/rdfs:label ?sentence ;
                plk:article ?art . ?art dcterms:title ?title ; dcterms:issued ?date }""",
    )
    assert len({r["p"] for r in rows}) == 17
    for row in rows:  # a pledge over two sentences shows both
        d = node_by_iri(data, row["p"])["d"]
        assert d["text"] == row["text"]
        assert row["sentence"] in d["sentence"]
        article = data["articles"][d["article"]]
        assert (article["title"], article["date"]) == (row["title"], row["date"])


def test_target_shows_value_unit_and_period(seed):
    store, page, _ = seed
    data = page_data(page)
    rows = select(
        store,
        """SELECT ?t ?v ?unit ?period WHERE { ?t a plk:Target ; qudt:numericValue ?v ;
             qudt:unit/skos:prefLabel ?unit . OPTIONAL { ?t plk:period/rdfs:label ?period } }""",
    )
    assert rows
    for row in rows:
        d = node_by_iri(data, row["t"])["d"]
        number = row["v"].rstrip("0").rstrip(".") if "." in row["v"] else row["v"]
        assert number in d["value"] and row["unit"] in d["value"]
        assert d.get("period") == row.get("period")
    # checked by reading the page: 省市县联动开展促消费活动1000余场
    assert any(node_by_iri(data, r["t"])["d"]["value"] == "1000余场" for r in rows)


def test_quantity_wording_follows_the_qualifier():
    import networkx as nx

    g = nx.MultiDiGraph()
    for node, value, qualifier, upper in (
        ("a", "1000", "余", None),
        ("b", "8.8", "左右", None),
        ("c", "5", "约", None),
        ("d", "1", "至", "2"),
    ):
        g.add_node(node, **{"qudt:numericValue": [value], "plk:qualifier": [qualifier]})
        if upper:
            g.nodes[node]["plk:valueMax"] = [upper]
    g.add_node("u", label="个")
    for node in "abcd":
        g.add_edge(node, "u", key="qudt:unit")
    assert [viz.quantity_text(g, n) for n in "abcd"] == ["1000余个", "8.8个左右", "约5个", "1至2个"]


# --- views for big graphs ----------------------------------------------------------------------
def test_focus_on_an_agency_by_alias(seed, tmp_path):
    store, _, _ = seed
    page = viz.write_explorer(store, tmp_path / "f.html", focus="省工信厅", depth=1)
    iris = {n["d"]["iri"] for n in page_data(page.path)["nodes"]}
    pledges = {r["p"] for r in select(store, f"SELECT ?p WHERE {{ ?p plk:agency <{GONGXIN}> }}")}
    assert {GONGXIN} | pledges <= iris
    for iri in iris - {GONGXIN}:  # depth 1: every other node touches the agency in the store
        assert store.query(
            HEAD + f"ASK {{ {{ <{iri}> ?p <{GONGXIN}> }} UNION {{ <{GONGXIN}> ?p <{iri}> }} }}"
        )
    deeper = viz.write_explorer(store, tmp_path / "g.html", focus="省工信厅", depth=2)
    directives = {
        r["d"]
        for r in select(
            store, f"SELECT ?d WHERE {{ ?p plk:agency <{GONGXIN}> ; plk:respondsTo ?d }}"
        )
    }
    assert directives and directives <= {n["d"]["iri"] for n in page_data(deeper.path)["nodes"]}
    assert deeper.nodes < drawn_count(store)


def test_focus_on_an_unknown_name_says_what_to_do(seed, tmp_path):
    with pytest.raises(KgError, match="--focus '不存在的机构'"):
        viz.write_explorer(seed[0], tmp_path / "x.html", focus="不存在的机构")


def test_query_views_select_and_construct(seed, tmp_path):
    store, _, _ = seed
    sel = tmp_path / "sel.rq"
    sel.write_text(
        'SELECT ?p ?a WHERE { ?p plk:agency ?a . ?a skos:altLabel "省商务厅"@zh }', encoding="utf-8"
    )
    page = viz.write_explorer(store, tmp_path / "s.html", query=str(sel))
    expected = select(
        store, 'SELECT ?p ?a WHERE { ?p plk:agency ?a . ?a skos:altLabel "省商务厅"@zh }'
    )
    assert {n["d"]["iri"] for n in page_data(page.path)["nodes"]} == {r["p"] for r in expected} | {
        r["a"] for r in expected
    }
    con = tmp_path / "con.rq"
    con.write_text(
        "CONSTRUCT { ?a plk:answered ?d } WHERE { ?p plk:agency ?a ; plk:respondsTo ?d }",
        encoding="utf-8",
    )
    page = viz.write_explorer(store, tmp_path / "c.html", query=str(con))
    data = page_data(page.path)
    pairs = select(store, "SELECT DISTINCT ?a ?d WHERE { ?p plk:agency ?a ; plk:respondsTo ?d }")
    assert {n["d"]["iri"] for n in data["nodes"]} == {r["a"] for r in pairs} | {
        r["d"] for r in pairs
    }
    assert len(data["edges"]) == len(pairs)


def test_query_that_draws_nothing_is_a_clear_error(seed, tmp_path):
    q = tmp_path / "none.rq"
    q.write_text("SELECT ?s WHERE { ?s a nif:Sentence }", encoding="utf-8")
    with pytest.raises(KgError, match="no node the explorer draws"):
        viz.write_explorer(seed[0], tmp_path / "x.html", query=str(q))


def test_too_big_a_graph_gets_an_overview_then_an_error(seed, tmp_path):
    store, _, _ = seed
    (figures,) = select(store, "SELECT (COUNT(DISTINCT ?o) AS ?c) WHERE { ?o a plk:Observation }")
    page = viz.write_explorer(store, tmp_path / "o.html", max_nodes=drawn_count(store) - 1)
    assert page.left_out == ("Observation", "Indicator")
    assert "Observation" not in page.counts and int(figures["c"]) > 0
    assert page.nodes <= drawn_count(store) - int(figures["c"])
    with pytest.raises(KgError, match="--focus NAME"):
        viz.write_explorer(store, tmp_path / "x.html", max_nodes=5)


def test_unknown_layout_is_a_clear_error(seed, tmp_path):
    with pytest.raises(KgError, match="physics or hierarchical"):
        viz.write_explorer(seed[0], tmp_path / "x.html", layout="circular")


def test_a_failing_explorer_does_not_fail_the_build(tmp_path):
    from .conftest import SEED_DIR

    out = tmp_path / "out"
    api.explorer_path(out).mkdir(parents=True)  # a folder where the page should go
    summary = api.build([SEED_DIR], out=out)
    assert summary.explorer is None and summary.explorer_error
    assert summary.pledges == 17
    assert len(netx.nodes_of(api.graph(out), "Pledge")) == 17  # the store is complete


# --- escaping ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    return build_crafted(tmp_path_factory.mktemp("crafted"))


def test_article_text_cannot_inject_markup(crafted):
    text = api.explorer_path(crafted).read_text(encoding="utf-8")
    for payload in PAYLOADS:
        assert payload not in text
    assert len(re.findall(r"</script", text, re.I)) == 3  # no block closed early
    outside = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", text, flags=re.S)
    assert len(re.findall(r"<script\b", outside, re.I)) == 3
    assert "<img" not in text.lower()
    # the words are kept, as text: the page shows what the article says
    blob = json.dumps(page_data(api.explorer_path(crafted)), ensure_ascii=False)
    assert "<script>window.__kgPwned=4</script>" in blob.replace("\\/", "/")
    assert "onerror=window.__kgPwned=5" in blob


def test_javascript_urls_are_never_links(crafted):
    data = page_data(api.explorer_path(crafted))
    store = api.open_store(crafted)
    (row,) = select(store, "SELECT ?u WHERE { ?a dcterms:source ?u }")
    assert row["u"].startswith("javascript:")  # it is in the store ...
    assert all("url" not in a for a in data["articles"])  # ... but not a link in the page


def test_kg_export_writes_graphml_for_gephi(seed, tmp_path):
    out = seed[1].parent
    target = tmp_path / "seed.gexf"
    r = subprocess.run(
        [sys.executable, "-m", "kg.cli", "export", str(target), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert target.read_text(encoding="utf-8").startswith("<?xml") and "gexf" in r.stdout
