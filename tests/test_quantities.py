"""Figures: every reported number of a sentence, scored against the seed page's answer key and
checked rule by rule on sentences copied from real texts (the seed page, the 2025 provincial
government work reports, People's Daily of 2020-01-20)."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.quantities import find_quantities
from kg.records import Quantity

from .conftest import SEED_GOLD, SEED_TEXT

PUBLISHED = "2024-08-02"  # the seed page (tests/data/seed/MANIFEST.tsv)


def _d(value: str | float | int) -> Decimal:
    return Decimal(str(value))


def _figures(text: str, published: str | None = PUBLISHED) -> list[tuple]:
    return [(q.value, q.unit) for q in find_quantities(text, published=published)]


def _one(text: str, published: str | None = PUBLISHED) -> Quantity:
    (q,) = find_quantities(text, published=published)
    return q


# --- the seed page against its answer key ----------------------------------------------------


def _seed_sentences() -> list[tuple[int, str]]:
    """(article number, sentence) of the seed page, split as the answer key reads it.

    Paragraphs cut by the page layout (新质生产\\n\\n力) are joined; the header lines before a
    本报讯 byline open a new article and stay lines of their own; sentences end at 。 and ；.
    """
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", SEED_TEXT.read_text("utf-8"))]
    paragraphs = [p for p in paragraphs if p]
    header = [False] * len(paragraphs)
    for j, p in enumerate(paragraphs):
        if p.startswith("本报讯"):
            i = j - 1
            while i >= 0 and "。" not in paragraphs[i]:
                header[i] = True
                i -= 1
    out: list[tuple[int, str]] = []
    article, body = 0, ""
    for i, p in enumerate(paragraphs):
        if header[i]:
            article += i == 0 or not header[i - 1]
            out.append((article, p))
            continue
        body += p
        if p[-1] in "。！？”" or i == len(paragraphs) - 1:
            out.extend((article, s) for s in re.findall(r"[^。；]+[。；]?", body))
            body = ""
    return out


def _bigrams(s: str) -> Counter[str]:
    return Counter(s[i : i + 2] for i in range(len(s) - 1))


def _overlaps(a: str | None, b: str | None) -> bool:
    """Containment either way, or character-bigram Dice >= 0.5 (the key's scoring)."""
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    x, y = _bigrams(a), _bigrams(b)
    total = sum(x.values()) + sum(y.values())
    return total > 0 and 2 * sum((x & y).values()) / total >= 0.5


@pytest.fixture(scope="module")
def seed_matches():
    """Predicted figures of the seed page (deduplicated per article as the key is), the key's
    non-optional observations, and the pairs matched by (value, unit) + text/indicator overlap."""
    seen: dict[tuple, tuple[int, Quantity]] = {}
    for article, sentence in _seed_sentences():
        for q in find_quantities(sentence, published=PUBLISHED):
            seen.setdefault((article, q.value, q.unit, q.indicator or q.text), (article, q))
    predicted = list(seen.values())
    gold = [o for o in yaml.safe_load(SEED_GOLD.read_text("utf-8"))["observations"]]
    gold = [o for o in gold if not o.get("optional")]
    used: set[int] = set()
    pairs = []
    for o in gold:
        for k, (article, q) in enumerate(predicted):
            if k in used or article != int(o["article"][1:]):
                continue
            if (q.value, q.unit) != (_d(o["value"]), o["unit"]):
                continue
            if _overlaps(q.text, o["text"]) or _overlaps(q.indicator, o["indicator"]):
                used.add(k)
                pairs.append((o, q))
                break
    return predicted, gold, pairs


def test_seed_page_recall_and_precision(seed_matches):
    predicted, gold, pairs = seed_matches
    assert len(gold) == 65
    missed = {o["id"] for o in gold} - {o["id"] for o, _ in pairs}
    assert len(pairs) / len(gold) >= 0.95, f"missed {sorted(missed)}"
    assert len(pairs) / len(predicted) >= 0.95, [q.text for _, q in predicted]


@pytest.mark.parametrize("field", ["measure", "qualifier", "comparison", "direction", "rank_scope"])
def test_seed_page_fields_agree_with_the_key(seed_matches, field):
    _, _, pairs = seed_matches
    wrong = [(o["id"], o.get(field), getattr(q, field)) for o, q in pairs]
    wrong = [w for w in wrong if (w[1] or None) != (w[2] or None)]
    assert len(wrong) <= 0.05 * len(pairs), wrong


def test_seed_page_value_max_of_the_range(seed_matches):
    _, _, pairs = seed_matches
    (q,) = [q for o, q in pairs if o["id"] == "o5"]
    assert (q.value, q.value_max, q.qualifier) == (1, 2, "至")


def test_the_repeated_figure_is_found_each_time_with_one_indicator():
    counts = Counter(
        (q.value, q.unit, q.indicator)
        for article, sentence in _seed_sentences()
        for q in find_quantities(sentence, published=PUBLISHED)
        if article == 3
    )
    assert counts[(_d(2800), "家", "企业")] == 3  # subtitle, lead, body


# --- rules, one by one ------------------------------------------------------------------------


def test_growth_rate_with_comparison_period_and_region_stripped():
    q = _one("今年上半年，全省规模以上工业增加值同比增长8.8%")
    assert (q.value, q.unit, q.measure) == (_d("8.8"), "%", "growth_rate")
    assert (q.indicator, q.comparison, q.direction, q.period) == (
        "规模以上工业增加值",
        "同比",
        "up",
        "2024-H1",
    )
    assert q.text == "全省规模以上工业增加值同比增长8.8%"


def test_spans_are_offsets_into_the_sentence_shifted_by_base():
    text = "营业收入增长5.9%，比一季度提高2.4个百分点，列全国第七位"
    for q in find_quantities(text, base=1000, published=PUBLISHED):
        assert text[q.span.start - 1000 : q.span.end - 1000] == q.text
        assert q.span.contains(q.value_span)
    assert [text[q.value_span.start - 1000 : q.value_span.end - 1000] for q in _all(text)] == [
        "5.9%",
        "2.4个百分点",
        "第七位",
    ]


def _all(text: str, published: str | None = PUBLISHED) -> list[Quantity]:
    return find_quantities(text, base=1000, published=published)


def test_percentage_point_changes_and_ranks_without_a_subject():
    got = find_quantities(
        "全省规模以上工业增加值同比增长8.8%，比一季度加快1.5个百分点；列全国第四位",
        published=PUBLISHED,
    )
    pp, rank = got[1], got[2]
    assert (pp.value, pp.unit, pp.measure, pp.comparison, pp.direction) == (
        _d("1.5"),
        "个百分点",
        "change_in_growth_pp",
        "比一季度",
        "up",
    )
    assert pp.indicator is None  # a later stage carries the subject over
    assert (rank.value, rank.unit, rank.measure, rank.rank_scope, rank.indicator) == (
        4,
        "位",
        "rank",
        "全国",
        None,
    )


def test_a_narrowing_decline_is_down():
    q = _one("降幅比一季度收窄12.4个百分点")
    assert (q.measure, q.direction, q.comparison, q.indicator) == (
        "change_in_growth_pp",
        "down",
        "比一季度",
        "降幅",
    )
    q = _one("利润总额微降0.3%")
    assert (q.measure, q.direction) == ("growth_rate", "down")


@pytest.mark.parametrize(
    ("text", "rank", "scope", "unit"),
    [
        ("增速列全国第四位", 4, "全国", "位"),
        ("总数位列全国第四位", 4, "全国", "位"),
        ("累计培育全国名特优新农产品360个、居全国第6", 6, "全国", "位"),
        ("数字经济规模稳居全球第一", 1, "全球", "位"),
        ("在全省考核中排名第2名", 2, None, "名"),
    ],
)
def test_ranks(text, rank, scope, unit):
    q = find_quantities(text, published=PUBLISHED)[-1]
    assert (q.value, q.unit, q.measure, q.rank_scope) == (rank, unit, "rank", scope)


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("工业拉动全省经济增长2.9%", "pull_pp"),
        ("对经济增长的贡献率达64.7%", "contribution_rate"),
        ("占工业投资比重为35.7%", "share"),
        ("户均研发(R&D)投入强度为4.3%", "intensity"),
        ("居民消费价格涨幅2%左右", "growth_rate"),
        ("城镇调查失业率5.5%左右", "level"),
        ("中国制造业采购经理指数（PMI）为50.2%", "level"),
        ("常住人口城镇化率达到58%左右", "level"),
        ("户均研发经费810万元", "amount"),
        ("粮食产量稳定在430亿斤以上", "level"),
        ("创建国家新型工业化示范基地17个", "count"),
        ("全员劳动生产率16.8万元/人左右", "level"),
        ("影响CPI上涨约1.81个百分点", "pull_pp"),
    ],
)
def test_measures(text, measure):
    assert _one(text).measure == measure


