"""Stage 3 — extract entities: an article in, events, initiatives and named organisations out.

Each finder reads one rule table of ``data/rules``: ``events.tsv`` (plenums, sessions, press
conferences, with their organiser), ``event_references.tsv`` (全会, 发布会: the event the
article is about), ``initiative_suffixes.tsv`` / ``initiative_verbs.tsv`` (“1269”行动计划,
建立…联动机制), ``enterprise_suffixes.tsv`` (德福科技等23家…) and
``exchange_abbreviations.tsv`` (沪、深、北三大股交所).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from kg.records import AgencyRef, Article, Sentence, Span
from kg.resolve import Resolver
from kg.tables import alternation, table

_DATE = re.compile(r"(\d{1,2})月(\d{1,2})日")
_LEAD_DATE = re.compile(r"^(\d{1,2})月(\d{1,2})日[，,]")


@dataclass(frozen=True, slots=True)
class EventMention:
    kind: str
    name: str  # the full surface (省委十五届六次全会)
    core: str  # the name without its organiser (十五届六次全会)
    organizer: AgencyRef | None
    organizer_name: str | None
    date: str | None
    span: Span
    article: int
    reference: bool = False  # a bare 全会 / 发布会 pointing at the article's event


def all_sentences(article: Article) -> Iterator[Sentence]:
    yield from article.header
    yield from article.sentences


@cache
def _event_rules() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    return tuple((r["kind"], re.compile(r["pattern"]), r["organizer"]) for r in table("events"))


@cache
def _reference_re() -> re.Pattern[str]:
    return re.compile(alternation("event_references", "word"))


def _kinds_of_reference() -> dict[str, str]:
    return {r["word"]: r["kind"] for r in table("event_references")}


def find_events(article: Article, resolver: Resolver) -> list[EventMention]:
    out: list[EventMention] = []
    for sent in all_sentences(article):
        taken: list[Span] = []
        for kind, rx, organizer in _event_rules():
            for m in rx.finditer(sent.text):
                span = Span(sent.span.start + m.start(), sent.span.start + m.end())
                if any(span.overlaps(t) for t in taken):
                    continue
                taken.append(span)
                org_ref: AgencyRef | None = None
                org_name: str | None = None
                if organizer.startswith("from:"):
                    surface = m.groupdict().get(organizer[5:])
                    if surface:
                        org_ref = resolver.agency(surface)
                        if org_ref is None:
                            refs = resolver.scan(surface)
                            org_ref = refs[-1] if refs else None
                    org_name = org_ref.canonical if org_ref else None
                else:
                    org_name = organizer or None
                out.append(
                    EventMention(
                        kind=kind,
                        name=m.group(),
                        core=m.group("name"),
                        organizer=org_ref,
                        organizer_name=org_name,
                        date=_date_before(sent.text, m.start(), m.end(), resolver),
                        span=span,
                        article=article.index,
                    )
                )
        for m in _reference_re().finditer(sent.text):
            span = Span(sent.span.start + m.start(), sent.span.start + m.end())
            if any(span.overlaps(t) for t in taken):
                continue
            out.append(
                EventMention(
                    kind=_kinds_of_reference()[m.group()],
                    name=m.group(),
                    core=m.group(),
                    organizer=None,
                    organizer_name=None,
                    date=None,
                    span=span,
                    article=article.index,
                    reference=True,
                )
            )
    return out


def _date_before(text: str, start: int, end: int, resolver: Resolver) -> str | None:
    """When the event took place, if the sentence says: a date in the event's own clause
    (``7月29日召开的省委…全会``), or the sentence's opening date when the report comes from
    the event itself (``8月1日，记者从…新闻发布会上获悉``)."""
    clause = max(text.rfind(c, 0, start) for c in "，。；：") + 1
    best = None
    for m in _DATE.finditer(text, clause, start):
        best = m
    if best is None and text[end : end + 1] == "上":
        best = _LEAD_DATE.match(text)
    if best is None:
        return None
    return resolver.month_day(int(best.group(1)), int(best.group(2)))


# --- initiatives --------------------------------------------------------------------------
@cache
def _quoted_re() -> re.Pattern[str]:
    suffixes = alternation("initiative_suffixes", "suffix")
    return re.compile(rf"“(?P<q>[^“”\n]{{1,24}})”(?P<suf>[\u4e00-\u9fff]{{0,8}}?(?:{suffixes}))?")


@cache
def _verb_object_re() -> re.Pattern[str]:
    suffixes = alternation("initiative_suffixes", "suffix")
    verbs = alternation("initiative_verbs", "word")
    return re.compile(
        rf"(?:{verbs})(?P<name>[\u4e00-\u9fff“”]{{4,22}}?(?:{suffixes}))(?![\u4e00-\u9fff]{{0,2}}(?:{suffixes}))"
    )


@dataclass(frozen=True, slots=True)
class InitiativeMention:
    name: str
    mention: str
    span: Span
    article: int


def find_initiatives(article: Article) -> list[InitiativeMention]:
    out: list[InitiativeMention] = []
    for sent in all_sentences(article):
        taken: list[tuple[int, int]] = []
        for m in _quoted_re().finditer(sent.text):
            q = m.group("q")
            if re.search(r"[。！？]", q):
                continue  # a quoted statement, not a name
            suf = m.group("suf") or ""
            name = q + suf
            taken.append((m.start(), m.end()))
            out.append(
                InitiativeMention(
                    name=name,
                    mention=m.group(),
                    span=Span(sent.span.start + m.start(), sent.span.start + m.end()),
                    article=article.index,
                )
            )
        for m in _verb_object_re().finditer(sent.text):
            s, e = m.span("name")
            if any(s < te and ts < e for ts, te in taken):
                continue
            name = m.group("name").replace("“", "").replace("”", "")
            name = re.sub(r"^(?:了|新一批|一批|一系列)", "", name)
            out.append(
                InitiativeMention(
                    name=name,
                    mention=m.group("name"),
                    span=Span(sent.span.start + s, sent.span.start + e),
                    article=article.index,
                )
            )
    return out


# --- organisations named in lists -----------------------------------------------------------
@cache
def _enterprise_re() -> re.Pattern[str]:
    suffixes = alternation("enterprise_suffixes", "suffix")
    return re.compile(
        rf"(?:^|(?<=[，。；、：\s]))(?P<name>[\u4e00-\u9fff]{{2,10}}?(?:{suffixes}))等(?=\d|[一二三四五六七八九十百千]|企业)"
    )


@cache
def _exchange_re() -> re.Pattern[str]:
    abbrevs = "".join(re.escape(r["abbrev"]) for r in table("exchange_abbreviations"))
    return re.compile(
        rf"(?P<list>[{abbrevs}](?:、[{abbrevs}])+)(?:[两三四]大)?(?:证券|股票)?(?:股交所|交易所)"
    )


def find_listed_organisations(article: Article, resolver: Resolver) -> list[AgencyRef]:
    """Enterprises named before 等N家 and exchanges abbreviated in a list."""
    canon = {r["abbrev"]: r["canonical"] for r in table("exchange_abbreviations")}
    out: list[AgencyRef] = []
    for sent in all_sentences(article):
        for m in _enterprise_re().finditer(sent.text):
            surface = m.group("name")
            span = Span(sent.span.start + m.start("name"), sent.span.start + m.end("name"))
            ref = resolver.agency(surface, span)
            out.append(
                ref
                or AgencyRef(
                    canonical=surface, mention=surface, span=span, level="enterprise", known=False
                )
            )
        for m in _exchange_re().finditer(sent.text):
            base = sent.span.start + m.start("list")
            for k, ch in enumerate(m.group("list")):
                if ch == "、":
                    continue
                name = canon[ch]
                span = Span(base + k, base + k + 1)
                ref = resolver.agency(name, span)
                out.append(
                    AgencyRef(
                        canonical=ref.canonical if ref else name,
                        mention=ch,
                        span=span,
                        level=ref.level if ref else "national",
                        known=ref is not None,
                    )
                )
    return out
