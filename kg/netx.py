"""RDF → NetworkX: the knowledge graph as a ``MultiDiGraph`` for analytics, Gephi and the explorer.

Every IRI (blank nodes as ``_:id``) that is the subject or the object of a triple becomes a
node; a triple whose object is a resource becomes an edge keyed by the predicate's CURIE
(``plk:respondsTo``), so a fact stated in several article graphs is one edge, not several.
Literals become node attributes, always lists because RDF properties are multi-valued::

    G = to_networkx(api.open_store("kg-out"))
    G.nodes["https://w3id.org/plenum-kg/id/agency/江西省商务厅"]["skos:altLabel"]  # ['省商务厅']

Each node also has ``label`` (its best name) and ``kind`` (Agency, Pledge, Directive, ...: see
:data:`KINDS`). Named graphs are merged, like the union default graph queries run over.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import networkx as nx
import pyoxigraph as ox

from kg.errors import KgError
from kg.query import PREFIXES

RDF_TYPE = PREFIXES["rdf"] + "type"

# rdf:type → kind, most specific first: a node takes the kind of the first type it has.
KINDS: tuple[tuple[str, str], ...] = (
    ("plk:NationalPlenum", "NationalPlenum"),
    ("plk:Plenum", "Plenum"),
    ("plk:PressConference", "PressConference"),
    ("plk:Meeting", "Meeting"),
    ("plk:Directive", "Directive"),
    ("plk:Pledge", "Pledge"),
    ("plk:Target", "Target"),
    ("plk:Observation", "Observation"),
    ("plk:Indicator", "Indicator"),
    ("plk:Initiative", "Initiative"),
    ("org:OrganizationalUnit", "Agency"),
    ("org:Organization", "Agency"),
    ("foaf:Person", "Person"),
    ("org:Membership", "Membership"),
    ("org:Role", "Role"),
    ("plk:Article", "Article"),
    ("nif:Sentence", "Sentence"),
    ("nif:Phrase", "Span"),
    ("time:ProperInterval", "Period"),
    ("time:Instant", "Instant"),
    ("qudt:Unit", "Unit"),
    ("plk:Region", "Region"),
    ("skos:ConceptScheme", "Scheme"),
)
# Where a node's name comes from, best first.
LABELS: tuple[str, ...] = (
    "skos:prefLabel",
    "foaf:name",
    "dcterms:title",
    "rdfs:label",
    "plk:text",
)
# The raw text of every article: large and already in the sentences; left out unless asked for.
DEFAULT_SKIP: frozenset[str] = frozenset({"nif:isString"})
EXPORT_FORMATS = ("graphml", "gexf")

_NAMESPACES = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
Triple = tuple[str, str, str, bool]  # subject, predicate IRI, object, object is a literal


def curie(iri: str) -> str:
    """``https://w3id.org/plenum-kg/ontology#Pledge`` → ``plk:Pledge``; other IRIs unchanged."""
    for prefix, ns in _NAMESPACES:
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _ox_term(term: Any) -> tuple[str, bool] | None:
    if isinstance(term, ox.NamedNode):
        return term.value, False
    if isinstance(term, ox.Literal):
        return term.value, True
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value, False
    return None  # RDF-star triple terms are not drawn


def _rdflib_term(term: Any) -> tuple[str, bool] | None:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return str(term), False
    if isinstance(term, Literal):
        return str(term), True
    if isinstance(term, BNode):
        return "_:" + str(term), False
    return None


def _items(source: Any) -> Iterable[Any]:
    source = getattr(source, "oxigraph", source)  # kg.store.Store
    if isinstance(source, ox.Store):
        return source.quads_for_pattern(None, None, None, None)
    if type(source).__module__.startswith("rdflib"):
        import rdflib

        if isinstance(source, rdflib.ConjunctiveGraph):  # Dataset too: every named graph
            return source.quads((None, None, None, None))
        if isinstance(source, rdflib.Graph):
            return source.triples((None, None, None))
    elif isinstance(source, Iterable) and not isinstance(source, str | bytes):
        return source
    raise KgError(
        f"cannot read triples from {type(source).__name__}; give a store, an rdflib graph "
        "or an iterable of triples"
    )


def triples(source: Any) -> Iterator[Triple]:
    """The triples of a :class:`kg.store.Store`, a pyoxigraph store, an rdflib graph or
    dataset, or an iterable of pyoxigraph triples/quads or rdflib 3- or 4-tuples."""
    for item in _items(source):
        if isinstance(item, ox.Quad | ox.Triple):
            s, p, o = _ox_term(item.subject), item.predicate.value, _ox_term(item.object)
        else:
            s, p, o = _rdflib_term(item[0]), str(item[1]), _rdflib_term(item[2])
        if s is None or o is None:
            continue
        yield s[0], p, o[0], o[1]