def test_ranges():
    q = _one("引导县域围绕1至2个优势特色产业")
    assert (q.value, q.value_max, q.unit, q.qualifier, q.indicator) == (
        1,
        2,
        "个",
        "至",
        "优势特色产业",
    )
    q = _one("全省地区生产总值增长5.0%—5.5%")
    assert (q.value, q.value_max, q.unit) == (_d("5.0"), _d("5.5"), "%")
    assert str(q.value) == "5.0"  # as written
    q = _one("增长5.5%-6%")
    assert (q.value, q.value_max) == (_d("5.5"), 6)
    q = _one("占地宽度20—30米")
    assert (q.value, q.value_max, q.unit) == (20, 30, "米")


def test_fenbie_pairs_subjects_and_values():
    text = (
        "全省高技术制造业、装备制造业增加值分别增长20.2%、17.2%，占规上工业比重分别为21.0%、32.4%。"
    )
    got = find_quantities(text, published=PUBLISHED)
    assert [(q.value, q.indicator, q.measure) for q in got] == [
        (_d("20.2"), "高技术制造业增加值", "growth_rate"),
        (_d("17.2"), "装备制造业增加值", "growth_rate"),
        (_d("21.0"), "占规上工业比重", "share"),
        (_d("32.4"), "占规上工业比重", "share"),
    ]
    assert str(got[2].value) == "21.0"
    assert got[0].text == got[1].text == "全省高技术制造业、装备制造业增加值分别增长20.2%、17.2%"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "城镇、农村居民人均可支配收入分别增长5%、6.5%左右",
            [("5", "城镇居民人均可支配收入", "左右"), ("6.5", "农村居民人均可支配收入", "左右")],
        ),
        (
            "城乡居民人均可支配收入分别增长5%和7%左右",
            [("5", "城镇居民人均可支配收入", "左右"), ("7", "农村居民人均可支配收入", "左右")],
        ),
        (
            "城镇和农村常住居民人均可支配收入分别增长6.5%左右、7.5%左右",
            [
                ("6.5", "城镇常住居民人均可支配收入", "左右"),
                ("7.5", "农村常住居民人均可支配收入", "左右"),
            ],
        ),
        (
            "其中一、二、三产增加值分别增长3.5%以上、7%左右、5%以上",
            [
                ("3.5", "第一产业增加值", "以上"),
                ("7", "第二产业增加值", "左右"),
                ("5", "第三产业增加值", "以上"),
            ],
        ),
        (
            "城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内",
            [("5", "城镇调查失业率", "以内"), ("3", "居民消费价格涨幅", "以内")],
        ),
    ],
)
def test_fenbie_shares_a_trailing_hedge_word_and_the_head(text, expected):
    got = [
        (str(q.value), q.indicator, q.qualifier) for q in find_quantities(text, published="2025")
    ]
    assert got == expected


