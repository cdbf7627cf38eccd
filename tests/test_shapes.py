"""The SHACL shapes accept the valid example graphs and reject each broken one for its reason.

tests/data/shapes/valid/*.ttl follow docs/model.md and must conform; every file in
tests/data/shapes/invalid/ breaks one rule and says in a ``# violates:`` line which result
paths the report must name (no more, no fewer). Each graph is validated alone and with the
ontology mixed in, since the shapes must not depend on inference.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Node
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.vocab import ONTOLOGY_PATH, PLK, SHAPES_PATH

DATA = Path(__file__).resolve().parent / "data/shapes"
VALID = sorted((DATA / "valid").glob("*.ttl"))
INVALID = sorted((DATA / "invalid").glob("*.ttl"))
VIOLATES = re.compile(r"^# violates: (.+)$", re.M)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def validate(data: Graph, shapes: Graph, ontology: Graph | None) -> tuple[bool, Graph, str]:
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, advanced=True
    )
    assert isinstance(report, Graph)
    return bool(conforms), report, str(text)


def path_text(report: Graph, path: Node, shapes: Graph) -> str:
    """A result path as written in the ``# violates:`` lines: ``plk:span/nif:sentence``."""
    if isinstance(path, BNode):
        return "/".join(path_text(report, step, shapes) for step in Collection(report, path))
    return path.n3(shapes.namespace_manager)


def violated_paths(report: Graph, shapes: Graph) -> set[str]:
    return {
        path_text(report, path, shapes)
        for result in report.subjects(RDF.type, SH.ValidationResult)
        for path in report.objects(result, SH.resultPath)
    }


def test_there_are_examples() -> None:
    assert len(VALID) >= 3
    assert len(INVALID) >= 10


@pytest.mark.parametrize("mixed", [False, True], ids=["alone", "with-ontology"])
@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_example_conforms(path: Path, mixed: bool, shapes: Graph, ontology: Graph) -> None:
    data = Graph().parse(path, format="turtle")
    conforms, _, text = validate(data, shapes, ontology if mixed else None)
    assert conforms, text


def test_union_of_valid_examples_conforms(shapes: Graph) -> None:
    """Agencies, units and periods described in several article graphs still conform."""
    union = Graph()
    for path in VALID:
        union.parse(path, format="turtle")
    conforms, _, text = validate(union, shapes, None)
    assert conforms, text


@pytest.mark.parametrize("mixed", [False, True], ids=["alone", "with-ontology"])
@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_example_fails_for_its_reason(
    path: Path, mixed: bool, shapes: Graph, ontology: Graph
) -> None:
    found = VIOLATES.search(path.read_text(encoding="utf-8"))
    assert found, f"{path.name} needs a '# violates: <path> ...' line"
    data = Graph().parse(path, format="turtle")
    conforms, report, text = validate(data, shapes, ontology if mixed else None)
    assert not conforms
    assert violated_paths(report, shapes) == set(found.group(1).split()), text


# --- the shapes' closed lists are the ontology's -----------------------------------------------


def sh_in(shapes: Graph, path: Node) -> list[Node]:
    (values,) = [
        v for shape in shapes.subjects(SH.path, path) for v in shapes.objects(shape, SH["in"])
    ]
    return list(Collection(shapes, values))


def one_of_range(ontology: Graph, prop: Node) -> list[Node]:
    (datatype,) = ontology.objects(prop, RDFS.range)
    (values,) = ontology.objects(datatype, OWL.oneOf)
    return list(Collection(ontology, values))


def test_measure_list_is_the_measure_individuals(shapes: Graph, ontology: Graph) -> None:
    assert set(sh_in(shapes, PLK.measure)) == set(ontology.subjects(RDF.type, PLK.Measure))


@pytest.mark.parametrize("prop", [PLK.level, PLK.direction], ids=["level", "direction"])
def test_literal_lists_are_the_ontology_ranges(prop: Node, shapes: Graph, ontology: Graph) -> None:
    assert set(sh_in(shapes, prop)) == set(one_of_range(ontology, prop))
    assert all(isinstance(v, Literal) for v in sh_in(shapes, prop))
