"""Stage 3 — extract statements: an article's sentences in, directives and pledges out.

A *directive* is a higher body's mandate: an issuer (全会, 会议, 总书记 …) and a verb (提出,
强调 …) then 要, e.g. ``全会提出，要加快建设现代化产业体系``; its text runs from after 要 to
the end of the sentence (or of the quote it is in). The same speaker's next sentences that open
with 要 are mandates too, and so are the 要 sentences of a quote a leader is named right after
(“要…。要…”2013年3月8日，习近平总书记…发表重要讲话).

A *pledge* is a body's statement of future action. It is spoken (``省工信厅经济运行处处长付筠
表示，省工信厅将聚焦…``: the speaker phrase gives the agency, a sub-unit, the post and the
person; an explicit subject before 将 that is a known agency wins), or made by an agency that
opens a clause (``发改委将配合…``, ``省委决定，…``), or goes on without a subject right after
one (``…还将继续加大…``). Forecasts (将成为), 将 meaning 把 (将增速下调至3%) and what a
past date frames are not pledges. Each pledge answers the nearest directive before it in the
same article, else the article's first. All cue words live in ``data/rules/*.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from kg.extract.entities import official_pattern
from kg.extract.periods import iter_periods
from kg.extract.prefilter import Gated, gated
from kg.records import AgencyRef, Article, Directive, Pledge, Sentence, Span
from kg.resolve import Resolver
from kg.tables import alternation, table

_CJK = r"[\u4e00-\u9fff]"
#: 要 that starts a word rather than a mandate: 要求, 要素, 要点, 要地, 要的就是 …
_NOT_MARKER = "(?![求素点件闻害塞道员务地的])"


@cache
def _directive_re() -> re.Pattern[str]:
    """Issuer, verb, then 要 — directly (全会提出，要) or after a short subject inside a quote
    (强调“各级领导干部都要)."""
    issuers = alternation("directive_issuers", "word")
    verbs = alternation("directive_verbs", "word")
    markers = alternation("directive_markers", "word")
    # a leader named by post and name (省委书记X强调，…): a mandate to the body the leader heads
    leader = rf"(?:{'|'.join(_LEADER_POSTS)})[\u4e00-\u9fff]{{2,3}}"
    return re.compile(
        r"(?<!按照)(?<!根据)(?<!落实)(?<!贯彻)(?<!依照)(?<!遵照)"  # 按照国务院部署，: no mandate
        rf"(?P<issuer>{issuers}|{leader})(?P<gap>[^。；]{{0,60}}?)"
        rf"(?P<cue>(?:{verbs})(?:[，,：:]?\s*(?:“[^，。；“”]{{0,10}}?)?(?:{markers}){_NOT_MARKER}"
        rf"|(?<=强调|指出|提出|要求)[，,：:]\s*“?(?!要求)"  # the statement itself: 强调，推进…
        r"|(?<=要求)(?=[\u4e00-\u9fff]{4})))"  # 总书记要求各地…
    )


@cache
def _issuer_speaks_re() -> re.Pattern[str]:
    """A higher body speaking, with or without 要 (习近平总书记强调，推进…是一场硬仗)."""
    issuers = alternation("directive_issuers", "word")
    verbs = alternation("directive_verbs", "word")
    return re.compile(rf"(?:{issuers})[^。；]{{0,60}}?(?:{verbs})[，,：:]")


@cache
def _lead_marker_re() -> re.Pattern[str]:
    """A sentence that opens with the marker: one more mandate of the same speaker."""
    return re.compile(rf"^“?(?:{alternation('directive_markers', 'word')}){_NOT_MARKER}")


@cache
def _subject_lead_re() -> re.Pattern[str]:
    """A quoted sentence whose short subject is told what to do (“各级党委和政府必须…)."""
    markers = alternation("directive_markers", "word")
    return re.compile(rf"^“?[^，。；“”]{{2,12}}?(?:都|也|更)?(?:{markers}){_NOT_MARKER}")


@cache
def _leader_named_re() -> re.Pattern[str]:
    """A sentence beside a quote that names a leader speaking (习近平总书记主持会议并发表重要讲话;
    习近平总书记的重要讲话…)."""
    leaders = "|".join(
        re.escape(r["word"]) for r in table("directive_issuers") if r["kind"] == "leader"
    )
    return re.compile(rf"^(?P<issuer>{leaders})[^。“”]{{0,20}}?(?:讲话|强调|指出|要求)")


@cache
def _attribution_re() -> re.Pattern[str]:
    """A leader named after a quote (”2013年3月8日，习近平总书记…发表重要讲话)."""
    leaders = "|".join(
        re.escape(r["word"]) for r in table("directive_issuers") if r["kind"] == "leader"
    )
    return re.compile(rf"”[^。“”]{{0,40}}?(?P<issuer>{leaders})")


@cache
def _pledge_re() -> re.Pattern[str]:
    verbs = alternation("speech_verbs", "word")
    markers = _markers("speech")
    bare = _markers("bare")
    # a statement may open with a clause or two (为此，/ 按照…要求，) before its subject
    subject = rf"(?P<subject>[^，。；“”]{{1,14}}?){_not_after('past')}"
    return re.compile(
        rf"(?P<verb>{verbs})[，,：:]\s*(?:{subject}(?P<m1>{markers}){_NOT_JIANG}"
        rf"|(?P<m2>{markers}|{bare}){_NOT_JIANG}"
        rf"|(?:[^，。；“”]{{1,24}}[，,]){{1,2}}(?:{subject.replace('subject', 'subject2')})?"
        rf"(?P<m3>{markers}){_NOT_JIANG})"
    )


#: 将 that starts another word: 将近, 将军, 将士, 将领, 将帅, 将来
_NOT_JIANG = "(?![近军士领帅来])"


@cache
def _markers(role: str) -> str:
    """The words of ``pledge_markers.tsv`` with ``role``, as a regex alternation."""
    words = {w for r in table("pledge_markers") if r["role"] == role for w in r["word"].split("|")}
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _not_after(role: str) -> str:
    """Lookbehinds excluding each word of ``role`` (they differ in length)."""
    words = {w for r in table("pledge_markers") if r["role"] == role for w in r["word"].split("|")}
    return "".join(f"(?<!{re.escape(w)})" for w in sorted(words))


@cache
def _subject_marker_re() -> re.Pattern[str]:
    """What follows an agency that opens a clause: adverbs, then 将 / 拟 / 决定."""
    return re.compile(
        rf"(?:{_TIME_ADVERBIAL})?(?:{_markers('adverb')})*{_not_after('past')}"
        rf"(?P<m>{_markers('subject')}){_NOT_JIANG}(?![定稿人])[，,：:]?"
    )


#: A time between a subject and its 将 (重庆到2020年将新增…; 中方年内将…).
_TIME_ADVERBIAL = r"[，,]?(?:到|至|在|于|从)?(?:19|20)\d{2}年(?:底|前|末|内)?[，,]?"


@cache
def _opener_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{_markers('opener')})[，,]?")


@cache
def _speaker_re() -> re.Pattern[str]:
    posts = alternation("posts", "post")
    units = alternation("unit_suffixes", "suffix")
    return re.compile(
        rf"^(?P<unit>{_CJK}{{2,14}}?(?:{units}))?(?P<post>{posts})?(?P<name>{_CJK}{{2,3}})?"
        r"(?:纷纷|也|还|都|均|等)?$"
    )


@cache
def _group_posts() -> frozenset[str]:
    return frozenset(r["post"] for r in table("posts") if r["kind"] == "group")


@cache
def _continuation_re() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation('continuations', 'word')})[，,]?")


#: A directive as found: its span, text, cue, sentence and issuer.
_Found = tuple[Span, str, str, Sentence, str | None]


@dataclass(frozen=True, slots=True)
class Speaker:
    agency: AgencyRef | None  # the body the phrase names (deepest unit)
    top: AgencyRef | None  # the named body above a sub-unit
    person: str | None
    post: str | None
    group: bool = False  # 科研人员, 工作人员: people speaking for their body, not named


def find_directives(article: Article, start_id: int = 1) -> list[Directive]:
    """Mandates of a higher body, in text order: after issuer + verb + 要 (全会提出，要…),
    further 要 sentences of the same speaker's paragraph (习近平总书记强调，…。要…), and the 要
    sentences of a quote attributed to a leader right after it (“要…。要…”…习近平总书记…)."""
    found: list[_Found] = []
    speaking: int | None = None  # the paragraph in which a higher body is speaking
    sents = article.sentences
    for sent in sents:
        cued = _cued_directives(sent)
        found += cued
        if speaking != sent.paragraph:
            speaking = None
        elif not cued and (m := _lead_marker_re().match(sent.text)):
            found += _directive_at(sent, m.end(), m.group(), None)
        if _issuer_speaks_re().search(sent.text) or cued:
            speaking = sent.paragraph
    found += _quoted_mandates(sents)
    found.sort(key=lambda f: f[0].start)
    out: list[Directive] = []
    taken: list[Span] = []
    for span, text, cue, sent, issuer in found:
        if any(span.overlaps(t) for t in taken):
            continue
        taken.append(span)
        out.append(
            Directive(
                id=f"d{start_id + len(out)}",
                article=article.index,
                text=text,
                cue=cue,
                span=span,
                sentence=sent,
                issuer=issuer,
            )
        )
    return out


def _mandate_text(text: str) -> str:
    """The mandate's words: to the end of the sentence, or of the quote it is in."""
    close = text.find("”")
    if close != -1 and "“" not in text[:close]:
        text = text[:close]
    return text.rstrip("。！？”’… ")


