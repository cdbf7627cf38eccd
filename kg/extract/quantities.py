"""Figures: one cleaned sentence in, its reported numbers out as :class:`~kg.records.Quantity`.

The scan is number-first: one regex finds every number (Arabic, fullwidth or Chinese) and only
around a hit does the code read a unit, hedge words, the clause and its cue words, so a month of
newspapers takes seconds. A number is a figure when a unit from ``quantity_units.tsv`` follows it
(8.8%, 52万家次, 六方) or when it is a rank (列全国第四位); dates, years, ordinals in names
(十五届六次全会, 第三批), names in quotation marks (“1269”), idioms and thresholds that qualify
another figure (其中过500亿元15个 → 15 个 only) are not.

Every figure is read against its clause: from the last ，；。： (or 、 after an earlier figure)
through the unit. The words before the number give the indicator (规模以上工业增加值), the
comparison (同比, 比一季度), the direction (增长 up, 收窄 down) and the measure (增长 → growth_rate,
占…比重 → share); a classifier followed by a noun counts that noun (2800多家企业申报 → 企业).
分别 lists pair subjects and values in order: 高技术制造业、装备制造业增加值分别增长20.2%、17.2%.
A clause without a subject (比一季度加快1.5个百分点) gets no indicator: a later stage carries the
previous sentence's over. All cue words live in ``data/rules/*.tsv``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from decimal import Decimal

from kg.extract.numerals import (
    ARABIC,
    CHINESE,
    CHINESE_CHARS,
    approximate_pair,
    arabic_value,
    chinese_value,
    is_bare_magnitude,
    split_magnitude,
)
from kg.extract.periods import PERIOD_RE, iter_periods
from kg.records import Quantity, Span
from kg.tables import table

_CJK = "\u4e00-\u9fff"


def _alternatives(cell: str) -> list[str]:
    """Split a cell on the ``|`` that are not inside a regex group or class."""
    out, depth, part = [], 0, ""
    for ch in cell:
        if ch == "|" and depth == 0:
            out.append(part)
            part = ""
            continue
        depth += (ch in "([") - (ch in ")]")
        part += ch
    out.append(part)
    return [p for p in out if p]


def _cells(name: str, column: str = "word", **where: str) -> list[str]:
    """Every alternative of ``column`` in the rows of table ``name`` matching ``where``."""
    out = []
    for row in table(name):
        if all(set(row[k].split("|")) & set(v.split("|")) for k, v in where.items()):
            out.extend(_alternatives(row[column]))
    return out


def _literals(words: list[str]) -> str:
    """A regex alternation of literal words, longest first (the longest unit wins)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _patterns(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


# --- numbers, units and hedge words ----------------------------------------------------------

_UNIT_KIND = {u: row["kind"] for row in table("quantity_units") for u in _alternatives(row["unit"])}
_MAGNITUDES = [u for u, k in _UNIT_KIND.items() if k == "magnitude"]
_BASES = [u for u, k in _UNIT_KIND.items() if k != "magnitude"]
_PER = [u for u, k in _UNIT_KIND.items() if k in ("count", "physical", "duration")]
_INSIDE = _literals(_cells("quantity_qualifiers", position="inside"))
_UNIT_RE = re.compile(
    rf"(?P<q1>{_INSIDE})?(?P<mag>{_literals(_MAGNITUDES)})?(?P<q2>{_INSIDE})?"
    rf"(?P<base>{_literals(_BASES)})?(?P<per>/(?:{_literals(_PER)}))?"
)
#: 成 is a unit in 七成 but not in 成为; 方 in 六方 but not in 两方面
_NOT_BEFORE = {
    u: frozenset(row["not_before"])
    for row in table("quantity_units")
    if row["not_before"]
    for u in _alternatives(row["unit"])
}
#: After a number these make a date or a time, never a figure (7月29日, 17时30分).
_DATE_CHARS = frozenset("月日时号")
#: Characters a unit, a hedge word between number and unit, or a range sign can start with.
_UNIT_FIRST = frozenset(
    w[0] for w in [*_UNIT_KIND, *_cells("quantity_qualifiers", position="inside")]
) | frozenset("至到~～-－—–")
_AFTER_RE = re.compile(_literals(_cells("quantity_qualifiers", position="after")))
_BEFORE_WORDS = _literals(_cells("quantity_qualifiers", position="before"))
_BEFORE_RE = re.compile(rf"(?:{_BEFORE_WORDS})(?P<verb>达到|实现|突破|增长)?$")
_BEFORE_BARE = (*_cells("quantity_qualifiers", position="before_bare"), "近", "逾", "超")
_VAGUE = ("几", "数")  # 几十, 数百: no value
_NUM_RE = re.compile(  # the lookahead lets the scan skip other characters quickly
    rf"(?=[第0-9０-９{CHINESE_CHARS}])(?P<ord>第)?(?:百分之(?P<pct>{ARABIC}|{CHINESE})|(?P<ar>{ARABIC})|(?P<cn>{CHINESE}))"
)
_RANGE_SEP = re.compile(r"至|到|~|～|-|－|——|—|–")
_LIST_SEP = re.compile(r"、|和|与|及|以及|,")
_DURATION_BEFORE = tuple(_cells("duration_cues", position="before"))
_DURATION_AFTER = tuple(_cells("duration_cues", position="after"))
_VALUE_KINDS = ("percent", "pp", "multiple")
_NOUN_KINDS = frozenset(("count", "physical", "magnitude", "duration"))

# --- cue tables ------------------------------------------------------------------------------

_HARD = re.compile(r"[，,；;。：:！？!?\n]")
_QUOTE_RE = re.compile(
    r"“[^“”，。；：！？]{1,24}”|‘[^‘’，。；：！？]{1,24}’|「[^「」]{1,24}」|\"[^\"，。]{1,24}\"|《[^《》]*》"
)


def _first_chars(patterns: list[str]) -> str:
    """The characters the patterns can start with (each starts with a class, a character or
    a group of those: ``(?:19|20)\\d{2}级``)."""
    out: set[str] = set()
    for p in patterns:
        if p.startswith("(?:"):
            out.update(_first_chars(_alternatives(p[3 : _group_end(p)])))
        elif p.startswith("["):
            out.update(_class_chars(p[1 : p.index("]")].replace("\\d", "0-9")))
        else:
            out.add(p[0])
    return "".join(sorted(out))


def _group_end(p: str) -> int:
    """The index of the parenthesis closing the group ``p`` opens with."""
    depth = 0
    for i, ch in enumerate(p):
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return i
    raise ValueError(f"unbalanced group in rule {p!r}")


def _class_chars(body: str) -> set[str]:
    """The characters of a regex class body, ranges expanded (0-9, ０-９)."""
    out: set[str] = set()
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out.update(chr(c) for c in range(ord(body[i]), ord(body[i + 2]) + 1))
            i += 3
        else:
            out.add(body[i])
            i += 1
    return out


_EXCLUSIONS = [a for p in _cells("quantity_exclusions", "pattern") for a in _alternatives(p)]
_EXCLUDE_RE = re.compile(
    rf"(?=[{re.escape(_first_chars(_EXCLUSIONS))}])(?:{_patterns(_EXCLUSIONS)})"
)
_EXCLUDE_REACH = 14  # characters an exclusion pattern may reach around a number
_RANK_CUE = _literals(_cells("rank_cues", role="cue"))
_RANK_SCOPE = _literals(_cells("rank_cues", role="scope"))
_RANK_RE = re.compile(rf"(?:(?:{_RANK_CUE})(?P<scope>{_RANK_SCOPE})?|(?P<scope2>{_RANK_SCOPE}))$")
_COMPARISON_RE = re.compile(_patterns(_cells("comparison_cues", "pattern")))
_FUTURE_RE = re.compile(_patterns(_cells("future_cues", "pattern", kind="future")))
_PAST_RE = re.compile(_patterns(_cells("future_cues", "pattern", kind="past")))
_YEAR_RE = re.compile(r"(?:19|20)\d{2}")
_DEADLINE_MONTH = re.compile(r"(\d{1,2})月")  # the month right after a deadline's year
_FENBIE = "分别"
_MEASURE_CUES = [
    (re.compile(row["pattern"]), row["measure"], frozenset(row["units"].split("|")))
    for row in table("measure_cues")
]
_DIRECTION = {
    w: row["direction"] for row in table("direction_cues") for w in row["word"].split("|")
}
_FILLER = r"(?:了|达|为|分别|高达|多达|达到|幅度)*"
_DIRECTION_RE = re.compile(rf"(?P<cue>{_literals(list(_DIRECTION))}){_FILLER}$")

# --- indicator words -------------------------------------------------------------------------

_LEAD = _cells("indicator_words", role="lead")
_LEAD_RE = re.compile(_patterns(sorted((w for w in _LEAD if len(w) > 1), key=len, reverse=True)))
_LEAD1_RE = re.compile(_patterns([w for w in _LEAD if len(w) == 1]))
_PERIOD_AT_START = re.compile(rf"(?:{PERIOD_RE.pattern})")
_TRAIL_RE = re.compile(
    rf"(?:{_patterns(_cells('indicator_words', role='trail'))}"
    rf"|连续[0-9０-９一二三四五六七八九十两]+个?(?:年|月|季度|天|周)|连续"
    rf"|{_COMPARISON_RE.pattern}|(?:{_RANK_CUE})(?:{_RANK_SCOPE})?)$"
)
_STOP_RE = re.compile(_patterns(_cells("indicator_words", role="stop")))
_EMPTY = frozenset(_cells("indicator_words", role="empty"))
_HEADS = sorted(_cells("indicator_words", role="head"), key=len, reverse=True)
_PAIRS = {
    w.split(":")[0]: tuple(w.split(":")[1].split("、"))
    for w in _cells("indicator_words", role="pair")
}
_NOUN_RE = re.compile(rf"(?:[{_CJK}A-Za-z“”‘’（）()&·]|[0-9]+(?=[A-Za-z]))+")
_NOUN_MAX = 16
_SKIP_CHARS = " \t\u3000\xa0“”‘’\"'●■▲◆"


@dataclass(frozen=True, slots=True)
class _Number:
    """A number found in the text, with whatever unit and hedge words sit right after it."""

    start: int  # first character of the number (of 第 for an ordinal)
    end: int  # end of the unit and of a hedge word after it
    value: Decimal
    unit: str | None = None
    kind: str | None = None
    value_max: Decimal | None = None
    inside: str | None = None  # 多, 余 between number and unit
    after: str | None = None  # 以上, 左右 … after the unit
    ordinal: bool = False
    bare: bool = False  # 万, 百 without a digit: needs 上/近 … or 余/多
    chinese: bool = False
    rank_scope: str | None = None
    quote: tuple[int, int] | None = None  # the quotation an amount is written in


def _parse(text: str, m: re.Match[str]) -> _Number | None:
    """The number of ``m`` with its unit; None for what cannot be a figure's number."""
    start, end = m.start(), m.end()
    if end < len(text) and text[end] in _DATE_CHARS:
        return None
    if m.group("pct"):
        raw = m.group("pct")
        try:
            value = arabic_value(raw) if raw[0].isdigit() else chinese_value(raw)
        except ValueError:
            return None
        return _Number(start, end, value, "%", "percent")
    ar, cn, magnitude, bare = m.group("ar"), m.group("cn"), "", False
    value_max: Decimal | None = None
    if ar:
        if start and text[start - 1].isascii() and text[start - 1].isalpha():
            return None  # G20, PM2.5, C919
        value = arabic_value(ar)
    else:
        if cn in ("一", "零", "〇") and not m.group("ord"):
            return None  # the indefinite article (一个, 一批, 一系列) and 零部件
        if text.endswith(_VAGUE, 0, start):
            return None
        head, magnitude = split_magnitude(cn)
        bare = is_bare_magnitude(head)
        pair = approximate_pair(head)  # 六七公里: six or seven
        try:
            value = pair[0] if pair else chinese_value(head)
        except ValueError:
            return None  # 三四十: an estimate, not a value
        value_max = pair[1] if pair else None
    u = _UNIT_RE.match(text, end)
    assert u is not None  # every part is optional
    base, mag, unit_end = u.group("base"), u.group("mag"), u.end()
    if base in _NOT_BEFORE and text[unit_end : unit_end + 1] in _NOT_BEFORE[base]:
        base, unit_end = None, u.start("base")
    num = _Number(
        start,
        end,
        value,
        ordinal=bool(m.group("ord")),
        bare=bare,
        chinese=bool(cn),
        value_max=value_max,
    )
    if not (base or mag):  # 十万 alone: the magnitude is the unit
        return replace(num, unit=magnitude, kind="magnitude") if magnitude else num
    unit = magnitude + (mag or "") + (base or "") + (u.group("per") or "")
    kind = "rate" if u.group("per") else _UNIT_KIND[base] if base else "magnitude"
    after = _AFTER_RE.match(text, unit_end)
    return replace(
        num,
        end=after.end() if after else unit_end,
        unit=unit.replace("％", "%"),
        kind=kind,
        inside=u.group("q1") or u.group("q2"),
        after=after.group() if after else None,
    )


def _scan(text: str) -> list[_Number]:
    """Every number of ``text`` with its unit, ranges (1至2个, 5%—6%) merged into one.

    Most numbers are dates or words (2019年, 一些): what follows them cannot start a unit, so
    they are passed over before any parsing, except in a 分别 list, where a value may come bare.
    """
    out: list[_Number] = []
    pos = 0
    listing = _FENBIE in text
    while (m := _NUM_RE.search(text, pos)) is not None:
        pos = m.end()
        nxt = text[pos : pos + 1]
        if not (nxt in _UNIT_FIRST or listing or m.group("ord") or m.group("pct")):
            continue
        if nxt == "年" and not (
            text.endswith(_DURATION_BEFORE, 0, m.start())
            or text.startswith(_DURATION_AFTER, pos + 1)
        ):
            continue
        num = _parse(text, m)
        if num is None:
            continue
        sep = _RANGE_SEP.match(text, num.end)
        if sep and not num.ordinal and not num.after:
            m2 = _NUM_RE.match(text, sep.end())
            second = _parse(text, m2) if m2 and not m2.group("ord") else None
            if (
                second is not None
                and second.unit
                and second.chinese == num.chinese
                and num.unit in (None, second.unit)
                and second.value > num.value
            ):
                num = replace(
                    second, start=num.start, value=num.value, value_max=second.value, bare=False
                )
        pos = max(pos, num.end)
        out.append(num)
    return out


def _excluded(text: str, n: _Number, quotes: list[tuple[int, int]]) -> bool:
    """True when the number sits in a name in quotation marks or in an excluded phrase."""
    if n.kind != "money" and any(a <= n.start < b for a, b in quotes):
        return True  # “1269”行动计划; but “60万元拍摄扶贫宣传片” quotes an amount
    lo, hi = max(0, n.start - _EXCLUDE_REACH), min(len(text), n.end + _EXCLUDE_REACH)
    return any(m.start() <= n.start < m.end() for m in _EXCLUDE_RE.finditer(text, lo, hi))


def _keep(text: str, nums: list[_Number]) -> list[_Number]:
    """Drop what is not a figure; turn ordinals after a rank cue into ranks.

    A number without a unit is kept only in a sentence with 分别 (分别增长5、6个百分点).
    """
    listing = _FENBIE in text
    candidates = [n for n in nums if n.unit or n.ordinal or listing]
    if not candidates:
        return []
    quotes = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]
    kept: list[_Number] = []
    for n in candidates:
        if _excluded(text, n, quotes):
            continue
        if n.ordinal:
            cue = _RANK_RE.search(text, max(0, n.start - 8), n.start)
            if cue is None or n.unit not in (None, "位", "名"):
                continue
            scope = cue.group("scope") or cue.group("scope2")
            kept.append(replace(n, unit=n.unit or "位", kind="rank", rank_scope=scope))
            continue
        if n.bare and not (n.inside or n.value_max or text.endswith(_BEFORE_BARE, 0, n.start)):
            continue
        if n.kind == "duration" and not _timed(text, n):
            continue
        quote = next(((a, b) for a, b in quotes if a <= n.start < b), None)
        kept.append(replace(n, quote=quote) if quote else n)
    return _drop_thresholds(text, kept)


