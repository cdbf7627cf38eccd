"""The ontology is consistent and documented, and shapes, queries and docs use only its terms.

Reasoning runs HermiT (through owlready2, on Java) over the ontology alone, over the valid
example graphs of tests/data/shapes/valid, and over small graphs that break one axiom each.
The named queries run on pyoxigraph over the valid examples loaded one named graph per
article, as the store holds them; their expected answers were read off those files by hand.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import owlready2
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.plugins.sparql import prepareQuery

from kg import vocab
from kg.vocab import NIF, ONTOLOGY_PATH, PLK, QUDT, QUERIES_DIR, SHAPES_PATH

ROOT = Path(__file__).resolve().parents[1]
KG = Path(vocab.__file__).resolve().parent
VALID = sorted((ROOT / "tests/data/shapes/valid").glob("*.ttl"))
ONTOLOGY_IRI = URIRef("https://w3id.org/plenum-kg/ontology")
PLK_NS = "https://w3id.org/plenum-kg/ontology#"

CLASSES = [
    "Article",
    "Meeting",
    "Plenum",
    "NationalPlenum",
    "PressConference",
    "Fact",
    "Directive",
    "Pledge",
    "Target",
    "Observation",
    "Indicator",
    "Initiative",
    "Region",
    "Measure",
]
MEASURES = [
    "growth_rate",
    "level",
    "share",
    "rank",
    "change_in_growth_pp",
    "contribution_rate",
    "count",
    "amount",
    "intensity",
    "pull_pp",
]
QUERIES = [
    "pledges-of-agency",
    "responses-per-directive",
    "targets",
    "observations-of-indicator",
    "people",
    "provenance",
    "directives",
    "gdp-targets-by-region",
    "agencies",
]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def local_terms(graph: Graph) -> set[URIRef]:
    return {
        s
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(PLK_NS)
    }


# --- structure ---------------------------------------------------------------------------------


def test_one_ontology_with_no_imports(ontology: Graph) -> None:
    assert set(ontology.subjects(RDF.type, OWL.Ontology)) == {ONTOLOGY_IRI}
    assert not list(ontology.objects(None, OWL.imports))


@pytest.mark.parametrize("name", CLASSES)
def test_class_is_declared(ontology: Graph, name: str) -> None:
    assert (PLK[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (PLK.Meeting, URIRef("http://www.w3.org/ns/prov#Activity")),
        (PLK.Plenum, PLK.Meeting),
        (PLK.NationalPlenum, PLK.Plenum),
        (PLK.PressConference, PLK.Meeting),
        (PLK.Indicator, SKOS.Concept),
        (PLK.Article, NIF.Context),
        (PLK.Directive, PLK.Fact),
        (PLK.Pledge, PLK.Fact),
        (PLK.Target, PLK.Fact),
        (PLK.Observation, PLK.Fact),
    ],
)
def test_class_hierarchy(ontology: Graph, sub: URIRef, sup: URIRef) -> None:
    assert sup in set(ontology.transitive_objects(sub, RDFS.subClassOf))


def test_agency_is_an_attribution(ontology: Graph) -> None:
    prov_attributed = URIRef("http://www.w3.org/ns/prov#wasAttributedTo")
    assert (PLK.agency, RDFS.subPropertyOf, prov_attributed) in ontology


def test_measures_are_the_ten_individuals_with_their_notation(ontology: Graph) -> None:
    assert set(ontology.subjects(RDF.type, PLK.Measure)) == {PLK[m] for m in MEASURES}
    for name in MEASURES:
        assert list(ontology.objects(PLK[name], SKOS.notation)) == [Literal(name)]


def test_every_local_term_has_english_and_chinese_labels_and_a_comment(ontology: Graph) -> None:
    missing = []
    for term in sorted(local_terms(ontology)):
        languages = {label.language for label in ontology.objects(term, RDFS.label)}
        if not {"en", "zh"} <= languages or (term, RDFS.comment, None) not in ontology:
            missing.append(term)
    assert not missing


# --- every term used elsewhere is declared -----------------------------------------------------

# Prefixes whose terms must be declared in plenum.ttl (rdf, rdfs, owl, xsd, sh are built in).
CHECKED_PREFIXES = ("plk", "org", "skos", "prov", "nif", "time", "qudt", "dcterms", "foaf")
TERM = re.compile(r"(?<![\w:/#<])(" + "|".join(CHECKED_PREFIXES) + r"):([A-Za-z_][\w-]*)")
PLK_IRI = re.compile(r"<https://w3id\.org/plenum-kg/ontology#([\w-]+)>")


def used_terms(text: str, namespaces: dict[str, str]) -> set[URIRef]:
    terms = {URIRef(namespaces[prefix] + name) for prefix, name in TERM.findall(text)}
    return terms | {URIRef(PLK_NS + name) for name in PLK_IRI.findall(text)}


@pytest.mark.parametrize(
    "path",
    [SHAPES_PATH, ROOT / "docs/model.md", *sorted(QUERIES_DIR.glob("*.rq"))],
    ids=lambda p: p.name,
)
def test_terms_used_are_declared(ontology: Graph, path: Path) -> None:
    namespaces = {prefix: str(ns) for prefix, ns in ontology.namespaces()}
    undeclared = {
        term
        for term in used_terms(path.read_text(encoding="utf-8"), namespaces)
        if (term, RDF.type, None) not in ontology
    }
    assert not undeclared


# --- kg.vocab ----------------------------------------------------------------------------------


def test_vocab_gives_declared_terms() -> None:
    assert PLK.Pledge == URIRef(PLK_NS + "Pledge")
    assert PLK.agency == URIRef(PLK_NS + "agency")
    assert PLK["growth_rate"] == URIRef(PLK_NS + "growth_rate")
    assert PLK.Pledge in PLK
    assert NIF.beginIndex == URIRef(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex"
    )
    assert QUDT.numericValue == URIRef("http://qudt.org/schema/qudt/numericValue")


def test_vocab_knows_exactly_the_ontology_terms(ontology: Graph) -> None:
    assert set(PLK) == local_terms(ontology)


def test_vocab_raises_on_an_undeclared_term() -> None:
    with pytest.raises(AttributeError, match=r"plk:Pledgee is not declared in .*plenum\.ttl"):
        _ = PLK.Pledgee
    with pytest.raises(AttributeError):
        _ = PLK["agencies"]
    assert URIRef(PLK_NS + "agencies") not in PLK


def test_vocab_paths_point_at_the_ontology_files() -> None:
    assert vocab.ONTOLOGY_PATH.is_file()
    assert vocab.SHAPES_PATH.is_file()
    assert vocab.QUERIES_DIR.is_dir()
    assert vocab.ONTOLOGY_DIR == ROOT / "ontology"


def _import_vocab_from(site: Path) -> subprocess.CompletedProcess[str]:
    code = "import kg.vocab as v; print(v.ONTOLOGY_DIR); print(v.PLK.Pledge)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=site,
        env={"PYTHONPATH": str(site), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )


def test_vocab_finds_the_copy_an_installed_package_carries(tmp_path: Path) -> None:
    package = tmp_path / "kg"
    (package / "ontology").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    for module in ("vocab.py", "errors.py"):
        (package / module).write_text((KG / module).read_text(encoding="utf-8"))
    (package / "ontology/plenum.ttl").write_bytes(ONTOLOGY_PATH.read_bytes())
    done = _import_vocab_from(tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [str(package / "ontology"), PLK_NS + "Pledge"]


def test_vocab_names_both_places_when_the_ontology_is_missing(tmp_path: Path) -> None:
    package = tmp_path / "kg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for module in ("vocab.py", "errors.py"):
        (package / module).write_text((KG / module).read_text(encoding="utf-8"))
    done = _import_vocab_from(tmp_path)
    assert done.returncode != 0
    assert "OntologyNotFoundError" in done.stderr
    assert str(tmp_path / "ontology" / "plenum.ttl") in done.stderr
    assert str(package / "ontology" / "plenum.ttl") in done.stderr


# --- reasoning (HermiT) ------------------------------------------------------------------------


def is_consistent(graph: Graph, tmp_path: Path) -> tuple[bool, list[object]]:
    """Run HermiT on ``graph``; return whether it is consistent and its unsatisfiable classes."""
    path = tmp_path / "reasoned.owl"
    graph.serialize(path, format="xml")  # owlready2 reads RDF/XML, not Turtle
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False, []
    else:
        return True, list(world.inconsistent_classes())
    finally:
        world.close()


def with_ontology(*turtle: str, files: tuple[Path, ...] = ()) -> Graph:
    graph = Graph().parse(ONTOLOGY_PATH, format="turtle")
    for path in files:
        graph.parse(path, format="turtle")
    for text in turtle:
        graph.parse(data=PREFIXES + text, format="turtle")
    return graph


PREFIXES = """
@prefix plk: <https://w3id.org/plenum-kg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix ex: <https://example.org/> .
"""


def test_ontology_is_consistent_and_every_class_satisfiable(tmp_path: Path) -> None:
    consistent, unsatisfiable = is_consistent(with_ontology(), tmp_path)
    assert consistent
    assert unsatisfiable == []


def test_valid_example_graphs_are_consistent(tmp_path: Path) -> None:
    consistent, unsatisfiable = is_consistent(with_ontology(files=tuple(VALID)), tmp_path)
    assert consistent
    assert unsatisfiable == []


@pytest.mark.parametrize(
    "turtle",
    [
        pytest.param("ex:f a plk:Pledge , plk:Target .", id="pledge-and-target"),
        pytest.param("ex:f a plk:Directive , plk:Observation .", id="directive-and-observation"),
        pytest.param(
            "ex:p plk:respondsTo ex:o . ex:o a plk:Observation .", id="responds-to-observation"
        ),
        pytest.param('ex:s nif:beginIndex "-1"^^xsd:integer .', id="negative-offset"),
        pytest.param('ex:a a org:Organization ; plk:level "provincial" .', id="unknown-level"),
        pytest.param("plk:rank owl:sameAs plk:count .", id="two-measures-the-same"),
        pytest.param("ex:i a plk:Indicator . ex:i owl:sameAs plk:share .", id="measure-indicator"),
    ],
)
def test_samples_breaking_an_axiom_are_inconsistent(turtle: str, tmp_path: Path) -> None:
    consistent, _ = is_consistent(with_ontology(turtle), tmp_path)
    assert not consistent


# --- named queries -----------------------------------------------------------------------------

PARAM = re.compile(r"^# Param: (\w+) — \S", re.M)
VALUES_UNDEF = re.compile(r"^\s*VALUES \?(\w+)_param \{ UNDEF \}$", re.M)


def query_text(name: str) -> str:
    return (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")


def test_every_required_query_exists() -> None:
    assert set(QUERIES) <= {p.stem for p in QUERIES_DIR.glob("*.rq")}


@pytest.mark.parametrize("path", sorted(QUERIES_DIR.glob("*.rq")), ids=lambda p: p.stem)
def test_query_file_is_documented_and_parses(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.match(r"# Question: \S.*\n", text)
    # each documented parameter is declared (once per branch that reads it: a query may
    # look a bound value up in one branch and list everything in another)
    assert set(PARAM.findall(text)) == set(VALUES_UNDEF.findall(text))
    assert set(re.findall(r"\?(\w+)_param\b", text)) == set(PARAM.findall(text))
    prepareQuery(text)
    ox.Store().query(text)


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """The valid examples, one named graph per article, as the graph builder stores them."""
    store = ox.Store()
    for path in VALID:
        graph = Graph().parse(path, format="turtle")
        (article,) = graph.subjects(RDF.type, PLK.Article)
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(article))
    return store


def run(store: ox.Store, name: str, **params: str) -> list[dict[str, str]]:
    """Run a named query as the CLI does: each given parameter replaces UNDEF by a literal."""
    text = query_text(name)
    for param, value in params.items():
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        text = text.replace(
            f"VALUES ?{param}_param {{ UNDEF }}", f'VALUES ?{param}_param {{ "{escaped}" }}'
        )
    solutions = store.query(text, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


A1 = "https://w3id.org/plenum-kg/id/article/000_bfd7d7b83f15da73/1"
A1_TITLE = "以实干实绩 推动高质量发展取得新成效"


@pytest.mark.parametrize("agency", ["省工信厅", "江西省工业和信息化厅"])
def test_pledges_of_an_agency_by_name_or_alias(store: ox.Store, agency: str) -> None:
    rows = run(store, "pledges-of-agency", agency=agency)
    assert [(r["agencyName"], r["directiveText"], r["articleTitle"]) for r in rows] == [
        ("江西省工业和信息化厅", "加快建设现代化产业体系，积极培育发展新质生产力", A1_TITLE)
    ]
    assert rows[0]["pledgeText"].startswith("将聚焦传统产业改造升级")


def test_pledges_of_every_agency_without_a_parameter(store: ox.Store) -> None:
    rows = run(store, "pledges-of-agency")
    assert sorted(r["agencyName"] for r in rows) == [
        "江西省农业农村厅",
        "江西省商务厅",
        "江西省工业和信息化厅",
    ]


def test_pledges_of_a_sub_unit_do_not_include_its_parent(store: ox.Store) -> None:
    assert run(store, "pledges-of-agency", agency="经济运行处") == []


def test_responses_per_directive_in_text_order(store: ox.Store) -> None:
    rows = run(store, "responses-per-directive")
    assert [(r["directiveText"][:4], r["agencyCount"], r["agencies"]) for r in rows] == [
        ("加快建设", "1", "江西省工业和信息化厅"),
        ("用足用好", "1", "江西省商务厅"),
        ("统筹新型", "1", "江西省农业农村厅"),
    ]
    assert {r["issuerName"] for r in rows} == {"省委十五届六次全会"}


def test_targets(store: ox.Store) -> None:
    rows = run(store, "targets")
    got = [
        (r["value"], r.get("valueMax"), r["unit"], r.get("qualifier"), r["agencyName"])
        for r in rows
    ]
    assert got == [
        ("1000", None, "个", None, "江西省工业和信息化厅"),
        ("1000", None, "场", "余", "江西省商务厅"),
        ("1", "2", "个", "至", "江西省农业农村厅"),
        ("5", None, "%", "左右", "江西省人民政府"),
        ("7.5", None, "%", "左右", "江西省人民政府"),
        ("6", None, "%", "以上", "海南省人民政府"),
    ]
    assert [r.get("period") for r in rows] == ["2024", "2024", None, "2025", "2025", "2025"]
    assert rows[3]["indicator"] == "地区生产总值"
    assert rows[0]["object"] == "重大工业项目"


@pytest.mark.parametrize("indicator", ["gdp", "GDP", "地区生产总值"])
def test_observations_of_an_indicator_by_notation_or_label(store: ox.Store, indicator: str) -> None:
    rows = run(store, "observations-of-indicator", indicator=indicator)
    assert [(r["value"], r["unit"], r["measure"], r["period"], r["region"]) for r in rows] == [
        ("3.5", "%", "growth_rate", "2024", "海南省")
    ]


def test_observations_of_an_indicator_by_the_wording_of_the_text(store: ox.Store) -> None:
    rows = run(store, "observations-of-indicator", indicator="规模以上工业增加值")
    assert [(r["value"], r["comparison"], r["direction"], r["text"]) for r in rows] == [
        ("8.8", "同比", "up", "全省规模以上工业增加值同比增长8.8%")
    ]


def test_people(store: ox.Store) -> None:
    rows = run(store, "people")
    got = {(r["name"], r.get("post"), r.get("organisation"), r["roles"]) for r in rows}
    assert got == {
        ("付筠", "处长", "江西省工业和信息化厅经济运行处", "speaker"),
        ("万昱", None, None, "reporter"),
        ("陈远路", "全媒体记者", "江西日报社", "reporter"),
        ("罗利", "实习生", "江西日报社", "reporter"),
    }


def test_provenance_offsets_slice_the_article_text(store: ox.Store) -> None:
    texts = {
        str(article): str(text)
        for path in VALID
        for article, text in Graph().parse(path).subject_objects(NIF.isString)
    }
    rows = run(store, "provenance")
    assert len(rows) == 17
    for row in rows:
        begin, end = int(row["begin"]), int(row["end"])
        assert texts[row["article"]][begin:end] == row["anchor"]
    kinds = [r["kind"] for r in rows if r["article"] == A1]
    assert kinds.count("Directive") == 3 and kinds.count("Pledge") == 3


def test_directives(store: ox.Store) -> None:
    rows = run(store, "directives")
    assert len(rows) == 3
    assert {(r["cue"], r["issuerName"], r["articleTitle"]) for r in rows} == {
        ("全会提出，要", "省委十五届六次全会", A1_TITLE)
    }


def test_gdp_targets_by_region_highest_first(store: ox.Store) -> None:
    rows = run(store, "gdp-targets-by-region", year="2025")
    assert [(r["region"], r["value"], r["qualifier"]) for r in rows] == [
        ("海南省", "6", "以上"),
        ("江西省", "5", "左右"),
    ]
    assert run(store, "gdp-targets-by-region", year="2024") == []


def test_agencies_once_each_though_described_in_several_graphs(store: ox.Store) -> None:
    rows = run(store, "agencies")
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names)) == 8
    unit = next(r for r in rows if r["name"] == "江西省工业和信息化厅经济运行处")
    assert (unit["aliases"], unit["parent"], unit["level"], unit["region"]) == (
        "经济运行处",
        "江西省工业和信息化厅",
        "sub-unit",
        "江西省",
    )


def test_events_and_initiatives(store: ox.Store) -> None:
    events = run(store, "events")
    assert [(r["name"], r["kind"], r["date"]) for r in events] == [
        ("省委十五届六次全会", "plenum", "2024-07-29"),
        ("江西深入推进新型工业化新闻发布会", "press conference", "2024-08-01"),
    ]
    initiatives = run(store, "initiatives")
    assert [(r["name"], r["owners"]) for r in initiatives] == [
        ("1269行动计划", "江西省工业和信息化厅")
    ]


def test_query_parameter_with_quotes_is_a_literal(store: ox.Store) -> None:
    assert run(store, "pledges-of-agency", agency='省工信厅" } FILTER(true) #') == []
