"""Stage 1 — clean: raw decoded text in, :class:`~kg.records.CleanText` out.

Newspaper pages cut paragraphs in mid-sentence where a column ends (``新质生产\\n\\n力``). Cleaning
joins those pieces by deleting the blank-line gap, and nothing else: every kept character is the
raw character, so a span of the cleaned text maps back to the raw text through ``raw_index``.

A gap is a layout break when the text before it stops without sentence-final punctuation and the
text after it reads as the rest of a body sentence (it carries ，。 before its end, is not
indented as a new paragraph, and does not open a byline or subtitle). Headlines and kickers,
short and unpunctuated, are followed by more unpunctuated lines or a byline, so they stay apart.
"""

from __future__ import annotations

import re

from kg.read import front_matter
from kg.records import CleanText

#: A sentence may end with these; a paragraph ending in one of them was not cut by layout.
TERMINAL = set("。！？；：…”’」』）)!?;:")
#: A paragraph opening with one of these starts something new (byline, subtitle, list mark).
NEW_BLOCK_PREFIXES = ("本报讯", "本报", "新华社", "——", "●", "■", "▲", "◆", "（", "(", "“")
#: A line opening with one of these is a byline (本报记者  刘志强  王云杉), never half a sentence.
BYLINE_PREFIXES = ("本报记者", "记者", "本报讯", "新华社记者", "全媒体记者", "通讯员")
#: Body text carries clause punctuation; a headline usually does not.
BODY_PUNCT = re.compile(r"[，。；！？、]")
#: Blank lines between two paragraphs; the next line's indentation is not part of the gap (it
#: tells a new paragraph from the rest of a cut one).
_GAP = re.compile(r"\n[ \t\u3000\xa0]*\n(?:[ \t\u3000\xa0]*\n)*")


def _is_layout_break(before: str, after: str) -> bool:
    tail = before.rstrip(" \t\u3000\xa0")
    if not tail or tail[-1] in TERMINAL:
        return False
    last_line = tail.rsplit("\n", 1)[-1].lstrip(" \t\u3000\xa0>#")
    if last_line.startswith(("——", *BYLINE_PREFIXES)):
        return False  # a subtitle or a byline ends its own line
    first_line = after.split("\n", 1)[0]
    if not first_line or first_line[0] in " \t\u3000\xa0":
        return False  # indented: a real new paragraph
    if first_line.startswith(NEW_BLOCK_PREFIXES):
        return False
    return bool(BODY_PUNCT.search(first_line))


def clean(raw: str) -> CleanText:
    """Join paragraphs cut by page layout; keep an offset map to ``raw``.

    >>> c = clean("新质生产\\n\\n力的中坚力量，又是主阵地。")
    >>> c.text
    '新质生产力的中坚力量，又是主阵地。'
    >>> raw = "新质生产\\n\\n力的中坚力量，又是主阵地。"
    >>> s = c.raw_span(__import__("kg.records").records.Span(2, 5)); raw[s.start:s.end]
    '生产\\n\\n力'
    """
    keep: list[tuple[int, int]] = []  # raw ranges kept
    pos = front_matter(raw)[1]  # a front-matter header is metadata (read by kg.read), not text
    for gap in _GAP.finditer(raw, pos):
        if _is_layout_break(raw[: gap.start()], raw[gap.end() :]):
            keep.append((pos, gap.start()))
            pos = gap.end()
    keep.append((pos, len(raw)))
    keep = [piece for start, end in keep for piece in _without_markup(raw, start, end)]
    parts: list[str] = []
    index: list[int] = []
    for start, end in keep:
        parts.append(raw[start:end])
        index.extend(range(start, end))
    text = "".join(parts)
    if _INVISIBLE.search(text):  # zero-width characters inside names (省工\u200b信厅) go
        pairs = [(ch, i) for ch, i in zip(text, index, strict=True) if ch not in _INVISIBLE_SET]
        text = "".join(ch for ch, _ in pairs)
        index = [i for _, i in pairs]
    text = _THOUSANDS.sub(",", text.translate(_FULL_WIDTH))
    return CleanText(text=text, raw_index=tuple(index), raw_length=len(raw))


#: Markdown marks opening a line (# heading, > quote): layout, not text.
_MARKUP = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?)", re.MULTILINE)


def _without_markup(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """The range ``start``–``end`` of ``raw`` less the Markdown marks opening its lines."""
    out = []
    pos = start
    for m in _MARKUP.finditer(raw, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


#: Full-width digits and number signs read as ASCII, one character for one (offsets kept):
#: １，０００亿元 is 1,000亿元; ％ is %. A full-width comma is a clause mark unless it groups
#: digits.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９％．－＋", "0123456789%.-+")
_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
_INVISIBLE_SET = frozenset("\u200b\u200c\u200d\u2060\ufeff")  # zero-width characters
_INVISIBLE = re.compile(f"[{''.join(sorted(_INVISIBLE_SET))}]")