def _directive_at(sent: Sentence, start: int, cue: str, issuer: str | None) -> list[_Found]:
    """The mandate from ``start`` to the end of the sentence (or of its quote)."""
    text = _mandate_text(sent.text[start:])
    if len(text) < 4:
        return []
    begin = sent.span.start + start
    return [(Span(begin, begin + len(text)), text, cue, sent, issuer)]


@cache
def _reported_speech_re() -> re.Pattern[str]:
    """Someone else speaking (干部群众表示，…): a mandate quoted in their words is not one
    the article states."""
    directive_verbs = {r["word"] for r in table("directive_verbs")}
    words = [r["word"] for r in table("speech_verbs") if r["word"] not in directive_verbs]
    return re.compile(rf"(?:{'|'.join(map(re.escape, words))})[，,：:]")


@cache
def _quote_run_re() -> re.Pattern[str]:
    """Quoted mandates a body is named after (“要坚持…”“要继续…”，会议明确了…)."""
    issuers = alternation("directive_issuers", "word")
    return re.compile(
        rf"(?P<run>(?:“要[^“”]{{4,}}”[、，,]?)+)[^。“”]{{0,30}}?(?P<issuer>{issuers})"
    )


def _quoted_run_mandates(sent: Sentence) -> list[_Found]:
    out: list[_Found] = []
    for m in _quote_run_re().finditer(sent.text):
        for q in re.finditer(r"“要(?P<text>[^“”]{4,})”", m.group("run")):
            begin = sent.span.start + m.start("run") + q.start("text")
            text = q.group("text").rstrip("。！？…，")
            out.append((Span(begin, begin + len(text)), text, "“要", sent, m.group("issuer")))
    return out


