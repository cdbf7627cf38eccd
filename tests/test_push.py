"""`kg push` into a second, real Oxigraph server (updates allowed, empty store in a tmp folder):
what the server holds afterwards is compared as RDF with the local store's article graphs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from kg import api, serve
from kg.push import EndpointError, credentials, write_url

from .conftest import free_port

KG = [sys.executable, "-m", "kg.cli"]
ROOT = Path(__file__).resolve().parent.parent


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KG, *args], capture_output=True, text=True, timeout=120, cwd=ROOT, check=False
    )


@pytest.fixture
def remote(tmp_path):
    """An empty Oxigraph server that accepts writes, stopped at teardown."""
    server = serve.start(
        tmp_path / "remote", bind=f"127.0.0.1:{free_port()}", allow_update=True, create=True
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def local(seed_built):
    """The seed build's article graphs as rdflib graphs, by graph IRI."""
    out, _ = seed_built
    store = api.open_store(out)
    ds = store.to_rdflib()
    graphs = {}
    for g in store.graphs():
        copy = rdflib.Graph()
        for t in ds.graph(rdflib.URIRef(g)):
            copy.add(t)
        graphs[g] = copy
    articles = [g for g in graphs if "/article/" in g]
    assert len(articles) == 3  # the seed page's three articles (and any shared graph)
    return out, graphs


def remote_graph(server: serve.Server, iri: str) -> rdflib.Graph:
    """One named graph read back with a Graph Store Protocol GET."""
    url = f"{server.store_url}?{urllib.parse.urlencode({'graph': iri})}"
    req = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return rdflib.Graph().parse(data=resp.read(), format="nt")


