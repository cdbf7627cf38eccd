"""RDF → NetworkX: the MultiDiGraph holds what the store holds, whatever the RDF source."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
import pytest

from kg import api, netx
from kg.errors import KgError
from kg.query import PREFIXES

ID = "https://w3id.org/plenum-kg/id/"
GONGXIN = ID + "agency/江西省工业和信息化厅"
HEAD = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def count(store, where: str) -> int:
    (row,) = list(store.query(HEAD + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"))
    return int(row["n"].value)


@pytest.fixture(scope="module")
def seed(seed_built):
    out, _ = seed_built
    store = api.open_store(out)
    return store, netx.to_networkx(store)


def test_every_resource_link_is_one_edge(seed):
    store, g = seed
    # counted by SPARQL over the union graph: distinct resource-valued triples but rdf:type
    edges = count(
        store,
        "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isLiteral(?o) && ?p != rdf:type) }",
    )
    assert g.number_of_edges() == edges
    assert isinstance(g, nx.MultiDiGraph)
    for kind, cls in (
        ("Pledge", "plk:Pledge"),
        ("Directive", "plk:Directive"),
        ("Agency", "org:Organization"),
    ):
        assert len(netx.nodes_of(g, kind)) == count(
            store, f"SELECT DISTINCT ?n WHERE {{ ?n a {cls} }}"
        )


def test_agency_node_carries_labels_and_aliases(seed):
    _, g = seed
    node = g.nodes[GONGXIN]
    assert node["kind"] == "Agency"
    assert node["label"] == "江西省工业和信息化厅"
    assert "省工信厅" in node["skos:altLabel"]
    assert node["rdf:type"] == ["org:Organization"]


def test_pledge_edges_are_keyed_by_predicate(seed):
    _, g = seed
    pledges = netx.sources(g, GONGXIN, "plk:agency")
    assert pledges, "省工信厅 made a pledge on the seed page"
    (directive,) = netx.targets(g, pledges[0], "plk:respondsTo")
    assert g.nodes[directive]["kind"] == "Directive"
    assert g.has_edge(pledges[0], GONGXIN, key="plk:agency")


def test_article_text_is_left_out_unless_asked_for(seed):
    store, g = seed
    article = netx.nodes_of(g, "Article")[0]
    assert "nif:isString" not in g.nodes[article]
    full = netx.to_networkx(store, skip=())
    assert full.nodes[article]["nif:isString"][0].startswith("贯彻落实省委十五届六次全会精神")


def test_rdflib_and_pyoxigraph_give_the_same_graph(seed):
    store, g = seed
    from_rdflib = netx.to_networkx(store.to_rdflib())
    assert set(from_rdflib.nodes) == set(g.nodes)
    assert set(from_rdflib.edges(keys=True)) == set(g.edges(keys=True))
    assert from_rdflib.nodes[GONGXIN]["skos:altLabel"] == g.nodes[GONGXIN]["skos:altLabel"]


def test_a_fact_in_two_article_graphs_is_one_edge():
    a, b = ox.NamedNode(ID + "agency/A"), ox.NamedNode(ID + "agency/B")
    sub = ox.NamedNode(PREFIXES["org"] + "subOrganizationOf")
    quads = [ox.Quad(a, sub, b, ox.NamedNode(ID + f"article/x/{i}")) for i in (1, 2)]
    g = netx.to_networkx(quads)
    assert g.number_of_edges() == 1
    assert g.nodes[ID + "agency/A"]["label"] == "A"  # no label: the end of the IRI


def test_find_by_alias_iri_end_and_name_but_never_by_substring(seed):
    _, g = seed
    assert netx.find(g, "省工信厅") == [GONGXIN]
    assert netx.find(g, "江西省工业和信息化厅") == [GONGXIN]
    assert netx.find(g, "agency/江西省工业和信息化厅") == [GONGXIN]
    assert netx.find(g, "工信") == []


def test_neighbourhood_ignores_direction(seed):
    _, g = seed
    near = netx.neighbourhood(g, [GONGXIN], 1)
    pledges = netx.sources(g, GONGXIN, "plk:agency")
    assert set(pledges) <= set(near)  # pledges point at the agency: reached backwards
    assert set(near) == {GONGXIN} | set(nx.all_neighbors(g, GONGXIN))
    with pytest.raises(KgError):
        netx.neighbourhood(g, [GONGXIN], -1)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_reads_back_in_networkx(seed, tmp_path, fmt):
    _, g = seed
    path = netx.export(g, tmp_path / f"seed.{fmt}", fmt)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    assert back.nodes[GONGXIN]["label"] == "江西省工业和信息化厅"
    assert "省工信厅" in back.nodes[GONGXIN]["skos:altLabel"]


def test_unknown_export_format_is_a_clear_error(seed, tmp_path):
    _, g = seed
    with pytest.raises(KgError, match="graphml or gexf"):
        netx.export(g, tmp_path / "x.dot", "dot")


def test_unreadable_source_is_a_clear_error():
    with pytest.raises(KgError, match="cannot read triples"):
        netx.to_networkx(42)


def test_every_plk_term_the_graph_and_explorer_name_is_in_the_ontology():
    from kg import viz
    from kg.vocab import PLK

    used = {c for c, _ in netx.KINDS} | {r.predicate for r in viz.EDGES} | set(netx.LABELS)
    used |= {r.unless for r in viz.EDGES if r.unless}
    for term in sorted(t for t in used if t.startswith("plk:")):
        assert PLK[term[4:]] in PLK, f"{term} is not declared in ontology/plenum.ttl"
