"""Stage 6 — validate: a built graph in, a SHACL report out (pySHACL over ontology/shapes.ttl).

The shapes say what a valid graph must contain: every pledge has one agency and a provenance
span whose words are exactly the source's; every target and observation has a decimal value
and a unit. Checked per article graph, so the report names the article at fault.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from kg.paths import ontology_dir


@dataclass(frozen=True, slots=True)
class Violation:
    graph: str
    text: str


@dataclass(frozen=True, slots=True)
class ValidationReport:
    graphs: int
    violations: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        return not self.violations


@cache
def _shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


@cache
def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "plenum.ttl", format="turtle")


def validate_graph(data: rdflib.Graph) -> tuple[bool, str]:
    """pySHACL on one rdflib graph: (conforms, report text)."""
    conforms, _report, text = shacl_validate(
        data,
        shacl_graph=_shapes(),
        ont_graph=_ontology(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    return bool(conforms), str(text)


def _to_rdflib(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    g = rdflib.Graph()
    nt = "\n".join(f"{q.triple} ." for q in quads)
    g.parse(data=nt, format="nt")
    return g


def validate_quads(graphs: Iterable[tuple[str, list[ox.Quad]]]) -> ValidationReport:
    """Validate each named graph separately."""
    n = 0
    bad: list[Violation] = []
    for name, quads in graphs:
        n += 1
        ok, text = validate_graph(_to_rdflib(quads))
        if not ok:
            bad.append(Violation(name, text))
    return ValidationReport(n, tuple(bad))


def validate_store(store: ox.Store) -> ValidationReport:
    """Validate every article graph of an oxigraph store, each with the descriptions of the
    shared nodes it uses (from the entities graph)."""
    shared = [g for g in store.named_graphs() if g.value.endswith("/graph/entities")]

    def with_entities(quads: list[ox.Quad]) -> list[ox.Quad]:
        out = list(quads)
        seen: set[ox.NamedNode] = set()
        frontier = {q.object for q in quads if isinstance(q.object, ox.NamedNode)}
        frontier |= {q.subject for q in quads if isinstance(q.subject, ox.NamedNode)}
        for _ in range(3):  # agency → parent → parent's region: a few hops cover the shapes
            nxt: set[ox.NamedNode] = set()
            for node in frontier - seen:
                seen.add(node)
                for g in shared:
                    for q in store.quads_for_pattern(node, None, None, g):
                        out.append(q)
                        if isinstance(q.object, ox.NamedNode):
                            nxt.add(q.object)
            frontier = nxt
        return out

    def graphs() -> Iterable[tuple[str, list[ox.Quad]]]:
        for g in store.named_graphs():
            if isinstance(g, ox.NamedNode) and g not in shared:
                yield g.value, with_entities(list(store.quads_for_pattern(None, None, None, g)))

    return validate_quads(graphs())
