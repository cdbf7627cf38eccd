"""The `kg` command as a user runs it: real processes, real store on disk."""

from __future__ import annotations

import json
import subprocess
import sys

import rdflib

from .conftest import SEED_DIR, SEED_GOLD, SEED_TEXT


def kg(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_build_writes_store_export_and_summary(tmp_path):
    out = tmp_path / "out"
    r = kg("build", SEED_DIR, "--out", out)
    assert r.returncode == 0, r.stderr
    assert "pledges" in r.stdout and "17" in r.stdout
    ds = rdflib.Dataset()
    ds.parse(out / "graph.trig", format="trig")
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert sum("/article/" in g for g in graphs) == 3  # one named graph per article
    # building again changes nothing and says so
    r2 = kg("build", SEED_DIR, "--out", out)
    assert r2.returncode == 0 and "unchanged" in r2.stdout


def test_build_without_arguments_uses_the_bundled_articles(tmp_path):
    r = kg("build", "--out", tmp_path / "o", "--quiet")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "o" / "graph.trig").stat().st_size > 10_000


def test_query_prints_csv_and_json(seed_built):
    out, _ = seed_built
    r = kg(
        "query", "pledges-of-agency", "--param", "agency=省工信厅", "--format", "json", "--out", out
    )
    assert r.returncode == 0, r.stderr
    (row,) = json.loads(r.stdout)
    assert row["agencyName"] == "江西省工业和信息化厅"
    r = kg("query", "targets", "--format", "csv", "--out", out)
    assert r.stdout.splitlines()[0].startswith("target,")


def test_extract_prints_answer_key_shaped_json():
    r = kg("extract", SEED_TEXT, "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert {"articles", "agencies", "directives", "pledges", "observations"} <= set(data)
    assert len(data["directives"]) == 6


def test_evaluate_json():
    r = kg("evaluate", "--gold", SEED_GOLD, SEED_TEXT, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["pledges"]["f1"] >= 0.95


def test_user_errors_are_one_line_without_traceback(tmp_path, seed_built):
    out, _ = seed_built
    cases = [
        (("query", "no-such-query", "--out", out), 4),
        (("build", tmp_path / "missing", "--out", tmp_path / "o"), 2),
        (("query", "pledges-of-agency", "--param", "nope=1", "--out", out), 4),
        (("query", "targets", "--out", tmp_path / "empty"), 3),
    ]
    for args, code in cases:
        r = kg(*args)
        assert r.returncode == code, (args, r.stderr)
        assert "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert r.stderr.startswith("kg: error:")
