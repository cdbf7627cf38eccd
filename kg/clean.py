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

from kg.records import CleanText

#: A sentence may end with these; a paragraph ending in one of them was not cut by layout.
TERMINAL = set("。！？；：…”’」』）)!?;:")
#: A paragraph opening with one of these starts something new (byline, subtitle, list mark).
NEW_BLOCK_PREFIXES = ("本报讯", "本报", "新华社", "——", "●", "■", "▲", "◆", "（", "(", "“")
#: Body text carries clause punctuation; a headline usually does not.
BODY_PUNCT = re.compile(r"[，。；！？、]")
#: Blank lines between two paragraphs; the next line's indentation is not part of the gap (it
#: tells a new paragraph from the rest of a cut one).
_GAP = re.compile(r"\n[ \t\u3000\xa0]*\n(?:[ \t\u3000\xa0]*\n)*")


def _is_layout_break(before: str, after: str) -> bool:
    tail = before.rstrip(" \t\u3000\xa0")
    if not tail or tail[-1] in TERMINAL:
        return False
    last_line = tail.rsplit("\n", 1)[-1].lstrip()
    if last_line.startswith("——"):
        return False
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
    pos = 0
    for gap in _GAP.finditer(raw):
        if _is_layout_break(raw[: gap.start()], raw[gap.end() :]):
            keep.append((pos, gap.start()))
            pos = gap.end()
    keep.append((pos, len(raw)))
    parts: list[str] = []
    index: list[int] = []
    for start, end in keep:
        parts.append(raw[start:end])
        index.extend(range(start, end))
    return CleanText(text="".join(parts), raw_index=tuple(index), raw_length=len(raw))