def test_fenbie_value_written_without_its_unit():
    got = find_quantities("两项指标分别提高5、6个百分点", published=PUBLISHED)
    assert [(q.value, q.unit) for q in got] == [(2, "项"), (5, "个百分点"), (6, "个百分点")]


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("压实机构、股东、高管、属地、行业六方责任", 6, "方", None),
        ("组织两个工作组", 2, "个", None),
        ("累计培训企业家上万人次", 10000, "人次", "上"),
        ("吸引近万名观众", 10000, "名", "近"),
        ("十余个部门参与", 10, "个", "余"),
        ("惠及一万人次", 1, "万人次", None),
        ("接受调查的近八成高中生", 8, "成", "近"),
        ("占比达到百分之五十", 50, "%", None),
    ],
)
def test_chinese_numerals(text, value, unit, qualifier):
    q = _one(text)
    assert (q.value, q.unit, q.qualifier) == (value, unit, qualifier)


def test_chinese_numerals_converted_only_where_a_unit_follows():
    text = "一季度以来，学习贯彻党的二十大和二十届三中全会精神，推出一系列政策，一是加快建设"
    assert find_quantities(text, published=PUBLISHED) == []


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("2800多家企业申报", "多"),
        ("省市县联动开展促消费活动1000余场", "余"),
        ("累计为专精特新企业发放贷款300多亿元", "多"),
        ("去年降低物流成本超170亿元", "超"),
        ("城镇新增就业连续7年超过1300万人", "超过"),
        ("我国人均GDP突破1万美元", "突破"),
        ("合计投放了约15万吨中央冻猪肉储备", "约"),
        ("去年降低企业用能、物流等费用逾1700亿元", "逾"),
        ("城镇调查失业率控制在5%以内", "以内"),
        ("城镇新增就业40万人以上", "以上"),
        ("居民消费价格涨幅2%左右", "左右"),
        ("增长7%以上、力争达到8%", "力争"),
    ],
)
def test_qualifiers(text, qualifier):
    assert find_quantities(text, published=PUBLISHED)[-1].qualifier == qualifier


