"""Benchmark: extraction, build, bulk load, named queries at ~1M triples against rdflib, and the
re-ingest of one changed article. Not part of the tests; ``docs/benchmarks.md`` has the numbers.

    python -m kg.bench [CORPUS] [--json FILE] [--triples N]

The 1M-triple store is the corpus's own article graphs replicated under fresh article IRIs
(``…/article/{stem}/{n}`` → ``…/article/r{k}/{stem}/{n}``, with every sentence, span and fact
under it), while agencies, people and indicators keep their IRIs — as in a larger corpus that
keeps mentioning the same bodies. Queries run with their parameters unbound (every answer), on
the union of the graphs, through :func:`kg.query.run_local` (rows turned into Python strings,
as the CLI does); rdflib runs the same text on an in-memory ``Dataset(default_union=True)``,
each query in a forked child. A query run longer than ``--timeout`` seconds is cut, on either
side, and reported as '> N s'.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import platform
import resource
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Annotated, Any

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.table import Table

from kg.graph import DEFAULT_BASE, article_graphs
from kg.paths import bundled_articles
from kg.pipeline import extract_paths
from kg.query import PREFIXES, bind, named_queries, resolve_query
from kg.read import ReadFailure
from kg.store import Store
from kg.vocab import PLK

Graphs = list[tuple[ox.NamedNode, list[ox.Quad]]]
TARGETS = {
    "build_seconds": 30.0,  # the month, 2 jobs
    "build_memory_gb": 1.5,
    "query_ms": 100.0,  # median, each named query at 1M triples
    "rdflib_ratio": 10.0,
    "load_triples_per_s": 150_000.0,
    "reingest_seconds": 1.0,
}


# --- machine -----------------------------------------------------------------------------
def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return float("nan")


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(_memory_gb(), 1),
        "cpu": _cpu_model(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "pyoxigraph": ox.__version__,
        "oxigraph (server)": _version("oxigraph"),
        "rdflib": _version("rdflib"),
    }


def _peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- extraction --------------------------------------------------------------------------
@dataclass
class Extraction:
    documents: int = 0
    articles: int = 0
    megabytes: float = 0.0
    triples: int = 0
    extract_s: float = 0.0
    graph_s: float = 0.0
    failures: int = 0

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.extract_s if self.extract_s else 0.0

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.extract_s if self.extract_s else 0.0


def extract_corpus(corpus: Path) -> tuple[Extraction, Graphs]:
    """Run the text stages (timed) and build each article's quads (timed apart)."""
    stats = Extraction()
    failures: list[ReadFailure] = []
    graphs: Graphs = []
    docs = extract_paths([corpus], failures=failures)
    while True:
        tick = time.perf_counter()
        doc = next(docs, None)
        stats.extract_s += time.perf_counter() - tick
        if doc is None:
            break
        stats.documents += 1
        stats.megabytes += doc.source.path.stat().st_size / 1e6
        tick = time.perf_counter()
        for g, _digest, quads in article_graphs(doc, DEFAULT_BASE):
            graphs.append((g, quads))
            stats.articles += 1
            stats.triples += len(quads)
        stats.graph_s += time.perf_counter() - tick
    stats.failures = len(failures)
    return stats, graphs


# --- build (a separate process, memory sampled over its process tree) ----------------------
_BUILD = """
import inspect, json, sys
from kg import api
kw = {"jobs": int(sys.argv[3])} if "jobs" in inspect.signature(api.build).parameters else {}
s = api.build([sys.argv[1]], out=sys.argv[2], **kw)
print(json.dumps({"seconds": s.seconds, "stages": s.stage_seconds, "triples": s.triples,
                  "articles": s.articles, "jobs": kw.get("jobs", 1)}))
"""