@cache
def _issuer_gate() -> re.Pattern[str]:
    """Words one of which a sentence holds when it can state a mandate (a quick test)."""
    words = {r["word"] for r in table("directive_issuers")} | set(_LEADER_POSTS)
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


_PRONOUNS = ("他", "她", "他们", "她们")
_LEADER_POSTS = ("书记", "省长", "市长", "县长", "区长", "总理", "副总理", "委员长", "主席")


def _cued_directives(sent: Sentence) -> list[_Found]:
    if not _issuer_gate().search(sent.text):
        return []
    out: list[_Found] = _quoted_run_mandates(sent)
    for m in _directive_re().finditer(sent.text):
        if _reported_speech_re().search(sent.text, 0, m.start()):
            continue  # 干部群众表示，…会议作出部署，要…: their words, not the meeting's mandate
        text_start = m.end("cue")
        # stop at the next directive cue in the same sentence
        nxt = _directive_re().search(sent.text, text_start)
        end = nxt.start() if nxt else len(sent.text)
        text = _mandate_text(sent.text[text_start:end]).rstrip("，；")
        if len(text) < 4:
            continue
        if not m.group("cue").endswith(_MARKERS) and (
            _COPULA.search(text) or "，" in m.group("gap") or m.group("gap").endswith("的")
        ):
            continue  # 强调，推进…，是一场硬仗 (what is, not a mandate); 按照…的要求，(a noun)
        gap = m.group("gap")
        cue = (
            m.group("cue")
            if "，" in gap or len(gap) > 2
            else m.group("issuer") + gap + m.group("cue")
        )
        begin = sent.span.start + text_start
        out.append((Span(begin, begin + len(text)), text, cue, sent, m.group("issuer")))
    return out


_MARKERS = ("要", "必须")
#: A copula in a statement without 要: it says what something is (…，是一场硬仗; …是…的关键).
_COPULA = re.compile(r"(?<![特尤还总或凡])是(?!否)|的关键|的根本")


def _quoted_mandates(sents: tuple[Sentence, ...]) -> list[_Found]:
    """“要…。要…”2013年3月8日，习近平总书记…发表重要讲话: a paragraph opening with a quote
    that a leader is named right after."""
    out: list[_Found] = []
    i = 0
    while i < len(sents):
        first = sents[i]
        if not first.text.startswith("“") or (i and sents[i - 1].paragraph == first.paragraph):
            i += 1
            continue
        j = i
        while j < len(sents) and sents[j].paragraph == first.paragraph:
            close = sents[j].text.find("”")
            if close != -1:
                break
            j += 1
        if j == len(sents) or sents[j].paragraph != first.paragraph:
            i = j
            continue
        m = _attribution_re().match(sents[j].text, sents[j].text.find("”"))
        if m is None and sents[j].text.endswith("”"):  # named in the next sentence or before
            for k in (j + 1, i - 1):
                if 0 <= k < len(sents) and abs(sents[k].paragraph - first.paragraph) <= 1:
                    m = _leader_named_re().match(sents[k].text)
                    if m is not None:
                        break
        if m is not None:
            for sent in sents[i : j + 1]:
                lead = _lead_marker_re().match(sent.text) or _subject_lead_re().match(sent.text)
                if lead is not None:
                    out += _directive_at(sent, lead.end(), lead.group(), m.group("issuer"))
        i = j + 1
    return out


def parse_speaker(phrase: str, base: int, resolver: Resolver) -> Speaker:
    """Read ``省工信厅经济运行处处长付筠`` as agency, sub-unit, post and name."""
    phrase_start = base
    refs = resolver.scan(phrase, base)
    top: AgencyRef | None = None
    if refs and refs[-1].span is not None:
        top = refs[-1]
        rest_start = top.span.end - base if top.span else 0
    else:
        top = resolver.unknown_body(phrase, base)
        rest_start = len(top.mention) if top else 0
        if top is None:
            # the body may be preceded by words (就此，省…): try each 省 in the phrase
            for pm in re.finditer(r"省|市", phrase):
                top = resolver.unknown_body(phrase[pm.start() :], base + pm.start())
                if top:
                    rest_start = pm.start() + len(top.mention)
                    break
    if top is None:
        return _speaker_without_body(phrase, resolver)
    rest = phrase[rest_start:]
    m = _speaker_re().match(rest)
    if m is None:
        return Speaker(agency=top, top=top, person=None, post=None)
    agency = top
    unit = m.group("unit")
    if unit:
        ustart = phrase_start + rest_start
        agency = resolver.subunit(top, unit, Span(ustart, ustart + len(unit)))
    post = m.group("post")
    name = m.group("name")
    group = post in _group_posts()
    if group:
        name = name or post
    return Speaker(agency=agency, top=top, person=name if post else None, post=post, group=group)


@cache
def _post_name_re() -> re.Pattern[str]:
    posts = alternation("posts", "post")
    return re.compile(
        rf"^(?P<pre>{_CJK}{{0,8}}?)(?P<post>{posts})(?P<name>{_CJK}{{2,3}})(?:也|还|都|等)?$"
    )


