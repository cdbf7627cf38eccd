"""Stage 4 — resolve: surface forms in, canonical entities out.

A :class:`Resolver` is made per document: it knows the document's region (from its manifest,
dateline or text) and publication date, and turns what the extractors found into canonical
records: 省工信厅 in a Jiangxi paper is 江西省工业和信息化厅; an unknown 省教育评估监测研究院
becomes 江西省教育评估监测研究院; 经济运行处 right after 省工信厅 is a sub-unit of it.
Unknown organisations keep their surface form (``known=False``); nothing is invented.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from kg.errors import KgError
from kg.gazetteer import Entry, Gazetteer
from kg.paths import data_dir
from kg.records import AgencyRef, Span
from kg.tables import table

#: A provincial body the gazetteer does not list: 省 + name + an organisational suffix.
_UNKNOWN_BODY = re.compile(
    r"^(?:省|市|自治区)[\u4e00-\u9fff]{2,12}?(?:研究院|科学院|研究所|研究中心|委员会|办公室|厅|局|委|办|院|中心|所)"
)
#: The same in running text: no 委 or 办 alone (省委常委, 省…举办), no list or verb inside.
_UNLISTED_SUFFIX = "研究院|科学院|研究所|研究中心|委员会|办公室|厅|局|院|中心|所"
_UNLISTED_INSIDE = r"(?:(?![及和与的在为是了、举承主协])[\u4e00-\u9fff])"
_YEAR = re.compile(r"^(\d{4})")
_HAN = "\u4e00-\u9fff"
#: A place name may follow these inside a clause (在浏阳市…, 由明光市纪委…).
_PLACE_OK_BEFORE = "在从由与和及同向对据经到、"
#: Two characters before 市/县 that make a word, not a place (全市, 各县, 本市, 城市).
_NOT_PLACE_FIRST = "各全本该我每其省市县区乡镇村这那此城都两地上下外内"
#: A district, county or township part of a place: not 委, 政, 党 … (徐州市委市政府).
_PART = rf"(?:(?![委政党纪人省市区县乡镇])[{_HAN}])"


@dataclass(frozen=True, slots=True)
class _Local:
    """The rules for local bodies: a place (city, district, township) + a body word."""

    pattern: re.Pattern[str]
    canonical: dict[str, str]  # body word or verb -> canonical template
    cities: dict[str, str]  # 徐州, 徐州市 -> 徐州市
    depts: tuple[str, ...]  # the words a department ends in, longest first


@cache
def _local() -> _Local:
    cities: dict[str, str] = {}
    path = data_dir() / "gazetteer" / "cities.tsv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise KgError(f"{path}: gazetteer table missing ({exc}); reinstall plenum-kg") from exc
    for row in csv.DictReader(
        (ln for ln in lines if ln and not ln.startswith("#")), delimiter="\t"
    ):
        cities[row["name"]] = cities[row["short"]] = row["name"]
    canonical: dict[str, str] = {}
    kinds: dict[str, list[str]] = {"body": [], "dept": [], "actor": [], "not_place": []}
    for row in table("local_bodies"):
        for word in row["word"].split("|"):
            canonical[word] = row["canonical"]
            kinds[row["kind"]].append(word)

    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    city = alt(list(cities))
    place = (
        rf"(?P<city>{city})(?P<dist>{_PART}{{1,3}}?[区县市])?(?P<town>{_PART}{{1,3}}?(?:乡|镇|街道))?"
        rf"|(?:(?<![{_HAN}])|(?<=[{_PLACE_OK_BEFORE}]))"
        rf"(?P<county>(?![{_NOT_PLACE_FIRST}]|{alt(kinds['not_place'])})[{_HAN}]{{2}}[市县](?!场))"
    )
    # a match opens with a city's name or with two characters and 市/县 (a county): testing
    # that first lets the scan skip most positions without trying every city (6× faster)
    first = re.escape("".join(sorted({name[0] for name in cities if name})))
    opens = rf"(?=[{first}]|..[市县])" if first and all(cities) else ""
    pattern = re.compile(
        rf"{opens}(?P<place>{place})(?:(?P<body>{alt(kinds['body'])})"
        rf"|(?P<dept>[{_HAN}]{{2,8}}?(?:{alt(kinds['dept'])}))"
        rf"|(?:还|也|又|已|先后|率先|近期|日前|近日|今年)?(?=(?P<actor>{alt(kinds['actor'])})))"
    )
    depts = tuple(sorted(kinds["dept"], key=len, reverse=True))
    return _Local(pattern, canonical, cities, depts)


@dataclass
class Resolver:
    gazetteer: Gazetteer
    region: str | None
    published: str | None
    _seen: dict[str, AgencyRef] = field(default_factory=dict)
    #: scans already made, by (text, base, region): several stages scan the same sentence
    _scans: dict[tuple[str, int, str | None], tuple[AgencyRef, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    # --- organisations -------------------------------------------------------------------
    def _ref(self, entry: Entry, mention: str, span: Span | None) -> AgencyRef:
        return AgencyRef(
            canonical=entry.canonical,
            mention=mention,
            span=span,
            level=entry.level,
            parent=entry.parent,
            region=entry.region,
            known=True,
            aliases=entry.aliases,
        )

    def agency(self, surface: str, span: Span | None = None) -> AgencyRef | None:
        """The canonical organisation for ``surface``, or None when it is not one."""
        entry = self.gazetteer.lookup(surface, self.region)
        if entry is not None:
            return self._ref(entry, surface, span)
        local = self.local_bodies(surface.strip())
        if len(local) == 1 and local[0].mention == surface.strip():
            return replace(local[0], span=span)
        return None

    def unknown_body(self, text: str, base: int) -> AgencyRef | None:
        """An unlisted provincial body at the start of ``text`` (省教育评估监测研究院)."""
        m = _UNKNOWN_BODY.match(text)
        if not m or self.region is None:
            return None
        surface = m.group()
        canonical = self.gazetteer.province_prefix_expansion(surface, self.region)
        if canonical is None:
            return None
        return AgencyRef(
            canonical=canonical,
            mention=surface,
            span=Span(base, base + len(surface)),
            level="province",
            region=self.region,
            known=False,
        )

    def subunit(self, parent: AgencyRef, surface: str, span: Span) -> AgencyRef:
        """A division of ``parent`` (经济运行处 of 江西省工业和信息化厅)."""
        return AgencyRef(
            canonical=parent.canonical + surface,
            mention=surface,
            span=span,
            level="sub-unit",
            parent=parent.canonical,
            region=parent.region or self.region,
            known=False,
        )

    def scan(self, text: str, base: int = 0) -> list[AgencyRef]:
        """Every organisation mentioned in ``text`` (offsets shifted by ``base``): the
        gazetteer's, and local bodies (徐州市委) where the gazetteer found nothing.

        Each sentence is scanned once: the pledge, official and agency stages all ask for it,
        so the result is kept per ``(text, base)`` for the life of the resolver (one document).
        """
        key = (text, base, self.region)
        found = self._scans.get(key)
        if found is None:
            found = self._scans[key] = tuple(self._scan(text, base))
        return list(found)

    def _scan(self, text: str, base: int) -> list[AgencyRef]:
        out: list[AgencyRef] = []
        for start, end, entry in self.gazetteer.find_all(text, self.region):
            abroad = _abroad_re().search(text, max(0, start - _ABROAD_REACH), start)
            if abroad and (entry.level == "national" or entry.kind == "international"):
                continue  # 尼泊尔财政部长, 中国驻欧盟使团: not China's body, not the body
            out.append(self._ref(entry, text[start:end], Span(base + start, base + end)))
        for found in (self.local_bodies(text, base), self._unlisted_bodies(text, base)):
            new = [
                r
                for r in found
                if r.span is not None and not any(r.span.overlaps(o.span) for o in out if o.span)
            ]
            if new:
                out = sorted([*out, *new], key=lambda r: r.span.start if r.span else 0)
        return out

    def _unlisted_bodies(self, text: str, base: int) -> list[AgencyRef]:
        """Provincial bodies the gazetteer does not list, named at the start of a clause
        (省动物卫生监督所的工作人员…, 江苏省产业技术研究院聘请…)."""
        if self.region is None or self.region.endswith("市"):
            return []  # in a municipality, 市… is the city's own body: the gazetteer's
        out = []
        for m in _unlisted_re(self.region).finditer(text):
            ref = self.unknown_body(m.group(), base + m.start())
            if ref is not None:
                out.append(ref)
        return out

    def local_bodies(self, text: str, base: int = 0) -> list[AgencyRef]:
        """Bodies of cities, districts and townships (``data/rules/local_bodies.tsv``):
        徐州市委 → 中国共产党徐州市委员会, 宣城市印发… → 宣城市人民政府."""
        rules = _local()
        out = []
        for m in rules.pattern.finditer(text):
            if m.group("city"):
                place = rules.cities[m.group("city")] + (m.group("dist") or "")
                place += m.group("town") or ""
            else:
                place = m.group("county")
            if m.group("actor"):
                if not (m.group("city") or m.group("dist")) or not _clause_start(text, m.start()):
                    continue
                word, end = m.group("actor"), m.end("place")
            elif m.group("dept"):
                word, end = m.group("dept"), m.end()
            else:
                word, end = m.group("body"), m.end()
            suffix = next((d for d in rules.depts if word.endswith(d)), word)
            template = rules.canonical[suffix]
            canonical = template.replace("{place}", place).replace("{word}", word)
            out.append(
                AgencyRef(
                    canonical=canonical,
                    mention=text[m.start() : end],
                    span=Span(base + m.start(), base + end),
                    level="city",
                    region=self.region,
                    known=False,
                )
            )
        return out

    # --- dates ---------------------------------------------------------------------------
    @property
    def year(self) -> int | None:
        m = _YEAR.match(self.published or "")
        return int(m.group(1)) if m else None

    def month_day(self, month: int, day: int) -> str | None:
        """``7月29日`` in a text published 2024-08-02 is 2024-07-29 (a later month: last year)."""
        year = self.year
        if year is None:
            return None
        pub_month = int(self.published[5:7]) if self.published and len(self.published) >= 7 else 12
        if month > pub_month:
            year -= 1
        return f"{year:04d}-{month:02d}-{day:02d}"


@cache
def _unlisted_re(region: str) -> re.Pattern[str]:
    prefix = "省" if region.endswith("省") else "自治区" if "自治区" in region else None
    names = "|".join(re.escape(p) for p in (region, prefix) if p)
    return re.compile(
        rf"(?:(?<![{_HAN}])|(?<=[{_PLACE_OK_BEFORE}]))(?:{names})"
        rf"{_UNLISTED_INSIDE}{{2,12}}?(?:{_UNLISTED_SUFFIX})"
    )


_ABROAD_REACH = 8


@cache
def _abroad_re() -> re.Pattern[str]:
    words = sorted(
        (w for r in table("foreign_countries") for w in r["word"].split("|")), key=len, reverse=True
    )
    return re.compile(rf"(?:{'|'.join(map(re.escape, words))})$")


def _clause_start(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] in "，,。；;：:”　 "


def infer_region(
    gazetteer: Gazetteer, declared: str | None, place: str | None, text: str
) -> str | None:
    """The province a text is about: declared metadata, else its dateline place, else the
    province its text names most often (when one clearly dominates); None when unknown."""
    if declared:
        found = _region_or_none(gazetteer, declared)
        if found:
            return found
    if place:
        found = _region_or_none(gazetteer, place)
        if found:
            return found
    counts: Counter[str] = Counter()
    for name in gazetteer.regions():
        short = name.removesuffix("省").removesuffix("市")
        if len(short) >= 2:
            counts[name] = text.count(short)
    if not counts:
        return None
    ranked = [*counts.most_common(2), ("", 0)]
    (best, n), (_, second) = ranked[0], ranked[1]
    return best if n >= 3 and n >= 2 * second else None


def _region_or_none(gazetteer: Gazetteer, name: str) -> str | None:
    """The province ``name`` denotes, or None (全国, a foreign place, an unknown name)."""
    try:
        return gazetteer.region(name)
    except KgError:
        return None
