"""The functions the CLI and notebooks share: build, extract, query, evaluate, validate.

The CLI is a thin layer over these; a notebook calls them directly::

    import kg
    summary = kg.build()                      # the bundled articles → ./kg-out
    df = kg.query_df("pledges-of-agency", agency="省工信厅")
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyoxigraph import NamedNode

from kg.errors import InputError, KgError
from kg.graph import DEFAULT_BASE, Minter, article_graphs
from kg.paths import bundled_articles
from kg.pipeline import extract_document, extract_paths
from kg.query import Result, bind, resolve_query, run_endpoint, run_local
from kg.read import ReadFailure, build_root, iter_files, read_sources
from kg.records import DocumentExtraction, SourceDoc
from kg.serialize import to_gold
from kg.store import Store
from kg.vocab import PLK

if TYPE_CHECKING:
    import IPython.display
    import networkx as nx
    import pandas

    from kg.evaluate import Report
    from kg.viz import Explorer

DEFAULT_OUT = Path("kg-out")


def store_path(out: Path) -> Path:
    return out / "store"


def export_path(out: Path) -> Path:
    return out / "graph.trig"


def explorer_path(out: Path) -> Path:
    return out / "explorer.html"


@dataclass
class BuildSummary:
    """What a build did, for the summary table."""

    out: Path
    documents: int = 0
    articles: int = 0
    skipped: int = 0  # unchanged articles already in the store
    removed: int = 0
    agencies: int = 0
    directives: int = 0
    pledges: int = 0
    targets: int = 0
    observations: int = 0
    triples: int = 0
    seconds: float = 0.0
    failures: list[ReadFailure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # metadata dropped or doubtful
    stage_seconds: dict[str, float] = field(default_factory=dict)
    explorer: Path | None = None  # the explorer page the build wrote
    explorer_error: str | None = None  # why it could not write one (the store is fine)

    def rows(self) -> list[tuple[str, str]]:
        return [
            ("documents", str(self.documents)),
            ("articles", str(self.articles)),
            ("unchanged (skipped)", str(self.skipped)),
            ("removed (source gone)", str(self.removed)),
            ("agencies", str(self.agencies)),
            ("directives", str(self.directives)),
            ("pledges", str(self.pledges)),
            ("targets", str(self.targets)),
            ("observations", str(self.observations)),
            ("triples in store", str(self.triples)),
            ("failed files", str(len(self.failures))),
            ("explorer", str(self.explorer or f"not written ({self.explorer_error or 'off'})")),
            ("seconds", f"{self.seconds:.2f}"),
        ]


def _paths(paths: Sequence[Path | str] | None) -> list[Path]:
    if not paths:
        return [bundled_articles()]
    out = [Path(p) for p in paths]
    for p in out:
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
    return out


def count_sources(paths: Sequence[Path | str] | None = None) -> int:
    """How many files a build of ``paths`` will read (for a progress bar)."""
    return sum(1 for _ in iter_files(_paths(paths)))


def extract(
    paths: Sequence[Path | str] | None = None,
    *,
    encoding: str | None = None,
    failures: list[ReadFailure] | None = None,
) -> list[DocumentExtraction]:
    """Extraction records of every document under ``paths`` (default: the bundled articles)."""
    return list(extract_paths(_paths(paths), encoding=encoding, failures=failures))


def extract_records(paths: Sequence[Path | str] | None = None, **kw: Any) -> list[dict[str, Any]]:
    """Answer-key-shaped dicts, one per document (what ``kg extract --format json`` prints)."""
    return [to_gold(d) for d in extract(paths, **kw)]


@dataclass(frozen=True, slots=True)
class _Built:
    """One document's extraction as the build keeps it: counts and N-Quads per article."""

    name: str
    counts: tuple[int, int, int, int, int]  # agencies, directives, pledges, targets, observations
    articles: tuple[tuple[str, str, str], ...]  # (graph IRI, content hash, N-Quads)
    warnings: tuple[str, ...] = ()


def _extract_one(source: SourceDoc, base: str) -> _Built:
    """Extract and build one document (runs in a worker process with ``--jobs``)."""
    doc = extract_document(source)
    counts = (
        len(doc.agencies),
        len(doc.directives),
        len(doc.pledges),
        len(doc.targets),
        sum(1 for o in doc.observations if o.target is None),
    )
    articles = tuple(
        (graph.value, digest, "".join(f"{q} .\n" for q in quads if q.predicate != _HASH))
        for graph, digest, quads in article_graphs(doc, base)
    )
    return _Built(source.name, counts, articles, doc.warnings)