@cache
def _region_posts() -> dict[str, str]:
    """Posts that name a region's body when the region is named before them (湖南省省长)."""
    return {r["post"]: r["body"] for r in table("posts") if r["body"]}


def _speaker_without_body(phrase: str, resolver: Resolver) -> Speaker:
    """A speaker whose body the gazetteer does not name: 湖南省省长许达哲 (the region's
    government), 村党支部书记尹庆华 (a post and a name, no known body)."""
    m = _post_name_re().match(phrase)
    if m is None or m.group("post") in _group_posts():
        return Speaker(agency=None, top=None, person=None, post=None)
    pre, post = m.group("pre"), m.group("post")
    body = _region_posts().get(post)
    region = resolver.gazetteer.region(pre.removesuffix("省").removesuffix("市")) if pre else None
    if body and region:
        agency = resolver.agency(region + body)
        return Speaker(agency=agency, top=agency, person=m.group("name"), post=post)
    if pre and resolver.gazetteer.region(pre):
        return Speaker(agency=None, top=None, person=None, post=None)  # 江西省专家…: a place
    return Speaker(agency=None, top=None, person=m.group("name"), post=pre + post)


@dataclass(frozen=True, slots=True)
class _Hit:
    """Where a pledge was found, before it becomes a record."""

    index: int  # the sentence's position in the article
    agency: AgencyRef
    cue_start: int  # in the sentence
    marker_pos: int  # the text starts here
    marker_end: int  # the cue ends here
    speaker: Speaker | None = None
    clause_start: int = 0


def find_pledges(
    article: Article,
    directives: list[Directive],
    resolver: Resolver,
    start_id: int = 1,
    speakers: list[tuple[Speaker, Span]] | None = None,
) -> list[Pledge]:
    """Statements of future action, in text order: a speaker's (省统计局表示，将…), an agency's
    that opens a clause (发改委将…, 省委决定，…), and a subjectless 还将 that goes on with the
    agency acting just before (…国家发展改革委采取了有力措施。…还将继续加大…).
    ``speakers`` is :func:`find_speakers` of the article when the caller has it already."""
    sents = article.sentences
    hits: list[_Hit] = []
    if speakers is None:
        speakers = find_speakers(article, resolver)
    # a speaker named again by name only (孟玮表示，…) speaks for the body named the first time
    named = {sp.person: sp for sp, _ in speakers if sp.person and sp.agency and not sp.group}
    # 他表示 at a place: the official find_speakers resolved the pronoun to
    named |= {f"@{span.start}": sp for sp, span in speakers if sp.agency and sp.person}

    quoted = _quoted_pledges(sents, resolver, named)
    quoted += _reported_pledges(sents, speakers, named, {(h.index, h.marker_pos) for h in quoted})
    hits += quoted
    in_quotes = {(h.index, h.marker_pos) for h in quoted}
    for i in range(len(sents)):
        spoken = [
            h
            for h in _spoken_pledges(sents, i, resolver, named)
            if (h.index, h.marker_pos) not in in_quotes
        ]
        hits += spoken
        # a spoken pledge runs to the end of its sentence: an agency's 将 inside it is the same
        first = min((h.marker_pos for h in spoken), default=len(sents[i].text))
        hits += [h for h in _subject_pledges(sents, i, resolver) if h.marker_pos < first]
    hits += _carried_pledges(sents, hits, resolver)
    hits = [h for h in hits if _is_pledge(sents[h.index].text, h, resolver.published)]
    hits.sort(key=lambda h: sents[h.index].span.start + h.marker_pos)
    out: list[Pledge] = []
    for h in hits:
        out.append(_pledge(article, h, directives, f"p{start_id + len(out)}"))
    return out


@cache
def _forecast_re() -> re.Pattern[str]:
    # 将成为…, 将同中国成为… (a short 同/与 phrase before the verb)
    return re.compile(
        rf"(?:(?:同|与|和|跟)[^，。；]{{1,8}}?)?(?:继续|进一步)?(?:{_markers('forecast')})"
    )


@cache
def _disposal_re() -> re.Pattern[str]:
    return re.compile(_markers("disposal"))


@cache
def _directive_verbs() -> frozenset[str]:
    return frozenset(r["word"] for r in table("directive_verbs"))


def _is_pledge(text: str, h: _Hit, published: str | None) -> bool:
    """Not a forecast (将成为…), not a mandate (强调，要…: a directive), not about the past
    (1962年，国务院将大熊猫…列为; 今年5月，央行决定… in an October paper), and saying
    something."""
    body = text[h.marker_pos :].rstrip("。！？”’ ")
    if len(body) < 6 or _forecast_re().match(text, h.marker_end):
        return False
    clause = re.split("[，,；;。]", text[h.marker_end :], maxsplit=1)[0]
    if "把" not in clause and _disposal_re().search(clause):
        return False  # 将 is 把 here: 将今年世界经济增速下调至3%
    marker = text[h.marker_pos : h.marker_end].rstrip("，,：: ")
    recalled = marker in _markers_set("subject") and marker != "将"
    if h.speaker is None and recalled and _speech_re().search(text, 0, h.cue_start):
        return False  # 栗战书指出，党中央决定建立…: a decision recalled, not taken
    if h.speaker is not None and text[h.marker_pos : h.marker_end] in _markers_set("bare"):
        verb = text[h.cue_start : h.marker_pos].rstrip("，,：: ")
        if verb in _directive_verbs():
            return False
    return not _past(text[: h.marker_pos], published)


