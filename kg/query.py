"""Stage 8 — query: named SPARQL queries (the ontology's competency questions) and files.

Named queries live in ``ontology/queries/NAME.rq``; their header comments say the question
(``# Question: …``) and the parameters (``# Param: agency — …``). A parameter ``agency`` is
the variable ``?agency_param``, declared in the query as ``VALUES ?agency_param { UNDEF }``;
a value given by the user replaces ``UNDEF`` as an RDF literal escaped by pyoxigraph, never by
pasting text into the query. The same text runs on the embedded store or on any SPARQL 1.1
endpoint.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.paths import ontology_dir

PREFIXES = {
    "plk": "https://w3id.org/plenum-kg/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "time": "http://www.w3.org/2006/time#",
    "qudt": "http://qudt.org/schema/qudt/",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_VALUES = re.compile(r"VALUES\s+\?(?P<name>\w+)_param\s*\{\s*UNDEF\s*\}")


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    question: str
    params: dict[str, str]  # name -> description


@dataclass(frozen=True, slots=True)
class Result:
    variables: list[str]
    rows: list[list[str | None]]

    def as_dicts(self) -> list[dict[str, str | None]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


def _parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    question = ""
    params: dict[str, str] = {}
    for line in text.splitlines():
        m = re.match(r"#\s*Question:\s*(.+)", line)
        if m:
            question = m.group(1).strip()
        m = re.match(r"#\s*Param:\s*(\w+)\s*(?:[—–:-]+\s*)?(.*)", line)
        if m:
            params[m.group(1)] = m.group(2).strip()
    return NamedQuery(path.stem, path, text, question, params)


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query, by name (the registry the CLI lists)."""
    folder = ontology_dir() / "queries"
    return {p.stem: _parse(p) for p in sorted(folder.glob("*.rq"))}


def resolve_query(name_or_file: str) -> NamedQuery:
    """A named query, or a ``.rq`` file given by path."""
    queries = named_queries()
    if name_or_file in queries:
        return queries[name_or_file]
    path = Path(name_or_file)
    if path.suffix in (".rq", ".sparql") or path.exists():
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return _parse(path)
    raise QueryError(
        f"unknown query '{name_or_file}'; named queries: {', '.join(queries)} (or give a .rq file)"
    )


def bind(query: NamedQuery, params: Mapping[str, str]) -> str:
    """The query text with each given parameter bound as an escaped literal."""
    declared = {m.group("name") for m in _VALUES.finditer(query.text)}
    unknown = set(params) - declared
    if unknown:
        known = ", ".join(sorted(declared)) or "none"
        names = ", ".join(sorted(unknown))
        raise QueryError(f"query '{query.name}' has no parameter {names}; its parameters: {known}")

    def sub(m: re.Match[str]) -> str:
        name = m.group("name")
        if name not in params:
            return m.group()
        return f"VALUES ?{name}_param {{ {ox.Literal(params[name])} }}"

    return _VALUES.sub(sub, query.text)


def _term(term: Any) -> str | None:
    if term is None:
        return None
    return str(term.value)


def run_local(store: Any, sparql: str) -> Result:
    """Run a SELECT on a :class:`kg.store.Store`."""
    try:
        solutions = store.query(sparql, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    if isinstance(solutions, bool):
        return Result(["ask"], [[str(solutions).lower()]])
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(
            "only SELECT and ASK queries print as tables; use kg viz --query for CONSTRUCT"
        )
    variables = [v.value for v in solutions.variables]
    rows = [[_term(sol[v]) for v in variables] for sol in solutions]
    return Result(variables, rows)


def run_endpoint(endpoint: str, sparql: str, timeout: float = 60) -> Result:
    """Run a SELECT on any SPARQL 1.1 endpoint (SPARQL Protocol, JSON results)."""
    head = "".join(
        f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items() if f"PREFIX {k}:" not in sparql
    )
    data = urllib.parse.urlencode({"query": head + sparql}).encode()
    req = urllib.request.Request(
        endpoint,
        data=data,
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            payload = json.load(resp)
    except urllib.error.HTTPError as exc:
        raise QueryError(
            f"{endpoint}: the endpoint refused the query ({exc.code} {exc.reason})"
        ) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise QueryError(f"{endpoint}: cannot reach the endpoint ({exc}); is it running?") from exc
    if "boolean" in payload:
        return Result(["ask"], [[str(payload["boolean"]).lower()]])
    variables = payload["head"]["vars"]
    rows = [
        [b[v]["value"] if v in b else None for v in variables]
        for b in payload["results"]["bindings"]
    ]
    return Result(variables, rows)
