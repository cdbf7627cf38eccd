"""The stage order, in one place: read → clean → segment → extract → resolve → (build → store).

:func:`extract_document` runs the text stages on one source and returns a
:class:`~kg.records.DocumentExtraction`; :mod:`kg.graph` turns that into RDF and :mod:`kg.store`
keeps it. Everything here is a pure function of the source text, its metadata and the data
tables, so the same input always gives the same records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from kg.clean import clean
from kg.extract.entities import (
    EventMention,
    find_events,
    find_initiatives,
    find_leaders,
    find_listed_organisations,
    find_officials,
    find_reporters,
)
from kg.extract.periods import find_period
from kg.extract.quantities import find_quantities
from kg.extract.statements import (
    find_directives,
    find_plan_statements,
    find_pledges,
    find_speakers,
)
from kg.gazetteer import Gazetteer, default_gazetteer
from kg.indicators import normalise as normalise_indicator
from kg.read import ReadFailure, read_sources
from kg.records import (
    AgencyRef,
    Article,
    Directive,
    DocumentExtraction,
    Event,
    Initiative,
    Observation,
    Person,
    Pledge,
    Quantity,
    Sentence,
    SourceDoc,
    Target,
)
from kg.resolve import Resolver, infer_region
from kg.script import to_simplified
from kg.segment import SELF, split_articles


def extract_document(source: SourceDoc, gazetteer: Gazetteer | None = None) -> DocumentExtraction:
    """Run the text stages on one source document."""
    gaz = gazetteer or default_gazetteer()
    cleaned = clean(source.raw)
    # Traditional text is read through Simplified, character for character: offsets survive
    cleaned = replace(cleaned, text=to_simplified(cleaned.text))
    articles = split_articles(cleaned.text)
    place = next((a.dateline_place for a in articles if a.dateline_place), None)
    region = infer_region(gaz, source.meta.region, place, cleaned.text)
    published = source.meta.published
    resolver = Resolver(gaz, region, published)

    directives: list[Directive] = []
    pledges: list[Pledge] = []
    persons: list[Person] = []
    agencies: dict[str, AgencyRef] = {}
    agency_articles: set[tuple[str, int]] = set()
    event_mentions: list[EventMention] = []
    initiatives: list[Initiative] = []
    observations: list[Observation] = []
    targets: list[Target] = []
    publisher = _publisher(source, resolver)
    resolver.publisher = publisher
    resolver.text = cleaned.text
    # the body whose plan a text is (a work report's 主要预期目标 are its government's)
    issuer = publisher
    if (issuer is None or issuer.level == "other") and region:
        issuer = resolver.agency(f"{region}人民政府")

    def add_agency(ref: AgencyRef | None, article: int) -> None:
        if ref is None:
            return
        agencies.setdefault(ref.canonical, ref)
        agency_articles.add((ref.canonical, article))

    for art in articles:
        ds = find_directives(art, start_id=len(directives) + 1)
        speakers = find_speakers(art, resolver)
        ps = find_pledges(art, ds, resolver, start_id=len(pledges) + 1, speakers=speakers)
        ps += find_plan_statements(art, issuer, start_id=len(pledges) + len(ps) + 1)
        directives += ds
        pledges += ps
        for sent in (*art.header, *art.sentences):
            for ref in resolver.scan(sent.text, sent.span.start):
                add_agency(ref, art.index)
        for ref in find_listed_organisations(art, resolver):
            add_agency(ref, art.index)
        for speaker, span in speakers:
            add_agency(speaker.top, art.index)
            add_agency(speaker.agency, art.index)
            if speaker.person and speaker.post and not speaker.group:
                org = speaker.agency.canonical if speaker.agency else None
                persons.append(
                    Person(speaker.person, speaker.post, org, art.index, "official", span)
                )
        persons += find_leaders(art, published)
        persons += find_reporters(art, publisher, resolver)
        for person, body in find_officials(art, resolver):
            persons.append(person)
            add_agency(body, art.index)
        for p in ps:
            add_agency(p.agency, art.index)
        outlet = resolver.agency(art.byline_org) if art.byline_org else None
        if art.byline_org == SELF and publisher is not None:
            outlet = replace(publisher, mention=SELF)
        add_agency(outlet, art.index)
        outlet_or_publisher = outlet or publisher
        reporter_org = outlet_or_publisher.canonical if outlet_or_publisher else None
        for bn in art.byline:
            persons.append(
                Person(bn.name, bn.post, reporter_org if bn.post else None, art.index, "reporter")
            )
        event_mentions += find_events(art, resolver)
        for im in find_initiatives(art):
            if any(i.name == im.name and i.article == art.index for i in initiatives):
                continue
            initiatives.append(
                Initiative(im.name, im.mention, _owner(im.span.start, ps), art.index, im.span)
            )
        obs, tgs = _numbers(art, ps, resolver, publisher, len(observations), len(targets))
        observations += obs
        targets += tgs

    events = _merge_events(event_mentions)
    for ev in events:
        organizer = resolver.agency(ev.organizer) if ev.organizer else None
        for a in ev.articles:
            add_agency(organizer, a)
    return DocumentExtraction(
        source=source,
        clean=cleaned,
        region=region,
        published=published,
        articles=tuple(articles),
        agencies=tuple(agencies.values()),
        persons=tuple(_unique_persons(persons)),
        events=tuple(events),
        directives=tuple(directives),
        pledges=tuple(pledges),
        targets=tuple(targets),
        observations=tuple(observations),
        initiatives=tuple(initiatives),
        agency_articles=tuple(sorted(agency_articles)),
        warnings=_warnings(source, resolver),
    )


def _warnings(source: SourceDoc, resolver: Resolver) -> tuple[str, ...]:
    if not resolver.unresolved:
        return ()
    names = "、".join(sorted(resolver.unresolved))
    return (
        f"{source.path}: no province known, so {names} kept as written; set the region "
        "column of MANIFEST.tsv beside the file (e.g. 江西省)",
    )


def _publisher(source: SourceDoc, resolver: Resolver) -> AgencyRef | None:
    name = source.meta.publisher
    return resolver.agency(name) if name else None


def _owner(pos: int, pledges: list[Pledge]) -> str | None:
    for p in pledges:
        if p.span.start <= pos < p.span.end:
            return p.agency.canonical
    return None


def _numbers(
    art: Article,
    pledges: list[Pledge],
    resolver: Resolver,
    publisher: AgencyRef | None,
    n_obs: int,
    n_tgt: int,
) -> tuple[list[Observation], list[Target]]:
    """Observations and targets of one article, periods and indicators carried forward."""
    observations: list[Observation] = []
    targets: list[Target] = []
    found = _figures(art, resolver)
    repeated = _repeats(art, found)
    seen: set[tuple[Decimal, str, str | None, bool]] = set()
    for k, (sent, q) in enumerate(found):
        # the same figure said again (a title repeated in the body); last year's result and
        # this year's target of the same indicator are two figures
        key = (q.value, q.unit, q.indicator, q.future)
        if k in repeated or key in seen:
            continue
        seen.add(key)
        pledge = next((p for p in pledges if p.span.contains(q.value_span)), None)
        indicator_key = _indicator_key(q)
        target_id = None
        if pledge is not None or q.future:
            target_id = f"t{n_tgt + len(targets) + 1}"
            targets.append(
                Target(
                    id=target_id,
                    article=art.index,
                    quantity=q,
                    sentence=sent,
                    pledge=pledge.id if pledge else None,
                    setter=pledge.agency if pledge else publisher,
                    object=q.indicator,
                    region=resolver.region,
                    indicator_key=indicator_key,
                )
            )
        observations.append(
            Observation(
                id=f"o{n_obs + len(observations) + 1}",
                article=art.index,
                quantity=q,
                sentence=sent,
                region=resolver.region,
                indicator_key=indicator_key,
                target=target_id,
            )
        )
    return observations, targets


def _figures(art: Article, resolver: Resolver) -> list[tuple[Sentence, Quantity]]:
    """Every figure of the article with the period in force and a carried indicator.

    The period in force is that of the section (a heading naming one: 一、2025年工作回顾), or
    of the paragraph (a period opening one of its sentences: 2025年，…; 过去一年，…) within
    that paragraph only. A date (7月29日, 年末) is the period of its own sentence and is never
    carried: a visit's date is not its figures'. 全年 in a section of 2025 is 2025.
    """
    out: list[tuple[Sentence, Quantity]] = []
    section: str | None = None
    paragraph: tuple[int, str | None] = (-2, None)
    published = resolver.published
    for sent in (*art.header, *art.sentences):
        found = find_period(sent.text, published)
        label = found[1] if found is not None else None
        if sent.paragraph != paragraph[0]:
            paragraph = (sent.paragraph, None)
        if label is not None and sent.paragraph >= 0 and _carried_period(label):
            if _HEADING.match(sent.text):
                section = label
            elif found is not None and found[0].start <= _OPENING:
                paragraph = (sent.paragraph, label)
        in_force = paragraph[1] or section
        planning = (
            section is not None and _ahead(section, published) and _starts_year(section, published)
        )
        last_indicator: str | None = None
        last_measure: str | None = None
        for q in find_quantities(sent.text, base=sent.span.start, published=published):
            if planning and not q.future and (q.period is None or _ahead(q.period, published)):
                q = replace(q, future=True)  # 三、2026年重点工作: its figures are the plan's
            carried = q.measure in _CARRIED or (
                q.measure == "growth_rate" and last_measure in ("amount", "level", "count")
            )  # 出口额达120亿元，同比增长6.3%: the growth of the amount just named
            if q.indicator is None and last_indicator is not None and carried:
                q = replace(q, indicator=last_indicator)
            last_indicator = q.indicator or last_indicator
            last_measure = q.measure
            if sent.paragraph >= 0 and not q.future:
                if q.period is None and in_force is not None:
                    q = replace(q, period=in_force)  # a reported figure: the period in force
                elif _WHOLE_YEAR.search(sent.text) and section and q.period == _year(published):
                    q = replace(q, period=section[:4])  # 全年… in the review of 2025
            elif q.future and q.period is None and in_force and _ahead(in_force, published):
                q = replace(q, period=in_force)  # a target of the plan (三、2026年重点工作)
            if q.future and q.period and _YEAR_END.fullmatch(q.period):
                q = replace(q, period=q.period[:4])  # 2025年底前完成…: a target for 2025
            out.append((sent, q))
    return out


#: A section heading: 一、2025年工作回顾; （二）…
_HEADING = re.compile(r"^[　 ]*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
_OPENING = 2  # a period this near a sentence's start opens it (2025年，…; “十四五”时期…)
_WHOLE_YEAR = re.compile(r"全年")
_YEAR_END = re.compile(r"\d{4}-12-31")


def _carried_period(label: str) -> bool:
    """Years, parts of years and plan periods carry over; a day (7月29日, 年末) does not."""
    return not re.search(r"-\d{2}-\d{2}$", label) and not label.startswith("as of")


def _ahead(label: str, published: str | None) -> bool:
    """Whether the period ``label`` has not ended before the publication year (a plan's)."""
    year = _year(published)
    last = label.rsplit("/", 1)[-1][:4]
    return year is not None and last.isdigit() and last >= year


def _starts_year(label: str, published: str | None) -> bool:
    """Whether ``label`` opens in the publication year (2026, 2026/2030 in a 2026 report)."""
    return published is not None and label[:4] == published[:4]


def _year(published: str | None) -> str | None:
    return published[:4] if published else None


_CARRIED = ("change_in_growth_pp", "rank")  # measures that take the figure before's indicator


def _repeats(art: Article, found: list[tuple[Sentence, Quantity]]) -> set[int]:
    """Figures that repeat one of the body: a display figure set alone on a line (63%, 800亿)
    and the standfirst paragraph right after it, which restates a sentence of the body."""
    display = {s.paragraph for s in art.sentences if _DISPLAY.fullmatch(s.text)}
    lead = display | {p + 1 for p in display}
    body = {(q.value, q.unit) for s, q in found if s.paragraph not in lead}
    out = set()
    for k, (sent, q) in enumerate(found):
        if sent.paragraph in display:
            if any(
                o.value == q.value and o.unit.startswith(q.unit)
                for j, (_, o) in enumerate(found)
                if j != k
            ):
                out.add(k)
        elif sent.paragraph in lead and (q.value, q.unit) in body:
            out.add(k)
    return out


#: A display figure: a short line that is only a number and its unit (63%, 800亿, 3616).
_DISPLAY = re.compile(r"[0-9０-９][0-9０-９.．,，]*[%％‰\u4e00-\u9fff]{0,4}")


def _indicator_key(q: Quantity) -> str | None:
    """The indicator concept a figure is about: from its wording, else, for a growth rate,
    from its clause (经济增长5.5%左右: the wording 经济 alone names nothing, 经济增长 is GDP)."""
    key = normalise_indicator(q.indicator) if q.indicator else None
    if key is None and q.measure == "growth_rate":
        key = normalise_indicator(q.text)
    return key


def _merge_events(mentions: list[EventMention]) -> list[Event]:
    """One event per plenum / session / press conference of the document; bare references
    (全会, 发布会) join the article's own event of that kind."""
    groups: dict[str, list[EventMention]] = {}
    order: list[str] = []
    for m in mentions:
        if m.reference:
            continue
        if m.kind == "press_conference":
            same = [
                k
                for k in order
                if k.startswith("press_conference|") and _date_of(groups[k]) == m.date
            ]
            key = same[0] if same and m.date else f"press_conference|{m.date or m.core}"
        else:
            key = f"{m.kind}|{m.organizer_name or ''}|{m.core}"
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(m)
    for m in mentions:
        if not m.reference:
            continue
        candidates = [
            k
            for k in order
            if k.startswith(m.kind + "|") and any(x.article == m.article for x in groups[k])
        ]
        if candidates:
            groups[candidates[0]].append(m)
    events = []
    for key in order:
        ms = groups[key]
        named = [x for x in ms if not x.reference]
        name = max(named, key=lambda x: ("的" not in x.name, len(x.name))).name
        organizer = next((x.organizer_name for x in named if x.organizer_name), None)
        date = _date_of(ms)
        kind = named[0].kind
        core = named[0].core if kind != "press_conference" else f"{date or name}/press_conference"
        events.append(
            Event(
                key=f"{organizer or '-'}/{core}",
                name=name,
                kind=kind,
                date=date,
                organizer=organizer,
                articles=tuple(sorted({x.article for x in ms})),
                mentions=tuple(dict.fromkeys(x.name for x in ms)),
                spans=tuple(x.span for x in ms),
            )
        )
    return events


def _date_of(ms: list[EventMention]) -> str | None:
    return next((x.date for x in ms if x.date), None)


def _unique_persons(persons: list[Person]) -> Iterator[Person]:
    seen: set[tuple[str, int]] = set()
    for p in persons:
        if (p.name, p.article) not in seen:
            seen.add((p.name, p.article))
            yield p


def extract_paths(
    paths: Iterable[Path | str],
    *,
    encoding: str | None = None,
    failures: list[ReadFailure] | None = None,
    gazetteer: Gazetteer | None = None,
) -> Iterator[DocumentExtraction]:
    """Read and extract every source under ``paths``, one document at a time."""
    gaz = gazetteer or default_gazetteer()
    for source in read_sources(paths, encoding=encoding, failures=failures):
        yield extract_document(source, gaz)


__all__ = ["Quantity", "extract_document", "extract_paths"]
