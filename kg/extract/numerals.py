"""Numbers as written in Chinese news: Arabic (halfwidth or fullwidth) and Chinese numerals.

Only a numeral span a pattern has already found is converted: running cn2an over a whole
sentence rewrites words that merely contain numerals (一季度 → 1季度, 二十大 → 20大).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

#: Arabic digits, halfwidth or fullwidth, with thousands commas and a decimal point (．too).
ARABIC = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?"
#: Characters of a Chinese numeral (the magnitudes 万 and 亿 included).
CHINESE_CHARS = "零〇一二两三四五六七八九十百千万亿"
CHINESE = rf"[{CHINESE_CHARS}]+(?:点[零〇一二三四五六七八九]+)?"
#: A numeral made only of these names a magnitude, not a count (百家争鸣, 万人空巷).
MAGNITUDE_CHARS = frozenset("十百千万亿")
_DIGIT_CHARS = frozenset("零〇一二两三四五六七八九")
_TO_ASCII = str.maketrans("０１２３４５６７８９．", "0123456789.")


def arabic_value(text: str) -> Decimal:
    """``'1,234.5'`` → ``Decimal('1234.5')``; fullwidth digits too. Trailing zeros are kept."""
    try:
        return Decimal(text.translate(_TO_ASCII).replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(f"not an Arabic number: {text!r}") from exc


@lru_cache(maxsize=4096)
def chinese_value(text: str) -> Decimal:
    """``'两'`` → 2, ``'十五'`` → 15, ``'万'`` → 10000 (a bare magnitude counts as one of it)."""
    numeral = "一" + text if text[0] in "百千万亿" else text
    try:
        value = cn2an.cn2an(numeral, "normal")
    except (ValueError, KeyError) as exc:
        raise ValueError(f"not a Chinese numeral: {text!r}") from exc
    return Decimal(str(value))


def is_bare_magnitude(text: str) -> bool:
    """True for 万, 百万, 千亿 …: no digit says how many (上万 and 近百 need a hedge word)."""
    return not any(ch in _DIGIT_CHARS for ch in text) and text[0] != "十"


def split_magnitude(text: str) -> tuple[str, str]:
    """Split a trailing 万/亿 off a Chinese numeral that has digits: ``'一万'`` → ('一', '万').

    The magnitude then joins the unit (一万人次 → 1 万人次), as it does after Arabic digits
    (52万家次 → 52 万家次). A bare magnitude stays whole (``'万'`` → ('万', '')).
    """
    head = text.rstrip("万亿")
    if not head or is_bare_magnitude(head):
        return text, ""
    return head, text[len(head) :]


_DIGIT_ORDER = "一两三四五六七八九"


def approximate_pair(text: str) -> tuple[Decimal, Decimal] | None:
    """Two neighbouring digits written together: ``'六七'`` (six or seven) → (6, 7), ``'两三'``
    → (2, 3). None for anything else (``'六十七'`` is 67)."""
    if len(text) != 2:
        return None
    a, b = (_DIGIT_ORDER.find("两" if c == "二" else c) for c in text)
    if a < 0 or b != a + 1:
        return None
    return Decimal(a + 1), Decimal(b + 1)
