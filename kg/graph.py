"""Stage 5 — build the graph: a :class:`~kg.records.DocumentExtraction` in, RDF quads out.

One named graph per article, named by the article's IRI (see ``docs/model.md``). IRIs are
minted from names and positions only, so the same input gives the same graph on every run;
the base IRI is a parameter. Quads are pyoxigraph terms: building and loading 1M triples with
pyoxigraph is an order of magnitude faster than with rdflib.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from kg.records import AgencyRef, Article, DocumentExtraction, Quantity, Sentence, Span
from kg.vocab import DCTERMS, FOAF, NIF, ORG, PLK, PROV, QUDT, RDF, RDFS, SKOS, TIME, XSD

DEFAULT_BASE = "https://w3id.org/plenum-kg/id/"
_ARTICLE = NamedNode(str(PLK.article))
QUDT_UNITS = {"%": "http://qudt.org/vocab/unit/PERCENT", "％": "http://qudt.org/vocab/unit/PERCENT"}
_SAFE = re.compile(r"[\w\-.~]", re.UNICODE)


def iri_segment(text: str) -> str:
    """Keep letters (Chinese included), digits and ``-._~``; percent-encode the rest."""
    return "".join(
        ch if _SAFE.fullmatch(ch) else "".join(f"%{b:02X}" for b in ch.encode()) for ch in text
    )


def _n(term: object) -> NamedNode:
    return NamedNode(str(term))


def _lit(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def _typed(value: object, datatype: object) -> Literal:
    return Literal(str(value), datatype=_n(datatype))


def _decimal(value: Decimal) -> Literal:
    text = format(value, "f")
    return Literal(text, datatype=_n(XSD.decimal))


@dataclass(frozen=True, slots=True)
class Minter:
    """Deterministic, readable IRIs under ``base``."""

    base: str = DEFAULT_BASE

    def __call__(self, *parts: str) -> NamedNode:
        return NamedNode(self.base + "/".join(iri_segment(p) for p in parts))

    def entities(self) -> NamedNode:
        """The named graph describing shared nodes (agencies, people, units, periods …)."""
        return self("graph", "entities")

    def article(self, doc: DocumentExtraction, art: Article) -> NamedNode:
        return self("article", *doc.source.source_key.split("/"), str(art.index))

    def source_prefix(self, key: str) -> str:
        """The IRI prefix of the articles of a source file or a build root (its ``key``)."""
        return self("article", *key.split("/")).value + "/"


def _period_bounds(label: str) -> tuple[str, str] | None:
    years = re.fullmatch(r"(\d{4})/(\d{4})", label)  # 2021/2025: a five-year plan
    if years:
        return f"{years.group(1)}-01-01", f"{years.group(2)}-12-31"
    m = re.fullmatch(r"(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?(?:-(\d{2}))?", label)
    if not m:
        return None
    year, part, day = m.group(1), m.group(2), m.group(3)
    if part is None:
        return f"{year}-01-01", f"{year}-12-31"
    if day:
        return f"{year}-{part}-{day}", f"{year}-{part}-{day}"
    if part.startswith("H"):
        return (
            (f"{year}-01-01", f"{year}-06-30")
            if part == "H1"
            else (f"{year}-07-01", f"{year}-12-31")
        )
    if part.startswith("Q"):
        q = int(part[1])
        ends = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}
        return f"{year}-{3 * q - 2:02d}-01", f"{year}-{ends[q]}"
    month = int(part)
    last = (
        31
        if month in (1, 3, 5, 7, 8, 10, 12)
        else 30
        if month != 2
        else 29
        if int(year) % 4 == 0
        else 28
    )
    return f"{year}-{part}-01", f"{year}-{part}-{last}"


class _ArticleGraph:
    """Collects the quads of one article's named graph."""

    def __init__(self, doc: DocumentExtraction, art: Article, mint: Minter) -> None:
        self.doc = doc
        self.art = art
        self.mint = mint
        self.g = mint.article(doc, art)
        self.prefix = self.g.value + "/"
        self.entities = mint.entities()
        self.raw_span = doc.clean.raw_span(art.span)
        self.raw = doc.source.raw[self.raw_span.start : self.raw_span.end]
        self.quads: list[Quad] = []
        self._described: set[str] = set()

    def add(self, s: NamedNode | BlankNode, p: object, o: NamedNode | BlankNode | Literal) -> None:
        """Article facts go to the article's graph; descriptions of shared nodes (agencies,
        people, units, periods …) to the entities graph, so each is stored once; a shared
        node's link to this article (plk:article) stays with the article."""
        prop = _n(p)
        own = s == self.g or (isinstance(s, NamedNode) and s.value.startswith(self.prefix))
        graph = self.g if own or prop == _ARTICLE else self.entities
        self.quads.append(Quad(s, prop, o, graph))

    # --- provenance ----------------------------------------------------------------------
    def local(self, span: Span) -> tuple[int, int]:
        r = self.doc.clean.raw_span(span)
        return r.start - self.raw_span.start, r.end - self.raw_span.start

    def sentence(self, sent: Sentence) -> NamedNode:
        sid = f"h{-sent.index - 1}" if sent.index < 0 else str(sent.index)
        node = NamedNode(f"{self.g.value}/sentence/{sid}")
        if node.value not in self._described:
            self._described.add(node.value)
            b, e = self.local(sent.span)
            self.add(node, RDF.type, _n(NIF.Sentence))
            self.add(node, NIF.referenceContext, self.g)
            self.add(node, NIF.beginIndex, _typed(b, XSD.integer))
            self.add(node, NIF.endIndex, _typed(e, XSD.integer))
            self.add(node, NIF.anchorOf, _lit(self.raw[b:e]))
            self.add(node, RDFS.label, _lit(sent.text))
        return node

    def fact(
        self,
        node: NamedNode,
        cls: object,
        text: str,
        span: Span,
        sent: Sentence,
        more: tuple[Sentence, ...] = (),
    ) -> None:
        b, e = self.local(span)
        phrase = NamedNode(f"{self.g.value}/span/{b}-{e}")
        self.add(node, RDF.type, _n(cls))
        self.add(node, PLK.text, _lit(text))
        self.add(node, PLK.article, self.g)
        for s in (sent, *more):
            self.add(node, PROV.wasDerivedFrom, self.sentence(s))
        self.add(node, PLK.span, phrase)
        if phrase.value not in self._described:
            self._described.add(phrase.value)
            self.add(phrase, RDF.type, _n(NIF.Phrase))
            self.add(phrase, NIF.referenceContext, self.g)
            self.add(phrase, NIF.beginIndex, _typed(b, XSD.integer))
            self.add(phrase, NIF.endIndex, _typed(e, XSD.integer))
            self.add(phrase, NIF.anchorOf, _lit(self.raw[b:e]))
            for s in (sent, *more):
                self.add(phrase, NIF.sentence, self.sentence(s))

    # --- shared nodes --------------------------------------------------------------------
    def region(self, name: str) -> NamedNode:
        node = self.mint("region", name)
        if node.value not in self._described:
            self._described.add(node.value)
            self.add(node, RDF.type, _n(PLK.Region))
            self.add(node, SKOS.prefLabel, _lit(name, "zh"))
        return node

    def agency(self, ref: AgencyRef) -> NamedNode:
        node = self.mint("agency", ref.canonical)
        if node.value not in self._described:
            self._described.add(node.value)
            self.add(node, RDF.type, _n(ORG.Organization))
            if ref.level == "sub-unit":
                self.add(node, RDF.type, _n(ORG.OrganizationalUnit))
            self.add(node, SKOS.prefLabel, _lit(ref.canonical, "zh"))
            self.add(node, PLK.level, _lit(ref.level))
            self.add(node, PLK.inGazetteer, _typed("true" if ref.known else "false", XSD.boolean))
            if ref.region:
                self.add(node, DCTERMS.spatial, self.region(ref.region))
            if ref.parent:
                parent = self.mint("agency", ref.parent)
                self.add(node, ORG.subOrganizationOf, parent)
                if parent.value not in self._described:
                    self._described.add(parent.value)
                    self.add(parent, RDF.type, _n(ORG.Organization))
                    self.add(parent, SKOS.prefLabel, _lit(ref.parent, "zh"))
            for alias in ref.aliases:
                if alias != ref.canonical:
                    self.add(node, SKOS.altLabel, _lit(alias, "zh"))
        if ref.mention != ref.canonical:
            self.add(node, SKOS.altLabel, _lit(ref.mention, "zh"))
        return node

    def agency_by_name(self, canonical: str) -> NamedNode:
        ref = next((a for a in self.doc.agencies if a.canonical == canonical), None)
        if ref is not None:
            return self.agency(ref)
        node = self.mint("agency", canonical)
        if node.value not in self._described:
            self._described.add(node.value)
            self.add(node, RDF.type, _n(ORG.Organization))
            self.add(node, SKOS.prefLabel, _lit(canonical, "zh"))
        return node

    def person(self, name: str, org: str | None, post: str | None) -> NamedNode:
        holder = org or self.doc.source.meta.publisher or "-"
        node = self.mint("person", name, holder)
        if node.value not in self._described:
            self._described.add(node.value)
            self.add(node, RDF.type, _n(FOAF.Person))
            self.add(node, FOAF.name, _lit(name, "zh"))
        if org and post:
            ms = self.mint("membership", name, org, post)
            role = self.mint("role", post)
            if ms.value not in self._described:
                self._described.add(ms.value)
                self.add(node, ORG.hasMembership, ms)
                self.add(ms, RDF.type, _n(ORG.Membership))
                self.add(ms, ORG.member, node)
                self.add(ms, ORG.organization, self.agency_by_name(org))
                self.add(ms, ORG.role, role)
                self.add(role, RDF.type, _n(ORG.Role))
                self.add(role, SKOS.prefLabel, _lit(post, "zh"))
        return node

    def unit(self, unit: str) -> NamedNode:
        node = self.mint("unit", unit)
        if node.value not in self._described:
            self._described.add(node.value)
            self.add(node, RDF.type, _n(QUDT.Unit))
            self.add(node, SKOS.prefLabel, _lit(unit, "zh"))
            if unit in QUDT_UNITS:
                self.add(node, SKOS.exactMatch, NamedNode(QUDT_UNITS[unit]))
        return node

    def period(self, label: str) -> NamedNode:
        node = self.mint("period", label)
        if node.value not in self._described:
            self._described.add(node.value)
            self.add(node, RDF.type, _n(TIME.ProperInterval))
            self.add(node, RDFS.label, _lit(label))
            bounds = _period_bounds(label)
            if bounds:
                for prop, date in zip((TIME.hasBeginning, TIME.hasEnd), bounds, strict=True):
                    inst = self.mint("instant", date)
                    self.add(node, prop, inst)
                    self.add(inst, RDF.type, _n(TIME.Instant))
                    self.add(inst, TIME.inXSDDate, _typed(date, XSD.date))
        return node

    def indicator(self, key: str | None, wording: str | None) -> NamedNode | None:
        if key:
            node = self.mint("indicator", key)
            if node.value not in self._described:
                self._described.add(node.value)
                self.add(node, RDF.type, _n(PLK.Indicator))
                self.add(node, RDF.type, _n(SKOS.Concept))
                self.add(node, SKOS.notation, _lit(key))
                from kg.indicators import label as indicator_label

                self.add(node, SKOS.prefLabel, _lit(indicator_label(key), "zh"))
                self.add(node, SKOS.inScheme, self.mint("indicator", "scheme"))
            return node
        if wording:
            node = self.mint("indicator", wording)
            if node.value not in self._described:
                self._described.add(node.value)
                self.add(node, RDF.type, _n(PLK.Indicator))
                self.add(node, RDF.type, _n(SKOS.Concept))
                self.add(node, SKOS.prefLabel, _lit(wording, "zh"))
                # wordings no scheme concept covers live in a scheme of their own
                self.add(node, SKOS.inScheme, self.mint("indicator", "unnormalised"))
            return node
        return None

    def quantity(
        self, node: NamedNode, q: Quantity, indicator_key: str | None, region: str | None
    ) -> None:
        self.add(node, QUDT.numericValue, _decimal(q.value))
        if q.value_max is not None:
            self.add(node, PLK.valueMax, _decimal(q.value_max))
        self.add(node, QUDT.unit, self.unit(q.unit))
        if q.qualifier:
            self.add(node, PLK.qualifier, _lit(q.qualifier))
        self.add(node, PLK.measure, _n(getattr(PLK, q.measure)))
        ind = self.indicator(indicator_key, q.indicator)
        if ind is not None:
            self.add(node, PLK.indicator, ind)
        if q.indicator:
            self.add(node, PLK.indicatorLabel, _lit(q.indicator, "zh"))
        if q.comparison:
            self.add(node, PLK.comparison, _lit(q.comparison))
        if q.direction:
            self.add(node, PLK.direction, _lit(q.direction))
        if q.period:
            self.add(node, PLK.period, self.period(q.period))
        if q.rank_scope:
            self.add(node, PLK.rankScope, _lit(q.rank_scope))
        if region:
            self.add(node, DCTERMS.spatial, self.region(region))


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_graphs(
    doc: DocumentExtraction, base: str = DEFAULT_BASE
) -> Iterator[tuple[NamedNode, str, list[Quad]]]:
    """Yield ``(graph name, content hash, quads)`` for each article of ``doc``."""
    mint = Minter(base)
    meta = doc.source.meta
    for art in doc.articles:
        ag = _ArticleGraph(doc, art, mint)
        g = ag.g
        n = art.index
        ag.add(g, RDF.type, _n(PLK.Article))
        ag.add(g, RDF.type, _n(NIF.Context))
        ag.add(g, NIF.isString, _lit(ag.raw))
        ag.add(g, PLK.sourceOffset, _typed(ag.raw_span.start, XSD.integer))
        ag.add(g, PLK.sourceFile, _lit(doc.source.source_key))
        digest = content_hash(ag.raw)
        ag.add(g, PLK.contentHash, _lit(digest))
        title = art.title or (meta.title if len(doc.articles) == 1 else None)
        if title:
            ag.add(g, DCTERMS.title, _lit(title, "zh"))
        if art.kicker:
            ag.add(g, PLK.kicker, _lit(art.kicker, "zh"))
        if art.subtitle:
            ag.add(g, PLK.subtitle, _lit(art.subtitle, "zh"))
        if meta.publisher:
            ag.add(g, DCTERMS.publisher, _lit(meta.publisher, "zh"))
        if meta.published:
            dtype = XSD.date if len(meta.published) == 10 else XSD.gYear
            ag.add(g, DCTERMS.issued, _typed(meta.published, dtype))
        if meta.url:
            ag.add(g, DCTERMS.source, NamedNode(meta.url))
        if doc.region:
            ag.add(g, DCTERMS.spatial, ag.region(doc.region))

        for canonical, a in doc.agency_articles:
            if a == n:
                node = ag.agency_by_name(canonical)
                ag.add(node, PLK.article, g)
        for person in doc.persons:
            if person.article != n:
                continue
            node = ag.person(person.name, person.organisation, person.post)
            if person.role == "reporter":
                ag.add(g, DCTERMS.creator, node)
        for e in doc.events:
            if n not in e.articles:
                continue
            node = mint("event", *e.key.split("/"))
            cls = {
                "plenum": PLK.Plenum,
                "national_plenum": PLK.NationalPlenum,
                "press_conference": PLK.PressConference,
            }.get(e.kind, PLK.Meeting)
            ag.add(node, RDF.type, _n(cls))
            ag.add(node, SKOS.prefLabel, _lit(e.name, "zh"))
            for m in e.mentions:
                if m != e.name:
                    ag.add(node, SKOS.altLabel, _lit(m, "zh"))
            if e.organizer:
                ag.add(node, PLK.organizer, ag.agency_by_name(e.organizer))
            if e.date:
                ag.add(node, DCTERMS.date, _typed(e.date, XSD.date))
            ag.add(node, PLK.article, g)
        main_event = next(
            (
                mint("event", *e.key.split("/"))
                for e in doc.events
                if n in e.articles and e.kind == "plenum"
            ),
            None,
        )
        directive_iri: dict[str, NamedNode] = {}
        for d in doc.directives:
            if d.article != n:
                continue
            node = NamedNode(f"{g.value}/directive/{d.id[1:]}")
            directive_iri[d.id] = node
            ag.fact(node, PLK.Directive, d.text, d.span, d.sentence)
            ag.add(node, PLK.cue, _lit(d.cue))
            if main_event is not None:
                ag.add(node, PLK.issuedBy, main_event)
        pledge_iri: dict[str, NamedNode] = {}
        for p in doc.pledges:
            if p.article != n:
                continue
            node = NamedNode(f"{g.value}/pledge/{p.id[1:]}")
            pledge_iri[p.id] = node
            ag.fact(node, PLK.Pledge, p.text, p.span, p.sentence, p.continued)
            ag.add(node, PLK.agency, ag.agency(p.agency))
            ag.add(node, PLK.cue, _lit(p.cue))
            if p.responds_to:
                ag.add(node, PLK.respondsTo, directive_iri[p.responds_to])
                if p.link:
                    ag.add(node, PLK.linkMethod, _lit(p.link))
            if p.speaker and p.speaker_post:
                org = (p.speaker_unit or p.agency).canonical
                ag.add(node, PLK.speaker, ag.person(p.speaker, org, p.speaker_post))
            if p.quote:
                ag.add(node, PLK.quote, _lit(p.quote, "zh"))
        for t in doc.targets:
            if t.article != n:
                continue
            node = NamedNode(f"{g.value}/target/{t.id[1:]}")
            ag.fact(node, PLK.Target, t.quantity.text, t.quantity.span, t.sentence)
            ag.quantity(node, t.quantity, t.indicator_key, t.region)
            if t.pledge and t.pledge in pledge_iri:
                ag.add(node, PLK.pledge, pledge_iri[t.pledge])
            if t.setter is not None:
                ag.add(node, PLK.setBy, ag.agency(t.setter))
            if t.object:
                ag.add(node, PLK.object, _lit(t.object, "zh"))
        for o in doc.observations:
            if o.article != n or o.target is not None:
                continue
            node = NamedNode(f"{g.value}/observation/{o.id[1:]}")
            ag.fact(node, PLK.Observation, o.quantity.text, o.quantity.span, o.sentence)
            ag.quantity(node, o.quantity, o.indicator_key, o.region)
        for i in doc.initiatives:
            if i.article != n:
                continue
            node = mint("initiative", i.name)
            ag.add(node, RDF.type, _n(PLK.Initiative))
            ag.add(node, SKOS.prefLabel, _lit(i.name, "zh"))
            ag.add(node, PLK.article, g)
            if i.owner:
                ag.add(node, PLK.owner, ag.agency_by_name(i.owner))
        yield g, digest, ag.quads
