"""`kg serve` as a user runs it: a real Oxigraph server over the seed page's store, on a free
loopback port, queried over HTTP by `kg query --endpoint` and by plain urllib."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg import api
from kg.query import named_queries

from .conftest import free_port

KG = [sys.executable, "-m", "kg.cli"]
ROOT = Path(__file__).resolve().parent.parent


def kg(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KG, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False
    )


def wait_until_up(url: str, proc: subprocess.Popen[str], limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"kg serve exited with {proc.returncode}: {proc.stderr.read()}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"no server at {url} after {limit} s")


@pytest.fixture(scope="module")
def server(seed_built, tmp_path_factory):
    """`kg serve` over a copy of the seed store (the server needs the store to itself)."""
    out, summary = seed_built
    copy = tmp_path_factory.mktemp("served")
    shutil.copytree(api.store_path(out), api.store_path(copy))
    port = free_port()
    proc = subprocess.Popen(
        [*KG, "serve", "--out", str(copy), "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/", proc)
        yield base, copy, out, summary
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def post(url: str, field: str, text: str, accept: str = "application/sparql-results+json"):
    data = urllib.parse.urlencode({field: text}).encode()
    req = urllib.request.Request(url, data=data, headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.load(resp)


def test_query_page_is_served(server):
    base, *_ = server
    with urllib.request.urlopen(base + "/", timeout=10) as resp:
        assert resp.status == 200
        assert resp.headers.get_content_type() == "text/html"


def test_urllib_sees_every_triple_of_the_build(server):
    base, _, out, summary = server
    answer = post(base + "/query", "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    # the union of the article graphs is the default graph, as in the embedded store
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == summary.triples
    graphs = post(base + "/query", "query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert {b["g"]["value"] for b in graphs["results"]["bindings"]} == set(
        api.open_store(out).graphs()
    )


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_query_over_http_matches_the_local_store(server, name):
    base, _, out, _ = server
    remote = kg("query", name, "--endpoint", base + "/query", "--format", "json")
    assert remote.returncode == 0, remote.stderr
    local = api.query(name, out=out)
    rows = json.loads(remote.stdout)
    key = lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False)  # noqa: E731
    assert sorted(map(key, rows)) == sorted(map(key, local.as_dicts()))


def test_parameter_is_bound_over_http(server):
    base, *_ = server
    # answer key: 省工信厅 is 江西省工业和信息化厅, which pledges in article 1
    res = kg(
        "query", "pledges-of-agency", "-p", "agency=省工信厅",
        "--endpoint", base + "/query", "--format", "json",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout)
    assert rows
    assert {r["agencyName"] for r in rows} == {"江西省工业和信息化厅"}


def test_update_is_refused_by_the_read_only_server(server):
    base, *_ = server
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = post(base + "/query", "query", count)
    with pytest.raises(urllib.error.HTTPError) as err:
        post(base + "/update", "update", "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }")
    assert err.value.code == 403
    assert post(base + "/query", "query", count) == before


def test_store_held_by_the_server_is_refused_with_a_clear_error(server):
    _, copy, _, _ = server
    second = kg("serve", "--out", str(copy), "--bind", f"127.0.0.1:{free_port()}")
    assert second.returncode == 3
    assert "open in another process" in second.stderr
    build = kg("build", str(ROOT / "tests/data/seed"), "--out", str(copy), "--quiet")
    assert build.returncode == 3
    assert "LOCK" in build.stderr and "Traceback" not in build.stderr


def test_serve_without_a_store_says_to_build_first(tmp_path):
    res = kg("serve", "--out", str(tmp_path), "--bind", f"127.0.0.1:{free_port()}")
    assert res.returncode == 3
    assert "run `kg build` first" in res.stderr


def test_unreachable_endpoint_is_a_one_line_error():
    res = kg("query", "agencies", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert res.returncode == 4
    assert "cannot reach the endpoint" in res.stderr
    assert "Traceback" not in res.stderr