def test_units_as_written():
    assert _figures("服务中小企业52万家次") == [(52, "万家次")]
    assert _figures("2023年电子信息产业营收达1.08万亿元") == [(_d("1.08"), "万亿元")]
    assert _figures("地区生产总值增长5.5％左右") == [(_d("5.5"), "%")]  # fullwidth ％ is %
    assert _figures("粮食产量稳定在430亿斤以上") == [(430, "亿斤")]


@pytest.mark.parametrize(
    "text",
    [
        "7月29日召开的省委十五届六次全会在省直部门引发热烈反响",
        "深入学习贯彻党的二十届三中全会精神",
        "2020年以来最好排位",
        "自去年7月出台制造业重点产业链现代化建设“1269”行动计划以来",
        "6月末，",
        "抓好“1269”行动计划年度目标任务落地见效",
        "以建好用好“5+2就业之家”为牵引",
        "推动航空、电子信息产业链“百场万企”大中小企业融通创新对接",
        "指导前期储备项目争取第三批超长期特别国债支持",
        "建立“第三方评审+部门联审”项目审核机制",
        "加快打造“三大高地”、实施“五大战略”",
        "通过一系列专项整治行动",
        "全省拥有3年有效期内创新型中小企业",
        "千方百计稳就业，走进千家万户",
        "在总结正反两方面经验的基础上",
        "国家医疗保障局等9部门日前印发",
        "天津工业大学在2019级新生入学教育中",
        "具有5000多年文明历史",
        "结束了连续5个月",  # a duration is a figure only as 连续N年
    ],
)
def test_not_figures(text):
    got = [q for q in find_quantities(text, published=PUBLISHED) if q.unit != "个月"]
    assert got == []


def test_thresholds_that_qualify_a_count_are_not_figures():
    got = find_quantities(
        "培育省级产业集群136个，其中过500亿元15个、过千亿元4个。", published=PUBLISHED
    )
    assert [(q.value, q.unit, q.text) for q in got] == [
        (136, "个", "培育省级产业集群136个"),
        (15, "个", "其中过500亿元15个"),
        (4, "个", "过千亿元4个"),
    ]
    assert _figures("目前，我省有万亿元级产业1个、千亿元级产业14个") == [(1, "个"), (14, "个")]
    assert _figures("培育营收超10亿元企业50家") == [(50, "家")]


