"""Python names for the ontology's terms, read from ``ontology/plenum.ttl``.

The Turtle file is the one edited source of the model: ``PLK`` knows exactly the terms it
declares, so a mistyped name raises instead of minting a new IRI (like rdflib's
``DefinedNamespace`` with ``_fail = True``)::

    >>> PLK.Pledge
    rdflib.term.URIRef('https://w3id.org/plenum-kg/ontology#Pledge')
    >>> PLK["growth_rate"] in PLK
    True
    >>> PLK.Pledgee  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AttributeError: plk:Pledgee is not declared in ...

The file is parsed once, on first use. The ontology directory sits at the repository root; an
installed (non-editable) package carries a copy in ``kg/ontology``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, VANN, XSD

from kg.errors import KgError

__all__ = [
    "DCTERMS",
    "FOAF",
    "NIF",
    "ONTOLOGY_DIR",
    "ONTOLOGY_PATH",
    "ORG",
    "OWL",
    "PLK",
    "PROV",
    "QUDT",
    "QUERIES_DIR",
    "RDF",
    "RDFS",
    "SHAPES_PATH",
    "SKOS",
    "TIME",
    "UNIT",
    "XSD",
    "OntologyNotFoundError",
    "ontology_graph",
]

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")  # QUDT units, for skos:exactMatch (unit:PERCENT)


class OntologyNotFoundError(KgError, FileNotFoundError):
    """The ontology files are missing from both the source tree and the installed package."""


def _find_ontology_dir() -> Path:
    package = Path(__file__).resolve().parent
    candidates = (package.parent / "ontology", package / "ontology")
    for candidate in candidates:
        if (candidate / "plenum.ttl").is_file():
            return candidate
    tried = " or ".join(str(c / "plenum.ttl") for c in candidates)
    raise OntologyNotFoundError(
        f"ontology not found: looked for {tried}. Run from a checkout of plenum-kg, or "
        "reinstall the package so that it ships its ontology files."
    )


ONTOLOGY_DIR = _find_ontology_dir()
ONTOLOGY_PATH = ONTOLOGY_DIR / "plenum.ttl"
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ONTOLOGY_DIR / "queries"


@cache
def ontology_graph() -> Graph:
    """The parsed ontology, shared by every caller: read it, do not add to it."""
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


@cache
def _plk_terms() -> tuple[str, frozenset[str]]:
    """The plk namespace IRI and the local names of every term the ontology types."""
    graph = ontology_graph()
    namespaces = {str(ns) for ns in graph.objects(predicate=VANN.preferredNamespaceUri)}
    if len(namespaces) != 1:
        raise ValueError(
            f"{ONTOLOGY_PATH} must name its namespace exactly once with vann:preferredNamespaceUri"
        )
    namespace = namespaces.pop()
    names = frozenset(
        str(subject)[len(namespace) :]
        for subject in graph.subjects(predicate=RDF.type)
        if isinstance(subject, URIRef) and str(subject).startswith(namespace)
    )
    return namespace, names


class _DeclaredNamespace:
    """Attribute access to the terms one ontology declares; any other name raises."""

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> URIRef:
        namespace, names = _plk_terms()
        if name not in names:
            raise AttributeError(
                f"plk:{name} is not declared in {ONTOLOGY_PATH}; "
                "use a declared term or add its declaration there"
            )
        return URIRef(namespace + name)

    def __contains__(self, term: object) -> bool:
        namespace, names = _plk_terms()
        text = str(term)
        return text.startswith(namespace) and text[len(namespace) :] in names

    def __iter__(self) -> Iterator[URIRef]:
        namespace, names = _plk_terms()
        return (URIRef(namespace + name) for name in sorted(names))

    def __dir__(self) -> list[str]:
        return sorted(_plk_terms()[1])

    def __str__(self) -> str:
        return _plk_terms()[0]

    def __repr__(self) -> str:
        return f"PLK({_plk_terms()[0]!r})"


PLK = _DeclaredNamespace()
