"""Statements and the entities around them, one sentence form at a time.

Each case is a sentence of a real People's Daily report (the dev pieces of tests/data/dev or the
October 2019 month), cut to what the rule needs: directives quoted before the leader is named,
pledges made by an agency without a speech verb, forecasts and reports that look like pledges,
speakers named after a quote, local bodies (徐州市委, 宣城市), people named after a post, and the
dates of the events a report is about.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.clean import clean
from kg.extract.entities import find_events, find_leaders, find_officials
from kg.extract.statements import find_directives, find_pledges, find_speakers
from kg.gazetteer import default_gazetteer
from kg.pipeline import extract_document
from kg.records import Article, SourceDoc, SourceMeta
from kg.resolve import Resolver
from kg.segment import split_articles


def _article(body: str) -> Article:
    (art,) = split_articles(clean("标题\n\n" + body).text)
    return art


def _resolver(region: str | None, published: str = "2019-02-18") -> Resolver:
    return Resolver(default_gazetteer(), region, published)


def _pledges(body: str, region: str | None = None, published: str = "2019-10-15"):
    art = _article(body)
    return find_pledges(art, find_directives(art), _resolver(region, published))


# --- directives -----------------------------------------------------------------------------


def test_quoted_mandates_before_the_leader_is_named():
    art = _article(
        "　　“要深化产业结构调整，构建现代产业发展新体系。要积极稳妥推进城镇化，促进协调发展。"
        "要扎实推进生态文明建设，努力建设美丽中国……”2013年3月8日，习近平总书记参加十二届"
        "全国人大一次会议江苏代表团审议时，发表重要讲话。"
    )
    got = find_directives(art)
    assert [d.text for d in got] == [
        "深化产业结构调整，构建现代产业发展新体系",
        "积极稳妥推进城镇化，促进协调发展",
        "扎实推进生态文明建设，努力建设美丽中国",
    ]
    assert {d.issuer for d in got} == {"习近平总书记"}


def test_a_quote_nobody_is_named_after_gives_no_mandate():
    art = _article("　　“要把好事办好。”村民们说。")
    assert find_directives(art) == []


def test_the_next_yao_sentence_of_the_same_speaker():
    art = _article(
        "　　习近平总书记强调，推进供给侧结构性改革，是一场硬仗。要把握好“加法”和“减法”的关系，"
        "打赢这场硬仗。"
    )
    (d,) = find_directives(art)
    assert d.text == "把握好“加法”和“减法”的关系，打赢这场硬仗"


def test_a_mandate_quoted_after_the_verb_with_its_addressee():
    art = _article(
        "　　习近平总书记参加十二届全国人大二次会议安徽代表团审议并发表重要讲话，首次提出“三严三实”"
        "重要论述，强调“各级领导干部都要树立和发扬好的作风，既严以修身，又谋事要实”。"
    )
    (d,) = find_directives(art)
    assert d.text == "树立和发扬好的作风，既严以修身，又谋事要实"
    assert d.cue == "强调“各级领导干部都要"


@pytest.mark.parametrize(
    "text", ["习近平总书记强调：“海洋是高质量发展战略要地。”", "会议强调，要求各地落实。"]
)
def test_yao_that_starts_a_word_is_no_mandate(text):
    assert find_directives(_article("　　" + text)) == []


# --- pledges --------------------------------------------------------------------------------


def test_an_agency_that_opens_a_clause_pledges():
    (p,) = _pledges(
        "　　三是加强市场监管。发改委将配合有关部门坚决打击哄抬物价等各类价格违法违规行为。"
    )
    assert p.agency.canonical == "国家发展和改革委员会"
    assert p.text.startswith("将配合有关部门") and p.speaker is None


def test_a_decision_is_a_pledge_of_the_body_that_decides():
    (p,) = _pledges("　　省委决定，在全省开展为期3个月的集中整治专项行动。", "安徽省", "2019-02-18")
    assert p.agency.canonical == "中国共产党安徽省委员会"
    assert p.text == "在全省开展为期3个月的集中整治专项行动"


def test_a_subjectless_pledge_goes_on_with_the_agency_before():
    body = (
        "　　为切实保障春节期间居民猪肉消费需求，国家发展改革委会同有关部门采取了有力措施。\n"
        "　　一是加大冻猪肉储备投放。今后一段时间，包括春节以后，还将继续加大组织投放冻猪肉储备。"
    )
    (p,) = _pledges(body, None, "2020-01-20")
    assert p.agency.canonical == "国家发展和改革委员会"
    assert p.text == "将继续加大组织投放冻猪肉储备"


def test_a_body_named_after_the_opener_is_the_one_acting():
    (p,) = _pledges("　　张莹表示，下一步，人社部将继续突出就业优先政策导向。")
    assert p.agency.canonical == "人力资源和社会保障部"


def test_a_speaker_pledges_for_an_explicit_subject_after_an_opener():
    (p,) = _pledges(
        "　　国家文物局局长刘玉珠表示，近日国务院将印发通知，核定并公布第八批全国重点文物保护单位。"
    )
    assert p.agency.canonical == "中华人民共和国国务院"


@pytest.mark.parametrize(
    "body",
    [
        "　　东山县文体旅游局局长沈又夫说，海湾公园将成为东山的一张新名片。",  # a forecast
        "　　欧盟将同中国成为一道应对全球挑战的伙伴。",  # a forecast
        "　　1962年，国务院将大熊猫等19种动物列为“珍贵稀有”保护物种。",  # the past, 将 = 把
        "　　国际货币基金组织将今年世界经济增速下调至3%。",  # 将 = 把: a report
        "　　外交部发言人耿爽8日说，中方对美方将中国企业列入出口管制实体清单表示强烈不满。",
        "　　今年5月，央行决定从5月15日开始实行较低的优惠存款准备金率。",  # before publication
        "　　河南省人大常委会决定接受徐光辞去第十三届全国人民代表大会代表职务。",  # an act
        "　　栗战书在讲话中指出，党中央决定建立检察机关提起公益诉讼制度。",  # recalled
        "　　中央政法委书记郭声琨在会上强调，要坚持以习近平新时代中国特色社会主义思想为指导。",
        "　　尼泊尔财政部长卡蒂瓦达表示，习近平主席的访问将增进两国政府间合作。",  # abroad
    ],
)
def test_what_is_not_a_pledge(body):
    assert _pledges(body) == []


def test_a_pledge_before_the_quoted_mandate_answers_it():
    body = (
        "　　省委决定，在全省开展集中整治形式主义、官僚主义专项行动。\n"
        "　　2014年3月9日，习近平总书记强调“各级领导干部都要树立和发扬好的作风”。"
    )
    art = _article(body)
    directives = find_directives(art)
    (p,) = find_pledges(art, directives, _resolver("安徽省"))
    assert p.responds_to == directives[0].id


# --- speakers, officials and leaders ---------------------------------------------------------


def test_a_speaker_named_after_the_quote():
    art = _article("　　“3年来，我们坚决打好这场硬仗。”湖南省委书记杜家毫说。")
    ((speaker, _),) = find_speakers(art, _resolver("湖南省"))
    assert (speaker.person, speaker.post) == ("杜家毫", "书记")
    assert speaker.agency is not None and speaker.agency.canonical == "中国共产党湖南省委员会"


def test_a_region_named_before_a_governors_post():
    art = _article("　　湖南省省长许达哲说，湖南科学把握“加法”和“减法”。")
    ((speaker, _),) = find_speakers(art, _resolver("湖南省"))
    assert speaker.person == "许达哲"
    assert speaker.agency is not None and speaker.agency.canonical == "湖南省人民政府"


def test_officials_and_people_named_after_a_post_or_a_title():
    art = _article(
        "　　2018年8月底，明光市纪委第四纪检监察室主任成家兵收到一段举报视频。"
        "种粮大户段庆飞给记者算了一笔账。总书记强调，要抓落实。"
    )
    found = {
        p.name: (p.post, p.organisation, p.role, org)
        for p, org in find_officials(art, _resolver("安徽省"))
    }
    assert set(found) == {"成家兵", "段庆飞"}
    post, organisation, role, org = found["成家兵"]
    assert (post, role) == ("主任", "official")
    assert organisation == "中国共产党明光市纪律检查委员会第四纪检监察室"
    assert org is not None and org.parent == "中国共产党明光市纪律检查委员会"
    assert found["段庆飞"][1:3] == (None, "mentioned")


def test_leaders_named_without_their_body():
    art = _article("　　深入学习习近平新时代中国特色社会主义思想。习近平总书记强调，要抓落实。")
    (p,) = find_leaders(art, "2019-02-14")
    assert (p.name, p.post, p.organisation) == ("习近平", "总书记", "中国共产党中央委员会")
    assert find_leaders(_article("　　学习习近平新时代中国特色社会主义思想。"), "2019-02-14") == []
    assert find_leaders(_article("　　李克强表示，将推进改革。"), "2025") == []  # out of office


# --- local bodies ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("徐州市委书记周铁根表示", "中国共产党徐州市委员会"),
        ("苏州相城区委书记顾海东介绍", "中国共产党苏州市相城区委员会"),
        ("宣城市宣州区朱桥乡党委书记严家福", "中国共产党宣城市宣州区朱桥乡委员会"),
        ("近期，宣城市印发《宣城市精文简会十条》", "宣城市人民政府"),
        ("2018年8月底，明光市纪委第四纪检监察室", "中国共产党明光市纪律检查委员会"),
        ("”浏阳市鞭炮烟花管理局相关负责人说", "浏阳市鞭炮烟花管理局"),
        ("2017年1月11日，省动物卫生监督所的工作人员", "安徽省动物卫生监督所"),
    ],
)
def test_local_and_unlisted_bodies(text, canonical):
    assert [r.canonical for r in _resolver("安徽省").scan(text)] == [canonical]


@pytest.mark.parametrize(
    "text",
    [
        "未经市委批准",
        "全市委员",
        "商品市场不再局限于本地",
        "在南京市召开",
        "美国商务部宣布",
        "中国驻欧盟使团",
    ],
)
def test_words_that_are_no_local_body(text):
    assert _resolver("江苏省").scan(text) == []


# --- events ---------------------------------------------------------------------------------


def test_a_session_dated_by_the_clause_before_it():
    art = _article(
        "　　2016年3月8日，在参加十二届全国人大四次会议湖南代表团审议时，习近平总书记强调，"
        "推进供给侧结构性改革，是一场硬仗。"
    )
    (e,) = find_events(art, _resolver("湖南省", "2019-02-23"))
    assert (e.kind, e.name, e.date) == ("session", "十二届全国人大四次会议", "2016-03-08")


def test_press_conferences_and_named_meetings():
    art = _article(
        "　　1月19日，国家发改委就宏观经济运行举行新闻发布会，回应社会关切。"
        "2018年6月9日，安徽省委常委会召开以案件为反面教材的“讲忠诚、严纪律、立政德”专题警示教育"
        "民主生活会。"
    )
    events = find_events(art, _resolver(None, "2020-01-20"))
    assert [(e.kind, e.organizer_name, e.date) for e in events] == [
        ("press_conference", "国家发展和改革委员会", "2020-01-19"),
        ("meeting", "中国共产党安徽省委员会常务委员会", "2018-06-09"),
    ]
    assert events[1].name == "“讲忠诚、严纪律、立政德”专题警示教育民主生活会"


def test_the_two_sessions_join_the_session_the_article_names():
    text = (
        "题目\n——江苏落实习近平总书记全国两会重要讲话精神纪实\n"
        "　　2013年3月8日，习近平总书记参加十二届全国人大一次会议江苏代表团审议时，发表重要讲话。"
    )
    doc = extract_document(SourceDoc(Path("x.txt"), text, SourceMeta(published="2019-02-14")))
    (e,) = doc.events
    assert set(e.mentions) == {"十二届全国人大一次会议", "全国两会"}
    assert e.organizer == "全国人民代表大会" and e.date == "2013-03-08"


# --- figures a report repeats ---------------------------------------------------------------


def test_display_figures_and_the_standfirst_repeat_the_body():
    text = (
        "标题\n——湖南落实习近平总书记全国两会重要讲话精神纪实\n"
        "　　120万吨\n"
        "　　3年来，湖南淘汰钢铁落后产能120万吨，关停小煤矿2000余家。\n"
        "　　　　 \n"
        "　　据不完全统计，3年来全省淘汰钢铁落后产能120万吨，查处涉“地条钢”生产企业12家，"
        "关停小煤矿2000余家。\n"
    )
    doc = extract_document(SourceDoc(Path("x.txt"), text, SourceMeta(published="2019-02-23")))
    got = [(o.quantity.value, o.quantity.unit, o.quantity.text) for o in doc.observations]
    assert got == [
        (120, "万吨", "3年来全省淘汰钢铁落后产能120万吨"),
        (12, "家", "查处涉“地条钢”生产企业12家"),
        (2000, "家", "关停小煤矿2000余家"),
    ]
    assert doc.observations[2].quantity.span.start > text.index("据不完全统计")
