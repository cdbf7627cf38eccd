"""Graph analytics: rankings and centrality on a hand-made graph, then on the seed page."""

from __future__ import annotations

import json
import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg import api, netx, stats
from kg.query import PREFIXES

HEAD = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

# Three directives; A answers d1 and d2 (two pledges to d1), B answers d1, C answers d2,
# nobody answers d3. By hand: A is the only bridge between d1's and d2's agencies.
SMALL = """
@base <https://w3id.org/plenum-kg/id/> .
@prefix plk: <https://w3id.org/plenum-kg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<d1> a plk:Directive ; plk:text "加快建设现代化产业体系" .
<d2> a plk:Directive ; plk:text "持续释放投资消费潜力" .
<d3> a plk:Directive ; plk:text "坚决防范化解重点领域风险" .
<A> a org:Organization ; skos:prefLabel "甲厅"@zh .
<B> a org:Organization ; skos:prefLabel "乙局"@zh .
<C> a org:Organization ; skos:prefLabel "丙委"@zh .
<p1> a plk:Pledge ; plk:agency <A> ; plk:respondsTo <d1> .
<p2> a plk:Pledge ; plk:agency <A> ; plk:respondsTo <d1> .
<p3> a plk:Pledge ; plk:agency <A> ; plk:respondsTo <d2> .
<p4> a plk:Pledge ; plk:agency <B> ; plk:respondsTo <d1> .
<p5> a plk:Pledge ; plk:agency <C> ; plk:respondsTo <d2> .
<p6> a plk:Pledge ; plk:agency <C> .
"""


@pytest.fixture(scope="module")
def small():
    return stats.compute(netx.to_networkx(ox.parse(SMALL, format=ox.RdfFormat.TURTLE)))


def test_agencies_ranked_by_directives_answered(small):
    assert [(a.name, a.directives, a.pledges) for a in small.agencies] == [
        ("甲厅", 2, 3),
        ("丙委", 1, 1),  # ties in name order (code points: 丙 U+4E19 < 乙 U+4E59)
        ("乙局", 1, 1),
    ]


def test_directives_ranked_by_responding_agencies(small):
    assert [(d.text, d.agencies) for d in small.directives] == [
        ("加快建设现代化产业体系", ("乙局", "甲厅")),
        ("持续释放投资消费潜力", ("丙委", "甲厅")),
    ]
    assert [d.text for d in small.unanswered] == ["坚决防范化解重点领域风险"]


def test_the_bridging_agency_is_the_most_central(small):
    first, *rest = small.centrality
    assert first.name == "甲厅"
    assert first.degree == pytest.approx(2 / 3)
    assert first.betweenness > 0
    assert all(c.betweenness == 0 for c in rest)
    # path d1-A-d2 is the only route between the two halves: A lies on 丙委..乙局 and more
    assert first.closeness > max(c.closeness for c in rest)


@pytest.fixture(scope="module")
def seed(seed_built):
    out, _ = seed_built
    store = api.open_store(out)
    return store, stats.compute(netx.to_networkx(store))


def test_seed_directive_ranking_matches_sparql(seed):
    store, report = seed
    rows = store.query(
        HEAD
        + """SELECT ?d (COUNT(DISTINCT ?a) AS ?n) WHERE {
               ?d a plk:Directive . ?p plk:respondsTo ?d ; plk:agency ?a } GROUP BY ?d"""
    )
    expected = {r["d"].value: int(r["n"].value) for r in rows}
    assert {d.directive: d.count for d in report.directives} == expected
    counts = [d.count for d in report.directives]
    assert counts == sorted(counts, reverse=True)
    # 全会提出，要用心用情保障改善民生: 人社厅, 退役军人事务厅, 高校就业指导监测中心, 医保局
    assert report.directives[0].text.startswith("用心用情保障改善民生")
    assert report.directives[0].count == 4


def test_seed_unanswered_directives_match_sparql(seed):
    store, report = seed
    rows = store.query(
        HEAD
        + """SELECT ?d WHERE { ?d a plk:Directive
               FILTER NOT EXISTS { ?p plk:respondsTo ?d ; plk:agency ?a } }"""
    )
    assert sorted(d.directive for d in report.unanswered) == sorted(r["d"].value for r in rows)


def test_kg_stats_prints_tables_and_json(seed_built):
    out, _ = seed_built
    run = [sys.executable, "-m", "kg.cli", "stats", "--out", str(out)]
    r = subprocess.run(run, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "centrality" in r.stdout and "江西省人力资源和社会保障厅" in r.stdout
    r = subprocess.run([*run, "--json"], capture_output=True, text=True, timeout=300)
    data = json.loads(r.stdout)
    assert set(data) == {"agencies", "directives", "unanswered", "centrality"}
    assert data["directives"][0]["text"].startswith("用心用情保障改善民生")