@cache
def _markers_set(role: str) -> frozenset[str]:
    return frozenset(
        w for r in table("pledge_markers") if r["role"] == role for w in r["word"].split("|")
    )


def _past(before: str, published: str | None) -> bool:
    """True when the last time before a marker lies before the month of publication."""
    pub = re.match(r"(\d{4})(?:-(\d{2}))?", published or "")
    if pub is None:
        return False
    last = None
    for _, label in iter_periods(before, published):
        last = label
    m = re.match(r"(?:as of )?(\d{4})(?:-(\d{2}))?", last or "")
    if m is None:
        return False
    year, pub_year = int(m.group(1)), int(pub.group(1))
    if year != pub_year:
        return year < pub_year
    return bool(m.group(2) and pub.group(2) and int(m.group(2)) < int(pub.group(2)))


def _spoken_pledges(
    sents: tuple[Sentence, ...], i: int, resolver: Resolver, named: dict[str, Speaker]
) -> list[_Hit]:
    sent = sents[i]
    out = []
    for m in _pledge_re().finditer(sent.text):
        clause_start = max(sent.text.rfind(c, 0, m.start()) for c in "，；：”") + 1
        phrase = sent.text[clause_start : m.start()].strip()
        base = sent.span.start + clause_start
        speaker = _known(parse_speaker(phrase, base, resolver), phrase, base, named)
        group = next(g for g in ("m1", "m2", "m3") if m.group(g))
        subject = m.group("subject") or m.group("subject2")
        marker_pos = m.start(group)
        marker = m.group(group)
        agency = speaking_body(speaker)
        if subject:
            opener = _opener_re().match(subject)
            if opener is not None:  # 近日国务院将…; 下一步将… (the opener alone: no subject)
                subject = subject[opener.end() :]
            subject = subject.strip(" ，,")
            if re.fullmatch(f"(?:{_markers('adverb')})+", subject):
                subject = ""  # 表示，还将…: an adverb, no subject
        if subject:
            s0 = sent.span.start + marker_pos - len(subject)
            explicit = _subject_agency(subject, s0, resolver)
            if explicit is not None:
                agency = explicit
            elif not _actor(subject, resolver):
                continue  # a forecast about a thing, not the speaker's body acting
        else:  # 表示，下一步，人社部将…: the body named after the opener is the one acting
            named_after = _subject_pledges_at(sent, marker_pos + len(marker), resolver)
            agency = named_after or agency
        if agency is None:
            continue
        out.append(
            _Hit(i, agency, m.start(), marker_pos, marker_pos + len(marker), speaker, clause_start)
        )
    return out


@cache
def _quote_open_re() -> re.Pattern[str]:
    """A speaker and a speech verb, then a quote (省发改委负责人说：“…)."""
    return re.compile(rf"(?:{alternation('speech_verbs', 'word')})[，,：:]?\s*“")


@cache
def _quote_speaker_re() -> re.Pattern[str]:
    """Who spoke a quote, named right after it (“…！”省商务厅负责人表示。)."""
    verbs = alternation("speech_verbs", "word")
    return re.compile(rf"^[，,]?\s*(?P<phrase>[^，。；：“”]{{2,30}}?)(?:{verbs})(?=[，,：:。]|$)")


@cache
def _quote_pledge_re() -> re.Pattern[str]:
    """A clause of a quote that says what the speaker's body will do: 我们将…, 下一步，将…,
    我们一定…, 要… after 我们 (the speaker's body)."""
    opener = rf"(?:(?:{_markers('opener')}|新的一年|接下来|今后一个时期)[，,]?)?"
    self_words = "我们|我|咱们"
    adverb = "(?:还|也|都|更|一定|必须|将|要|继续|进一步)*"
    return re.compile(
        rf"(?:^|(?<=[，；。！？“]))(?P<lead>{opener})"
        rf"(?:(?P<subj>{self_words}){adverb}(?P<m1>将|要|一定|会|力争|争取|计划|愿意|愿)"
        rf"|{adverb}(?P<m2>将|一定|力争|争取){_NOT_JIANG})"
    )


def _quoted_pledges(
    sents: tuple[Sentence, ...], resolver: Resolver, named: dict[str, Speaker]
) -> list[_Hit]:
    """Pledges in direct speech: the quote after X说：“…, over all its sentences, and the quote a
    speaker is named right after (“我们一定…！”X表示). 我们 is the speaker's body."""
    out: list[_Hit] = []
    i = 0
    while i < len(sents):
        sent = sents[i]
        opened = _quote_open_re().search(sent.text)
        speaker: Speaker | None = None
        start = 0
        if opened is not None:
            clause_start = max(sent.text.rfind(c, 0, opened.start()) for c in "，；：”。") + 1
            phrase = sent.text[clause_start : opened.start()].strip()
            base = sent.span.start + clause_start
            speaker = _known(parse_speaker(phrase, base, resolver), phrase, base, named)
            start = opened.end()
            cue_start = clause_start
        elif sent.text.startswith("“"):
            speaker = _speaker_after_quote(sents, i, resolver, named)
            start, cue_start = 1, 0
        if speaker is None or speaking_body(speaker) is None:
            i += 1
            continue
        agency = speaking_body(speaker)
        assert agency is not None
        j = i
        while j < len(sents) and sents[j].paragraph == sent.paragraph:
            text = sents[j].text
            close = text.find("”", start)
            stop = close if close != -1 else len(text)
            m = next(
                (m for m in _quote_pledge_re().finditer(text, start, stop) if stop - m.end() >= 6),
                None,
            )
            if m is not None:
                group = "m1" if m.group("m1") else "m2"
                out.append(
                    _Hit(
                        j,
                        agency,
                        cue_start if j == i else m.start(),
                        m.start(group),
                        m.end(group),
                        speaker,
                        0,
                    )
                )
            if close != -1:
                break
            j, start, cue_start = j + 1, 0, 0
        i = j + 1
    return out


