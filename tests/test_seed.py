"""The seed page end to end: extraction against its answer key, and character-level provenance.

The answer key (tests/data/seed/gold.yaml) is a copy of the hand-made key of the project's seed
page; the floors below are the project's promise for it.
"""

from __future__ import annotations

import pytest

from kg.evaluate import evaluate, load_gold
from kg.serialize import KEYS, to_gold

from .conftest import SEED_GOLD

FLOORS = {
    "directives": 0.95,
    "pledges": 0.95,
    "agencies": 0.95,
    "observations": 0.90,
    "targets": 0.90,
    "events": 0.90,
    "persons": 0.90,
}


@pytest.fixture(scope="module")
def report(seed_doc):
    return evaluate(load_gold(SEED_GOLD), to_gold(seed_doc))


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_seed_f1_floor(report, key):
    score = report.scores[key]
    assert score.f1 >= FLOORS[key], f"{key}: {score}"


def test_output_has_the_answer_key_shape(seed_doc):
    out = to_gold(seed_doc)
    gold = load_gold(SEED_GOLD)
    assert set(KEYS) <= set(out)
    for key in KEYS:
        gold_fields = {f for item in gold[key] for f in item} - {"optional", "note", "id"}
        for item in out[key]:
            missing = gold_fields - set(item)
            assert not missing, f"{key} lacks {missing}"


def test_every_fact_span_slices_back_to_its_words(seed_doc):
    raw = seed_doc.source.raw
    out = to_gold(seed_doc)
    checked = 0
    for key in ("directives", "pledges", "targets", "observations"):
        for item in out[key]:
            start, end = item["span"]
            words = raw[start:end]
            # the raw slice is the text, layout breaks (blank lines) included
            assert words.replace("\n", "") == item["text"], (key, item["id"])
            checked += 1
    assert checked > 80


def test_pledges_link_to_the_directive_they_answer(seed_doc):
    by_agency = {p.agency.canonical: p for p in seed_doc.pledges}
    directives = {d.id: d for d in seed_doc.directives}
    p = by_agency["江西省工业和信息化厅"]
    assert p.speaker == "付筠" and p.speaker_post == "处长"
    assert directives[p.responds_to].text == "加快建设现代化产业体系，积极培育发展新质生产力"
    # a statement split by a page break is one pledge
    assert "消费品以旧换新" in by_agency["江西省商务厅"].text
    # the speaker's own unit when no body is named before 将
    assert "江西省市场监督管理局特种设备安全监察局" in by_agency


def test_events_are_merged_and_dated(seed_doc):
    events = {e.kind: e for e in seed_doc.events}
    assert events["plenum"].date == "2024-07-29"
    assert events["plenum"].organizer == "中国共产党江西省委员会"
    assert events["national_plenum"].date is None  # the text does not say when
    press = events["press_conference"]
    assert press.date == "2024-08-01" and press.articles == (2, 3)
    assert press.organizer == "江西省工业和信息化厅"
