"""Stage 4 — resolve: surface forms in, canonical entities out.

A :class:`Resolver` is made per document: it knows the document's region (from its manifest,
dateline or text) and publication date, and turns what the extractors found into canonical
records: 省工信厅 in a Jiangxi paper is 江西省工业和信息化厅; an unknown 省教育评估监测研究院
becomes 江西省教育评估监测研究院; 经济运行处 right after 省工信厅 is a sub-unit of it.
Unknown organisations keep their surface form (``known=False``); nothing is invented.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from kg.errors import KgError
from kg.gazetteer import Entry, Gazetteer
from kg.places import places
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


#: An organisation outside the state named by its form: a name ending in the word of its kind
#: (联想集团, 旭泰电气有限公司, 北京大学人民医院, 西宁化隆商会), opening a clause or after a
#: preposition; no deictic opening (该集团, 本公司) and no function word inside.
_NAMED_ORG = re.compile(
    rf"(?:^|(?<=[，。；、：“（\s])|(?<=[在从由向对据经到]))"
    r"(?P<name>(?![该本这那全各我其每此某一二三四五六七八九十两几多数]|目前|同时|今年|去年|近日|此外|其中|如今|现在|随后|另外)"
    rf"(?:(?![，。、；：的和与及在是为将要了从向对也还都就被把各个一不])[{_HAN}A-Za-z（）]){{2,10}}"
    r"(?P<kind>股份有限公司|有限责任公司|有限公司|集团|大学|医院|科学院|协会|商会))"
    rf"(?![{_HAN}]{{0,2}}(?:公司|集团|大学|医院|有限))"
)
#: Verbs that open a plan's clause before the body it acts on (组建…集团, 加快建设…大学).
_LEADING_VERB = re.compile(
    r"^(?:加快建设|加快推进|加快|组建|筹建|新建|建设|深化|推动|推进|支持|鼓励|引导|打造|培育|"
    r"发展|实施|完善|提升|做强|做优|做大|引进|办好|依托|扶持|服务|新组建|整合|改革)+"
)
_ORG_KINDS = re.compile("公司|集团|大学|医院|科学院|协会|商会")  # a quick test first
#: The paper naming itself: the publisher of the MANIFEST.
_SELF = re.compile(r"本报|本台|本刊|本网")


@dataclass
class Resolver:
    gazetteer: Gazetteer
    region: str | None
    published: str | None
    publisher: AgencyRef | None = None  # the body 本报 / 本台 stands for
    #: bodies named relative to a province (省工信厅) in a text whose province is unknown
    unresolved: set[str] = field(default_factory=set)
    #: the document's cleaned text: local bodies are read from it once (see local_bodies)
    text: str = ""
    _doc_bodies: list[AgencyRef] | None = field(default=None, repr=False, compare=False)
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
        if not m:
            return None
        surface = m.group()
        if self.region is None:  # 省工信厅 with no province known: kept as written
            if re.search("[市县区州旗]", surface[1:-1]):
                return None  # 省杭州市…: the end of a province's name, not 省 standing alone
            self.unresolved.add(surface)
            return AgencyRef(
                canonical=surface,
                mention=surface,
                span=Span(base, base + len(surface)),
                level="province",
                known=False,
            )
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
        found_by_form = (
            self.local_bodies(text, base),
            self._unlisted_bodies(text, base),
            self._named_organisations(text, base),
            self._self_references(text, base),
        )
        for found in found_by_form:
            new = [
                r
                for r in found
                if r.span is not None and not any(r.span.overlaps(o.span) for o in out if o.span)
            ]
            if new:
                out = sorted([*out, *new], key=lambda r: r.span.start if r.span else 0)
        return out

    def _named_organisations(self, text: str, base: int) -> list[AgencyRef]:
        """Enterprises, universities, hospitals, institutes and associations, by their form."""
        out: list[AgencyRef] = []
        if not _ORG_KINDS.search(text):
            return out
        for m in _NAMED_ORG.finditer(text):
            name = m.group("name")
            verb = _LEADING_VERB.match(name)
            if verb is not None:  # 组建广西数据集团, 推动宣武医院…: the verb is not the name
                name = name[verb.end() :]
                if len(name) - len(m.group("kind")) < 2:
                    continue
            enterprise = m.group("kind") in ("股份有限公司", "有限责任公司", "有限公司", "集团")
            out.append(
                AgencyRef(
                    canonical=name,
                    mention=name,
                    span=Span(base + m.end("name") - len(name), base + m.end("name")),
                    level="enterprise" if enterprise else "other",
                    region=self.region,
                    known=False,
                )
            )
        return out

    def _self_references(self, text: str, base: int) -> list[AgencyRef]:
        """本报, 本台: the publisher."""
        if self.publisher is None or "本" not in text:
            return []
        return [
            replace(self.publisher, mention=m.group(), span=Span(base + m.start(), base + m.end()))
            for m in _SELF.finditer(text)
        ]

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
        """Bodies of cities, counties, townships and villages, read by their form
        (:mod:`kg.places`): 徐州市委 → 中国共产党徐州市委员会, 宣城市印发… → 宣城市人民政府.

        When ``text`` is a piece of the document's text (:attr:`text`, at ``base``), the
        bodies come from one reading of the whole document, made on first use."""
        doc = self.text
        if doc and doc.startswith(text, base):
            if self._doc_bodies is None:
                self._doc_bodies = self._bodies(doc, 0)
            end = base + len(text)
            return [
                r for r in self._doc_bodies if r.span and base <= r.span.start and r.span.end <= end
            ]
        return self._bodies(text, base)

    def _bodies(self, text: str, base: int) -> list[AgencyRef]:
        out = []
        for body in places().bodies(text, self.region):
            out.append(
                AgencyRef(
                    canonical=body.canonical,
                    mention=text[body.start : body.end],
                    span=Span(base + body.start, base + body.end),
                    level="other" if body.kind == "institution" else body.level,
                    region=body.province or self.region,
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
    if n >= 1 and second == 0:
        return best  # the one province the text names (江西省委全会…)
    return best if n >= 3 and n >= 2 * second else None


def _region_or_none(gazetteer: Gazetteer, name: str) -> str | None:
    """The province ``name`` denotes, or None (全国, a foreign place, an unknown name)."""
    try:
        return gazetteer.region(name)
    except KgError:
        return None