def test_durations_count_only_after_lianxu():
    q = _one("连续10年开展专精特新企业家和领军人才培养")
    assert (q.value, q.unit, q.measure, q.indicator) == (
        10,
        "年",
        "count",
        "专精特新企业家和领军人才培养",
    )
    q = _one("全省拥有3年有效期内创新型中小企业8187家")
    assert (q.value, q.unit, q.indicator) == (8187, "家", "3年有效期内创新型中小企业")


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("创建国家新型工业化示范基地17个", "国家新型工业化示范基地"),
        ("2800多家企业申报", "企业"),
        ("在12条重点产业链中", "重点产业链"),
        ("德福科技等23家专精特新企业登陆沪、深、北三大股交所", "专精特新企业"),
        ("南康现代家具、永修有机硅等10个集群被评为国家中小企业特色产业集群", "集群"),
        ("我省有万亿元级产业1个", "万亿元级产业"),
        ("重点推进1000个重大工业项目建设", "重大工业项目"),
        ("鑫铂瑞科技等341家纳入省股权交易中心专精特新专板", None),
        ("有色金属产业增长17.4%", "有色金属产业"),
        ("服务业增加值增长5%", "服务业增加值"),
        ("在2018年降低一般工商业电价10%的基础上", "降低一般工商业电价"),
    ],
)
def test_indicators(text, indicator):
    assert find_quantities(text, published=PUBLISHED)[0].indicator == indicator


def test_the_subject_goes_on_within_a_clause():
    got = find_quantities("地区生产总值增长7%以上、力争达到8%", published="2025")
    assert [(q.value, q.indicator, q.measure, q.qualifier) for q in got] == [
        (7, "地区生产总值", "growth_rate", "以上"),
        (8, "地区生产总值", "growth_rate", "力争"),
    ]
    got = find_quantities("我国工业增加值从120亿元增至305160亿元", published="2019-10-15")
    assert [q.indicator for q in got] == ["工业增加值", "工业增加值"]


@pytest.mark.parametrize(
    ("text", "future"),
    [
        ("省工信厅将聚焦传统产业改造升级，重点推进1000个重大工业项目建设", True),
        ("经济社会发展主要预期目标是：地区生产总值增长5%左右", True),
        ("力争到2027年培育专精特新企业5000家", True),
        ("到2018年底，全省已有专精特新企业300家", False),  # a past deadline
        ("近期，江西启动了新一批专精特新企业认定，2800多家企业申报，专精特新队伍即将扩容", False),
        ("今年上半年，全省规模以上工业增加值同比增长8.8%", False),
        ("主要预期目标是：全省地区生产总值增长5.5%以上", True),
    ],
)
def test_future_commitments(text, future):
    assert find_quantities(text, published=PUBLISHED)[-1].future is future


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("今年上半年，工业拉动全省经济增长2.9%", "2024-H1"),
        ("6月末，制造业新增贷款余额比年初增加593亿元", "2024-06-30"),
        ("去年，各级平台累计开展服务活动941场次", "2023"),
        ("截至目前，全省拥有3年有效期内创新型中小企业8187家", "as of 2024-08"),
        ("其中，2023年电子信息产业营收达1.08万亿元", "2023"),
        ("营业收入增长5.9%，比一季度提高2.4个百分点", None),  # 一季度 is the comparison here
    ],
)
def test_periods_of_figures(text, period):
    assert find_quantities(text, published=PUBLISHED)[0].period == period


def test_amount_with_comparison_and_direction():
    q = _one("6月末，制造业新增贷款余额比年初增加593亿元")
    assert (q.value, q.unit, q.measure, q.comparison, q.direction) == (
        593,
        "亿元",
        "amount",
        "比年初",
        "up",
    )
    assert q.indicator == "制造业新增贷款余额"


# --- 2025 government work reports: 主要预期目标 ----------------------------------------------