def _built_docs(sources: Iterable[SourceDoc], base: str, jobs: int) -> Iterator[_Built]:
    if jobs <= 1:
        for source in sources:
            yield _extract_one(source, base)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(partial(_extract_one, base=base), sources, chunksize=4)


def build(
    paths: Sequence[Path | str] | None = None,
    *,
    out: Path | str = DEFAULT_OUT,
    base: str = DEFAULT_BASE,
    encoding: str | None = None,
    export: bool = True,
    jobs: int | None = None,
    progress: Callable[[int, str], None] | None = None,
    explorer: bool = True,
) -> BuildSummary:
    """Build the graph of ``paths`` into the store under ``out`` and export it as TriG.

    Extraction runs in ``jobs`` processes (default: all cores). Incremental: an article whose
    content hash is already in the store is skipped, a changed one replaces its graph, and
    articles that vanished from a rebuilt source are removed. Articles are written in batches,
    each article's content hash last, so a build killed at any moment leaves no article
    marked done that is not whole, and building again finishes the job.
    """
    started = time.perf_counter()
    out = Path(out)
    summary = BuildSummary(out=out)
    store = Store(store_path(out))
    mint = Minter(base)
    known = store.article_hashes()
    store.drop_unfinished(mint("article").value + "/", known)
    roots = _paths(paths)
    root_key = store.root_key  # each build root named once, by a key no other root has
    seen_graphs: set[str] = set()
    batch: list[tuple[str, str, str]] = []
    t_store = 0.0

    def flush_batch() -> None:
        nonlocal t_store
        tick = time.perf_counter()
        store.replace_graphs(batch)
        batch.clear()
        t_store += time.perf_counter() - tick

    sources = read_sources(
        roots,
        encoding=encoding,
        failures=summary.failures,
        warnings=summary.warnings,
        root_key=root_key,
    )
    n_jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    tick = time.perf_counter()
    for built in _built_docs(sources, base, n_jobs):
        summary.documents += 1
        summary.warnings += built.warnings
        for attr, n in zip(_COUNTED, built.counts, strict=True):
            setattr(summary, attr, getattr(summary, attr) + n)
        stem_prefix = None
        for graph, digest, nquads in built.articles:
            summary.articles += 1
            seen_graphs.add(graph)
            stem_prefix = graph.rsplit("/", 1)[0] + "/"
            if known.get(graph) == digest:
                summary.skipped += 1
                continue
            batch.append((graph, digest, nquads))
        if stem_prefix:  # articles the source no longer has
            for g in [g for g in known if g.startswith(stem_prefix) and g not in seen_graphs]:
                if store.remove_graph(g):
                    summary.removed += 1
        if sum(len(b[2]) for b in batch) > _BATCH_CHARS:
            flush_batch()
        if progress:
            progress(summary.documents, built.name)
    flush_batch()
    # Files gone from a folder that was built before: their articles go too, so the store
    # holds what a fresh build of the folder would. A file that could not be read this time
    # keeps its articles (a read error must not delete what was built).
    kept = tuple(mint.source_prefix(f.key) for f in summary.failures if f.key)
    for folder in (p for p in roots if p.is_dir()):
        prefix = mint.source_prefix(root_key(build_root(folder)))
        for g in known:
            gone = g.startswith(prefix) and g not in seen_graphs
            if gone and not g.startswith(kept) and store.remove_graph(g):
                summary.removed += 1
    summary.stage_seconds["extract"] = time.perf_counter() - tick - t_store
    summary.stage_seconds["store"] = t_store
    store.flush()
    summary.triples = len(store)
    # The TriG export runs in Rust without the GIL: write it while the explorer is drawn.
    with ThreadPoolExecutor(max_workers=1) as writer:
        exporting = writer.submit(_timed, store.dump, export_path(out)) if export else None
        if explorer:
            tick = time.perf_counter()
            try:  # the store is complete: a page that cannot be drawn must not fail the build
                from kg.viz import write_explorer

                summary.explorer = write_explorer(store, explorer_path(out)).path
            except Exception as exc:
                summary.explorer_error = f"{type(exc).__name__}: {exc}"
            summary.stage_seconds["explorer"] = time.perf_counter() - tick
        if exporting is not None:
            summary.stage_seconds["export"] = exporting.result()
    summary.seconds = time.perf_counter() - started
    return summary


