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

from kg.extract.prefilter import Gated, gated
from kg.records import AgencyRef, Article, Person, Sentence, Span
from kg.resolve import Resolver
from kg.tables import alternation, table, words

_DATE = re.compile(r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_LEAD_DATE = re.compile(r"^(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日[，,]")
_CLAUSE_MARKS = "，。；："


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
def _event_rules() -> tuple[tuple[str, Gated, str, str], ...]:
    return tuple(
        (r["kind"], gated(r["pattern"]), r["organizer"], r["label"]) for r in table("events")
    )


@cache
def _reference_re() -> re.Pattern[str]:
    return re.compile(alternation("event_references", "word"))


def _kinds_of_reference() -> dict[str, str]:
    return {r["word"]: r["kind"] for r in table("event_references")}


def find_events(article: Article, resolver: Resolver) -> list[EventMention]:
    out: list[EventMention] = []
    for sent in all_sentences(article):
        taken: list[Span] = []
        for kind, rx, organizer, label in _event_rules():
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
                            org_ref = refs[0] if refs else None
                    org_name = org_ref.canonical if org_ref else None
                else:
                    org_name = organizer or None
                out.append(
                    EventMention(
                        kind=kind,
                        name=m.group(label if label == "name" else 0),
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
    (``7月29日召开的省委…全会``) or opening the clause before it (``2013年3月8日，习近平总书记
    参加十二届全国人大一次会议…``), or the sentence's opening date when the report comes from
    the event itself (``8月1日，记者从…新闻发布会上获悉``). A date without a year is read
    against the publication date."""
    clause = max(text.rfind(c, 0, start) for c in _CLAUSE_MARKS) + 1
    best = None
    for m in _DATE.finditer(text, clause, start):
        best = m
    if best is None and clause > 0 and text[clause - 1] in "，,":
        before = max(text.rfind(c, 0, clause - 1) for c in _CLAUSE_MARKS + "”") + 1
        best = _DATE.match(text, before)
        if best is not None and best.end() != clause - 1:
            best = None  # the clause before is more than the date
    if best is None and text[end : end + 1] == "上":
        best = _LEAD_DATE.match(text)
    if best is None:
        return None
    month, day = int(best.group("m")), int(best.group("d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if best.group("y"):
        return f"{best.group('y')}-{month:02d}-{day:02d}"
    return resolver.month_day(month, day)


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
def _enterprise_re() -> Gated:
    suffixes = alternation("enterprise_suffixes", "suffix")
    return gated(
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


# --- people named in passing ----------------------------------------------------------------
def _person_words(role: str) -> list[str]:
    return [w for r in table("person_names") if r["role"] == role for w in r["word"].split("|")]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _name_re() -> str:
    """A name: surname, one or two characters, then a boundary (严家福一身轻松, 尹龙边忙活)."""
    given = re.escape("".join(_person_words("not_given")))
    return (
        rf"(?P<name>(?:{_alt(_person_words('surname'))})(?:(?![{given}])[\u4e00-\u9fff]){{1,2}})"
        rf"(?=(?:{_alt(_person_words('boundary'))})|[，。；：、！？“”（）()\s]|$)"
    )


@cache
def _official_re() -> re.Pattern[str]:
    """A post, or a title for a non-official, right before a name (主任成家兵, 村民晏美军)."""
    posts = alternation("posts", "post")
    titles = _alt(_person_words("title"))
    # every match opens with 原, 前, a post or a title: testing its first character before
    # trying each word lets the scan skip most positions (3× faster)
    return re.compile(
        _opens_with(["原", "前", *words("posts", "post"), *_person_words("title")])
        + rf"(?P<pre>原|前)?(?:(?P<post>{posts})|(?P<title>{titles})){_name_re()}"
    )


def official_pattern() -> re.Pattern[str]:
    """The post-and-name pattern of :func:`find_officials` (主任成家兵), for other stages."""
    return _official_re()


def _opens_with(starts: list[str]) -> str:
    """A lookahead for the first characters of ``starts`` ('' when one is empty: anything)."""
    if not all(starts):
        return ""
    return f"(?=[{re.escape(''.join(sorted({w[0] for w in starts})))}])"


def find_officials(article: Article, resolver: Resolver) -> list[tuple[Person, AgencyRef | None]]:
    """People named after a post (明光市纪委第四纪检监察室主任成家兵收到…) or a title
    (种粮大户段庆飞): officials of the body named right before the post (returned with the
    person: a division such as 第四纪检监察室 is found only here), others mentioned."""
    out: list[tuple[Person, AgencyRef | None]] = []
    for sent in article.sentences:
        refs = resolver.scan(sent.text, sent.span.start)
        for m in _official_re().finditer(sent.text):
            name = m.group("name")
            if m.group("post") in _group_posts() or "某" in name or _not_a_name(name):
                continue
            org = None
            if m.group("post"):
                start = sent.span.start + m.start()
                org = next(
                    (r for r in reversed(refs) if r.span and 0 <= start - r.span.end <= 14), None
                )
                if org is not None and org.span is not None:
                    unit = sent.text[org.span.end - sent.span.start : m.start()]
                    if unit and re.fullmatch(_unit_re(), unit):
                        org = resolver.subunit(org, unit, Span(org.span.end, start))
                    elif unit:
                        org = None
            post = (m.group("pre") or "") + (m.group("post") or m.group("title"))
            span = Span(sent.span.start + m.start("name"), sent.span.start + m.end("name"))
            person = Person(
                name=name,
                post=post,
                organisation=org.canonical if org else None,
                article=article.index,
                role="official" if m.group("post") else "mentioned",
                span=span,
            )
            out.append((person, org))
    return out


@cache
def _boundaries() -> frozenset[str]:
    return frozenset(_person_words("boundary"))


@cache
def _not_names() -> frozenset[str]:
    return frozenset(_person_words("not_name"))


def _not_a_name(name: str) -> bool:
    """强调 after 总书记 reads like a name, 党员 after 学生 too; neither is one."""
    return any(w in _boundaries() or w in _not_names() for w in (name, name[:2]))


@cache
def _unit_re() -> str:
    return rf"[\u4e00-\u9fff]{{2,14}}?(?:{alternation('unit_suffixes', 'suffix')})"


@cache
def _group_posts() -> frozenset[str]:
    return frozenset(r["post"] for r in table("posts") if r["kind"] == "group")


@cache
def _leaders() -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    out = []
    for row in table("leaders"):
        after = f"(?!{row['not_before']})" if row["not_before"] else ""
        out.append((re.compile(re.escape(row["name"]) + after), row))
    return tuple(out)


def find_leaders(article: Article, published: str | None) -> list[Person]:
    """National leaders named in the article (习近平总书记强调…), in office at publication."""
    out: list[Person] = []
    for rx, row in _leaders():
        if published and not (row["from"][: len(published)] <= published):
            continue
        if published and row["to"] and row["to"][: len(published)] < published:
            continue
        for sent in all_sentences(article):
            m = rx.search(sent.text)
            if m is not None:
                span = Span(sent.span.start + m.start(), sent.span.start + m.end())
                out.append(
                    Person(
                        row["name"],
                        row["post"],
                        row["organisation"],
                        article.index,
                        "official",
                        span,
                    )
                )
                break
    return out


# --- reporters named in the text ------------------------------------------------------------
#: 本报记者 刘志强 王云杉; （新华社北京1月25日电 记者姜琳、屈婷）; 记者 王某: the names after a
#: reporter's title, two or three characters each, joined by 、 or spaces.
_REPORTERS = re.compile(
    r"(?P<post>(?:全媒体|特约)?记者)"
    r"[ 　]*(?P<names>[\u4e00-\u9fff]{2,3}(?:(?:[、 　]+|和)[\u4e00-\u9fff]{2,3}){0,20})"
    r"(?=[）)《\s　]|$|报道|摄)"
)
_OUTLET_BEFORE = re.compile(r"(本报|新华社|人民日报|中新社|央视)[^，。；\n]{0,12}$")
_OUTLETS = {
    "新华社": "新华社",
    "人民日报": "人民日报",
    "中新社": "中国新闻社",
    "央视": "中央广播电视总台",
}


def find_reporters(
    article: Article, publisher: AgencyRef | None, resolver: Resolver
) -> list[Person]:
    """Reporters named in the byline line or a dateline in parentheses; 本报 is the publisher,
    新华社 is the news agency."""
    out: list[Person] = []
    for sent in all_sentences(article):
        if "记者" not in sent.text:
            continue
        for m in _REPORTERS.finditer(sent.text):
            before = _OUTLET_BEFORE.search(sent.text, max(0, m.start() - 16), m.start())
            outlet = before.group(1) if before else None
            org = publisher
            if outlet and outlet != "本报":
                org = resolver.agency(_OUTLETS[outlet]) or org
            names = [n for n in re.split(r"[、 　]+|和", m.group("names")) if n]
            if any(_not_a_name(n) for n in names):
                continue
            for name in names:
                start = sent.span.start + m.start("names") + m.group("names").find(name)
                out.append(
                    Person(
                        name,
                        (outlet if outlet == "本报" else "") + m.group("post"),
                        org.canonical if org else None,
                        article.index,
                        "reporter",
                        Span(start, start + len(name)),
                    )
                )
    return out