JIANGXI_2025 = (
    "经济社会发展主要预期目标是：地区生产总值增长5%左右，规模以上工业增加值增长7.5%左右，"
    "固定资产投资增长5%左右，社会消费品零售总额增长5%左右，城镇、农村居民人均可支配收入分别"
    "增长5%、6.5%左右，居民消费价格涨幅2%左右，城镇调查失业率5.5%左右，水、空气等主要生态"
    "环境指标保持优秀水平，主要污染物排放等指标完成国家下达目标。"
)


def test_work_report_targets_of_jiangxi_2025():
    got = find_quantities(JIANGXI_2025, published="2025")
    assert [(str(q.value), q.unit, q.qualifier, q.measure, q.indicator) for q in got] == [
        ("5", "%", "左右", "growth_rate", "地区生产总值"),
        ("7.5", "%", "左右", "growth_rate", "规模以上工业增加值"),
        ("5", "%", "左右", "growth_rate", "固定资产投资"),
        ("5", "%", "左右", "growth_rate", "社会消费品零售总额"),
        ("5", "%", "左右", "growth_rate", "城镇居民人均可支配收入"),
        ("6.5", "%", "左右", "growth_rate", "农村居民人均可支配收入"),
        ("2", "%", "左右", "growth_rate", "居民消费价格涨幅"),
        ("5.5", "%", "左右", "level", "城镇调查失业率"),
    ]
    assert all(q.future for q in got)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("城镇新增就业40万人以上", ("40", "万人", "以上", "count", "城镇新增就业", None)),
        (
            "单位地区生产总值能耗下降3%左右",
            ("3", "%", "左右", "growth_rate", "单位地区生产总值能耗", "down"),
        ),
        ("粮食产量稳定在430亿斤以上", ("430", "亿斤", "以上", "level", "粮食产量", None)),
        # 2025年陕西省政府工作报告
        (
            "城镇新增就业40万人以上，粮食产量1300万吨以上",
            ("40", "万人", "以上", "count", "城镇新增就业", None),
        ),
        # 2025年上海市政府工作报告
        (
            "全社会研发经费支出相当于全市生产总值的比例达到4.5%左右",
            ("4.5", "%", "左右", "share", "全社会研发经费支出相当于全市生产总值的比例", None),
        ),
        # 2025年安徽省政府工作报告
        (
            "研究与试验发展经费投入强度2.85%左右",
            ("2.85", "%", "左右", "intensity", "研究与试验发展经费投入强度", None),
        ),
        # 2025年青海省政府工作报告
        (
            "农牧区劳动力转移就业106万人次以上",
            ("106", "万人次", "以上", "count", "农牧区劳动力转移就业", None),
        ),
        # 2025年内蒙古自治区政府工作报告
        (
            "一般公共预算收入同口径增长4%以上",
            ("4", "%", "以上", "growth_rate", "一般公共预算收入同口径", "up"),
        ),
        # 2025年广西政府工作报告
        (
            "糖料蔗种植面积稳定在1100万亩以上",
            ("1100", "万亩", "以上", "level", "糖料蔗种植面积", None),
        ),
        # 2025年湖北省政府工作报告 (fullwidth ％)
        ("城镇调查失业率5.5％左右", ("5.5", "%", "左右", "level", "城镇调查失业率", None)),
        # 2025年黑龙江省政府工作报告
        (
            "单位地区生产总值能耗降低3.5%左右",
            ("3.5", "%", "左右", "growth_rate", "单位地区生产总值能耗", "down"),
        ),
    ],
)
def test_work_report_wordings(text, expected):
    q = find_quantities(text, published="2025")[0]
    assert (str(q.value), q.unit, q.qualifier, q.measure, q.indicator, q.direction) == expected