def to_networkx(
    source: Any,
    *,
    skip: Iterable[str] = DEFAULT_SKIP,
    literals: bool = True,
) -> nx.MultiDiGraph:
    """The knowledge graph in ``source`` (see :func:`triples`) as a NetworkX MultiDiGraph.

    ``skip`` lists predicates (CURIEs) to leave out; ``literals=False`` keeps only the types
    and the labels of the nodes, for a lighter graph of the structure alone.
    """
    skipped = set(skip)
    short: dict[str, str] = {}  # IRI → CURIE, for predicates and classes
    attrs: dict[str, dict[str, list[str]]] = {}
    edges: set[tuple[str, str, str]] = set()
    keep_literal = set(LABELS) | {"rdf:type"}
    for s, p, o, is_literal in triples(source):
        pc = short.get(p)
        if pc is None:
            pc = short[p] = curie(p)
        if pc in skipped:
            continue
        node = attrs.get(s)
        if node is None:
            node = attrs[s] = {}
        if p == RDF_TYPE:
            oc = short.get(o)
            if oc is None:
                oc = short[o] = curie(o)
            found = node.setdefault("rdf:type", [])
            if oc not in found:
                found.append(oc)
        elif is_literal:
            if literals or pc in keep_literal:
                found = node.setdefault(pc, [])
                if o not in found:
                    found.append(o)
        else:
            edges.add((s, o, pc))
            if o not in attrs:
                attrs[o] = {}
    graph = nx.MultiDiGraph()
    for iri, data in attrs.items():
        for found in data.values():
            found.sort()  # RDF values are a set: the same graph gives the same lists
        graph.add_node(
            iri, **data, kind=kind_of(data.get("rdf:type", ())), label=label_of(iri, data)
        )
    graph.add_edges_from((s, o, k, {"predicate": k}) for s, o, k in sorted(edges))
    return graph


def kind_of(types: Sequence[str]) -> str:
    """The kind (:data:`KINDS`) of a node with these ``rdf:type`` CURIEs, or ``''``."""
    for cls, kind in KINDS:
        if cls in types:
            return kind
    return ""


def label_of(iri: str, values: dict[str, list[str]]) -> str:
    """The node's best name; its IRI's last segment when it has none (``unit/%25`` → ``%``)."""
    for prop in LABELS:
        found = values.get(prop)
        if found:
            return min(found, key=lambda v: (len(v), v))
    return unquote(iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1])


def values(graph: nx.MultiDiGraph, node: str, prop: str) -> list[str]:
    """The literal values of ``prop`` (a CURIE) on ``node``; ``[]`` when it has none."""
    found = graph.nodes[node].get(prop)
    return list(found) if found else []


def targets(graph: nx.MultiDiGraph, node: str, prop: str) -> list[str]:
    """The objects of the ``node prop ?o`` edges, in a stable order."""
    return sorted(o for _, o, k in graph.out_edges(node, keys=True) if k == prop)


def sources(graph: nx.MultiDiGraph, node: str, prop: str) -> list[str]:
    """The subjects of the ``?s prop node`` edges, in a stable order."""
    return sorted(s for s, _, k in graph.in_edges(node, keys=True) if k == prop)


def nodes_of(graph: nx.MultiDiGraph, *kinds: str) -> list[str]:
    """Every node of one of ``kinds``, sorted."""
    wanted = set(kinds)
    return sorted(n for n, k in graph.nodes(data="kind") if k in wanted)


def find(graph: nx.Graph, name: str, kinds: Iterable[str] | None = None) -> list[str]:
    """Nodes that ``name`` names: its IRI, the end of its IRI (``seed/1/directive/2``), its
    label or one of its labels or aliases (``省工信厅``). Exact matches of a label win over
    aliases; nothing is matched by substring, so a name never silently picks a neighbour."""
    wanted = set(kinds) if kinds is not None else None
    name = name.strip()
    tiers: list[list[str]] = [[], [], []]
    for node, data in graph.nodes(data=True):
        if wanted is not None and data.get("kind") not in wanted:
            continue
        if node == name or node.endswith("/" + name.strip("/")):
            tiers[0].append(node)
        elif data.get("label") == name or name in data.get("skos:prefLabel", ()):
            tiers[1].append(node)
        elif any(name in data.get(p, ()) for p in ("skos:altLabel", "foaf:name", "rdfs:label")):
            tiers[2].append(node)
    return sorted(next((t for t in tiers if t), []))


def neighbourhood(graph: nx.Graph, centres: Iterable[str], depth: int) -> nx.Graph:
    """The subgraph of the nodes at most ``depth`` edges from a centre, edge directions
    ignored (a copy: changing it leaves ``graph`` alone)."""
    if depth < 0:
        raise KgError(f"--depth must be 0 or more, not {depth}")
    undirected = graph.to_undirected(as_view=True)
    keep: set[str] = set()
    for centre in centres:
        keep |= set(nx.single_source_shortest_path_length(undirected, centre, cutoff=depth))
    return graph.subgraph(keep).copy()


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    """Attributes GraphML and GEXF can hold: lists joined with `` | ``."""
    return {
        k: " | ".join(map(str, v)) if isinstance(v, list | tuple) else v
        for k, v in data.items()
        if v is not None
    }


def export(graph: nx.MultiDiGraph, path: Path | str, fmt: str = "graphml") -> Path:
    """Write ``graph`` as GraphML or GEXF (for Gephi, yEd, Cytoscape)."""
    if fmt not in EXPORT_FORMATS:
        raise KgError(f"unknown export format '{fmt}'; use {' or '.join(EXPORT_FORMATS)}")
    flat = nx.MultiDiGraph()
    flat.add_nodes_from((n, _flat(d)) for n, d in graph.nodes(data=True))
    flat.add_edges_from(
        (u, v, k, {"label": k, **_flat(d)}) for u, v, k, d in graph.edges(keys=True, data=True)
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(flat, path, encoding="utf-8")
    else:
        nx.write_gexf(flat, path, encoding="utf-8")
    return path
