"""Graph analytics with NetworkX: who answered which directive, and who sits at the centre.

The questions are about the *response network*: the bipartite graph of agencies and
directives, an agency linked to a directive when one of its pledges answers it (weight: the
number of such pledges). Centrality is measured there with NetworkX's bipartite measures, so
an agency is central when it answers many directives (degree) or when it is the link between
directives other agencies answer separately (betweenness).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.netx import nodes_of, targets, values


@dataclass(frozen=True, slots=True)
class AgencyRank:
    """An agency and the directives its pledges answer."""

    agency: str
    name: str
    directives: int
    pledges: int


@dataclass(frozen=True, slots=True)
class DirectiveRank:
    """A directive and the agencies whose pledges answer it."""

    directive: str
    text: str
    agencies: tuple[str, ...]  # names, sorted
    pledges: int

    @property
    def count(self) -> int:
        return len(self.agencies)


@dataclass(frozen=True, slots=True)
class Centrality:
    """An agency's place in the response network (measures normalised to 0..1)."""

    agency: str
    name: str
    degree: float  # share of the directives it answered
    closeness: float  # how near it is to every directive and agency it can reach
    betweenness: float  # how often it lies between two others: the bridge between directives


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything ``kg stats`` reports."""

    agencies: list[AgencyRank]
    directives: list[DirectiveRank]
    unanswered: list[DirectiveRank]
    centrality: list[Centrality]


def _text(kg: nx.MultiDiGraph, node: str) -> str:
    found = values(kg, node, "plk:text")
    return found[0] if found else str(kg.nodes[node]["label"])


def response_network(kg: nx.MultiDiGraph) -> nx.Graph:
    """Agencies (``bipartite=0``) and directives (``bipartite=1``) of ``kg`` (from
    :func:`kg.netx.to_networkx`), linked when a pledge of the agency answers the directive.
    Every directive is a node, answered or not."""
    net = nx.Graph()
    for d in nodes_of(kg, "Directive"):
        net.add_node(d, bipartite=1, label=_text(kg, d))
    for p in nodes_of(kg, "Pledge"):
        for a in targets(kg, p, "plk:agency"):
            for d in targets(kg, p, "plk:respondsTo"):
                if d not in net:  # a directive only named, never described
                    net.add_node(d, bipartite=1, label=kg.nodes[d]["label"])
                net.add_node(a, bipartite=0, label=kg.nodes[a]["label"])
                weight = net.edges[a, d]["weight"] + 1 if net.has_edge(a, d) else 1
                net.add_edge(a, d, weight=weight)
    return net


def _side(net: nx.Graph, side: int) -> list[str]:
    return sorted(n for n, b in net.nodes(data="bipartite") if b == side)


def agencies_by_directives(net: nx.Graph) -> list[AgencyRank]:
    """Agencies by the number of distinct directives they answered, most first."""
    ranks = [
        AgencyRank(
            a,
            net.nodes[a]["label"],
            net.degree(a),
            int(net.degree(a, weight="weight")),
        )
        for a in _side(net, 0)
    ]
    return sorted(ranks, key=lambda r: (-r.directives, -r.pledges, r.name))


def directives_by_agencies(net: nx.Graph) -> list[DirectiveRank]:
    """Directives by the number of agencies that answered them, most first (unanswered last)."""
    ranks = [
        DirectiveRank(
            d,
            net.nodes[d]["label"],
            tuple(sorted(net.nodes[a]["label"] for a in net[d])),
            int(net.degree(d, weight="weight")),
        )
        for d in _side(net, 1)
    ]
    return sorted(ranks, key=lambda r: (-r.count, -r.pledges, r.directive))


def agency_centrality(net: nx.Graph) -> list[Centrality]:
    """Centrality of the agencies in the response network, most central (by betweenness,
    then closeness, then degree) first. Degree is the share of the directives an agency
    answered; closeness and betweenness are NetworkX's, normalised over the whole network."""
    agencies = _side(net, 0)
    if not agencies:
        return []
    directives = max(1, len(_side(net, 1)))
    close = nx.closeness_centrality(net)
    between = nx.betweenness_centrality(net)
    ranks = [
        Centrality(a, net.nodes[a]["label"], net.degree(a) / directives, close[a], between[a])
        for a in agencies
    ]
    return sorted(ranks, key=lambda r: (-r.betweenness, -r.closeness, -r.degree, r.name))


def compute(kg: nx.MultiDiGraph) -> Stats:
    """All the analytics of ``kg stats`` for the graph ``kg``."""
    net = response_network(kg)
    directives = directives_by_agencies(net)
    return Stats(
        agencies=agencies_by_directives(net),
        directives=[d for d in directives if d.count],
        unanswered=[d for d in directives if not d.count],
        centrality=agency_centrality(net),
    )