def _reported_pledges(
    sents: tuple[Sentence, ...],
    speakers: list[tuple[Speaker, Span]],
    named: dict[str, Speaker],
    taken: set[tuple[int, int]],
) -> list[_Hit]:
    """他表示，…。在最后冲刺阶段，我们将…: reported speech going on after its speaker in the
    same paragraph; 我们 is the speaker's body."""
    out: list[_Hit] = []
    k = 0
    for i, sent in enumerate(sents):
        while k < len(speakers) and speakers[k][1].end <= sent.span.start:
            k += 1
        if k == 0:
            continue
        speaker, spoken = speakers[k - 1]  # the speaker last named before this sentence
        where = next(j for j in range(i, -1, -1) if sents[j].span.start <= spoken.start)
        if sents[where].paragraph != sent.paragraph or i == where:
            continue
        if speaker.agency is None and speaker.person in named:
            speaker = named[speaker.person or ""]
        agency = speaking_body(speaker)
        if agency is None:
            continue
        for m in _quote_pledge_re().finditer(sent.text):
            if (
                m.group("subj")
                and (i, m.start("m1")) not in taken
                and len(sent.text) - m.end() >= 6
            ):
                out.append(_Hit(i, agency, m.start(), m.start("m1"), m.end("m1"), speaker, 0))
                break
    return out


def _speaker_after_quote(
    sents: tuple[Sentence, ...], i: int, resolver: Resolver, named: dict[str, Speaker]
) -> Speaker | None:
    """The speaker named right after the quote that opens sentence ``i``."""
    for j in range(i, min(len(sents), i + 6)):
        if sents[j].paragraph != sents[i].paragraph:
            return None
        close = sents[j].text.find("”")
        if close == -1:
            continue
        after, base = sents[j].text[close + 1 :], sents[j].span.start + close + 1
        if (
            not after.strip()
            and j + 1 < len(sents)
            and sents[j + 1].paragraph == sents[i].paragraph
        ):
            after, base = sents[j + 1].text, sents[j + 1].span.start
        m = _quote_speaker_re().match(after)
        if m is None:
            return None
        phrase = m.group("phrase").strip()
        base += m.start("phrase")
        return _known(parse_speaker(phrase, base, resolver), phrase, base, named)
    return None


def _known(speaker: Speaker, phrase: str, base: int, named: dict[str, Speaker]) -> Speaker:
    """A speaker whose body the phrase does not name: the same person named before with their
    body (孟玮表示), or the official a pronoun stands for (他表示)."""
    if speaker.agency is not None:
        return speaker
    return named.get(phrase) or named.get(f"@{base}") or speaker


def _subject_agency(subject: str, base: int, resolver: Resolver) -> AgencyRef | None:
    """The body a pledge's subject names (山西 in 山西将…, 国资委 in 下一步国资委要…)."""
    explicit = resolver.agency(subject)
    if explicit is not None:
        return replace(explicit, span=Span(base, base + len(subject)))
    for ref in resolver.scan(subject + "将", base):  # a place acting is its government
        if ref.span == Span(base, base + len(subject)):
            return ref
    return None


#: The words a division inside a body ends in: its head speaks for the body (商务部市场运行和
#: 消费促进司司长 → 商务部); a bureau, centre or institute of its own keeps the pledge.
_DIVISIONS = ("司", "处", "科", "室", "办公室", "股")


def speaking_body(speaker: Speaker) -> AgencyRef | None:
    """The body a speaker pledges for: the body itself, not an internal division of it."""
    agency = speaker.agency
    if (
        agency is not None
        and speaker.top is not None
        and agency is not speaker.top
        and agency.canonical.endswith(_DIVISIONS)
    ):
        return speaker.top
    return agency


def _subject_pledges(sents: tuple[Sentence, ...], i: int, resolver: Resolver) -> list[_Hit]:
    """发改委将配合有关部门…: a known agency opens a clause and pledges."""
    sent = sents[i]
    out = []
    for ref in resolver.scan(sent.text, sent.span.start):
        if ref.span is None:
            continue
        start, end = ref.span.start - sent.span.start, ref.span.end - sent.span.start
        if not _opens_clause(sent.text, start):
            continue
        m = _subject_marker_re().match(sent.text, end)
        if m is None:
            continue
        # 省委决定，在全省开展…: the pledge is what was decided
        text_at = m.end() if m.group().endswith(("，", ",", "：", ":")) else m.start("m")
        out.append(_Hit(i, ref, start, text_at, m.end()))
    return out


def _subject_pledges_at(sent: Sentence, pos: int, resolver: Resolver) -> AgencyRef | None:
    """The agency that opens the clause after ``pos`` and pledges (，人社部将…), if any."""
    rest = sent.text[pos:].lstrip("，, ")
    skip = len(sent.text) - len(rest)
    refs = resolver.scan(rest, sent.span.start + skip)
    first = refs[0] if refs else None
    if first is None or first.span is None or first.span.start != sent.span.start + skip:
        return None
    pledges = _subject_marker_re().match(sent.text, first.span.end - sent.span.start)
    return first if pledges else None


