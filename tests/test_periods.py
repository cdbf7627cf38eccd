"""Periods: time expressions resolved against the publication date."""

from __future__ import annotations

import pytest

from kg.extract.periods import find_period, iter_periods, resolve_period


@pytest.mark.parametrize(
    ("expression", "published", "label"),
    [
        ("今年上半年", "2024-08-02", "2024-H1"),
        ("上半年", "2024-08-02", "2024-H1"),
        ("一季度", "2024-08-02", "2024-Q1"),
        ("第一季度", "2024-08-02", "2024-Q1"),
        ("6月末", "2024-08-02", "2024-06-30"),
        ("2月底", "2024-08-02", "2024-02-29"),  # leap year
        ("7月29日", "2024-08-02", "2024-07-29"),
        ("去年", "2024-08-02", "2023"),
        ("2023年", "2024-08-02", "2023"),
        ("二〇二三年", "2024", "2023"),
        ("去年12月", "2020-01-20", "2019-12"),
        ("12月份", "2020-01-20", "2019-12"),  # not begun by 2020-01-20: the year before
        ("四季度", "2024-08-02", "2023-Q4"),
        ("年末", "2020-01-20", "2019-12-31"),
        ("去年底", "2024-08-02", "2023-12-31"),
        ("2023年末", "2024", "2023-12-31"),
        ("截至目前", "2024-08-02", "as of 2024-08"),
        ("目前", "2024-08-02", "as of 2024-08"),
        ("截至目前", "2025", "as of 2025"),
        ("今年以来", "2024-08-02", "2024"),
        ("前三季度", "2019-10-20", "2019-Q1/Q3"),
        ("1—11月", "2019-12-20", "2019-01/11"),
        ("1至8月", "2019-10-15", "2019-01/08"),
        ("前10个月", "2019-12-20", "2019-01/10"),
        ("2019年10月1日", None, "2019-10-01"),
        ("今年", "2025", "2025"),
        ("明年", "2024-08-02", "2025"),
    ],
)
def test_resolve_period(expression, published, label):
    assert resolve_period(expression, published) == label


@pytest.mark.parametrize(
    ("expression", "published"),
    [
        ("上半年", None),  # relative, and no publication date to resolve it against
        ("去年", None),
        ("13月", "2024-08-02"),
        ("2月30日", "2024-08-02"),
        ("一系列", "2024-08-02"),
    ],
)
def test_unresolvable_expressions_give_none(expression, published):
    assert resolve_period(expression, published) is None


def test_find_period_returns_the_first_expression_and_its_span():
    text = "今年上半年，全省规模以上工业增加值同比增长8.8%"
    span, label = find_period(text, "2024-08-02")
    assert (text[span.start : span.end], label) == ("今年上半年", "2024-H1")


def test_comparison_bases_and_starting_points_are_not_periods():
    text = "列全国第四位，是2020年以来最好排位，比一季度加快1.5个百分点，较2020年提高"
    assert find_period(text, "2024-08-02") is None
    text = "自去年7月出台“1269”行动计划以来，上半年，在12条重点产业链中"
    span, label = find_period(text, "2024-08-02")
    assert (text[span.start : span.end], label) == ("上半年", "2024-H1")


def test_a_part_of_a_year_takes_the_year_just_named():
    text = "2019年，我国CPI上涨2.9%。11月份涨幅高达1.1倍，全年平均上涨42.5%"
    labels = [label for _, label in iter_periods(text, "2020-01-20")]
    assert labels == ["2019", "2019-11", "2019"]


def test_a_bad_publication_date_says_what_is_wrong():
    with pytest.raises(ValueError, match="neither YYYY-MM-DD nor YYYY"):
        resolve_period("今年", "Aug 2024")
