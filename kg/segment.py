"""Stage 2 — segment: cleaned text in, :class:`~kg.records.Article` records out.

A page holds one or more articles. An article opens with a block of header lines (kicker,
title, subtitle: short, unindented, without a full stop) and, when it is not the first on the
page, that block is followed by a byline paragraph (本报讯 …, 本报南昌8月1日电 …, 新华社…电).
Inside an article, paragraphs are lines, and sentences end at 。！？ (a closing quote after the
stop stays with its sentence).
"""

from __future__ import annotations

import re

from kg.records import Article, BylineName, Sentence, Span

_LINE = re.compile(r"[^\n]+")
_SPACE = " \t\u3000\xa0"
HEADER_MAX = 80
#: 本报讯 江西日报全媒体记者报道： / 本报南昌8月1日电（记者张三） / 新华社北京10月1日电
BYLINE = re.compile(
    r"^(?P<lead>本报讯|(?:本报|新华社)(?P<place>[\u4e00-\u9fff]{0,6}?)(?P<date>\d{1,2}月\d{1,2}日)?电)"
    r"[ \u3000]*(?:[（(](?P<paren>[^）)]{1,60})[）)]|(?P<names>[^：:，。]{0,60}?)报道[：:])?"
)
SELF = "本报"  # the paper naming itself in a dateline: its publisher
LEAD_DATE = re.compile(r"^[ \u3000]*(?P<date>\d{1,2}月\d{1,2}日)[，,]")
#: Titles written before a reporter's name in a byline, longest first.
REPORTER_POSTS = ("全媒体记者", "本报记者", "特约记者", "记者", "实习生", "通讯员")
OUTLET = re.compile(r"^(?P<org>[\u4e00-\u9fff]{2,8}?(?:日报|晚报|报社|电视台|广播电视台|新华社))")
_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』]?|\n")


def _lines(text: str) -> list[tuple[Span, str, bool]]:
    out = []
    for m in _LINE.finditer(text):
        raw = m.group()
        stripped = raw.strip(_SPACE)
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip(_SPACE))
        start = m.start() + lead
        out.append((Span(start, start + len(stripped)), stripped, raw[:1] in _SPACE))
    return out


def _is_header(text: str, indented: bool) -> bool:
    return (
        not indented
        and len(text) <= HEADER_MAX
        and not re.search(r"[。！？]", text)
        and BYLINE.match(text) is None
    )


def split_articles(text: str) -> list[Article]:
    """Split a cleaned page into articles with their header fields and sentences."""
    lines = _lines(text)
    starts: list[int] = []  # index of the first header line of each article
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_header(lines[j][1], lines[j][2]):
            j += 1
        if j > i and (i == 0 or (j < len(lines) and BYLINE.match(lines[j][1]))):
            starts.append(i)
        i = max(j, i + 1)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    articles = []
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < len(starts) else len(lines)
        articles.append(_article(n + 1, text, lines[first:last]))
    return [a for a in articles if a.sentences or a.title]


def _article(index: int, text: str, lines: list[tuple[Span, str, bool]]) -> Article:
    header: list[tuple[Span, str]] = []
    k = 0
    while k < len(lines) and _is_header(lines[k][1], lines[k][2]):
        header.append((lines[k][0], lines[k][1]))
        k += 1
    if k == len(lines):  # only short lines: treat the first as the title, the rest as body
        header, k = header[:1], 1
    title, kicker, subtitle = _header_fields([h[1] for h in header])
    body = lines[k:]
    byline_raw = byline_org = dateline = place = None
    names: tuple[BylineName, ...] = ()
    if body:
        m = BYLINE.match(body[0][1])
        if m:
            place = m.group("place") or None
            dateline = m.group("date")
            byline_raw = (m.group("names") or m.group("paren") or "").strip() or None
            if byline_raw:
                names, byline_org = parse_byline(byline_raw)
            if byline_org is None and m.group().lstrip(_SPACE).startswith(SELF):
                byline_org = SELF  # 本报成都10月30日电: the paper itself
            if dateline is None:
                rest = body[0][1][m.end() :]
                dm = LEAD_DATE.match(rest)
                dateline = dm.group("date") if dm else None
            # the byline is not part of the first sentence
            span0, line0, ind0 = body[0]
            cut = m.end() + len(line0[m.end() :]) - len(line0[m.end() :].lstrip(_SPACE))
            if cut < len(line0):
                body = [(Span(span0.start + cut, span0.end), line0[cut:], ind0), *body[1:]]
            else:
                body = body[1:]
    sentences: list[Sentence] = []
    for para, (span, _line, _ind) in enumerate(body):
        for s_span in split_sentences(text, span):
            sentences.append(
                Sentence(len(sentences), s_span, text[s_span.start : s_span.end], para)
            )
    header_sents = tuple(Sentence(-(h + 1), sp, t, -1) for h, (sp, t) in enumerate(header))
    start = lines[0][0].start if lines else 0
    end = lines[-1][0].end if lines else 0
    return Article(
        index=index,
        span=Span(start, end),
        title=title,
        kicker=kicker,
        subtitle=subtitle,
        byline_raw=byline_raw,
        byline=names,
        byline_org=byline_org,
        dateline=dateline,
        dateline_place=place,
        header=header_sents,
        sentences=tuple(sentences),
    )