def _tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            parents[int(d.name)] = int(fields[1])
            rss[int(d.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(rss.get(p, 0) for p in tree) / 2**20


def build_corpus(corpus: Path, out: Path, jobs: int) -> dict[str, Any]:
    """``kg.api.build`` of the corpus into a fresh folder: wall time, peak memory of the tree."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _BUILD, str(corpus), str(out), str(jobs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_mb(proc.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - started
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"the build failed:\n{stderr[-2000:]}")
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    result["wall_s"] = wall
    result["peak_tree_rss_mb"] = peak
    result["peak_single_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


# --- the ~1M-triple store ----------------------------------------------------------------
def _renamer(k: int, prefix: str) -> Callable[[Any], Any]:
    """Term → its copy number ``k``: article-owned IRIs and blank nodes move, the rest stays."""
    fresh = f"{prefix}r{k}/"
    seen: dict[Any, Any] = {}

    def rename(t: Any) -> Any:
        new = seen.get(t)
        if new is None:
            if isinstance(t, ox.NamedNode) and t.value.startswith(prefix):
                new = ox.NamedNode(fresh + t.value[len(prefix) :])
            elif isinstance(t, ox.BlankNode):
                new = ox.BlankNode(f"{t.value}r{k}")
            else:
                new = t
            seen[t] = new
        return new

    return rename


def _in_article(q: ox.Quad, prefix: str) -> bool:
    return isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(prefix)


def replicate(graphs: Graphs, target: int, base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """The corpus's quads, article graphs copied under fresh IRIs until about ``target``
    triples; quads of other graphs (shared descriptions) are the same in every copy: kept once."""
    prefix = base + "article/"
    own = [q for _, quads in graphs for q in quads if _in_article(q, prefix)]
    shared = sorted(
        {q for _, quads in graphs for q in quads if not _in_article(q, prefix)}, key=str
    )
    copies = max(1, round((target - len(shared)) / max(1, len(own))))
    out = own + shared
    for k in range(1, copies):
        rename = _renamer(k, prefix)
        out += [
            ox.Quad(rename(q.subject), q.predicate, rename(q.object), rename(q.graph_name))
            for q in own
        ]
    return out


def _median_ms(run: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """Median and first-run milliseconds of ``runs`` calls after one warm-up, and the result."""
    tick = time.perf_counter()
    result = run()
    first = (time.perf_counter() - tick) * 1000
    times = []
    for _ in range(runs):
        tick = time.perf_counter()
        run()
        times.append((time.perf_counter() - tick) * 1000)
    return statistics.median(times), first, result


@dataclass
class QueryTiming:
    name: str
    rows: int
    oxigraph_ms: float | None  # None: cut after the timeout
    oxigraph_first_ms: float | None
    rdflib_ms: float | None = None  # None: timed out
    rdflib_runs: int = 0
    rdflib_rows: int | None = None
    rdflib_error: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.rdflib_ms is None or self.oxigraph_ms is None:
            return None
        return self.rdflib_ms / self.oxigraph_ms


@dataclass
class Oxigraph:
    triples: int = 0  # in the store (a quad given twice is stored once)
    quads: int = 0  # given to the loader
    bulk_extend_s: float = 0.0
    nquads_mb: float = 0.0
    bulk_load_nquads_s: float = 0.0
    queries: list[QueryTiming] = field(default_factory=list)
    hashes_ms: float = 0.0
    reingest_ms: float = 0.0
    reingest_alt_ms: float = 0.0
    reingest_triples: int = 0
    peak_rss_mb: float = 0.0


_QUERY = """
import json, sys, time
from pathlib import Path
from kg.query import run_local
from kg.store import Store
store = Store(Path(sys.argv[1]), read_only=True)
text = Path(sys.argv[2]).read_text(encoding="utf-8")
for _ in range(int(sys.argv[3]) + 1):
    tick = time.perf_counter()
    rows = len(run_local(store, text).rows)
    print(json.dumps([(time.perf_counter() - tick) * 1000, rows]), flush=True)
"""


def query_files(
    folder: Path | None = None, bound: list[str] | None = None, scratch: Path | None = None
) -> dict[str, Path]:
    """The named queries, or the ``.rq`` files of ``folder`` (to measure rewritten queries),
    plus each ``QUERY:NAME=VALUE`` of ``bound``: the query with that parameter bound."""
    if folder is None:
        files = {name: q.path for name, q in named_queries().items()}
    else:
        files = {p.stem: p for p in sorted(folder.glob("*.rq"))}
    for spec in bound or []:
        name, _, assignment = spec.partition(":")
        key, _, value = assignment.partition("=")
        if name not in files or not key or not value:
            raise typer.BadParameter(f"--bound '{spec}': use QUERY:NAME=VALUE with a known query")
        text = bind(resolve_query(str(files[name])), {key: value})
        target = (scratch or Path(tempfile.mkdtemp())) / f"{name}.{key}.rq"
        target.write_text(text, encoding="utf-8")
        files[f"{name} ({key}={value})"] = target
    return files


def _timed_lines(cmd: list[str], runs: int, timeout: float) -> list[tuple[float, int]]:
    """Run ``cmd``; collect its ``[ms, rows]`` lines, killing it when one takes > ``timeout``."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    results: list[tuple[float, int]] = []
    try:
        while len(results) < runs + 1:
            ready, _, _ = select.select([proc.stdout], [], [], timeout)
            line = proc.stdout.readline() if ready else ""
            if not line:
                break
            ms, rows = json.loads(line)
            results.append((ms, rows))
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    if not results and proc.returncode not in (0, -9):
        raise RuntimeError(f"{cmd[-3:]} failed: {proc.stderr}")
    return results


def time_queries(
    path: Path, files: dict[str, Path], runs: int, timeout: float
) -> list[QueryTiming]:
    """Each query, parameters unbound, on the store at ``path`` (read-only, one child process
    per query so a slow one can be cut after ``timeout`` seconds)."""
    out = []
    for name, file in files.items():
        cmd = [sys.executable, "-c", _QUERY, str(path), str(file), str(runs)]
        results = _timed_lines(cmd, runs, timeout)
        if not results:
            out.append(QueryTiming(name, -1, None, None))
            continue
        timed = [ms for ms, _ in results[1:]] or [results[0][0]]
        out.append(QueryTiming(name, results[0][1], statistics.median(timed), results[0][0]))
    return out


def _changed(quads: list[ox.Quad], i: int) -> list[ox.Quad]:
    """The article as if its text changed: another content hash, one triple fewer."""
    out = [
        ox.Quad(q.subject, q.predicate, ox.Literal(f"changed-{i}"), q.graph_name)
        if q.predicate.value == str(PLK.contentHash)
        else q
        for q in quads
    ]
    return out[:-1]


def bench_oxigraph(
    quads: list[ox.Quad], work: Path, files: dict[str, Path], runs: int, timeout: float
) -> tuple[Oxigraph, bytes]:
    """Load ``quads`` into an on-disk store, time the named queries and a re-ingest."""
    res = Oxigraph()
    path = work / "bench-store"
    shutil.rmtree(path, ignore_errors=True)
    store = Store(path)
    tick = time.perf_counter()
    store.bulk_load(quads)
    store.flush()
    res.bulk_extend_s = time.perf_counter() - tick
    res.triples = len(store)
    res.quads = len(quads)

    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert nquads is not None
    res.nquads_mb = len(nquads) / 1e6
    other = ox.Store(str(work / "bench-store-nq"))
    tick = time.perf_counter()
    other.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    other.flush()
    res.bulk_load_nquads_s = time.perf_counter() - tick
    del other
    gc.collect()
    shutil.rmtree(work / "bench-store-nq", ignore_errors=True)

    del store  # the queries open the store read-only in child processes
    gc.collect()
    res.queries = time_queries(path, files, runs, timeout)
    store = Store(path)

    res.hashes_ms, _, _ = _median_ms(store.article_hashes, runs)
    article = DEFAULT_BASE + "article/"
    sizes = Counter(q.graph_name for q in quads if _in_article(q, article))
    graph = max(sizes, key=lambda g: sizes[g])  # the largest article: the worst case
    assert isinstance(graph, ox.NamedNode)
    original = [q for q in quads if q.graph_name == graph]
    res.reingest_triples = len(original)
    times, alt = [], []
    for i in range(max(runs, 5)):
        version = _changed(original, i) if i % 2 == 0 else original
        tick = time.perf_counter()
        store.replace_graph(graph, version)
        times.append((time.perf_counter() - tick) * 1000)
        tick = time.perf_counter()  # the alternative: drop the graph, then one transaction
        store.remove_graph(graph.value)
        store.oxigraph.extend(version)
        alt.append((time.perf_counter() - tick) * 1000)
    res.reingest_ms = statistics.median(times)
    res.reingest_alt_ms = statistics.median(alt)
    store.flush()
    del store
    gc.collect()
    res.peak_rss_mb = _peak_rss_mb()
    return res, nquads


# --- rdflib ------------------------------------------------------------------------------
def _rdflib_child(conn: Connection, ds: Any, text: str, runs: int, budget: float) -> None:
    spent = 0.0
    try:
        for _ in range(runs + 1):  # one warm-up, as for Oxigraph
            tick = time.perf_counter()
            rows = [
                [None if v is None else str(v) for v in row]
                for row in ds.query(text, initNs=PREFIXES)
            ]
            took = time.perf_counter() - tick
            spent += took
            conn.send(("ok", took * 1000, len(rows)))
            if spent > budget:
                break
    except Exception as exc:  # a query rdflib cannot run is reported, not fatal
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:200], 0))
    conn.close()


