"""The forms pledges and mandates take in response articles, each in a sentence written for
this test (kg.extract.statements). Expected agencies and texts written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import extract_document
from kg.records import SourceDoc, SourceMeta


def extract(text: str, region: str | None = "江西省"):
    meta = SourceMeta(region=region, published="2020-02-25", publisher="人民日报")
    return extract_document(SourceDoc(Path("t.txt"), text, meta))


def pledges(text: str, region: str | None = "江西省") -> list[tuple[str, str]]:
    return [(p.agency.canonical, p.text) for p in extract(text, region).pledges]


@pytest.mark.parametrize("opener", ["下一步", "今年", "今后", "接下来", "还"])
def test_an_opener_after_the_speech_verb(opener):
    found = pledges(f"省工信厅表示，{opener}将重点推进100个重大工业项目建设。\n")
    assert found == [("江西省工业和信息化厅", "将重点推进100个重大工业项目建设")]


def test_a_quote_after_the_speech_verb_is_the_speakers_bodys():
    found = pledges("省发改委负责人说：“我们将加快推进重大项目建设，确保早日见效。”\n")
    assert found == [("江西省发展和改革委员会", "将加快推进重大项目建设，确保早日见效")]


def test_a_quote_before_its_speaker():
    found = pledges("“我们一定再接再厉，确保完成全年目标任务！”省商务厅负责人表示。\n")
    assert found == [("江西省商务厅", "一定再接再厉，确保完成全年目标任务")]


def test_later_sentences_of_the_same_quote():
    text = "省林业局局长说：“今年要抓好造林绿化。我们将新建一批国家储备林基地。”\n"
    found = pledges(text)
    assert ("江西省林业局", "将新建一批国家储备林基地") in found


def test_a_named_subject_after_the_speech_verb_acts():
    found = pledges(
        "国务院国资委负责人表示，下一步国资委要一手抓疫情防控、一手抓复工复产。\n", None
    )
    assert [a for a, _ in found] == ["国务院国有资产监督管理委员会"]


def test_a_place_after_the_speech_verb_is_its_government():
    found = pledges(
        "山西省委书记表示，山西将坚定有序推进转型发展，因地制宜发展新质生产力。\n", None
    )
    assert [a for a, _ in found] == ["山西省人民政府"]


def test_a_division_head_speaks_for_the_ministry():
    text = "商务部市场运行和消费促进司司长李明表示，将尽快出台消费品以旧换新的实施细则。\n"
    assert [a for a, _ in pledges(text, None)] == ["商务部"]


def test_a_county_official_speaks_for_the_county_body():
    text = "双柏县委书记李华说，将持续巩固拓展脱贫攻坚成果，全力推进乡村振兴。\n"
    assert [a for a, _ in pledges(text, "云南省")] == ["中国共产党楚雄彝族自治州双柏县委员会"]


# --- mandates ------------------------------------------------------------------------------


def directives(text: str, region: str | None = "江西省") -> list[str]:
    return [d.text for d in extract(text, region).directives]


@pytest.mark.parametrize(
    ("text", "mandate"),
    [
        ("会议强调，要坚持中西医结合，提高治愈率。", "坚持中西医结合，提高治愈率"),
        ("北京市政府工作报告指出，要加快建设国际科技创新中心。", "加快建设国际科技创新中心"),
        (
            "习近平总书记强调，在确保疫情防控到位的前提下，推动企业复工复产。",
            "在确保疫情防控到位的前提下，推动企业复工复产",
        ),
        ("总书记要求各地实施好兴边富民行动等规划。", "各地实施好兴边富民行动等规划"),
        ("省委书记王强强调，要把项目建设作为头等大事来抓。", "把项目建设作为头等大事来抓"),
    ],
)
def test_mandates_of_meetings_documents_and_leaders(text, mandate):
    assert directives(text + "\n") == [mandate]


@pytest.mark.parametrize(
    "text",
    [
        "习近平总书记强调，推进供给侧结构性改革，是一场硬仗。",  # what is, not what is to be done
        "按照党中央、国务院部署，各地有序推进复工复产。",  # a noun, not a mandate
        "干部群众表示，会议作出系统部署，要坚持稳中求进。",  # their words, not the meeting's
    ],
)
def test_what_is_not_a_mandate(text):
    assert directives(text + "\n") == []


def test_quoted_mandates_named_after_their_body():
    text = (
        "明年经济工作十分重要。“要坚持稳中求进、提质增效”“要继续实施更加积极的财政政策”，"
        "会议明确了方向。\n"
    )
    assert directives(text) == ["坚持稳中求进、提质增效", "继续实施更加积极的财政政策"]


def test_a_quote_whose_speaker_is_named_in_the_next_sentence():
    text = (
        "　　中共中央政治局常务委员会25日召开会议。习近平总书记主持会议并发表重要讲话。\n"
        "　　“各级党委和政府必须把人民群众生命安全和身体健康放在第一位。”\n"
        "　　习近平总书记的重要讲话在干部群众中引发强烈反响。\n"
    )
    assert directives(text, None) == ["把人民群众生命安全和身体健康放在第一位"]


def test_each_pledge_answers_the_mandate_of_its_section_and_none_without_one():
    text = (
        "　　全会提出，要加快建设现代化产业体系。\n"
        "　　省工信厅表示，将重点推进100个重大工业项目建设。\n"
        "　　全会提出，要全面深化改革。\n"
        "　　省发改委表示，将深化要素市场化配置改革。\n"
    )
    doc = extract(text)
    ds = {d.id: d.text for d in doc.directives}
    assert [(p.agency.canonical, ds[p.responds_to]) for p in doc.pledges if p.responds_to] == [
        ("江西省工业和信息化厅", "加快建设现代化产业体系"),
        ("江西省发展和改革委员会", "全面深化改革"),
    ]
    lone = extract("省统计局表示，将进一步完善统计制度。\n")
    assert [p.responds_to for p in lone.pledges] == [None]


def test_how_each_link_was_made_is_recorded():
    text = (
        "　　省工信厅表示，将重点推进100个重大工业项目建设。\n"
        "　　全会提出，要加快建设现代化产业体系。\n"
        "　　省发改委表示，将深化要素市场化配置改革。\n"
        "　　省商务厅表示，按照全会要求，将扩大高水平对外开放。\n"
    )
    doc = extract(text)
    assert [(p.agency.canonical, p.responds_to, p.link) for p in doc.pledges] == [
        ("江西省工业和信息化厅", "d1", "later"),
        ("江西省发展和改革委员会", "d1", "section"),
        ("江西省商务厅", "d1", "explicit"),
    ]


def test_the_link_method_is_in_the_graph(tmp_path):
    from kg import api

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "全会提出，要加快建设现代化产业体系。\n省工信厅表示，将重点推进100个重大项目建设。\n",
        encoding="utf-8",
    )
    (tmp_path / "in" / "MANIFEST.tsv").write_text(
        "file\tpublisher\tpublished\ttitle\turl\tregion\na.txt\t江西日报\t2024-08-02\t题\t\t江西\n",
        encoding="utf-8",
    )
    api.build([tmp_path / "in"], out=tmp_path / "out", explorer=False, jobs=1)
    rows = api.sparql_df(
        "SELECT ?m WHERE { ?p plk:respondsTo ?d ; plk:linkMethod ?m }", out=tmp_path / "out"
    )
    assert list(rows["m"]) == ["section"]
    from kg.validate import validate_store

    assert validate_store(api.open_store(tmp_path / "out").oxigraph).conforms


def test_a_pronoun_speaks_for_the_official_named_before():
    text = (
        "　　商务部副部长王炳南介绍了进口博览会的筹备情况。"
        "他表示，在最后冲刺阶段，我们将全力以赴做好各项筹备工作。\n"
    )
    assert pledges(text, None) == [("商务部", "将全力以赴做好各项筹备工作")]


def test_a_subject_and_yao_or_yiding_after_the_speech_verb():
    text = "天津市委表示，主要领导干部一定坚守岗位、靠前指挥，全力维护人民生命安全。\n"
    assert [a for a, _ in pledges(text, None)] == ["中国共产党天津市委员会"]
    text = "财政部负责人表示，实施更加积极的财政政策，要保持政策力度和连续性。\n"
    assert [a for a, _ in pledges(text, None)] == ["财政部"]  # the gazetteer's canonical name