def _timed(call: Callable[..., Any], *args: Any) -> float:
    tick = time.perf_counter()
    call(*args)
    return time.perf_counter() - tick


_HASH = NamedNode(str(PLK.contentHash))  # written by the store, last (see Store.replace_graphs)
_COUNTED = ("agencies", "directives", "pledges", "targets", "observations")
_BATCH_CHARS = 20_000_000  # N-Quads characters written per transaction


def open_store(out: Path | str = DEFAULT_OUT, *, read_only: bool = True) -> Store:
    """The store a build wrote under ``out``."""
    return Store(store_path(Path(out)), read_only=read_only)


def graph(out: Path | str = DEFAULT_OUT, *, store: Store | None = None) -> nx.MultiDiGraph:
    """The built graph as a NetworkX MultiDiGraph (see :func:`kg.netx.to_networkx`)."""
    from kg.netx import to_networkx

    return to_networkx(store or open_store(out))


def explorer(
    out: Path | str = DEFAULT_OUT,
    *,
    path: Path | str | None = None,
    store: Store | None = None,
    **options: Any,
) -> Explorer:
    """Write the explorer page (default ``out/explorer.html``); ``options`` are those of
    :func:`kg.viz.write_explorer`: ``focus``, ``depth``, ``query``, ``params``, ``layout`` ..."""
    from kg.viz import write_explorer

    target = Path(path) if path is not None else explorer_path(Path(out))
    return write_explorer(store or open_store(out), target, **options)


def query(
    name_or_file: str,
    params: Mapping[str, str] | None = None,
    *,
    out: Path | str = DEFAULT_OUT,
    endpoint: str | None = None,
    store: Store | None = None,
) -> Result:
    """Run a named query (or a ``.rq`` file) on the store or on a SPARQL endpoint."""
    q = resolve_query(name_or_file)
    sparql = bind(q, params or {})
    if endpoint:
        return run_endpoint(endpoint, sparql)
    return run_local(store or open_store(out), sparql)


def query_df(name_or_file: str, out: Path | str = DEFAULT_OUT, **params: str) -> pandas.DataFrame:
    """A named query's rows as a pandas DataFrame (pandas must be installed)."""
    import pandas as pd

    result = query(name_or_file, params, out=out)
    return pd.DataFrame(result.rows, columns=result.variables)


def sparql_df(
    sparql: str, out: Path | str = DEFAULT_OUT, *, store: Store | None = None
) -> pandas.DataFrame:
    """The rows of a SELECT written inline, as a pandas DataFrame; the prefixes of
    :data:`kg.query.PREFIXES` (``plk:``, ``skos:``, ``dcterms:`` ...) need no declaration."""
    import pandas as pd

    result = run_local(store or open_store(out), sparql)
    return pd.DataFrame(result.rows, columns=result.variables)


def explorer_frame(page: Explorer | Path | str, *, height: int = 640) -> IPython.display.HTML:
    """The explorer page inside a notebook: a sandboxed iframe holding the whole page
    (``srcdoc``), so it shows without a file server and its scripts cannot reach the notebook."""
    import html

    try:
        from IPython.display import HTML
    except ImportError as exc:
        raise KgError("explorer_frame needs IPython: pip install 'plenum-kg[notebooks]'") from exc
    path = page if isinstance(page, Path) else Path(page) if isinstance(page, str) else page.path
    if not path.is_file():
        raise InputError(f"{path}: no explorer page here; write one with kg.api.explorer(OUT)")
    doc = html.escape(path.read_text(encoding="utf-8"), quote=True)
    return HTML(  # inside a <div>: IPython warns about a bare <iframe> (for its own IFrame)
        f'<div><iframe srcdoc="{doc}" sandbox="allow-scripts" title="plenum-kg explorer" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd"></iframe></div>'
    )


