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
from dataclasses import dataclass, field

from kg.errors import KgError
from kg.gazetteer import Entry, Gazetteer
from kg.records import AgencyRef, Span

#: A provincial body the gazetteer does not list: 省 + name + an organisational suffix.
_UNKNOWN_BODY = re.compile(
    r"^(?:省|市|自治区)[\u4e00-\u9fff]{2,12}?(?:研究院|科学院|研究所|研究中心|委员会|办公室|厅|局|委|办|院|中心|所)"
)
_YEAR = re.compile(r"^(\d{4})")


@dataclass
class Resolver:
    gazetteer: Gazetteer
    region: str | None
    published: str | None
    _seen: dict[str, AgencyRef] = field(default_factory=dict)

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
        """Every gazetteer organisation mentioned in ``text`` (offsets shifted by ``base``)."""
        out = []
        for start, end, entry in self.gazetteer.find_all(text, self.region):
            out.append(self._ref(entry, text[start:end], Span(base + start, base + end)))
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
