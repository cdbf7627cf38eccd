"""Push the graph to a SPARQL 1.1 store: the local store in, one named graph per article there.

Each article graph replaces the graph of the same name on the server, so pushing twice leaves
the same data, and articles pushed earlier but not pushed now stay as they were. Two ways in:

* ``gsp`` (default) — SPARQL 1.1 Graph Store HTTP Protocol: ``PUT {url}?graph={article IRI}``
  with the graph as N-Triples (or Turtle), one request per article;
* ``update`` — SPARQL 1.1 Update: ``DROP SILENT GRAPH`` and ``INSERT DATA`` for a batch of
  articles in one request (``application/sparql-update``).

The URL to write to is derived from the query endpoint by the server layouts in
:data:`LAYOUTS` (``…/ds/query`` → ``…/ds/data``) or given outright. Credentials go as HTTP
Basic; a server that asks for Digest (Virtuoso's ``-auth`` endpoints) gets Digest.
"""

from __future__ import annotations

import base64
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError
from kg.query import PREFIXES
from kg.store import Store

ENV_USER = "KG_ENDPOINT_USER"
ENV_PASSWORD = "KG_ENDPOINT_PASSWORD"
DEFAULT_BATCH = 5000  # triples per SPARQL Update request


class EndpointError(KgError):
    """A remote SPARQL store cannot be reached or refuses what is sent."""

    exit_code = 6


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a server keeps its write endpoints, relative to its query endpoint's path."""

    server: str
    path: str  # regular expression on the query endpoint's path
    graph_store: str  # replacement giving the Graph Store Protocol path
    update: str  # replacement giving the SPARQL Update path


LAYOUTS = (
    Layout("Oxigraph", r"/?|/query", "/store", "/update"),
    Layout("Virtuoso", r"/sparql(?:-auth)?/?", "/sparql-graph-crud-auth", "/sparql-auth"),
    Layout(
        "GraphDB / RDF4J",
        r"(?P<r>.*/repositories/[^/]+)/?",
        r"\g<r>/rdf-graphs/service",
        r"\g<r>/statements",
    ),
    Layout("Fuseki", r"(?P<ds>/[^/]+)(?:/(?:query|sparql))?/?", r"\g<ds>/data", r"\g<ds>/update"),
)


@dataclass(frozen=True, slots=True)
class Format:
    rdf: ox.RdfFormat
    media_type: str


FORMATS = {
    "ntriples": Format(ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "turtle": Format(ox.RdfFormat.TURTLE, "text/turtle"),
}
PROTOCOLS = ("gsp", "update")
# HTTP status → what to do; {option} names the URL override of the protocol in use.
_STATUS_HINTS = {
    400: "the server rejected the request; check that the URL is its {what} endpoint",
    401: f"give --user and --password (or {ENV_USER} and {ENV_PASSWORD})",
    403: "this user may not write there, or the server is read-only "
    "(a kg serve needs --allow-update)",
    404: "nothing there; check the URL or give {option}",
    405: "that URL does not take {method}; give its {what} URL with {option}",
    413: "the request is too large; use a smaller --batch or --protocol gsp",
    415: "the server does not read {media}; try --format turtle",
}


@dataclass
class PushSummary:
    """What a push sent, for the summary table."""

    url: str
    protocol: str
    graphs: int = 0
    triples: int = 0
    requests: int = 0
    bytes: int = 0
    seconds: float = 0.0

    def rows(self) -> list[tuple[str, str]]:
        return [
            ("to", self.url),
            ("protocol", self.protocol),
            ("article graphs", str(self.graphs)),
            ("triples", str(self.triples)),
            ("requests", str(self.requests)),
            ("MB sent", f"{self.bytes / 1e6:.1f}"),
            ("seconds", f"{self.seconds:.2f}"),
        ]


def write_url(
    protocol: str,
    endpoint: str | None = None,
    *,
    graph_store_url: str | None = None,
    update_url: str | None = None,
) -> str:
    """The URL a push writes to: the override for ``protocol``, else derived from ``endpoint``."""
    if protocol not in PROTOCOLS:
        raise EndpointError(f"unknown protocol '{protocol}'; use {' or '.join(PROTOCOLS)}")
    given = graph_store_url if protocol == "gsp" else update_url
    if given:
        return given
    option = "--graph-store-url" if protocol == "gsp" else "--update-url"
    if not endpoint:
        raise EndpointError(f"give --endpoint (the server's SPARQL query URL) or {option}")
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"--endpoint '{endpoint}' is not an http(s) URL")
    for layout in LAYOUTS:
        m = re.fullmatch(layout.path, parts.path)
        if m:
            path = m.expand(layout.graph_store if protocol == "gsp" else layout.update)
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    raise EndpointError(
        f"cannot tell where {endpoint} takes {'Graph Store' if protocol == 'gsp' else 'update'} "
        f"requests; give the URL with {option}"
    )


def credentials(user: str | None = None, password: str | None = None) -> tuple[str, str] | None:
    """User and password from the arguments, else from KG_ENDPOINT_USER / KG_ENDPOINT_PASSWORD."""
    user = user or os.environ.get(ENV_USER) or None
    password = password if password is not None else os.environ.get(ENV_PASSWORD)
    if user is None and not password:
        return None
    if user is None or password is None:
        raise EndpointError(
            f"give both a user and a password (--user/--password or {ENV_USER}/{ENV_PASSWORD})"
        )
    return user, password


