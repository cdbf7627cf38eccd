"""Splitting a page into articles: header fields and bylines as the answer key has them."""

from __future__ import annotations

import yaml

from kg.clean import clean
from kg.segment import parse_byline, split_articles

from .conftest import SEED_GOLD, SEED_TEXT


def test_seed_page_has_the_three_articles_of_the_key():
    gold = yaml.safe_load(SEED_GOLD.read_text(encoding="utf-8"))["articles"]
    articles = split_articles(clean(SEED_TEXT.read_text(encoding="utf-8")).text)
    assert len(articles) == len(gold) == 3
    for got, want in zip(articles, gold, strict=True):
        assert got.title == want["title"]
        assert got.kicker == want["kicker"]
        assert got.subtitle == want["subtitle"]
        assert [b.name for b in got.byline] == want["byline"]
        assert got.byline_raw == want["byline_raw"]
        assert got.dateline == want["dateline"]


def test_byline_names_posts_and_outlet():
    names, org = parse_byline("万昱、全媒体记者陈远路、实习生罗利")
    assert [(n.name, n.post) for n in names] == [
        ("万昱", None),
        ("陈远路", "全媒体记者"),
        ("罗利", "实习生"),
    ]
    assert org is None
    names, org = parse_byline("江西日报全媒体记者")
    assert names == () and org == "江西日报"


def test_dateline_with_place():
    text = "标题一行\n\n本报南昌8月1日电（记者张三）省统计局表示，将加强监测。"
    (art,) = split_articles(text)
    assert art.title == "标题一行"
    assert art.dateline == "8月1日" and art.dateline_place == "南昌"
    assert [b.name for b in art.byline] == ["张三"]


def test_sentences_keep_closing_quotes():
    text = "标题\n\n本报讯 “今年增长8.8%。”省工信厅表示，将推进。"
    (art,) = split_articles(text)
    assert [s.text for s in art.sentences][-2:] == ["“今年增长8.8%。”", "省工信厅表示，将推进。"]