def _timed(text: str, n: _Number) -> bool:
    """A duration that is a figure: 连续7年, 为期3个月, 两个月时间 (not 3年来, 3年有效期)."""
    return text.endswith(_DURATION_BEFORE, 0, n.start) or text.startswith(_DURATION_AFTER, n.end)


def _drop_thresholds(text: str, nums: list[_Number]) -> list[_Number]:
    """过500亿元15个: an amount right before a count is the class counted, not a figure.

    So is an amount before 级 (100亿元级企业).
    """
    out = []
    for i, n in enumerate(nums):
        if n.kind in ("money", "physical", "magnitude") and n.unit:
            if text.startswith("级", n.end):
                continue
            nxt = nums[i + 1] if i + 1 < len(nums) else None
            if nxt is not None and nxt.kind == "count":
                gap = text[n.end : nxt.start]
                if re.fullmatch(r"(?:以上|以下|及以上)?的?", gap) or (
                    (n.after in ("以上", "以下") or text.endswith(("过", "超"), 0, n.start))
                    and re.fullmatch(rf"的?[{_CJK}]{{1,8}}", gap)
                ):
                    continue
        out.append(n)
    return out


# --- reading the clause ----------------------------------------------------------------------


def _leads(s: str) -> bool:
    """True when ``s`` opens with a lead word or a period (在[2018年]…, 我省有[万亿元级]…)."""
    m = _LEAD_RE.match(s) or _PERIOD_AT_START.match(s)
    return bool(m and m.end())


