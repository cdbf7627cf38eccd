"""Extraction on each genre of real government text, scored against the hand-made keys.

Every answer key under tests/data — ``<stem>.gold.yaml`` beside ``<stem>.txt``, and the seed's
``gold.yaml`` beside its page — is scored with :func:`kg.api.evaluate_file` (a key with a
``scope`` counts only that paragraph). The reports of one genre are summed
(:func:`kg.evaluate.combine`, a micro-average) and held to the floors below; ``pytest -s`` prints
the table. Genres: *response* (a department's or a province's answer to a plenum or a leader's
speech: the seed page and the 纪实 reports), *statistics* (a press conference on monthly
figures) and *gwr* (the target paragraph of a government work report).

The second half re-reads a judged sample of a real month (tests/data/rmrb-sample, see its
README): every pledge and observation judged correct there must still be extracted.
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml

from kg import api
from kg.evaluate import SCORED_KEYS, Report, combine, overlap

from .conftest import DATA

#: Where each answer key belongs, first match wins (paths relative to tests/data, no suffix).
GENRES = (
    ("dev/rmrb-20200120-02-01", "statistics"),
    ("dev/*", "response"),
    ("seed/*", "response"),
    ("gwr/*", "gwr"),
)
KEYS = tuple(k for k in SCORED_KEYS if k != "initiatives")  # initiatives are best-effort
#: F1 floors per genre, at or just below what the extraction reaches; never lower one.
FLOORS = {
    "response": {
        "agencies": 0.93,
        "directives": 0.95,
        "pledges": 0.90,
        "pledges_agency": 0.90,
        "targets": 0.95,
        "observations": 0.95,
        "persons": 0.88,
        "events": 0.95,
    },
    "statistics": {
        "agencies": 0.95,
        "pledges": 0.95,
        "pledges_agency": 0.95,
        "targets": 0.85,
        "observations": 0.95,
        "persons": 0.95,
        "events": 0.95,
    },
    "gwr": {
        "agencies": 0.95,
        "pledges": 0.95,
        "pledges_agency": 0.95,
        "targets": 0.95,
        "observations": 0.95,
    },
}
#: The keys of texts drawn at random (SPLIT.tsv): floors at what the rules reach today, so a
#: change that loses ground fails. Far below the goals (agencies 0.90 train, 0.85 test; see the
#: README's accuracy table): each may be raised, never lowered.
for _genre, _floors in {
    "response-new (train)": {
        "persons": 0.84,
        "agencies": 0.77,
        "directives": 0.74,
        "pledges": 0.22,
        "pledges_agency": 0.52,
        "observations": 0.80,
    },
    "response-new (test)": {
        "persons": 0.69,
        "agencies": 0.67,
        "directives": 0.46,
        "pledges": 0.31,
        "pledges_agency": 0.40,
        "observations": 0.90,
    },
    "month (train)": {"agencies": 0.30, "observations": 0.80, "persons": 0.74},
    "month (test)": {"agencies": 0.53, "observations": 0.87, "persons": 0.60},
    "gwr-2026 (train)": {"targets": 0.85, "observations": 0.88},
    "gwr-2026 (test)": {"targets": 0.85, "observations": 0.94},
    "statistics-new (train)": {"observations": 0.95},
    "statistics-new (test)": {"observations": 0.95},
}.items():
    FLOORS[_genre] = _floors
#: Share of the matched figures whose period / indicator is right (kg.evaluate.FieldScore):
#: today's level, to be raised; the goal is 0.90 for both on every test part.
FIELD_FLOORS = {
    "gwr": {"targets.period": 0.86, "observations.period": 0.86},
    "gwr-2026 (train)": {
        "targets.period": 0.88,
        "observations.period": 0.90,
        "observations.indicator": 0.90,
    },
    "gwr-2026 (test)": {
        "targets.period": 0.10,
        "observations.period": 0.66,
        "observations.indicator": 0.94,
    },
    "statistics-new (train)": {"observations.period": 0.53, "observations.indicator": 0.70},
    "statistics-new (test)": {"observations.period": 0.44, "observations.indicator": 0.69},
    "response-new (train)": {"observations.period": 0.59, "observations.indicator": 0.68},
    "response-new (test)": {"observations.period": 0.75, "observations.indicator": 0.68},
}
#: The genres whose keys the rules were developed on: the issue floors hold for them.
TUNED = ("response", "statistics", "gwr")
SAMPLE = DATA / "rmrb-sample"
SAMPLE_PRECISION = 0.9


#: Folders whose keys are split into a part the rules were tuned on and a part they were not
#: (SPLIT.tsv beside the texts: file, split): the genre is named for the folder and the split.
SPLIT_GENRES = {
    "responses": "response-new",
    "rmrb-keys": "month",
    "statistics": "statistics-new",
    "gwr-2026": "gwr-2026",
}


def genre_of(key: Path) -> str | None:
    folder = key.parent.name
    if folder in SPLIT_GENRES:
        text = key.name.removesuffix(".gold.yaml") + ".txt"
        return f"{SPLIT_GENRES[folder]} ({_splits(key.parent)[text]})"
    name = key.relative_to(DATA).with_suffix("").as_posix().removesuffix(".gold")
    return next((genre for pattern, genre in GENRES if fnmatch(name, pattern)), None)


def _splits(folder: Path) -> dict[str, str]:
    rows = (folder / "SPLIT.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return dict(row.split("\t") for row in rows)


def answer_keys() -> list[tuple[Path, Path]]:
    """(key, source text) pairs: ``x.gold.yaml`` beside ``x.txt``, ``gold.yaml`` beside the
    one page of its folder."""
    pairs = [
        (k, k.with_name(k.name.removesuffix(".gold.yaml") + ".txt"))
        for k in DATA.rglob("*.gold.yaml")
    ]
    for key in DATA.rglob("gold.yaml"):
        (page,) = key.parent.glob("*.txt")
        pairs.append((key, page))
    return sorted(p for p in pairs if p[1].is_file())


@pytest.fixture(scope="module")
def reports() -> dict[str, list[tuple[str, Report]]]:
    out: dict[str, list[tuple[str, Report]]] = {}
    for key, source in answer_keys():
        genre = genre_of(key)
        assert genre is not None, f"{key}: no genre in GENRES; add one"
        out.setdefault(genre, []).append((source.name, api.evaluate_file(key, source)))
    return out


@pytest.fixture(scope="module")
def by_genre(reports) -> dict[str, Report]:
    return {genre: combine(r for _, r in rs) for genre, rs in reports.items()}


def test_every_answer_key_is_scored(reports):
    assert sorted(reports) == sorted(FLOORS)
    assert sum(len(rs) for rs in reports.values()) == len(answer_keys()) >= 37
    assert len(reports["gwr"]) == 12 and len(reports["statistics"]) == 1
    for genre in ("response-new", "month"):  # half of each random draw is held out
        assert len(reports[f"{genre} (train)"]) == len(reports[f"{genre} (test)"]) > 0


@pytest.mark.parametrize(("genre", "key"), [(g, k) for g, floors in FLOORS.items() for k in floors])
def test_genre_floor(by_genre, genre, key):
    score = by_genre[genre].scores[key]
    assert score.f1 >= FLOORS[genre][key], f"{genre} {key}: {score}"


@pytest.mark.parametrize(
    ("genre", "field"), [(g, f) for g, floors in FIELD_FLOORS.items() for f in floors]
)
def test_field_floor(by_genre, genre, field):
    score = by_genre[genre].fields[field]
    assert score.share >= FIELD_FLOORS[genre][field], f"{genre} {field}: {score}"


def test_the_issue_floors_hold_for_every_genre(by_genre):
    for genre, report in by_genre.items():
        if genre not in TUNED:
            continue
        s = report.scores
        assert s["agencies"].f1 >= 0.9, genre
        for key in ("targets", "observations", "pledges_agency"):
            assert s[key].f1 >= 0.85, (genre, key)


def test_print_the_genre_table(by_genre, reports):
    lines = [f"{'genre':<11}{'key':<15}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>7}{'R':>7}{'F1':>7}"]
    for genre, report in by_genre.items():
        for key in KEYS:
            s = report.scores[key]
            lines.append(
                f"{genre:<11}{key:<15}{s.tp:>5}{s.fp:>5}{s.fn:>5}"
                f"{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}"
            )
        shares = ", ".join(
            f"{name} {f.share:.2f} of {f.total}" for name, f in report.fields.items() if f.total
        )
        lines.append(f"{'':<11}(matched figures right: {shares})")
        names = ", ".join(name for name, _ in reports[genre])
        lines.append(f"{'':<11}({len(reports[genre])} keys: {names})")
    print("\n" + "\n".join(lines))
    assert len(lines) > len(KEYS) * len(by_genre)


# --- a judged sample of a real month ---------------------------------------------------------


@pytest.fixture(scope="module")
def judged() -> list[dict]:
    return yaml.safe_load((SAMPLE / "judged.yaml").read_text(encoding="utf-8"))["items"]


@pytest.fixture(scope="module")
def sample_records() -> dict[str, dict]:
    return {Path(r["source"]).name: r for r in api.extract_records([SAMPLE])}


def test_the_sample_files_are_all_here(judged):
    files = {i["file"] for i in judged}
    assert files == {p.name for p in SAMPLE.glob("*.txt")}
    manifest = (SAMPLE / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert {row.split("\t")[0] for row in manifest} == files


@pytest.mark.parametrize("kind", ["pledge", "observation"])
def test_the_judged_sample_is_mostly_correct(judged, kind):
    items = [i for i in judged if i["kind"] == kind]
    assert len(items) == 50
    share = sum(i["correct"] for i in items) / len(items)
    assert share >= SAMPLE_PRECISION, f"{kind}: {share:.2f} judged correct"


def _still_found(item: dict, record: dict) -> bool:
    if item["kind"] == "pledge":
        return any(
            p["agency"] == item["agency"] and overlap(p["text"], item["text"])
            for p in record["pledges"]
        )
    return any(
        o["value"] == item["value"]
        and o["unit"] == item["unit"]
        and o["value_max"] == item.get("value_max")
        and overlap(o["text"], item["text"])
        for o in record["observations"]
    )


def test_every_fact_judged_correct_is_still_extracted(judged, sample_records):
    lost = [
        f"{i['file']} {i['kind']}: {i['text'][:40]}"
        for i in judged
        if i["correct"] and not _still_found(i, sample_records[i["file"]])
    ]
    assert not lost, "\n".join(lost)