def bench_rdflib(
    nquads: bytes, timings: list[QueryTiming], files: dict[str, Path], runs: int, timeout: float
) -> dict[str, float]:
    """Parse the same N-Quads into rdflib and run the same query texts, each in a fork."""
    import rdflib

    gc.collect()
    tick = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(data=nquads, format="nquads")
    load_s = time.perf_counter() - tick
    ctx = multiprocessing.get_context("fork")
    for qt in timings:
        text = files[qt.name].read_text(encoding="utf-8")
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_rdflib_child, args=(child, ds, text, runs, timeout))
        proc.start()
        child.close()
        results: list[tuple[str, float, int]] = []
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not parent.poll(left):
                break
            try:
                msg = parent.recv()
            except EOFError:
                break
            results.append(msg)
            if msg[0] == "error":
                break
            deadline = time.monotonic() + timeout
        if proc.is_alive():
            proc.kill()
        proc.join()
        if results and results[0][0] == "error":
            qt.rdflib_error = str(results[0][1])
            continue
        if not results:
            continue  # the first run did not end within the timeout
        timed = [ms for _, ms, _ in results[1:]] or [results[0][1]]
        qt.rdflib_ms = statistics.median(timed)
        qt.rdflib_runs = len(timed)
        qt.rdflib_rows = results[0][2]
    return {"load_s": load_s, "triples": float(len(ds)), "peak_rss_mb": _peak_rss_mb()}


