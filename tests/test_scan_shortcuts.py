"""The shortcuts that make extraction fast must not change what it finds.

A rule skipped for lacking a word it needs, a sentence scanned once and its organisations
reused, indicator labels found in one automaton pass, the binary check done on bytes: each is
tested here against the long way round, on the bundled articles (``data/articles``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.clean import clean
from kg.errors import InputError
from kg.extract.entities import _enterprise_re, _event_rules
from kg.extract.prefilter import Gated, gated, prefilter, required_words
from kg.extract.statements import _carry_re, _plan_re
from kg.gazetteer import default_gazetteer
from kg.indicators import normalise
from kg.read import decode, read_sources
from kg.resolve import Resolver
from kg.segment import split_articles

ARTICLES = Path(__file__).parent.parent / "data" / "articles"


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    out = []
    for source in read_sources([ARTICLES]):
        for art in split_articles(clean(source.raw).text):
            out += [s.text for s in (*art.header, *art.sentences)]
    return out


# --- rules skipped without the words they need ------------------------------------------------


def test_required_words_of_rule_patterns() -> None:
    assert required_words(re.compile(r"(?:今年)?(?:全省)?的?主要预期目标(?:是|为)[：:]")) == (
        "主要预期目标",
    )
    # every way through the alternation needs one of its words
    assert required_words(re.compile(r"(?<=，)[^，]{2,16}?(?:召开|举行)了?会议")) == ("会议",)
    assert required_words(re.compile(r"(?<=，)[^，]{2,16}?(?:召开|举行)了?")) == ("召开", "举行")
    # optional parts need nothing; a group repeated at least once needs its words
    assert required_words(re.compile(r"(?:还|也)*将")) == ("将",)
    assert required_words(re.compile(r"(?:还要|也要)+")) == ("还要", "也要")
    assert required_words(re.compile(r"[一二三]+届?")) == ()


def test_what_cannot_be_read_needs_nothing() -> None:
    assert required_words(re.compile("GDP", re.IGNORECASE)) == ()
    assert required_words(re.compile("(?i)GDP")) == ()
    assert required_words(re.compile("(?i:GDP)增长")) == ("增长",)
    assert required_words(re.compile("GDP|")) == ()  # the empty way through needs nothing
    # the regex engine already finds a literal opening fast: no prefilter
    assert prefilter(re.compile("党的[一二三]+届")) is None


def _rules() -> list[Gated]:
    return [rx for _, rx, _, _ in _event_rules()] + [_plan_re(), _carry_re(), _enterprise_re()]


def test_gated_rules_find_what_the_patterns_find(sentences: list[str]) -> None:
    assert sum(rule.gate is not None for rule in _rules()) >= 8
    for rule in _rules():
        for text in sentences:
            spans = [m.span() for m in rule.pattern.finditer(text)]
            assert [m.span() for m in rule.finditer(text)] == spans, (rule.pattern, text)
            found = rule.search(text)
            assert (found.span() if found else None) == (spans[0] if spans else None)


def test_a_gated_rule_skips_a_sentence_without_its_word() -> None:
    rule = gated(r"(?:(?<=，)|^)[^，。]{2,12}?(?:举行|召开)的(?P<name>新闻发布会)")
    assert rule.gate is not None
    assert rule.search("省工信厅举行的新闻发布会上") is not None
    assert rule.gate.search("省工信厅举行的座谈会上") is None
    assert list(rule.finditer("省工信厅举行的座谈会上")) == []


# --- each sentence scanned once ---------------------------------------------------------------


def test_a_repeated_scan_is_the_first_one() -> None:
    text = "省工信厅经济运行处处长付筠表示，徐州市委将聚焦…"
    resolver = Resolver(default_gazetteer(), "江西省", "2024-08-02")
    first = resolver.scan(text, 100)
    assert [r.canonical for r in first] == ["江西省工业和信息化厅", "中国共产党徐州市委员会"]
    first.clear()  # what a caller does with its list does not reach the next one
    again = resolver.scan(text, 100)
    assert again == Resolver(default_gazetteer(), "江西省", "2024-08-02").scan(text, 100)
    assert again[0].span is not None and again[0].span.start == 100
    moved = resolver.scan(text, 0)  # another offset is another scan
    assert moved[0].span is not None and moved[0].span.start == 0
    assert [r.canonical for r in moved] == [r.canonical for r in again]


def test_the_region_is_part_of_a_remembered_scan() -> None:
    resolver = Resolver(default_gazetteer(), "江西省", None)
    assert resolver.scan("省工信厅")[0].canonical == "江西省工业和信息化厅"
    resolver.region = "湖南省"
    assert resolver.scan("省工信厅")[0].canonical == "湖南省工业和信息化厅"


# --- indicator labels -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "notation"),
    [
        # two labels as long: the earlier one
        ("粮食产量和财政收入", "grain_output"),
        ("财政收入和粮食产量", "fiscal_revenue"),
        # a longer label wins wherever it is
        ("出口和进出口总额", "foreign_trade"),
        ("全年粮食总产量", "grain_output"),
        ("没有指标的一句话", None),
    ],
)
def test_the_longest_then_earliest_label_names_the_indicator(
    wording: str, notation: str | None
) -> None:
    assert normalise(wording) == notation


# --- binary input -----------------------------------------------------------------------------


def test_control_characters_make_a_file_binary_above_one_in_twenty() -> None:
    assert decode(b"\x01" * 5 + b"a" * 95) == "\x01" * 5 + "a" * 95  # 5 %: still text
    with pytest.raises(InputError, match="binary"):
        decode(b"\x01" * 6 + b"a" * 94)
    # tabs, newlines, carriage returns and form feeds are text
    assert decode(b"\t\n\x0b\x0c" * 10 + b"a") == "\t\n\x0b\x0c" * 10 + "a"
    with pytest.raises(InputError, match="binary"):
        decode(b"\x1b[0m" * 30)
