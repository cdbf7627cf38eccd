"""Stage 3 — extract statements: an article's sentences in, directives and pledges out.

A *directive* is a higher body's mandate: an issuer (全会, 会议, 总书记 …) and a verb (提出,
强调 …) then 要, e.g. ``全会提出，要加快建设现代化产业体系``; its text runs from after 要 to
the end of the sentence.

A *pledge* is a body's statement of future action: a speaker phrase, a speech verb and a future
marker, e.g. ``省工信厅经济运行处处长付筠表示，省工信厅将聚焦…``. The speaker phrase gives the
agency, a sub-unit, the post and the person; an explicit subject before 将 that is a known
agency wins over the speaker's unit. Each pledge answers the nearest directive before it in
the same article. All cue words live in ``data/rules/*.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from kg.records import AgencyRef, Article, Directive, Pledge, Sentence, Span
from kg.resolve import Resolver
from kg.tables import alternation, table

_CJK = r"[\u4e00-\u9fff]"


@cache
def _directive_re() -> re.Pattern[str]:
    issuers = alternation("directive_issuers", "word")
    verbs = alternation("directive_verbs", "word")
    markers = alternation("directive_markers", "word")
    return re.compile(
        rf"(?P<issuer>{issuers})(?P<gap>[^。；]{{0,40}}?)(?P<cue>(?:{verbs})[，,：:]?\s*(?:{markers}))"
    )


@cache
def _pledge_re() -> re.Pattern[str]:
    verbs = alternation("speech_verbs", "word")
    markers = "|".join(re.escape(w) for w in _pledge_markers() if w != "要")
    return re.compile(
        rf"(?P<verb>{verbs})[，,：:]\s*(?:(?P<subject>[^，。；“”]{{1,14}}?)(?P<m1>{markers})|(?P<m2>{markers}|要))"
    )


@cache
def _pledge_markers() -> tuple[str, ...]:
    return tuple(sorted({r["word"] for r in table("pledge_markers")}, key=len, reverse=True))


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


@dataclass(frozen=True, slots=True)
class Speaker:
    agency: AgencyRef | None  # the body the phrase names (deepest unit)
    top: AgencyRef | None  # the named body above a sub-unit
    person: str | None
    post: str | None
    group: bool = False  # 科研人员, 工作人员: people speaking for their body, not named


def find_directives(article: Article, start_id: int = 1) -> list[Directive]:
    out: list[Directive] = []
    for sent in article.sentences:
        for m in _directive_re().finditer(sent.text):
            text_start = m.end("cue")
            text = sent.text[text_start:].rstrip("。！？”’ ")
            # stop at the next directive cue in the same sentence
            nxt = _directive_re().search(sent.text, text_start)
            if nxt:
                text = sent.text[text_start : nxt.start()].rstrip("，。；")
            if len(text) < 4:
                continue
            gap = m.group("gap")
            cue = (
                m.group("cue")
                if "，" in gap or len(gap) > 2
                else m.group("issuer") + gap + m.group("cue")
            )
            out.append(
                Directive(
                    id=f"d{start_id + len(out)}",
                    article=article.index,
                    text=text,
                    cue=cue,
                    span=Span(
                        sent.span.start + text_start, sent.span.start + text_start + len(text)
                    ),
                    sentence=sent,
                    issuer=m.group("issuer"),
                )
            )
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
    rest = phrase[rest_start:]
    m = _speaker_re().match(rest)
    if top is None or m is None:
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


def find_pledges(
    article: Article,
    directives: list[Directive],
    resolver: Resolver,
    start_id: int = 1,
) -> list[Pledge]:
    out: list[Pledge] = []
    sents = article.sentences
    for i, sent in enumerate(sents):
        for m in _pledge_re().finditer(sent.text):
            clause_start = max(sent.text.rfind(c, 0, m.start()) for c in "，；：”") + 1
            phrase = sent.text[clause_start : m.start()].strip()
            speaker = parse_speaker(phrase, sent.span.start + clause_start, resolver)
            subject = m.group("subject")
            marker = m.group("m1") or m.group("m2")
            marker_pos = m.start("m1") if m.group("m1") else m.start("m2")
            agency = speaker.agency
            if subject:
                explicit = resolver.agency(subject.strip())
                if explicit is not None:
                    s0 = sent.span.start + m.start("subject")
                    agency = replace(explicit, span=Span(s0, s0 + len(subject)))
            if agency is None:
                continue
            end = len(sent.text.rstrip("。！？ "))
            text = sent.text[marker_pos:end]
            span_end = sent.span.start + end
            # a following sentence opening with 同时/此外 continues the same pledge
            j = i + 1
            parts = [sent.text[marker_pos:end]]
            continued: list[Sentence] = []
            while (
                j < len(sents)
                and sents[j].paragraph == sent.paragraph
                and _continuation_re().match(sents[j].text)
                and not _pledge_re().search(sents[j].text)
            ):
                nxt = sents[j]
                continued.append(nxt)
                parts.append(nxt.text.rstrip("。！？ "))
                text = "。".join(parts)
                span_end = nxt.span.start + len(nxt.text.rstrip("。！？ "))
                j += 1
            quote = _quote_before(sents, i, clause_start)
            pos = sent.span.start + marker_pos
            responds = [d for d in directives if d.span.start < pos]
            out.append(
                Pledge(
                    id=f"p{start_id + len(out)}",
                    article=article.index,
                    agency=agency,
                    text=text,
                    cue=sent.text[m.start() : marker_pos + len(marker or "")],
                    span=Span(pos, span_end),
                    sentence=sent,
                    responds_to=responds[-1].id if responds else None,
                    speaker=speaker.person,
                    speaker_post=speaker.post,
                    speaker_unit=speaker.agency if speaker.agency is not agency else None,
                    quote=quote,
                    continued=tuple(continued),
                )
            )
    return out


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
    return re.compile(rf"(?:{alternation('speech_verbs', 'word')})(?=[，,：:])")


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
            if speaker.agency is not None or speaker.person is not None:
                out.append((speaker, Span(base, base + len(phrase))))
    return out


@cache
def _plan_re() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{r['pattern']})" for r in table("plan_cues")))


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
