"""The built seed graph passes the SHACL shapes; a broken graph is reported by article."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox

from kg import api
from kg.validate import validate_store
from kg.vocab import PLK


def test_built_seed_graph_conforms(seed_built):
    out, _ = seed_built
    report = validate_store(api.open_store(out).oxigraph)
    assert report.graphs == 3
    assert report.conforms, report.violations[0].text if report.violations else ""


def test_a_pledge_without_agency_is_reported(seed_built, tmp_path):
    out, _ = seed_built
    src = api.open_store(out).oxigraph
    broken = ox.Store()
    broken.extend(q for q in src if q.predicate.value != str(PLK.agency))
    report = validate_store(broken)
    assert not report.conforms
    assert all("/article/" in v.graph for v in report.violations)
    assert "plk:agency" in report.violations[0].text or str(PLK.agency) in report.violations[0].text


def test_kg_validate_command(seed_built):
    out, _ = seed_built
    r = subprocess.run(
        [sys.executable, "-m", "kg.cli", "validate", "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "valid: 3 article graphs" in r.stdout