def remote_graph_names(server: serve.Server) -> set[str]:
    q = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"}).encode()
    req = urllib.request.Request(
        server.query_url, data=q, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return {b["g"]["value"] for b in json.load(resp)["results"]["bindings"]}


def assert_same(server: serve.Server, graphs: dict[str, rdflib.Graph]) -> None:
    assert remote_graph_names(server) == set(graphs)
    for iri, graph in graphs.items():
        theirs = remote_graph(server, iri)
        assert len(theirs) == len(graph), iri
        assert isomorphic(theirs, graph), iri


def add_stale_triple(server: serve.Server, iri: str) -> None:
    """A triple a previous push might have left: a replace must remove it."""
    body = f'INSERT DATA {{ GRAPH <{iri}> {{ <urn:x:old> <urn:x:p> "stale" }} }}'.encode()
    req = urllib.request.Request(
        server.update_url, data=body, headers={"Content-Type": "application/sparql-update"}
    )
    with urllib.request.urlopen(req, timeout=30):
        pass


@pytest.mark.parametrize(
    "options",
    [
        [],  # Graph Store Protocol, N-Triples
        ["--format", "turtle"],
        ["--protocol", "update", "--batch", "500"],  # several articles per request, and not
    ],
    ids=["gsp-ntriples", "gsp-turtle", "update"],
)
def test_push_sends_each_article_graph_and_replaces_it(remote, local, options):
    out, graphs = local
    first = kg("push", "--endpoint", remote.query_url, "--out", str(out), *options)
    assert first.returncode == 0, first.stderr
    assert_same(remote, graphs)

    some = sorted(graphs)[1]
    add_stale_triple(remote, some)
    assert len(remote_graph(remote, some)) == len(graphs[some]) + 1
    second = kg("push", "--endpoint", remote.query_url, "--out", str(out), *options)
    assert second.returncode == 0, second.stderr
    assert_same(remote, graphs)  # replaced, not appended


def test_push_with_explicit_urls_from_python(remote, local):
    from kg.push import push

    out, graphs = local
    summary = push(api.open_store(out), graph_store_url=remote.store_url)
    assert summary.graphs == summary.requests == len(graphs)
    assert summary.triples == sum(len(g) for g in graphs.values())
    summary = push(api.open_store(out), protocol="update", update_url=remote.update_url)
    assert summary.requests == 1  # the seed page is smaller than one batch
    assert_same(remote, graphs)


def test_push_to_a_read_only_server_says_what_to_do(local, tmp_path):
    out, _ = local
    copy = tmp_path / "ro"
    shutil.copytree(api.store_path(out), copy)
    with serve.start(copy, bind=f"127.0.0.1:{free_port()}") as server:
        res = kg("push", "--endpoint", server.query_url, "--out", str(out))
    assert res.returncode == 6
    line = res.stderr.strip()
    assert "PUT" in line and "/store?graph=" in line and "403" in line
    assert "--allow-update" in line
    assert "Traceback" not in res.stderr


def test_push_to_nothing_is_a_one_line_error(local):
    out, _ = local
    url = f"http://127.0.0.1:{free_port()}/ds/query"
    res = kg("push", "--endpoint", url, "--protocol", "update", "--out", str(out))
    assert res.returncode == 6
    assert "/ds/update" in res.stderr and "cannot connect" in res.stderr


@pytest.mark.parametrize(
    ("endpoint", "gsp", "update"),
    [
        (
            "http://localhost:7878/query",
            "http://localhost:7878/store",
            "http://localhost:7878/update",
        ),
        ("http://h:3030/ds/query", "http://h:3030/ds/data", "http://h:3030/ds/update"),
        ("http://h:3030/ds/sparql", "http://h:3030/ds/data", "http://h:3030/ds/update"),
        ("http://h:3030/ds", "http://h:3030/ds/data", "http://h:3030/ds/update"),
        (
            "http://h:8890/sparql",
            "http://h:8890/sparql-graph-crud-auth",
            "http://h:8890/sparql-auth",
        ),
        (
            "http://h:7200/repositories/kg",
            "http://h:7200/repositories/kg/rdf-graphs/service",
            "http://h:7200/repositories/kg/statements",
        ),
    ],
)
def test_write_urls_follow_each_servers_layout(endpoint, gsp, update):
    assert write_url("gsp", endpoint) == gsp
    assert write_url("update", endpoint) == update


def test_write_url_override_and_unknown_layout():
    assert write_url("gsp", None, graph_store_url="http://h/x") == "http://h/x"
    with pytest.raises(EndpointError, match="--update-url"):
        write_url("update", "http://h/a/b/c")
    with pytest.raises(EndpointError, match="--endpoint"):
        write_url("gsp", None)


def test_credentials_come_from_options_or_environment(monkeypatch):
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)
    assert credentials() is None
    assert credentials("admin", "pw") == ("admin", "pw")
    monkeypatch.setenv("KG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "secret")
    assert credentials() == ("dba", "secret")
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD")
    with pytest.raises(EndpointError, match="KG_ENDPOINT_PASSWORD"):
        credentials()


@pytest.fixture
def guarded():
    """A loopback HTTP server that takes PUTs only with Basic credentials dba:secret (Oxigraph
    has no authentication), recording what it accepted; shut down at teardown."""
    import base64
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    accepted: list[str] = []
    good = "Basic " + base64.b64encode(b"dba:secret").decode()

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Authorization") != good:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="kg"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            accepted.append(urllib.parse.unquote(self.path))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/ds/query", accepted
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


def test_basic_credentials_from_options_or_environment(guarded, local):
    url, accepted = guarded
    out, graphs = local
    refused = kg("push", "--endpoint", url, "--out", str(out))
    assert refused.returncode == 6
    assert "HTTP 401" in refused.stderr and "--user" in refused.stderr
    ok = kg("push", "--endpoint", url, "--out", str(out), "--user", "dba", "--password", "secret")
    assert ok.returncode == 0, ok.stderr
    assert sorted(accepted) == sorted(f"/ds/data?graph={g}" for g in graphs)
    env = {**os.environ, "KG_ENDPOINT_USER": "dba", "KG_ENDPOINT_PASSWORD": "secret"}
    by_env = subprocess.run(
        [*KG, "push", "--endpoint", url, "--out", str(out)],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=env, check=False,
    )  # fmt: skip
    assert by_env.returncode == 0, by_env.stderr
    assert len(accepted) == 2 * len(graphs)