def _strip_lead(s: str) -> str:
    """Strip regions, periods, connectors and verbs from the start: 全省拥有… → …

    A one-character word (有, 在, 为) goes only after another lead word, before one, or alone:
    有色金属 keeps its 有.
    """
    stripped = False
    while s:
        s = s.lstrip(_SKIP_CHARS)
        m = _LEAD_RE.match(s) or _PERIOD_AT_START.match(s)
        if m is not None and m.end():
            s, stripped = s[m.end() :], True
            continue
        one = _LEAD1_RE.match(s)
        if one is None or not (stripped or one.end() == len(s) or _leads(s[one.end() :])):
            return s
        s, stripped = s[one.end() :], True
    return s


def _strip_trail(s: str) -> str:
    """Strip predicates and comparisons from the end: 规模以上工业增加值同比增长 → …增加值"""
    while s:
        m = _TRAIL_RE.search(s)
        if m is None or m.start() == m.end():
            break
        s = s[: m.start()]
    return s.rstrip(_SKIP_CHARS + "，、的")


def _indicator(words: str) -> str | None:
    """The indicator the words before a number name, None if they name nothing."""
    s = _strip_trail(_strip_lead(words)).strip(_SKIP_CHARS)
    if s.endswith("等") or s in _EMPTY or len(s) < 2:
        return None  # 德福科技等23家…: the examples are not what is counted
    return _SECTOR.sub(lambda m: f"第{m.group(1)}产业", s, count=1)