class _Client:
    """urllib with preemptive Basic auth, Digest when challenged, and one-line errors."""

    def __init__(self, auth: tuple[str, str] | None, timeout: float, what: str, option: str):
        self.timeout = timeout
        self.what = what
        self.option = option
        self.basic: str | None = None
        handlers: list[Any] = []
        if auth:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
            self.basic = f"Basic {token}"
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, "http://", auth[0], auth[1])
            passwords.add_password(None, "https://", auth[0], auth[1])
            handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
        self.opener = urllib.request.build_opener(*handlers)

    def send(self, method: str, url: str, body: bytes, media_type: str) -> None:
        req = urllib.request.Request(url, data=body, method=method)
        req.add_header("Content-Type", f"{media_type}; charset=utf-8")
        if self.basic:
            req.add_unredirected_header("Authorization", self.basic)
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                resp.read()
        except urllib.error.HTTPError as exc:
            said = " ".join(exc.read(300).decode("utf-8", "replace").split())
            hint = _STATUS_HINTS.get(exc.code, "see the server's log").format(
                what=self.what, option=self.option, method=method, media=media_type
            )
            said = f" (server said: {said})" if said else ""
            raise EndpointError(
                f"{method} {_short(url)} failed: HTTP {exc.code} {exc.reason}{said}; {hint}"
            ) from exc
        except TimeoutError as exc:
            raise EndpointError(
                f"{method} {_short(url)}: no answer within {self.timeout:.0f} s; "
                "raise --timeout or use a smaller --batch"
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise EndpointError(
                f"{method} {_short(url)}: cannot connect ({reason}); "
                "is the server running and the URL right?"
            ) from exc


def _short(url: str, limit: int = 160) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def _graph_triples(store: Store, graph: str) -> list[ox.Triple]:
    return [
        q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    ]


def _batches(
    store: Store, graphs: Sequence[str], size: int
) -> Iterator[list[tuple[str, list[ox.Triple]]]]:
    batch: list[tuple[str, list[ox.Triple]]] = []
    count = 0
    for g in graphs:
        triples = _graph_triples(store, g)
        if batch and count + len(triples) > size:
            yield batch
            batch, count = [], 0
        batch.append((g, triples))
        count += len(triples)
    if batch:
        yield batch


def update_request(batch: Sequence[tuple[str, Sequence[ox.Triple]]]) -> str:
    """One SPARQL Update replacing each graph of ``batch`` (graph IRI, its triples)."""
    drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g, _ in batch)
    blocks = "".join(
        f"GRAPH <{g}> {{\n" + " .\n".join(str(t) for t in triples) + " .\n}\n"
        for g, triples in batch
        if triples
    )
    return drops + "INSERT DATA {\n" + blocks + "}\n"


def push(
    store: Store,
    *,
    endpoint: str | None = None,
    protocol: str = "gsp",
    graph_store_url: str | None = None,
    update_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
    fmt: str = "ntriples",
    batch: int = DEFAULT_BATCH,
    graphs: Iterable[str] | None = None,
    timeout: float = 120,
    progress: Callable[[int, int], None] | None = None,
) -> PushSummary:
    """Send every article graph of ``store`` (or just ``graphs``) to a SPARQL 1.1 store,
    replacing the graphs of the same names there."""
    url = write_url(protocol, endpoint, graph_store_url=graph_store_url, update_url=update_url)
    if fmt not in FORMATS:
        raise EndpointError(f"unknown format '{fmt}'; use {' or '.join(FORMATS)}")
    if batch < 1:
        raise EndpointError(f"--batch must be at least 1, not {batch}")
    names = list(graphs) if graphs is not None else store.graphs()
    option = "--graph-store-url" if protocol == "gsp" else "--update-url"
    what = "Graph Store Protocol" if protocol == "gsp" else "SPARQL Update"
    client = _Client(credentials(user, password), timeout, what, option)
    summary = PushSummary(url=url, protocol=protocol)
    started = time.perf_counter()
    sep = "&" if "?" in url else "?"
    if protocol == "gsp":
        form = FORMATS[fmt]
        for g in names:
            triples = _graph_triples(store, g)
            prefixes = PREFIXES if form.rdf == ox.RdfFormat.TURTLE else None
            body = ox.serialize(triples, format=form.rdf, prefixes=prefixes)
            assert body is not None
            target = f"{url}{sep}{urllib.parse.urlencode({'graph': g})}"
            client.send("PUT", target, body, form.media_type)
            summary.requests += 1
            summary.bytes += len(body)
            summary.graphs += 1
            summary.triples += len(triples)
            if progress:
                progress(summary.graphs, len(names))
    else:
        for chunk in _batches(store, names, batch):
            body = update_request(chunk).encode("utf-8")
            client.send("POST", url, body, "application/sparql-update")
            summary.requests += 1
            summary.bytes += len(body)
            summary.graphs += len(chunk)
            summary.triples += sum(len(t) for _, t in chunk)
            if progress:
                progress(summary.graphs, len(names))
    summary.seconds = time.perf_counter() - started
    return summary
