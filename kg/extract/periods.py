"""Periods: the time a figure refers to, resolved against the publication date.

Labels are ISO-like: ``2024``, ``2024-H1``, ``2024-Q1``, ``2024-06``, ``2024-06-30`` (6月末,
7月29日), ``2023-12-31`` (去年底); spans of a year use ISO's interval slash with the year left
out of the end: ``2019-Q1/Q3`` (前三季度), ``2019-01/11`` (1—11月, 前11个月); the state at
publication is ``as of 2024-08`` (截至目前).

A part of a year written without its year (一季度, 12月份, 年末) belongs to the publication
year when it has begun by the publication date, else to the year before: 12月 in a paper of
2020-01-20 is 2019-12. Comparison bases (比一季度, 较2020年, 与去年同期) and starting points
(2020年以来, 自去年7月) are not periods.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.numerals import arabic_value, chinese_value
from kg.records import Span
from kg.tables import table


def _alternation(kind: str) -> str:
    words = {w for r in table("period_words") if r["kind"] == kind for w in r["word"].split("|")}
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_YEAR_OFFSET = {
    w: int(r["value"])
    for r in table("period_words")
    if r["kind"] == "year"
    for w in r["word"].split("|")
}
_PART = {
    w: r["value"]
    for r in table("period_words")
    if r["kind"] == "part"
    for w in r["word"].split("|")
}
_MONTH = r"1[0-2]|0?[1-9]|１[０-２]|[１-９]|十[一二]?|[一二三四五六七八九]"
_DAY = r"[12][0-9]|3[01]|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"


def _sub(tag: str) -> str:
    """The part-of-year pattern; ``tag`` keeps group names unique where it is used twice."""
    return (
        rf"(?:(?P<part{tag}>{_alternation('part')})"
        rf"|(?P<ma{tag}>{_MONTH})月?(?:至|到|[-－—–~～])(?P<mb{tag}>{_MONTH})月份?"
        rf"|前(?P<nm{tag}>{_MONTH})个月"
        rf"|(?P<m{tag}>{_MONTH})月份?(?P<me{tag}>末|底|上旬|中旬|下旬)?(?:(?P<d{tag}>{_DAY})日)?)"
    )


_FIRST = "".join(
    sorted(
        {w[0] for r in table("period_words") for w in r["word"].split("|")}
        | set("一二三四五六七八九十〇零前")
    )
)
_PLAN = {
    w: r["value"]
    for r in table("period_words")
    if r["kind"] in ("plan", "span")
    for w in r["word"].split("|")
}
PERIOD_RE = re.compile(
    rf"(?=[0-9０-９“{_FIRST}])(?:(?P<plan>(?:{_alternation('plan')}|{_alternation('span')})"
    r"(?:时期|期间|规划期)?)"
    rf"|(?P<asof>{_alternation('asof')})|(?P<ytd>{_alternation('ytd')})"
    rf"|(?:(?P<y>(?:19|20)[0-9]{{2}}|[一二][〇零九][一二三四五六七八九〇零]{{2}})年度?"
    rf"|(?P<rel>{_alternation('year')}))(?:{_sub('1')}|(?P<yend>末|底))?"
    rf"|{_sub('2')})"
)
#: A period right after one of these is a comparison base or a starting point.
_NOT_BEFORE = frozenset("比较与同于自从")
#: after a period: it is not the figure's period (…以来; 是1994年的11倍: a comparison base)
_NOT_AFTER = re.compile(r"以来|以前|之前|同期|的[\d.一二三四五六七八九十两几多]+倍")


@dataclass(frozen=True, slots=True)
class _Published:
    """A publication date; month and day may be unknown (published: 2025)."""

    year: int
    month: int | None
    day: int | None


@lru_cache(maxsize=256)
def _published(published: str | None) -> _Published | None:
    if not published:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", published.strip())
    if m is None:
        raise ValueError(f"published date {published!r} is neither YYYY-MM-DD nor YYYY")
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    return _Published(int(m.group(1)), month, day)


def _number(text: str) -> int:
    if text[0] in "0123456789０１２３４５６７８９":
        return int(arabic_value(text))
    return int(chinese_value(text))


def _label(m: re.Match[str], pub: _Published | None, context: int | None = None) -> str | None:
    """The label of period match ``m``; ``context`` is the year of the period before it."""
    g = m.groupdict()
    if g["plan"]:  # 十四五时期 → 2021/2025; 过去五年 in a 2026 report → 2021/2025
        word = next(w for w in sorted(_PLAN, key=len, reverse=True) if g["plan"].startswith(w))
        first, last = _PLAN[word].split("/")
        if not first.startswith("-"):
            return _PLAN[word]
        if pub is None:
            return None
        return f"{pub.year + int(first)}/{pub.year + int(last)}"
    if g["asof"]:
        if pub is None:
            return None
        return f"as of {pub.year}-{pub.month:02d}" if pub.month else f"as of {pub.year}"
    if g["ytd"]:
        return str(pub.year) if pub else None
    year: int | None = None
    if g["y"]:
        year = _number(g["y"])
    elif g["rel"]:
        if pub is None:
            return None
        year = pub.year + _YEAR_OFFSET[g["rel"]]
        if g["rel"].startswith("过去") and pub.month and pub.month >= 7:
            year = pub.year  # 过去一年 late in a year: the months just gone, this year
    if g["yend"]:
        return f"{year}-12-31"
    tag = "1" if g["y"] or g["rel"] else "2"
    part, ma, mb, nm = g[f"part{tag}"], g[f"ma{tag}"], g[f"mb{tag}"], g[f"nm{tag}"]
    month, month_end, day = g[f"m{tag}"], g[f"me{tag}"], g[f"d{tag}"]
    if not (part or ma or nm or month):
        return str(year) if year is not None else None
    start, suffix = _part(part, ma, mb, nm, month, month_end, day)
    if suffix is None:
        return None
    if year is None and context is not None:
        year = context  # 2019年…，上半年… : the year just named
    if year is None:
        if pub is None:
            return None
        year = pub.year
        if pub.month and start > (pub.month, pub.day or 1):
            year -= 1  # not begun by the publication date: the year before
    if suffix == "E":
        return f"{year}-12-31"
    if suffix == "Y":
        return str(year)
    if suffix.startswith("M"):  # month end: its last day, known only with the year
        mo = int(suffix[1:])
        return f"{year}-{mo:02d}-{calendar.monthrange(year, mo)[1]:02d}"
    return f"{year}-{suffix}"


def _part(
    part: str | None,
    ma: str | None,
    mb: str | None,
    nm: str | None,
    month: str | None,
    month_end: str | None,
    day: str | None,
) -> tuple[tuple[int, int], str | None]:
    """(first month and day, label after the year) of a part of a year; label None if invalid."""
    if part:
        value = _PART[part]
        if value in ("Y", "E"):
            return ((12, 31) if value == "E" else (1, 1)), value
        first = {"H1": 1, "H2": 7}.get(value) or 3 * int(value[1]) - 2
        return (first, 1), value
    if ma and mb:
        a, b = _number(ma), _number(mb)
        ok = 1 <= a < b <= 12
        return (a, 1), (f"{a:02d}/{b:02d}" if ok else None)
    if nm:
        n = _number(nm)
        return (1, 1), (f"01/{n:02d}" if 1 < n <= 12 else None)
    assert month is not None
    mo = _number(month)
    if not 1 <= mo <= 12:
        return (1, 1), None
    if day:
        d = _number(day)
        if not 1 <= d <= calendar.monthrange(2000, mo)[1]:
            return (mo, 1), None
        return (mo, d), f"{mo:02d}-{d:02d}"
    if month_end in ("末", "底"):
        return (mo, 28), f"M{mo}"
    return (mo, 1), f"{mo:02d}"


def iter_periods(text: str, published: str | None) -> Iterator[tuple[Span, str]]:
    """Every period expression of ``text`` that resolves, with its label, in text order.

    A part of a year without its year takes the year of the period before it in ``text``.
    """
    pub = _published(published)
    context: int | None = None
    for m in PERIOD_RE.finditer(text):
        start = m.start()
        if start and text[start - 1] in _NOT_BEFORE:
            continue
        if not m.group("ytd") and _NOT_AFTER.match(text, m.end()):
            continue
        label = _label(m, pub, context)
        if label is not None:
            if label[:4].isdigit():
                context = int(label[:4])
            yield Span(start, m.end()), label


def find_period(text: str, published: str | None) -> tuple[Span, str] | None:
    """The first period expression of ``text`` and its label, e.g. 今年上半年 → 2024-H1.

    >>> find_period("今年上半年，全省规模以上工业增加值同比增长8.8%", "2024-08-02")
    (Span(start=0, end=5), '2024-H1')
    >>> find_period("去年12月，规模以上工业增加值同比增长6.9%", "2020-01-20")[1]
    '2019-12'
    """
    return next(iter_periods(text, published), None)


def resolve_period(expression: str, published: str | None) -> str | None:
    """The label of one period expression (``'6月末'`` → ``'2024-06-30'``), None if unknown.

    >>> resolve_period("6月末", "2024-08-02")
    '2024-06-30'
    >>> resolve_period("截至目前", "2024-08-02")
    'as of 2024-08'
    """
    m = PERIOD_RE.fullmatch(expression.strip())
    return _label(m, _published(published)) if m else None