def _opens_clause(text: str, pos: int) -> bool:
    """True when only an opener (下一步，今年 …) stands between a clause mark and ``pos``."""
    begin = max(text.rfind(c, 0, pos) for c in "，；：。“”") + 1
    head = text[begin:pos].strip(" \u3000")
    return not head or bool(_opener_re().fullmatch(head))


@cache
def _carry_re() -> Gated:
    """A clause with no subject that goes on pledging: 还将继续…, 也将…"""
    return gated(rf"(?:{_markers('adverb')})+(?P<m>将){_NOT_JIANG}")


def _carried_pledges(
    sents: tuple[Sentence, ...], hits: list[_Hit], resolver: Resolver
) -> list[_Hit]:
    """今后一段时间，还将继续加大组织投放冻猪肉储备: no subject in the sentence, so the agency
    is the one that opened a clause in the two sentences before (…国家发展改革委会同有关部门
    采取了有力措施。)."""
    out = []
    done = {h.index for h in hits}
    for i, sent in enumerate(sents):
        if i in done:
            continue
        refs = resolver.scan(sent.text, sent.span.start)  # the scan other stages made
        if refs:
            out += _later_clause_pledges(sents, i, refs)
            continue
        m = next(
            (
                m
                for m in _carry_re().finditer(sent.text)
                if _no_subject(sent.text, m.start()) and _only_adverbials(sent.text, m.start())
            ),
            None,
        )
        if m is None:
            continue
        actor = _recent_actor(sents, i, resolver)
        if actor is not None:
            out.append(_Hit(i, actor, m.start(), m.start("m"), m.end()))
    return out


@cache
def _later_clause_re() -> re.Pattern[str]:
    """A later clause of a sentence that pledges with no subject of its own
    (重庆启动…，到2020年将新增…)."""
    return re.compile(
        rf"[，,](?P<lead>{_TIME_ADVERBIAL.removeprefix('[，,]?')})?(?:{_markers('adverb')})*"
        rf"(?P<m>将){_NOT_JIANG}"
    )


def _later_clause_pledges(sents: tuple[Sentence, ...], i: int, refs: list[AgencyRef]) -> list[_Hit]:
    """A body opening the sentence acts, and a later clause says what it will do."""
    sent = sents[i]
    opening = [
        r
        for r in refs
        if r.span is not None and _opens_clause(sent.text, r.span.start - sent.span.start)
    ]
    if not opening:
        return []
    actor = opening[0]
    assert actor.span is not None
    after = actor.span.end - sent.span.start
    for m in _later_clause_re().finditer(sent.text, after):
        if any(r.span and after < r.span.start - sent.span.start < m.start() for r in refs):
            return []  # another body named in between: it may be the one acting
        return [_Hit(i, actor, m.start() + 1, m.start("m"), m.end("m"))]
    return []


def _only_adverbials(text: str, pos: int) -> bool:
    """今后一段时间，包括春节以后，还将…: only short clauses (times) before ``pos``."""
    return all(len(c) <= _ADVERBIAL_MAX for c in re.split("[，,]", text[:pos])[:-1])


_ADVERBIAL_MAX = 8


def _no_subject(text: str, pos: int) -> bool:
    begin = max(text.rfind(c, 0, pos) for c in "，；：。“”") + 1
    return begin == pos or not text[begin:pos].strip()


def _recent_actor(sents: tuple[Sentence, ...], i: int, resolver: Resolver) -> AgencyRef | None:
    """The agency that opened a clause in one of the two sentences before sentence ``i``."""
    for k in range(i - 1, max(-1, i - 3), -1):
        if sents[k].paragraph < sents[i].paragraph - 1:
            break
        refs = resolver.scan(sents[k].text, sents[k].span.start)
        for ref in reversed(refs):
            start = ref.span.start - sents[k].span.start if ref.span else -1
            if start >= 0 and _opens_clause(sents[k].text, start):
                return ref
    return None


@cache
def _actor_words() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for r in table("pledge_subjects"):
        out.setdefault(r["kind"], []).extend(w for w in r["word"].split("|") if w)
    return {k: tuple(v) for k, v in out.items()}


def _actor(subject: str, resolver: Resolver) -> bool:
    """True when ``subject`` is someone who acts (我们, 北京, 税务部门), not a thing."""
    words = _actor_words()
    if any(w in subject for w in words.get("not", ())):
        return False
    if subject in words.get("self", ()) or subject.endswith(words.get("ends", ())):
        return True
    return resolver.gazetteer.region(subject) is not None and len(subject) <= 4


def _pledge(article: Article, h: _Hit, directives: list[Directive], pid: str) -> Pledge:
    sents = article.sentences
    sent = sents[h.index]
    end = _end_of(sent.text, h.marker_pos)
    parts = [sent.text[h.marker_pos : end]]
    span_end = sent.span.start + end
    # a following sentence opening with 同时/此外 continues the same pledge
    j = h.index + 1
    continued: list[Sentence] = []
    while (
        j < len(sents)
        and sents[j].paragraph == sent.paragraph
        and _continuation_re().match(sents[j].text)
        and not _pledge_re().search(sents[j].text)
    ):
        nxt = sents[j]
        continued.append(nxt)
        parts.append(nxt.text[: _end_of(nxt.text, 0)])
        span_end = nxt.span.start + _end_of(nxt.text, 0)
        j += 1
    pos = sent.span.start + h.marker_pos
    # the mandate answered: the nearest before, else the article's first (a report that opens
    # with the action and quotes the mandate later)
    responds, link = _section_mandate(directives, pos, sents)
    if responds and _EXPLICIT.search(sent.text[: h.marker_end + 40]):
        link = "explicit"
    speaker = h.speaker
    return Pledge(
        id=pid,
        article=article.index,
        agency=h.agency,
        text="。".join(parts),
        cue=sent.text[h.cue_start : h.marker_end],
        span=Span(pos, span_end),
        sentence=sent,
        responds_to=responds[-1].id if responds else None,
        link=link if responds else None,
        speaker=speaker.person if speaker else None,
        speaker_post=speaker.post if speaker else None,
        speaker_unit=speaker.agency if speaker and speaker.agency is not h.agency else None,
        quote=_quote_before(sents, h.index, h.clause_start) if speaker else None,
        continued=tuple(continued),
    )


