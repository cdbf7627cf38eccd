"""Traditional characters, read through Simplified: a length-preserving conversion.

The gazetteers and rule tables are written in Simplified Chinese. A Traditional text
(省工業和信息化廳表示，將…) is matched through a character-by-character OpenCC conversion that
never changes the text's length, so every offset found on the converted text is an offset
into the original: provenance (``nif:anchorOf``) keeps the words exactly as printed.
"""

from __future__ import annotations

from functools import cache

from opencc import OpenCC


@cache
def _converter() -> OpenCC:
    return OpenCC("t2s")


class _Table(dict[int, int]):
    """A ``str.translate`` table filled on first sight of each character."""

    def __missing__(self, code: int) -> int:
        ch = chr(code)
        out = _converter().convert(ch) if code > 0x2E7F and not _simplified_charset(ch) else ch
        value = ord(out) if len(out) == 1 else code
        self[code] = value
        return value


def _simplified_charset(ch: str) -> bool:
    """Whether ``ch`` is in GB 2312, the character set of Simplified Chinese: such a
    character stays (乾 of 乾龙科技, 于 and 於 as surnames), only Traditional forms outside it
    (業, 廳, 將) are converted."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


_TABLE = _Table()


def to_simplified(text: str) -> str:
    """``text`` with each Traditional character replaced by its Simplified form.

    >>> to_simplified("江西省工業和信息化廳表示，將推進")
    '江西省工业和信息化厅表示，将推进'
    """
    return text.translate(_TABLE)