def remove_articles(
    ids: Iterable[str],
    *,
    out: Path | str = DEFAULT_OUT,
    base: str = DEFAULT_BASE,
    dry_run: bool = False,
) -> list[str]:
    """Drop articles from the store, named exactly: an article graph's IRI, an article id
    (what follows ``/article/`` in its IRI: ``articles/seed/000_x.txt/2``), a source key
    (``articles/seed/000_x.txt``: all its articles), or the path of a file or folder that was
    built into the store. The shared entities graph is never removed; its quads that only
    removed articles wrote go with them. The TriG export is written again. Returns the graph
    IRIs removed (with ``dry_run``, those that would be)."""
    out = Path(out)
    store = Store(store_path(out))
    mint = Minter(base)
    articles_prefix = mint("article").value + "/"
    graphs = [g for g in store.graphs() if g.startswith(articles_prefix)]
    chosen: list[str] = []
    for ident in ids:
        matches = _named_articles(ident, graphs, store, mint)
        if not matches:
            if ident in (mint.entities().value, "entities", "graph/entities"):
                raise InputError(
                    f"'{ident}' is the shared entities graph, not an article; it cannot be removed"
                )
            raise InputError(
                f"no article '{ident}' in the store at {store_path(out)}; name an article IRI, "
                "an article id as `kg query provenance` shows it, or a file that was built"
            )
        chosen += [g for g in matches if g not in chosen]
    if dry_run:
        return chosen
    for g in chosen:
        store.remove_graph(g)
    store.flush()
    if chosen and export_path(out).exists():
        store.dump(export_path(out))
    return chosen


def _named_articles(ident: str, graphs: Sequence[str], store: Store, mint: Minter) -> list[str]:
    """The article graphs ``ident`` names exactly (see :func:`remove_articles`)."""
    if ident in graphs:
        return [ident]
    keys = [ident.strip("/")] if ident.strip("/") else []
    path = Path(ident)
    if path.exists():  # a file or folder: its key under the root it was built from
        where = path.resolve()
        for key, root in store.ledger.roots().items():
            if where == root or root in where.parents:
                keys.append("/".join((key, *where.relative_to(root).parts)))
    found: list[str] = []
    for key in keys:
        article = mint("article", *key.split("/")).value
        prefix = mint.source_prefix(key)
        for g in graphs:
            rest = g[len(prefix) :] if g.startswith(prefix) else None
            # the article itself, every article of a source file (prefix + index), or of a folder
            named = g == article or (rest is not None and (rest.isdigit() or path.is_dir()))
            if named and g not in found:
                found.append(g)
    return found


def evaluate_file(gold_path: Path | str, source: Path | str) -> Report:
    """Score the extraction of ``source`` against the answer key at ``gold_path``."""
    from kg.evaluate import evaluate as score
    from kg.evaluate import load_gold

    gold = load_gold(Path(gold_path))
    docs = extract([source])
    if len(docs) != 1:
        raise InputError(f"{source}: an answer key scores one source text, found {len(docs)}")
    predicted = to_gold(docs[0])
    if gold.get("scope"):
        predicted = restrict_to_scope(predicted, docs[0], str(gold["scope"]), Path(gold_path))
    return score(gold, predicted)


def restrict_to_scope(
    predicted: dict[str, Any], doc: DocumentExtraction, scope: str, where: Path
) -> dict[str, Any]:
    """Keep the facts read from inside ``scope`` (an answer key covering one paragraph), and
    the agencies they name or that are mentioned there."""
    start = doc.source.raw.find(scope)
    if start < 0:
        raise InputError(f"{where}: its scope text does not occur in {doc.source.path}")
    end = start + len(scope)

    def inside(item: dict[str, Any]) -> bool:
        span = item.get("span")
        return span is not None and start <= span[0] and span[1] <= end

    out = dict(predicted)
    for key in ("directives", "pledges", "targets", "observations", "initiatives"):
        out[key] = [i for i in predicted[key] if inside(i)]
    named = {p["agency"] for p in out["pledges"]} | {
        t["setter"] for t in out["targets"] if t.get("setter")
    }
    out["agencies"] = [
        a for a in predicted["agencies"] if a["canonical"] in named or a["mention"] in scope
    ]
    out["persons"] = [p for p in predicted["persons"] if p["name"] in scope]
    out["events"] = [e for e in predicted["events"] if any(m in scope for m in e["mentions"])]
    return out