def test_work_report_fenbie_with_upper_targets():
    # 2025年西藏政府工作报告
    text = (
        "经济社会发展主要预期目标是：地区生产总值增长7%以上、力争达到8%，全社会固定资产投资增长"
        "15%以上、力争达到20%，社会消费品零售总额增长8%以上、力争达到10%，规上工业增加值增长16%，"
        "城乡居民人均可支配收入分别增长8%和10%，城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内。"
    )
    got = find_quantities(text, published="2025")
    assert [(str(q.value), q.qualifier, q.indicator) for q in got] == [
        ("7", "以上", "地区生产总值"),
        ("8", "力争", "地区生产总值"),
        ("15", "以上", "全社会固定资产投资"),
        ("20", "力争", "全社会固定资产投资"),
        ("8", "以上", "社会消费品零售总额"),
        ("10", "力争", "社会消费品零售总额"),
        ("16", None, "规上工业增加值"),
        ("8", None, "城镇居民人均可支配收入"),
        ("10", None, "农村居民人均可支配收入"),
        ("5", "以内", "城镇调查失业率"),
        ("3", "以内", "居民消费价格涨幅"),
    ]
    assert [q.measure for q in got][-2:] == ["level", "growth_rate"]


# --- People's Daily 2020-01-20: the NDRC's monthly indicators --------------------------------

NDRC = "2020-01-20"


def test_ndrc_last_december():
    got = find_quantities(
        "去年12月，规模以上工业增加值同比增长6.9%，比上月加快0.7个百分点，服务业生产指数也有所回升。",
        published=NDRC,
    )
    assert [
        (str(q.value), q.unit, q.measure, q.indicator, q.comparison, q.direction, q.period)
        for q in got
    ] == [
        ("6.9", "%", "growth_rate", "规模以上工业增加值", "同比", "up", "2019-12"),
        ("0.7", "个百分点", "change_in_growth_pp", None, "比上月", "up", "2019-12"),
    ]


def test_ndrc_prices():
    got = find_quantities(
        "去年，我国食品价格上涨9.2%，涨幅比上年扩大7.4个百分点，影响CPI上涨约1.81个百分点，"
        "占CPI总涨幅的62.4%，是推高CPI涨幅的主因。",
        published=NDRC,
    )
    assert [(str(q.value), q.unit, q.measure, q.qualifier, q.direction) for q in got] == [
        ("9.2", "%", "growth_rate", None, "up"),
        ("7.4", "个百分点", "change_in_growth_pp", None, "up"),
        ("1.81", "个百分点", "pull_pp", "约", "up"),
        ("62.4", "%", "share", None, None),
    ]
    assert {q.period for q in got} == {"2019"}
    got = find_quantities(
        "12月份，猪肉价格环比由涨转降，下降5.6%；同比上涨97.0%，涨幅比上月回落13.2个百分点。",
        published=NDRC,
    )
    assert [(str(q.value), q.direction, q.comparison) for q in got] == [
        ("5.6", "down", None),
        ("97.0", "up", "同比"),
        ("13.2", "down", "比上月"),
    ]


def test_ndrc_counts_and_amounts():
    got = find_quantities(
        "我国人均GDP突破1万美元，城镇新增就业连续7年超过1300万人……一系列数据，引发社会高度关注。",
        published=NDRC,
    )
    assert [(str(q.value), q.unit, q.qualifier, q.indicator) for q in got] == [
        ("1", "万美元", "突破", "人均GDP"),
        ("7", "年", None, "城镇新增就业"),
        ("1300", "万人", "超过", "城镇新增就业"),
    ]
    got = find_quantities(
        "去年，我国分两批出台降电价措施，年降低企业用电成本846亿元，在2018年降低一般工商业电价10%的"
        "基础上，2019年全国一般工商业平均电价再降低10%。",
        published=NDRC,
    )
    assert [(str(q.value), q.unit, q.period, q.direction) for q in got] == [
        ("2", "批", "2019", None),
        ("846", "亿元", "2019", None),
        ("10", "%", "2018", None),
        ("10", "%", "2019", "down"),
    ]
    q = find_quantities(
        "去年12月，中国制造业采购经理指数（PMI）为50.2%，连续两个月保持在荣枯线以上。",
        published=NDRC,
    )[0]
    assert (str(q.value), q.measure, q.indicator) == (
        "50.2",
        "level",
        "中国制造业采购经理指数（PMI）",
    )


