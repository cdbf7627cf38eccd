"""Words a rule cannot match without: one quick search before a costly regex.

Most rule patterns of ``data/rules`` (events, plan cues) match in a handful of a month's 60,000
sentences, yet trying them costs a pass over every sentence, and a pattern that opens with
lookbehinds or optional groups (``(?:建议)?(?:今年)?…主要预期目标``) gets no help from the regex
engine's own prefix search. :func:`required_words` reads a pattern and returns words one of which
every match contains (主要预期目标; 新闻发布会; 召开 or 举行); :func:`prefilter` makes them a
quick pattern, and a :class:`Gated` rule skips a sentence holding none of them. The
reading is conservative: what it cannot read (case-insensitive matching, flags inside a group)
gives no words, and the rule runs on every sentence as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

try:  # the stdlib's own regex parser (private, so a Python without it just skips prefilters)
    from re import _parser  # type: ignore[attr-defined]

    _LITERAL = _parser.LITERAL
    _GROUPS = (_parser.SUBPATTERN,)
    _REPEATS = (_parser.MAX_REPEAT, _parser.MIN_REPEAT, getattr(_parser, "POSSESSIVE_REPEAT", None))
    _ATOMIC = getattr(_parser, "ATOMIC_GROUP", None)
except (ImportError, AttributeError):  # pragma: no cover
    _parser = None


@dataclass(frozen=True, slots=True)
class Gated:
    """A rule's pattern and its :func:`prefilter`: texts without a needed word are not searched."""

    pattern: re.Pattern[str]
    gate: re.Pattern[str] | None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.gate is not None and self.gate.search(text) is None:
            return iter(())
        return self.pattern.finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        if self.gate is not None and self.gate.search(text) is None:
            return None
        return self.pattern.search(text)


def gated(pattern: str) -> Gated:
    """``pattern`` compiled, with its prefilter."""
    rx = re.compile(pattern)
    return Gated(rx, prefilter(rx))


def required_words(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Words one of which every match of ``pattern`` contains; () when none can be told.

    >>> required_words(re.compile(r"(?:今年)?主要预期目标(?:是|为)[：:]"))
    ('主要预期目标',)
    >>> required_words(re.compile(r"(?<=从)\\w+?(?:召开|举行)了?"))
    ('召开', '举行')
    """
    if _parser is None or pattern.flags & (re.IGNORECASE | re.LOCALE):
        return ()
    tree = _parser.parse(pattern.pattern, pattern.flags)
    if tree.state.flags & (re.IGNORECASE | re.LOCALE):
        return ()  # a (?i) at the start of the pattern
    return _sequence(list(tree))


def prefilter(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A pattern of :func:`required_words` to test a text with before ``pattern`` (one search
    for any of them); None when there are none, or when ``pattern`` opens with a literal: the
    regex engine already looks for that prefix as fast."""
    if _parser is None or _opens_with_literal(list(_parser.parse(pattern.pattern, pattern.flags))):
        return None
    words = required_words(pattern)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _opens_with_literal(items: list[tuple[Any, Any]]) -> bool:
    if not items:
        return False
    op, av = items[0]
    if op in _GROUPS and not av[1] and not av[2]:
        return _opens_with_literal(list(av[3]))
    return op is _LITERAL


def _sequence(items: list[tuple[Any, Any]]) -> tuple[str, ...]:
    """The best requirement of a sequence: its longest run of literal characters, or what one
    of its mandatory parts requires, whichever has the longest shortest word."""
    best: tuple[str, ...] = ()
    run = ""
    for op, av in items:
        if op is _LITERAL:
            run += chr(av)
            continue
        best = _better(best, (run,) if run else ())
        run = ""
        best = _better(best, _item(op, av))
    return _better(best, (run,) if run else ())


def _item(op: Any, av: Any) -> tuple[str, ...]:
    if op in _GROUPS:
        _, add_flags, del_flags, sub = av
        return () if add_flags or del_flags else _sequence(list(sub))
    if op in _REPEATS:
        low, _, sub = av
        return _sequence(list(sub)) if low >= 1 else ()
    if op is _parser.BRANCH:
        options = [_sequence(list(alt)) for alt in av[1]]
        if not all(options):
            return ()  # one way through needs nothing
        return tuple(dict.fromkeys(w for option in options for w in option))
    if _ATOMIC is not None and op is _ATOMIC:
        return _sequence(list(av))
    return ()  # classes, any character, anchors, lookarounds, references: no word


def _better(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    """The more selective requirement: a longer shortest word, then fewer words."""
    if not b:
        return a
    if not a:
        return b
    return max(a, b, key=lambda ws: (min(map(len, ws)), -len(ws)))
