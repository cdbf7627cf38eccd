"""The named queries (the ontology's competency questions) on the seed page's store.

Expected rows were read off the seed page by hand: six directives of the plenum, answered by
1, 3, 3, 3, 4 and 3 departments; the four officials quoted with their posts; and so on.
"""

from __future__ import annotations

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


@pytest.mark.parametrize("evil", ['"}', "'; DROP ALL", '\\" } UNION { ?s ?p ?o', '省工信厅" .'])
def test_parameters_cannot_inject_sparql(store, evil):
    assert rows(store, "pledges-of-agency", agency=evil) == []
