"""Scoring an extraction against a gold answer key counts what a reader would count.

Expected numbers are worked out by hand from the seed answer key (tests/data/seed/gold.yaml)
and from the small cases in tests/data/evaluate/ (see its README).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import KgError
from kg.evaluate import (
    SCORED_KEYS,
    TABLE_HEADER,
    GoldFormatError,
    _text_pairs,
    evaluate,
    evaluate_many,
    load_gold,
    normalise,
    overlap,
)

from .conftest import DATA, SEED_GOLD

CASES = sorted((DATA / "evaluate" / "cases").glob("*.yaml"))
BAD = sorted((DATA / "evaluate" / "bad").glob("*.yaml"))

# Non-optional entries of seed.yaml, counted by hand (agencies: distinct canonical names).
SEED_COUNTS = {
    "agencies": 30,  # 34 surface forms, 4 optional, no canonical name shared
    "directives": 6,
    "pledges": 17,  # p0 .. p17, p0 optional
    "pledges_agency": 17,
    "targets": 3,  # t4 optional
    "observations": 65,  # o58 optional
    "persons": 10,  # 习近平 optional
    "initiatives": 28,  # 45 entries, 17 optional
    "events": 3,
}


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    return load_gold(SEED_GOLD)


def counts(report: Any) -> dict[str, tuple[int, int, int]]:
    return {key: (s.tp, s.fp, s.fn) for key, s in report.scores.items()}


def without(gold: dict[str, Any], key: str, ident: str) -> dict[str, Any]:
    """A deep copy of ``gold`` with the entry ``ident`` of ``key`` removed."""
    doc = copy.deepcopy(gold)
    doc[key] = [item for item in doc[key] if item.get("id") != ident]
    assert len(doc[key]) == len(gold[key]) - 1
    return doc


# --- the seed key ---------------------------------------------------------------------------


def test_gold_against_itself_scores_one_everywhere(seed):
    report = evaluate(seed, seed)
    assert list(report.scores) == list(SCORED_KEYS)
    for key, s in report.scores.items():
        assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0), key
        assert (s.tp, s.fp, s.fn) == (SEED_COUNTS[key], 0, 0), key


def test_removing_one_pledge_lowers_recall_by_one_in_seventeen(seed):
    report = evaluate(seed, without(seed, "pledges", "p5"))
    for key in ("pledges", "pledges_agency"):
        s = report.scores[key]
        assert (s.tp, s.fp, s.fn) == (16, 0, 1)
        assert s.precision == 1.0
        assert s.recall == pytest.approx(16 / 17)
        assert s.f1 == pytest.approx(32 / 33)
        assert s.missed == (5,)  # p0 is entry 0, so p5 is entry 5
    assert report.scores["directives"].f1 == 1.0


def test_pledge_with_the_wrong_directive_is_not_found(seed):
    predicted = copy.deepcopy(seed)
    p5 = next(p for p in predicted["pledges"] if p["id"] == "p5")
    assert p5["responds_to"] == "d3"
    p5["responds_to"] = "d2"
    report = evaluate(seed, predicted)
    strict = report.scores["pledges"]
    assert (strict.tp, strict.fp, strict.fn) == (16, 1, 1)
    assert strict.missed == (5,) and strict.spurious == (5,)
    assert strict.precision == pytest.approx(16 / 17)
    loose = report.scores["pledges_agency"]
    assert (loose.tp, loose.fp, loose.fn) == (17, 0, 0)


def test_directive_ids_are_translated_through_the_directive_matching(seed):
    """Predicted directives in another order with other ids: links still resolve."""
    predicted = copy.deepcopy(seed)
    renamed = {d["id"]: f"x{9 - i}" for i, d in enumerate(predicted["directives"])}
    for d in predicted["directives"]:
        d["id"] = renamed[d["id"]]
    predicted["directives"].reverse()
    for p in predicted["pledges"]:
        if p["responds_to"]:
            p["responds_to"] = renamed[p["responds_to"]]
    report = evaluate(seed, predicted)
    assert counts(report)["pledges"] == (17, 0, 0)
    assert report.scores["directives"].matches == ((0, 5), (1, 4), (2, 3), (3, 2), (4, 1), (5, 0))


def test_optional_items_change_nothing(seed):
    """Dropping every optional item from the prediction leaves every count as it was."""
    trimmed = {
        key: [item for item in items if not item.get("optional")] for key, items in seed.items()
    }
    assert sum(map(len, seed.values())) - sum(map(len, trimmed.values())) == 25  # by hand
    with_optional, without_optional = evaluate(seed, seed), evaluate(seed, trimmed)
    assert counts(without_optional) == counts(with_optional)
    assert with_optional.scores["pledges"].absorbed == ((0, 0),)
    assert all(not s.absorbed for s in without_optional.scores.values())


def test_o1_and_o9_are_two_figures(seed):
    """o1 (a1) and o9 (a2) have the same text, value and unit: one prediction finds one."""
    o1, o9 = seed["observations"][0], seed["observations"][8]
    assert (o1["id"], o9["id"]) == ("o1", "o9")
    assert (o1["text"], o1["value"], o1["unit"]) == (o9["text"], o9["value"], o9["unit"])

    report = evaluate(seed, seed)
    assert (0, 0) in report.scores["observations"].matches
    assert (8, 8) in report.scores["observations"].matches

    one_copy = without(seed, "observations", "o9")
    s = evaluate(seed, one_copy).scores["observations"]
    assert (s.tp, s.fp, s.fn) == (64, 0, 1)
    assert s.missed == (8,)  # the copy of a1 finds o1, from the same article

    three_copies = copy.deepcopy(seed)
    three_copies["observations"].append(copy.deepcopy(o1))
    s = evaluate(seed, three_copies).scores["observations"]
    assert (s.tp, s.fp, s.fn) == (65, 1, 0)
    assert s.spurious == (66,)


def test_evaluate_many_adds_counts_over_documents(seed):
    report = evaluate_many([(seed, seed), (seed, without(seed, "pledges", "p5"))])
    s = report.scores["pledges"]
    assert (s.tp, s.fp, s.fn) == (33, 0, 1)
    assert s.recall == pytest.approx(33 / 34)
    assert s.matches == ()  # indices are per document
    assert counts(report)["observations"] == (130, 0, 0)


def test_report_as_json_and_table(seed):
    report = evaluate(seed, without(seed, "pledges", "p5"))
    data = json.loads(json.dumps(report.to_json()))
    assert data["pledges"]["tp"] == 16
    assert data["pledges"]["missed"] == [5]
    assert data["agencies"]["matches"][0] == [0, 0]
    rows = report.table_rows()
    assert [row[0] for row in rows] == list(SCORED_KEYS)
    assert all(len(row) == len(TABLE_HEADER) for row in rows)
    assert rows[2] == ("pledges", "16", "0", "1", "1.000", "0.941", "0.970")


# --- hand-made cases ------------------------------------------------------------------------


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    report = evaluate(case["gold"], case["predicted"])
    for key, expected in case["expected"].items():
        s = report.scores[key]
        for name, value in expected.items():
            got = getattr(s, name)
            if name in ("matches", "missed", "spurious", "absorbed"):
                got = [list(x) if isinstance(x, tuple) else x for x in got]
            assert got == value, f"{key}.{name}"


def test_nothing_against_nothing_is_perfect_and_nothing_predicted_is_zero():
    empty = evaluate({}, {})
    assert all((s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0) for s in empty.scores.values())
    gold = {"directives": [{"id": "d1", "text": "全力巩固增强经济回升向好态势"}]}
    s = evaluate(gold, {}).scores["directives"]
    assert (s.tp, s.fp, s.fn, s.precision, s.recall, s.f1) == (0, 0, 1, 0.0, 0.0, 0.0)


def test_a_prediction_that_is_not_in_the_gold_shape_is_refused():
    with pytest.raises(ValueError, match="predicted 'pledges' must be a list"):
        evaluate({}, {"pledges": "将聚焦高质量发展首要任务"})
    with pytest.raises(ValueError, match=r"predicted directives\[0\] must be a mapping"):
        evaluate({}, {"directives": ["全力巩固增强经济回升向好态势"]})


# --- text overlap ---------------------------------------------------------------------------


def test_overlap():
    # containment, whatever the trailing punctuation, spaces and width
    assert overlap("全省规模以上工业增加值同比增长8.8%。", "规模以上工业增加值同比增长8.8％")
    assert overlap("将聚焦高质量发展首要任务，", "将聚焦 高质量发展首要任务")
    # Dice of bigram sets: 7 shared of 10 + 10 bigrams = 0.7
    assert overlap("加快建设现代化产业体系", "加快构建现代化产业体系")
    # 3 shared of 5 + 5 = 0.6: the same frame overlaps; figures are told apart by their values
    assert overlap("列全国第四位", "列全国第七位")
    # 1 shared (产业) of 10 + 8 = 0.11
    assert not overlap("加快建设现代化产业体系", "壮大县域特色产业")
    assert not overlap("全力巩固增强经济回升向好态势", "坚决防范化解重点领域风险")
    # one character is too short to count as contained; equal texts always overlap
    assert not overlap("将", "将聚焦高质量发展首要任务")
    assert overlap("党", "党")
    assert not overlap("", "")


def test_normalise():
    assert normalise(" 占规上工业比重为２１．０％；\n") == "占规上工业比重为21.0%"
    assert normalise("R&D 投入强度。") == "r&d投入强度"


texts = st.lists(
    st.text(alphabet="甲乙丙丁戊己", min_size=1, max_size=12), min_size=17, max_size=30
)


@settings(max_examples=40, deadline=None)
@given(texts, texts)
def test_indexed_candidates_miss_no_overlapping_pair(gold: list[str], pred: list[str]):
    """Above the small-block size, pairs come from a bigram index: it must find every pair."""
    found = _text_pairs([(0, [g]) for g in gold], [(0, [p]) for p in pred])
    every = {(i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if overlap(g, p)}
    assert set(found) == every


# --- gold files -----------------------------------------------------------------------------


def test_load_gold_reads_the_seed_key():
    gold = load_gold(SEED_GOLD)
    assert [len(gold[key]) for key in ("articles", "directives", "pledges", "observations")] == [
        3,
        6,
        18,
        66,
    ]
    assert gold["observations"][23]["value"] == 21.0  # o24, written 21.0


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_load_gold_refuses_a_broken_file(path: Path):
    first = path.read_bytes().splitlines()[0].decode("utf-8")
    expected = first.removeprefix("# expect: ")
    with pytest.raises(ValueError) as caught:
        load_gold(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert isinstance(caught.value, GoldFormatError) and isinstance(caught.value, KgError)


def test_load_gold_on_a_missing_file_names_it(tmp_path: Path):
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(ValueError, match=r"nowhere\.yaml: cannot read the gold file"):
        load_gold(missing)
