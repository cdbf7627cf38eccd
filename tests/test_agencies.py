"""Organisations at every level, read by the form of their names (kg.places, kg.resolve).

Sentences written for these tests or taken from the shared corpus; the expected canonical
names were written by hand, following the answer keys' conventions (tests/data/GOLD-SCHEMA.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import extract_document
from kg.records import SourceDoc, SourceMeta


def agencies(text: str, region: str | None = None, publisher: str | None = None) -> dict:
    meta = SourceMeta(region=region, publisher=publisher, published="2020-01-23")
    doc = extract_document(SourceDoc(Path("t.txt"), text, meta))
    return {a.mention: a.canonical for a in doc.agencies}


def test_an_abbreviation_with_no_province_known_is_kept_with_a_warning():
    text = (
        "全会提出，要加快建设现代化产业体系。\n省工信厅表示，将重点推进1000个重大工业项目建设。\n"
    )
    doc = extract_document(SourceDoc(Path("t.txt"), text))
    (agency,) = doc.agencies
    assert (agency.canonical, agency.known) == ("省工信厅", False)
    assert [p.agency.canonical for p in doc.pledges] == ["省工信厅"]
    (warning,) = doc.warnings
    assert "t.txt" in warning and "省工信厅" in warning and "MANIFEST" in warning


def test_a_city_department_by_its_short_name():
    found = agencies("南昌市发改委负责人表示，下一步将重点推进100个重大项目建设。\n")
    assert found == {"南昌市发改委": "南昌市发展和改革委员会"}


def test_the_one_province_named_is_the_region():
    found = agencies("江西省委全会提出，要加快建设现代化产业体系。省工信厅表示，将推进项目建设。\n")
    assert found["省工信厅"] == "江西省工业和信息化厅"


@pytest.mark.parametrize(
    ("text", "mention", "canonical"),
    [
        # counties and districts named alone take their city; a county-level city does not
        ("双柏县委书记表示，将扎实推进。", "双柏县委", "中国共产党楚雄彝族自治州双柏县委员会"),
        ("明光市纪委第四纪检监察室主任说，", "明光市纪委", "中国共产党明光市纪律检查委员会"),
        (
            "呼伦贝尔市海拉尔区委书记说，",
            "呼伦贝尔市海拉尔区委",
            "中国共产党呼伦贝尔市海拉尔区委员会",
        ),
        ("大理州委提出，", "大理州委", "中国共产党大理白族自治州委员会"),
        # townships and villages
        (
            "锡林郭勒盟多伦县蔡木山乡铁公泡子村党支部书记说，",
            "锡林郭勒盟多伦县蔡木山乡铁公泡子村党支部",
            "中国共产党锡林郭勒盟多伦县蔡木山乡铁公泡子村支部委员会",
        ),
        (
            "浙江省嘉善县姚庄镇政法委",
            "浙江省嘉善县姚庄镇政法委",
            "中国共产党嘉兴市嘉善县姚庄镇委员会政法委员会",
        ),
        # a standard department under a county, in full
        ("，巴中市巴州区卫生健康局局长说，", "巴中市巴州区卫生健康局", "巴中市巴州区卫生健康局"),
        ("，乐清市市场监管局表示，", "乐清市市场监管局", "乐清市市场监督管理局"),
        # institutions named after their place, as written, a province before a city left out
        ("，安徽省阜南县人民医院的医生", "安徽省阜南县人民医院", "阜南县人民医院"),
        ("，上海市第一人民医院派出", "上海市第一人民医院", "上海市第一人民医院"),
    ],
)
def test_local_bodies_by_form(text, mention, canonical):
    assert agencies(text).get(mention) == canonical


def test_a_place_at_the_start_of_a_clause_acting_is_its_government():
    found = agencies("会议之后，保山将建设一批重点项目。山西将加快转型。\n", region="云南省")
    assert found["保山"] == "保山市人民政府"
    assert found["山西"] == "山西省人民政府"


def test_the_written_province_wins_over_the_article_region():
    found = agencies("，四川省巴中市生态环境局表示，将加强监测。\n", region="江西省")
    assert found["四川省巴中市生态环境局"] == "巴中市生态环境局"
    assert not any("江西省巴中" in c for c in found.values())


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("，旭泰电气有限公司总经理说，", "旭泰电气有限公司"),
        ("，联想集团宣布，", "联想集团"),
        ("记者从北京大学人民医院了解到，", "北京大学人民医院"),
        ("，西宁化隆商会会长说，", "西宁化隆商会"),
        ("，组建广西数据集团，", "广西数据集团"),  # a plan's verb is not part of the name
        ("，加快建设北方工业大学新校区。", "北方工业大学"),
    ],
)
def test_organisations_outside_the_state_by_their_form(text, name):
    assert agencies(text).get(name) == name


@pytest.mark.parametrize(
    "text",
    ["，该集团负责人说，", "，同时鼓励引导民居客栈协会", "，筹建专业研究所", "浙江西部地区的企业"],
)
def test_words_that_only_look_like_organisations(text):
    assert agencies(text) == {}


def test_the_paper_naming_itself_is_its_publisher():
    found = agencies(
        "本报记者 张三\n\n本报昆明1月22日电  云南省委提出，要推进。\n", publisher="人民日报"
    )
    assert found["本报"] == "人民日报社"


def test_a_name_in_simplified_text_is_not_converted():
    found = agencies("，乾龙科技有限公司负责人说，")
    assert "乾龙科技有限公司" in found


def persons(text: str, publisher: str | None = "人民日报") -> list[tuple[str, str | None, str]]:
    meta = SourceMeta(publisher=publisher, published="2020-01-26")
    doc = extract_document(SourceDoc(Path("t.txt"), text, meta))
    return [(p.name, p.organisation, p.role) for p in doc.persons]


def test_reporters_of_the_paper_and_of_the_news_agency():
    text = "“两新”政策加力扩围\n\n本报记者  刘志强  王云杉\n\n商务部表示，将尽快出台细则。\n"
    assert persons(text)[:2] == [
        ("刘志强", "人民日报社", "reporter"),
        ("王云杉", "人民日报社", "reporter"),
    ]
    found = persons("会议召开。\n（新华社北京1月25日电  记者姜琳、屈婷、王希）\n")
    assert found == [(n, "新华通讯社", "reporter") for n in ("姜琳", "屈婷", "王希")]


def test_a_head_of_government_speaks_for_the_government_of_their_place():
    text = "包头市市长赵江涛说，将加快推进复工复产。\n湖南省省长许达哲表示，将加快转型发展。\n"
    doc = extract_document(SourceDoc(Path("t.txt"), text, SourceMeta(published="2020-05-24")))
    assert [(p.name, p.organisation) for p in doc.persons] == [
        ("赵江涛", "包头市人民政府"),
        ("许达哲", "湖南省人民政府"),
    ]
    assert [p.agency.canonical for p in doc.pledges] == ["包头市人民政府", "湖南省人民政府"]


def test_the_paper_in_its_own_dateline_is_its_publisher():
    text = "标题\n\n　　本报成都10月30日电  （记者王明）巴中市巴州区卫生健康局今年将推进扶贫。\n"
    assert agencies(text, publisher="人民日报")["本报"] == "人民日报社"
