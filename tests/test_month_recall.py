"""Recall of pledges and mandates on everyday news: 30 articles of the October 2019 month drawn
at random (tests/data/month-recall, see its README), every pledge and mandate listed by hand in
``<stem>.recall.yaml``. Half the draw is the train part, half the test part.

The floors are today's level: far below the goal (pledge recall 0.70 at precision 0.90), they
keep any change from losing ground; ``pytest -s`` prints the numbers.
"""

from __future__ import annotations

import pytest

from kg import api
from kg.evaluate import combine, evaluate, load_gold
from kg.serialize import to_gold

from .conftest import DATA

FOLDER = DATA / "month-recall"
#: (key, floor on recall over both parts, floor on precision over both parts)
FLOORS = {"pledges_agency": (0.15, 0.9), "directives": (0.15, 0.6)}


@pytest.fixture(scope="module")
def reports():
    rows = (FOLDER / "SPLIT.tsv").read_text(encoding="utf-8").splitlines()[1:]
    split = dict(row.split("\t") for row in rows)
    out: dict[str, list] = {"train": [], "test": []}
    for key in sorted(FOLDER.glob("*.recall.yaml")):
        source = FOLDER / (key.name.removesuffix(".recall.yaml") + ".txt")
        (doc,) = api.extract([source])
        out[split[source.name]].append(evaluate(load_gold(key), to_gold(doc)))
    return out


def test_every_drawn_article_has_its_list(reports):
    assert len(reports["train"]) == len(reports["test"]) == 15


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_recall_and_precision_hold(reports, key):
    both = combine([*reports["train"], *reports["test"]]).scores[key]
    recall_floor, precision_floor = FLOORS[key]
    assert both.recall >= recall_floor, both
    assert both.precision >= precision_floor, both


def test_print_the_month_table(reports):
    lines = []
    for part, rs in reports.items():
        for key in sorted(FLOORS):
            s = combine(rs).scores[key]
            lines.append(
                f"month-recall {part:<6}{key:<16}tp {s.tp:>3} fp {s.fp:>3} fn {s.fn:>3}"
                f"  P {s.precision:.2f}  R {s.recall:.2f}"
            )
    print("\n" + "\n".join(lines))
    assert len(lines) == 4