# --- report ------------------------------------------------------------------------------
def _fmt_ms(ms: float | None, timeout: float) -> str:
    if ms is None:
        return f"> {timeout:.0f} s"
    return f"{ms:,.1f}" if ms < 10_000 else f"{ms / 1000:,.1f} s"


def _check(ok: bool) -> str:
    return "[green]met[/green]" if ok else "[red]not met[/red]"


def targets(report: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met) for each target of the benchmark."""
    out: list[tuple[str, str, bool | None]] = []
    build = report.get("build")
    if build:
        limit = TARGETS["build_seconds"]
        out.append(
            (
                f"build < {limit:.0f} s with 2 jobs (jobs used: {build['jobs']})",
                f"{build['wall_s']:.1f} s",
                build["wall_s"] < limit,
            )
        )
        gb = build["peak_tree_rss_mb"] / 1024
        limit = TARGETS["build_memory_gb"]
        out.append((f"build < {limit} GB", f"{gb:.2f} GB", gb < limit))
    oxi = report["oxigraph"]
    rate = oxi["quads"] / oxi["bulk_extend_s"]
    limit = TARGETS["load_triples_per_s"]
    out.append((f"bulk load ≥ {limit:,.0f} triples/s", f"{rate:,.0f}/s", rate >= limit))
    timeout = report.get("timeout", 0.0)
    for q in oxi["queries"]:
        ms = q["oxigraph_ms"]
        shown = _fmt_ms(ms, timeout) + (" ms" if ms is not None and ms < 10_000 else "")
        out.append((f"{q['name']} < {TARGETS['query_ms']:.0f} ms", shown,
                    ms is not None and ms < TARGETS["query_ms"]))  # fmt: skip
        if "rdflib_ms" in q:
            name = f"{q['name']} ≥ {TARGETS['rdflib_ratio']:.0f}× faster than rdflib"
            out.append((name, *_ratio(q, timeout)))
    ms = oxi["reingest_ms"]
    limit = TARGETS["reingest_seconds"]
    out.append((f"re-ingest one article < {limit:.0f} s", f"{ms:,.1f} ms", ms < limit * 1000))
    return out


def _ratio(q: dict[str, Any], timeout: float) -> tuple[str, bool | None]:
    """rdflib time ÷ Oxigraph time as shown, and whether it reaches the target."""
    ox_ms, rd_ms, want = q["oxigraph_ms"], q.get("rdflib_ms"), TARGETS["rdflib_ratio"]
    if "rdflib_ms" not in q:
        return "", None
    if q.get("rdflib_error"):
        return "rdflib failed", None
    if ox_ms is None and rd_ms is None:
        return "both cut", None
    if ox_ms is None:
        return f"< {(rd_ms or 0) / (timeout * 1000):,.2f}×", False
    if rd_ms is None:
        return f"> {timeout * 1000 / ox_ms:,.0f}×", timeout * 1000 / ox_ms >= want
    return f"{rd_ms / ox_ms:,.1f}×", rd_ms / ox_ms >= want


def print_report(report: dict[str, Any], console: Console, timeout: float) -> None:
    t = Table(title="machine", show_header=False)
    for k, v in report["machine"].items():
        t.add_row(k, str(v))
    console.print(t)

    e = report["extraction"]
    t = Table(title=f"extraction — {report['corpus']}")
    for col in (
        "documents",
        "articles",
        "MB",
        "extract s",
        "MB/s",
        "articles/s",
        "graph s",
        "triples",
    ):
        t.add_column(col, justify="right")
    t.add_row(
        str(e["documents"]),
        str(e["articles"]),
        f"{e['megabytes']:.1f}",
        f"{e['extract_s']:.1f}",
        f"{e['mb_per_s']:.2f}",
        f"{e['articles_per_s']:.0f}",
        f"{e['graph_s']:.1f}",
        f"{e['triples']:,}",
    )
    console.print(t)

    if report.get("build"):
        b = report["build"]
        stages = ", ".join(f"{k} {v:.1f}" for k, v in b["stages"].items())
        console.print(
            f"build ({b['jobs']} job(s)): {b['wall_s']:.1f} s wall, {b['triples']:,} triples; "
            f"stages (s): {stages}; peak memory {b['peak_tree_rss_mb']:,.0f} MB (process tree), "
            f"{b['peak_single_rss_mb']:,.0f} MB (largest process)"
        )

    o = report["oxigraph"]
    r = report.get("rdflib") or {}
    t = Table(title=f"load — {o['quads']:,} quads given, {o['triples']:,} triples stored")
    t.add_column("")
    t.add_column("seconds", justify="right")
    t.add_column("quads/s", justify="right")
    t.add_row(
        "pyoxigraph bulk_load (quads, on disk)",
        f"{o['bulk_extend_s']:.1f}",
        f"{o['quads'] / o['bulk_extend_s']:,.0f}",
    )
    t.add_row(
        f"pyoxigraph bulk_load (N-Quads, {o['nquads_mb']:.0f} MB)",
        f"{o['bulk_load_nquads_s']:.1f}",
        f"{o['quads'] / o['bulk_load_nquads_s']:,.0f}",
    )
    if r:
        t.add_row(
            "rdflib Dataset.parse (N-Quads, memory)",
            f"{r['load_s']:.1f}",
            f"{o['quads'] / r['load_s']:,.0f}",
        )
    console.print(t)

    t = Table(title=f"named queries — median of {report['runs']} runs, ms")
    for col in ("query", "rows", "oxigraph", "first run", "rdflib", "rdflib ÷ oxigraph"):
        t.add_column(col, justify="right" if col != "query" else "left")
    for q in o["queries"]:
        rd = (
            ""
            if "rdflib_ms" not in q
            else (q.get("rdflib_error") or _fmt_ms(q["rdflib_ms"], timeout))
        )
        ratio = _ratio(q, timeout)[0]
        t.add_row(
            q["name"],
            f"{q['rows']:,}" if q["rows"] >= 0 else "?",
            _fmt_ms(q["oxigraph_ms"], timeout),
            _fmt_ms(q["oxigraph_first_ms"], timeout),
            rd,
            ratio,
        )
    console.print(t)
    console.print(
        f"re-ingest one article ({o['reingest_triples']} triples) into the {o['triples']:,}-triple "
        f"store: Store.replace_graph {o['reingest_ms']:.1f} ms median "
        f"(remove_graph + extend: {o['reingest_alt_ms']:.1f} ms); "
        f"reading every article hash: {o['hashes_ms']:.1f} ms"
    )
    console.print(
        f"peak memory of this process: {o['peak_rss_mb']:,.0f} MB after the Oxigraph part, "
        f"{report['peak_rss_mb']:,.0f} MB at the end"
    )
    t = Table(title="targets")
    for col in ("target", "measured", ""):
        t.add_column(col)
    for name, measured, ok in targets(report):
        t.add_row(name, measured, "" if ok is None else _check(ok))
    console.print(t)


def _clock(console: Console) -> Callable[[str], None]:
    started = time.perf_counter()

    def say(what: str) -> None:
        console.print(f"[dim]{time.perf_counter() - started:7.1f} s  {what}[/dim]")

    return say


def main(
    corpus: Annotated[
        Path | None, typer.Argument(help="Folder of articles (default: the bundled articles).")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the numbers here.")] = None,
    triples: Annotated[int, typer.Option(help="Size of the replicated store.")] = 1_000_000,
    runs: Annotated[int, typer.Option(help="Timed runs per query (after one warm-up).")] = 5,
    jobs: Annotated[int, typer.Option(help="Jobs for the build, when the build has them.")] = 2,
    timeout: Annotated[float, typer.Option(help="Seconds before an rdflib query is cut.")] = 60,
    skip_build: Annotated[
        bool, typer.Option("--skip-build", help="No separate build run.")
    ] = False,
    skip_rdflib: Annotated[
        bool, typer.Option("--skip-rdflib", help="No rdflib comparison.")
    ] = False,
    bound: Annotated[
        list[str] | None,
        typer.Option(help="Also time QUERY:NAME=VALUE, e.g. pledges-of-agency:agency=国务院."),
    ] = None,
    queries: Annotated[
        Path | None, typer.Option(help="Time the .rq files of this folder instead.")
    ] = None,
    work: Annotated[
        Path | None, typer.Option(help="Scratch folder (default: a temp folder).")
    ] = None,
) -> None:
    """Measure extraction, build, load, named queries and re-ingest; print a table, write JSON."""
    console = Console()
    say = _clock(Console(stderr=True))
    corpus = corpus or bundled_articles()
    scratch = Path(tempfile.mkdtemp(prefix="kg-bench-", dir=work))
    try:
        report: dict[str, Any] = {
            "machine": machine(),
            "corpus": str(corpus),
            "runs": runs,
            "timeout": timeout,
        }
        files = query_files(queries, bound, scratch)
        report["queries"] = str(queries) if queries else "named queries (ontology/queries)"
        say(f"extracting {corpus}")
        stats, graphs = extract_corpus(corpus)
        report["extraction"] = {
            **asdict(stats),
            "mb_per_s": stats.mb_per_s,
            "articles_per_s": stats.articles_per_s,
        }
        if not skip_build:
            say(f"building {corpus} with kg.api.build")
            report["build"] = build_corpus(corpus, scratch / "build", jobs)
            shutil.rmtree(scratch / "build", ignore_errors=True)
        say(f"replicating {stats.triples:,} triples to about {triples:,}")
        quads = replicate(graphs, triples)
        del graphs
        say(f"Oxigraph: loading {len(quads):,} quads and running the named queries")
        oxi, nquads = bench_oxigraph(quads, scratch, files, runs, timeout)
        del quads
        report["oxigraph"] = asdict(oxi)
        if not skip_rdflib:
            say("rdflib: loading and running the same queries")
            report["rdflib"] = bench_rdflib(nquads, oxi.queries, files, runs, timeout)
            report["oxigraph"]["queries"] = [asdict(q) for q in oxi.queries]
        else:
            for q in report["oxigraph"]["queries"]:
                for k in ("rdflib_ms", "rdflib_runs", "rdflib_rows", "rdflib_error"):
                    q.pop(k, None)
        report["peak_rss_mb"] = _peak_rss_mb()
        report["targets"] = [
            {"target": n, "measured": m, "met": ok} for n, m, ok in targets(report)
        ]
        print_report(report, console, timeout)
        if json_out:
            json_out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
            console.print(f"written {json_out}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    typer.run(main)