def _section_mandate(
    directives: list[Directive], pos: int, sents: tuple[Sentence, ...]
) -> tuple[list[Directive], str]:
    """The mandate a pledge at ``pos`` answers, and how that was decided: ``section``, the
    mandate of its section (the last mandate before it that opens a paragraph, or the
    article's first); ``later``, the article's first mandate when all are stated after it."""
    before = [d for d in directives if d.span.start < pos]
    heads = [d for d in before if d is directives[0] or _opens_paragraph(d, sents)]
    if heads:
        return heads, "section"
    return directives[:1], "later"


#: A pledge that names what it answers (按照总书记要求，…; 落实会议精神，…; 贯彻…部署).
_EXPLICIT = re.compile(r"(?:按照|落实|贯彻|遵照)[^，。；]{0,20}?(?:要求|精神|部署|指示|讲话)")


def _opens_paragraph(d: Directive, sents: tuple[Sentence, ...]) -> bool:
    """A mandate in the first sentence of its paragraph (全会提出，要X。 opening a section)."""
    first = next(s for s in sents if s.paragraph == d.sentence.paragraph)
    return first.index == d.sentence.index


def _end_of(text: str, start: int) -> int:
    """Where a pledge's words end: the sentence's end, or the close of the quote it is in."""
    close = text.find("”", start)
    if close != -1 and text.count("“", start, close) == 0:
        return len(text[start:close].rstrip("。！？，；… ")) + start
    return len(text.rstrip("。！？ "))


def _quote_before(sents: tuple[Sentence, ...], i: int, clause_start: int) -> str | None:
    """A quoted statement right before the speaker (“…凸显。”省工信厅…表示)."""
    if clause_start > 0 or i == 0:
        return None
    prev = sents[i - 1]
    if (
        prev.paragraph == sents[i].paragraph
        and prev.text.startswith("“")
        and prev.text.endswith("”")
    ):
        return prev.text[1:-1]
    return None


@cache
def _speech_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation('speech_verbs', 'word')})(?=[，,：:]|。$)")


def find_speakers(article: Article, resolver: Resolver) -> list[tuple[Speaker, Span]]:
    """Everyone who speaks in the article (X表示，/ X说：), whether or not they pledge."""
    out: list[tuple[Speaker, Span]] = []
    for sent in article.sentences:
        for m in _speech_re().finditer(sent.text):
            clause_start = max(sent.text.rfind(c, 0, m.start()) for c in "，；：”。") + 1
            phrase = sent.text[clause_start : m.start()].strip()
            if not phrase:
                continue
            base = sent.span.start + clause_start
            speaker = parse_speaker(phrase, base, resolver)
            if phrase in _PRONOUNS:  # 他表示: the official last named, speaking or not
                speaker = (
                    next((sp for sp, _ in reversed(out) if sp.agency and sp.person), None)
                    or _last_official(article, sent, resolver)
                    or speaker
                )
            if speaker.agency is not None or speaker.person is not None:
                out.append((speaker, Span(base, base + len(phrase))))
    return out


def _last_official(article: Article, sent: Sentence, resolver: Resolver) -> Speaker | None:
    """The official named last before ``sent`` in its paragraph or the one before (商务部副部长
    王炳南介绍…。他表示，…): their body, post and name."""
    for prev in reversed(article.sentences[max(0, sent.index - 4) : sent.index]):
        if prev.paragraph < sent.paragraph - 1:
            break
        matches = list(official_pattern().finditer(prev.text))
        for m in reversed(matches):
            if not m.group("post"):
                continue
            start = max(prev.text.rfind(c, 0, m.start()) for c in "，；：”。、") + 1
            speaker = parse_speaker(prev.text[start : m.end()], prev.span.start + start, resolver)
            if speaker.agency is not None and speaker.person is not None:
                return speaker
    return None


@cache
def _plan_re() -> Gated:
    return gated("|".join(f"(?:{r['pattern']})" for r in table("plan_cues")))


def find_plan_statements(
    article: Article, owner: AgencyRef | None, start_id: int = 1
) -> list[Pledge]:
    """A plan's own commitments (主要预期目标是：…), pledged by the body that issued it."""
    out: list[Pledge] = []
    if owner is None:
        return out
    for sent in article.sentences:
        m = _plan_re().search(sent.text)
        if not m:
            continue
        end = len(sent.text.rstrip("。！？ "))
        text = sent.text[m.end() : end]
        if len(text) < 4:
            continue
        start = sent.span.start + m.end()
        out.append(
            Pledge(
                id=f"p{start_id + len(out)}",
                article=article.index,
                agency=owner,
                text=text,
                cue=m.group(),
                span=Span(start, sent.span.start + end),
                sentence=sent,
            )
        )
    return out