# --- invariants --------------------------------------------------------------------------------

_ALPHABET = list(
    "0123456789.％%一二两三十百千万亿第个家条亿元万人次位列居全国年月日，、；。“”至—增长下降比上年约近多余以上左右分别和占比重为达的企业产业"
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join), st.integers(0, 10_000))
def test_never_raises_and_spans_slice_back(text, base):
    for q in find_quantities(text, base=base, published=PUBLISHED):
        assert text[q.span.start - base : q.span.end - base] == q.text
        assert q.span.contains(q.value_span)
        assert q.unit


# --- People's Daily, 2019: the dev pieces and the October month ------------------------------

PD = "2019-02-18"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("利用两个月时间开展集中整治", 2, "个月"),
        ("在全省开展为期3个月的集中整治", 3, "个月"),
        ("猪肉价格同比在连降25个月后", 25, "个月"),
        ("中国仅用70年就已成为最具国际威望和影响力的国家", 70, "年"),
    ],
)
def test_durations_next_to_their_cue_words(text, value, unit):
    q = _one(text, PD)
    assert (q.value, q.unit, q.measure) == (value, unit, "count")


def test_neighbouring_chinese_digits_are_a_range():
    q = _one("码头外排队的大船绵延六七公里", PD)
    assert (q.value, q.value_max, q.unit, q.qualifier) == (6, 7, "公里", "至")
    assert _figures("六十七公里", PD) == [(67, "公里")]


def test_an_amount_in_quotation_marks_is_a_figure():
    q = _one("阜阳市颍州区扶贫办一则“60万元拍摄扶贫宣传片”的采购公示", PD)
    assert (q.value, q.unit, q.text, q.indicator) == (
        60,
        "万元",
        "“60万元拍摄扶贫宣传片”",
        "拍摄扶贫宣传片",
    )
    assert _figures("抓好“1269”行动计划", PD) == []  # a name stays a name


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("100页左右的小故事合集", 100, "页"),
        ("上次印的5000本，早就被一抢而空", 5000, "本"),
        ("对发现的六大类196个问题", 6, "大类"),
        ("今年上半年集装箱吞吐量突破100万箱", 100, "万箱"),
        ("养了两头牛", 2, "头"),
    ],
)
def test_more_units(text, value, unit):
    assert _figures(text, PD)[0] == (value, unit)


@pytest.mark.parametrize(
    "text",
    [
        "区镇村三级投资",  # levels of government
        "前两批试点村庄",  # the first batches: an ordinal
        "全校二级党组织立足实际",  # a tier
        "从理论和实践两个维度展现",  # a figure of speech
        "这三个方面具体展开来讲",
        "他的父亲驾驶三轮车翻到沟里",
        "一片片两头尖尖",
        "在女子50公里竞走项目中",  # a sports event
        "中国大企业已有24家进入世界500强前100名",  # 24家 only
        "交通运输行业将着力打造‘三张交通网’",  # a slogan in single quotes
        "我走了近4个小时",  # a duration without a cue word
    ],
)
def test_not_figures_in_the_press(text):
    assert [f for f in _figures(text, PD) if f != (24, "家")] == []


def test_a_past_habit_is_no_target():
    (q,) = find_quantities("过去自己平均每周要参加5至7个会议", published=PD)
    assert not q.future
    assert find_quantities("力争2019年文件和会议数量比2018年减少10%", published=PD)[0].future


@pytest.mark.parametrize(
    ("text", "published", "future"),
    [
        ("2025年底前按期完成全部294项国家标准制定修订任务。", "2025-01-09", [True]),
        ("享受补贴的家电产品由2024年的8类增加到2025年的12类。", "2025-01-09", [False, True]),
        ("到2019年6月底，全省完成投资50亿元。", "2019-10-08", [False]),  # a deadline gone by
        ("到2019年底，全国将建成5G基站13万个。", "2019-10-08", [True]),
    ],
)
def test_a_deadline_in_the_publication_year_is_still_ahead(text, published, future):
    assert [q.future for q in find_quantities(text, published=published)] == future
