"""The named queries (the ontology's competency questions) on the seed page's store.

Expected rows were read off the seed page by hand: six directives of the plenum, answered by
1, 3, 3, 3, 4 and 3 departments; the four officials quoted with their posts; and so on.
"""

from __future__ import annotations

from operator import itemgetter

import pytest

from kg import api
from kg.query import named_queries


@pytest.fixture(scope="module")
def store(seed_built):
    out, _ = seed_built
    return api.open_store(out)


def rows(store, name, **params):
    return api.query(name, params, store=store).as_dicts()


def test_every_named_query_has_a_question_and_runs(store):
    assert len(named_queries()) >= 9
    for name, q in named_queries().items():
        assert q.question, name
        api.query(name, store=store)


def test_pledges_of_one_agency_by_alias(store):
    (row,) = rows(store, "pledges-of-agency", agency="省工信厅")
    assert row["agencyName"] == "江西省工业和信息化厅"
    assert row["directiveText"] == "加快建设现代化产业体系，积极培育发展新质生产力"
    assert "重点推进1000个重大工业项目建设" in row["pledgeText"]
    assert rows(store, "pledges-of-agency", agency="江西省工业和信息化厅") == [row]


def test_pledges_of_an_agency_include_its_sub_units(store):
    # the seed page quotes the centre of the evaluation institute and the bureau of the market
    # regulator, each a sub-unit of the agency asked for
    (centre,) = rows(store, "pledges-of-agency", agency="江西省教育评估监测研究院")
    assert centre["agencyName"] == "江西省教育评估监测研究院高校就业指导监测中心"
    (bureau,) = rows(store, "pledges-of-agency", agency="江西省市场监督管理局")
    assert bureau["agencyName"] == "江西省市场监督管理局特种设备安全监察局"


def test_pledges_of_agency_without_parameter_lists_every_pledge(store):
    every = rows(store, "pledges-of-agency")
    assert len(every) == 1 + 3 + 3 + 3 + 4 + 3  # the departments answering the six directives
    assert all(r["directive"] for r in every)
    (own,) = rows(store, "pledges-of-agency", agency="省工信厅")
    assert own in every


def test_agencies_that_answered_each_directive(store):
    result = rows(store, "responses-per-directive")
    assert [r["directiveText"][:6] for r in result] == [
        "全力巩固增强",
        "加快建设现代",
        "用足用好国家",
        "统筹新型城镇",
        "用心用情保障",
        "更好统筹发展",
    ]
    assert [int(r["agencyCount"]) for r in result] == [1, 3, 3, 3, 4, 3]
    assert set(result[4]["agencies"].split("、")) == {
        "江西省人力资源和社会保障厅",
        "江西省退役军人事务厅",
        "江西省教育评估监测研究院高校就业指导监测中心",
        "江西省医疗保障局",
    }


def test_targets_with_value_unit_and_pledging_agency(store):
    got = {(r["value"], r["unit"], r["agencyName"]) for r in rows(store, "targets")}
    assert ("1000", "个", "江西省工业和信息化厅") in got
    assert ("1000", "场", "江西省商务厅") in got
    assert ("1", "个", "江西省农业农村厅") in got


def test_observations_of_one_indicator(store):
    result = rows(store, "observations-of-indicator", indicator="规模以上工业增加值")
    growth = [
        r for r in result if r["measure"].endswith("growth_rate") or r["measure"] == "growth_rate"
    ]
    assert sorted(r["value"] for r in growth if r["value"] == "8.8") == ["8.8", "8.8"]  # a1 and a2


def test_observations_of_an_indicator_by_wording_or_notation_in_any_case(store):
    by_wording = rows(store, "observations-of-indicator", indicator="规模以上工业增加值")
    # 8.8% in a1 and a2, 1.5 points faster than the first quarter, fourth in the country
    assert sorted(r["value"] for r in by_wording) == ["1.5", "4", "8.8", "8.8"]
    for notation in ("industrial_value_added", "INDUSTRIAL_VALUE_ADDED"):
        assert rows(store, "observations-of-indicator", indicator=notation) == by_wording
    assert rows(store, "observations-of-indicator", indicator="规模以上工业") == []


def test_people_with_posts(store):
    people = {r["name"]: r for r in rows(store, "people")}
    assert people["付筠"]["post"] == "处长"
    assert people["付筠"]["organisation"] == "江西省工业和信息化厅经济运行处"
    assert people["刘海刚"]["post"] == "局长"
    assert {"万昱", "陈远路", "罗利", "张建新", "朱易"} <= set(people)


def test_every_fact_has_its_sentence_and_exact_words(store):
    result = rows(store, "provenance")
    sentences: dict[str, list[tuple[int, int]]] = {}
    for r in result:
        assert r["sentence"] and r["anchor"]
        assert r["anchor"].replace("\n", "") == r["text"]
        sentences.setdefault(r["fact"], []).append((int(r["sentenceBegin"]), int(r["sentenceEnd"])))
    assert len(sentences) > 80
    for r in result:
        # the fact's words lie inside the sentence(s) it was read from
        spans = sentences[r["fact"]]
        assert (
            min(b for b, _ in spans) <= int(r["begin"]) <= int(r["end"]) <= max(e for _, e in spans)
        )


SEED_A3 = "https://w3id.org/plenum-kg/id/article/seed/000_bfd7d7b83f15da73.txt/3"


def test_provenance_of_one_article(store):
    result = rows(store, "provenance", article=SEED_A3)
    assert {r["articleTitle"] for r in result} == {"我省启动新一批专精特新企业认定"}
    anchors = [r["anchor"] for r in result]
    assert "2800多家企业" in anchors  # the subtitle
    assert "全省拥有3年有效期内创新型中小企业8187家" in anchors
    assert [int(r["begin"]) for r in result] == sorted(int(r["begin"]) for r in result)
    by_fact = itemgetter("fact", "sentence")
    listed = [r for r in rows(store, "provenance") if r["article"] == SEED_A3]
    assert sorted(result, key=by_fact) == sorted(listed, key=by_fact)
    assert rows(store, "provenance", article=SEED_A3 + "0") == []


@pytest.mark.parametrize("evil", ['"}', "'; DROP ALL", '\\" } UNION { ?s ?p ?o', '省工信厅" .'])
def test_parameters_cannot_inject_sparql(store, evil):
    assert rows(store, "pledges-of-agency", agency=evil) == []
    assert rows(store, "observations-of-indicator", indicator=evil) == []
    assert rows(store, "provenance", article=evil) == []