def _header_fields(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """(title, kicker, subtitle) from header lines: ——subtitle, kicker before the title."""
    lines = [ln for ln in lines if ln]
    subtitle = None
    rest: list[str] = []
    for ln in lines:
        if ln.startswith("——") and subtitle is None and rest:
            subtitle = ln.lstrip("—").strip()
        else:
            rest.append(ln)
    kicker = title = None
    if len(rest) >= 2 and subtitle is None:
        if rest[0].endswith(("——", "—")) or len(rest) >= 3:
            kicker, title = rest[0], rest[1]
            if len(rest) >= 3:
                subtitle = rest[2]
        else:
            title, subtitle = rest[0], rest[1]
    elif len(rest) >= 2:
        kicker, title = rest[0], rest[1]
    elif rest:
        title = rest[0]
    return title, kicker, subtitle


def parse_byline(raw: str) -> tuple[tuple[BylineName, ...], str | None]:
    """``万昱、全媒体记者陈远路、实习生罗利`` -> names with posts; ``江西日报全媒体记者`` -> outlet.

    Returns the reporters and the outlet named in the byline (if any).
    """
    out: list[BylineName] = []
    org = None
    for part in re.split(r"[、，,\s]+", raw):
        if not part:
            continue
        om = OUTLET.match(part)
        if om:
            org = om.group("org")
            part = part[om.end() :]
        post = next((p for p in REPORTER_POSTS if part.startswith(p)), None)
        name = part[len(post) :] if post else part
        if 2 <= len(name) <= 4 and re.fullmatch(r"[\u4e00-\u9fff·]+", name):
            out.append(BylineName(name=name, post=post))
    return tuple(out), org


#: The longest sentence the extractors see. Real sentences are far shorter (the longest of the
#: October 2019 month is about 400 characters); a longer run (a text without sentence marks)
#: is cut at clause marks, then hard, so that every stage stays linear in the input.
MAX_SENTENCE = 1000
_CLAUSE_MARK = re.compile(r"[，,；;：:]")


def _bounded(text: str, s: Span) -> list[Span]:
    if s.end - s.start <= MAX_SENTENCE:
        return [s]
    out = []
    start = s.start
    while s.end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = None
        for m in _CLAUSE_MARK.finditer(text, start + MAX_SENTENCE // 2, limit):
            cut = m.end()
        end = cut or limit
        out.append(Span(start, end))
        start = end
    out.append(Span(start, s.end))
    return out


def split_sentences(text: str, span: Span) -> list[Span]:
    """Sentence spans inside ``text[span]`` (a paragraph), whitespace trimmed."""
    out = []
    start = span.start
    para = text[span.start : span.end]
    for m in _SENTENCE_END.finditer(para):
        end = span.start + m.end()
        out.append(Span(start, end))
        start = end
    if start < span.end:
        out.append(Span(start, span.end))
    out = [piece for s in out for piece in _bounded(text, s)]
    trimmed = []
    for s in out:
        a, b = s.start, s.end
        while a < b and text[a] in _SPACE + "\n":
            a += 1
        while b > a and text[b - 1] in _SPACE + "\n":
            b -= 1
        if b > a:
            trimmed.append(Span(a, b))
    return trimmed