#: 一产/二产/三产 as papers shorten the three sectors (一产增加值 → 第一产业增加值).
_SECTOR = re.compile(r"^([一二三])产(?!业)")


def _counted_noun(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """The noun a classifier counts, right after it: 2800多家[企业]申报 → 企业."""
    if pos >= end or not ("\u4e00" <= text[pos] <= "\u9fff" or text[pos] in "“‘"):
        return None
    lead = _LEAD_RE.match(text, pos, end)
    if lead is not None:
        pos = lead.end()
    m = _NOUN_RE.match(text, pos, min(end, pos + _NOUN_MAX))
    if m is None:
        return None
    stop = _STOP_RE.search(text, pos, m.end())
    stop_at = stop.start() if stop is not None else m.end()
    return (pos, stop_at) if stop_at - pos >= 2 else None


def _measure(kind: str | None, context: str) -> str:
    if kind in ("rank", "rate"):
        return "level" if kind == "rate" else "rank"
    if kind == "money":
        return "amount"
    if kind in ("count", "duration", "magnitude"):
        return "count"
    if kind in _VALUE_KINDS:
        for pattern, measure, units in _MEASURE_CUES:
            applies = kind in units or (kind == "multiple" and "percent" in units)
            if applies and pattern.search(context):
                return measure
    return "level"


def _direction(words: str) -> str | None:
    m = _DIRECTION_RE.search(words)
    return _DIRECTION[m.group("cue")] if m else None


def _prefix_qualifier(text: str, floor: int, n: _Number) -> tuple[str | None, int]:
    """A hedge word right before the number (约, 近, 超过, 力争 …) and where it starts."""
    if n.bare:
        for w in _BEFORE_BARE:
            if text.endswith(w, floor, n.start):
                return w, n.start - len(w)
    m = _BEFORE_RE.search(text, max(floor, n.start - 6), n.start)
    if m is None:
        return None, n.start
    word = m.group()[: m.start("verb") - m.start()] if m.group("verb") else m.group()
    return word, m.start()


class _Sentence:
    """What every figure of one sentence looks up: clause breaks, periods, future cues."""

    __slots__ = ("_periods", "base", "breaks", "month", "published", "text", "year")

    def __init__(self, text: str, base: int, published: str | None) -> None:
        self.text = text
        self.base = base
        self.published = published
        self.year = int(published[:4]) if published and published[:4].isdigit() else None
        self.month = int(published[5:7]) if published and published[5:7].isdigit() else None
        self.breaks = [m.start() for m in _HARD.finditer(text)]
        self._periods: list[tuple[Span, str]] | None = None

    def clause(self, pos: int) -> tuple[int, int]:
        """Start and end of the clause around ``pos`` (between ，；。： marks)."""
        i = bisect_left(self.breaks, pos)
        start = self.breaks[i - 1] + 1 if i else 0
        end = self.breaks[i] if i < len(self.breaks) else len(self.text)
        return start, end

    def period(self, pos: int) -> str | None:
        """The label of the last period expression before ``pos``."""
        if self._periods is None:
            self._periods = list(iter_periods(self.text, self.published))
        label = None
        for span, found in self._periods:
            if span.end > pos:
                break
            label = found
        return label

    def future(self, pos: int) -> bool:
        """True when a commitment cue (将, 力争, 到2027年 …) comes before ``pos`` and no past
        cue (过去 …) before it in its clause."""
        own = self.clause(pos)
        for m in _FUTURE_RE.finditer(self.text, 0, pos):
            if _PAST_RE.search(self.text, self.clause(m.start())[0], m.start()):
                continue
            if m.start() < own[0] and _REPORTING_RE.search(self.text, own[0], pos):
                continue  # X力争…，全市…已占全年计划的51%: this clause reports
            year = _YEAR_RE.search(m.group())
            if year is None or self.year is None or int(year.group()) > self.year:
                return True  # 到2018年底 in a 2019 paper is a past deadline
            if int(year.group()) == self.year:  # 到2025年, 2025年底前 in a paper of 2025-01
                month = _DEADLINE_MONTH.match(self.text, m.end())
                if month is None or self.month is None or int(month.group(1)) >= self.month:
                    return True
        return False

    def comparison(self, start: int, pos: int) -> str | None:
        """The last comparison of the clause before ``pos``, else the first after it."""
        found = None
        for m in _COMPARISON_RE.finditer(self.text, start, pos):
            found = m
        if found is None:
            found = _COMPARISON_RE.search(self.text, pos, self.clause(pos)[1])
        return found.group() if found else None

    def skip(self, start: int, end: int) -> int:
        while start < end and self.text[start] in _SKIP_CHARS:
            start += 1
        return start


@dataclass(frozen=True, slots=True)
class _Reading:
    """How one figure reads in its clause, before it becomes a Quantity."""

    start: int  # start of the clause text reported
    end: int  # end of the reported text
    words: str  # the words before the number that are about it (hedge word excluded)
    indicator: str | None
    qualifier: str | None
    measure_context: str


def _quantity(s: _Sentence, n: _Number, r: _Reading, comparison_start: int) -> Quantity:
    measure = _measure(n.kind, r.measure_context)
    return Quantity(
        span=Span(r.start, r.end).shift(s.base),
        value_span=Span(n.start, n.end).shift(s.base),
        text=s.text[r.start : r.end],
        value=n.value,
        unit=n.unit or "",
        value_max=n.value_max,
        qualifier=n.after or n.inside or r.qualifier or ("至" if n.value_max else None),
        measure=measure,
        indicator=r.indicator,
        comparison=s.comparison(comparison_start, n.start),
        direction=None if measure in ("rank", "share") else _direction(r.words),
        period=s.period(n.start),
        rank_scope=n.rank_scope,
        future=s.future(n.start),
    )


#: Words of a clause that reports what was done: a commitment cue before it does not reach it.
_REPORTING_RE = re.compile(r"已|累计|完成了|占全年|同比|比上年|实现了|达到了")
_GROWTH_WORDS = re.compile("增长|下降|增速|提高|回落|减少|下滑|上涨")


def _single(s: _Sentence, n: _Number, prev: _Number | None, prev_q: Quantity | None) -> Quantity:
    text = s.text
    if n.quote is not None:  # “60万元拍摄扶贫宣传片”: the quotation is the figure's text
        a, b = n.quote
        what = text[n.end : b].strip('”」"') or None
        return _quantity(s, n, _Reading(a, b, "", what, None, ""), a)
    hard_start, hard_end = s.clause(n.start)
    start = words_start = hard_start
    same_clause = prev is not None and prev.end > hard_start
    if prev is not None and same_clause:
        comma = text.find("、", prev.end, n.start)
        start = comma + 1 if comma != -1 else hard_start
        if prev.kind != "duration":  # 连续7年超过1300万人: the years do not end the subject
            words_start = max(start, prev.end)
    start = s.skip(start, n.start)
    words_start = max(words_start, start)
    qualifier, pre_start = _prefix_qualifier(text, words_start, n)
    words = text[words_start:pre_start]
    negative = words.endswith(("-", "－", "负")) and _GROWTH_WORDS.search(words) is not None
    if negative:  # 增长-3.5%: a decline of 3.5
        words = words.rstrip("-－负")
    indicator = _indicator(words)
    noun = None
    if n.kind in _NOUN_KINDS or (n.kind == "money" and indicator is None):
        noun = _counted_noun(text, n.end, hard_end)
    if noun is not None:
        indicator = text[noun[0] : noun[1]]
    context = words
    carries = prev_q is not None and (
        prev_q.unit == n.unit or (n.unit == "%" and _GROWTH_WORDS.search(words) is not None)
    )
    if indicator is None and same_clause and prev_q is not None and carries:
        # 增长7%以上、力争达到8%; 从120亿元增至305160亿元: the same indicator goes on;
        # 收入达3507.6亿元、增长1.7%: the growth of the level just named
        indicator = prev_q.indicator
        context = text[prev_q.span.start - s.base : n.start]
    reading = _Reading(
        start, max(n.end, noun[1] if noun else 0), words, indicator, qualifier, context
    )
    q = _quantity(s, n, reading, start)
    return replace(q, direction="down") if negative else q


def _subjects(words: str, count: int) -> list[str | None]:
    """The subjects of a 分别 list, one per value: 城镇、农村居民人均可支配收入 → two.

    The last subject carries the head the others share (…居民人均可支配收入, …增加值); a
    shorter first subject takes the rest of the last one's modifier too (一、二、三产 → 一产).
    """
    subject = _strip_trail(_strip_lead(words))
    items = [x for x in _LIST_SEP.split(subject) if x]
    if len(items) == 1 and count == 2:
        for pair, parts in _PAIRS.items():
            if subject.startswith(pair):
                items = [parts[0], parts[1] + subject[len(pair) :]]
    if len(items) != count:
        return [_indicator(subject)] * count
    last = items[-1]
    head = next((h for h in _HEADS if last.endswith(h) and len(last) > len(h)), "")
    lead = last[: len(last) - len(head)]
    out: list[str | None] = []
    for item in items[:-1]:
        if head and not any(item.endswith(h) for h in _HEADS):
            item = item + lead[len(item) :] + head
        out.append(_indicator(item) or item)
    out.append(_indicator(last) or last)
    return out


def _fenbie(s: _Sentence, nums: list[_Number], i: int) -> tuple[list[Quantity], int] | None:
    """A 分别 list starting at ``nums[i]``: its quantities and the index after it."""
    text = s.text
    first = nums[i]
    hard_start, hard_end = s.clause(first.start)
    at = text.rfind(_FENBIE, hard_start, first.start)
    if at == -1:
        return None
    group = [first]
    j = i + 1
    while j < len(nums) and nums[j].start < hard_end:
        gap = text[group[-1].end : nums[j].start]
        pre, _ = _prefix_qualifier(text, group[-1].end, nums[j])
        if not _LIST_SEP.fullmatch(gap.removesuffix(pre or "")):
            break
        group.append(nums[j])
        j += 1
    last = group[-1]
    if len(group) < 2 or last.unit is None:
        return None
    # a unit or a hedge word written once, on the last value, belongs to all of them
    shared_after = None if any(g.after for g in group[:-1]) else last.after
    group = [replace(g, unit=g.unit or last.unit, kind=g.kind or last.kind) for g in group]
    start = s.skip(hard_start, at)
    qualifier, pre_start = _prefix_qualifier(text, at, group[0])
    predicate = text[at + len(_FENBIE) : pre_start]
    out = []
    for subject, g in zip(_subjects(text[start:at], len(group)), group, strict=True):
        reading = _Reading(
            start,
            last.end,
            predicate,
            subject or _indicator(predicate),
            qualifier,
            (subject or "") + predicate,
        )
        out.append(_quantity(s, replace(g, after=g.after or shared_after), reading, start))
    return out, j


def find_quantities(text: str, *, base: int = 0, published: str | None = None) -> list[Quantity]:
    """Every reported figure of one sentence, in text order; spans are offsets + ``base``.

    ``published`` (2024-08-02 or 2025) resolves relative periods (今年上半年 → 2024-H1).

    >>> text = "今年上半年，全省规模以上工业增加值同比增长8.8%"
    >>> q = find_quantities(text, published="2024-08-02")[0]
    >>> (q.value, q.unit, q.indicator, q.measure, q.comparison, q.direction, q.period)
    (Decimal('8.8'), '%', '规模以上工业增加值', 'growth_rate', '同比', 'up', '2024-H1')
    """
    if _NUM_RE.search(text) is None:
        return []
    nums = _keep(text, _scan(text))
    if not nums:
        return []
    sentence = _Sentence(text, base, published)
    out: list[Quantity] = []
    prev: _Number | None = None
    i = 0
    while i < len(nums):
        group = _fenbie(sentence, nums, i) if _FENBIE in text else None
        if group is not None:
            quantities, i = group
            out.extend(quantities)
            prev = nums[i - 1]
            continue
        if nums[i].unit:  # a number without a unit counts only inside a 分别 list
            out.append(_single(sentence, nums[i], prev, out[-1] if out else None))
            prev = nums[i]
        i += 1
    return out
