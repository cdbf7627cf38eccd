"""The ``kg`` command: a thin layer over :mod:`kg.api`.

Every error a user can cause is a :class:`kg.errors.KgError`; it is printed as one line on
stderr and the command exits with its code (documented in the README), never a traceback.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from kg import api
from kg.errors import KgError
from kg.graph import DEFAULT_BASE
from kg.serialize import to_gold

app = typer.Typer(
    name="kg",
    help="Build and query a knowledge graph of mandates, pledges, targets and figures "
    "in Chinese government news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out_console = Console()
err_console = Console(stderr=True)

OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Build folder (store + exports).")]
PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Files or folders of articles (default: the bundled articles)."),
]


def _table(title: str | None, header: list[str], rows: list[list[Any]]) -> None:
    table = Table(title=title, show_lines=False)
    for h in header:
        table.add_column(h, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    out_console.print(table)


@app.command()
def build(
    paths: PathsArg = None,
    out: OutOpt = api.DEFAULT_OUT,
    base: Annotated[str, typer.Option(help="Base IRI of the instance data.")] = DEFAULT_BASE,
    encoding: Annotated[
        str | None, typer.Option(help="Encoding of the inputs (default: detect).")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Extraction processes (default: all cores).")
    ] = None,
    explorer: Annotated[
        bool, typer.Option("--explorer/--no-explorer", help="Write the explorer page too.")
    ] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Build the graph into the store under --out and export it as TriG."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    show = not quiet and err_console.is_terminal
    total = api.count_sources(paths) if show else 0
    bar = Progress(
        TextColumn("[bold]building"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>6.1f} docs/s"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[name]}", style="dim"),
        console=err_console,
        disable=not show,
        transient=True,
    )
    task = bar.add_task("build", total=total, rate=0.0, name="")

    def progress(n: int, name: str) -> None:
        elapsed = bar.tasks[0].elapsed or 1e-9
        bar.update(task, completed=n, rate=n / elapsed, name=name)

    with bar:
        summary = api.build(
            paths,
            out=out,
            base=base,
            encoding=encoding,
            jobs=jobs,
            explorer=explorer,
            progress=progress,
        )
    _table(f"kg build → {out}", ["", "count"], [list(r) for r in summary.rows()])
    timings = ", ".join(f"{k} {v:.1f} s" for k, v in summary.stage_seconds.items())
    out_console.print(f"store: {api.store_path(out)}   export: {api.export_path(out)}")
    overlap = " (export and explorer at the same time)" if len(summary.stage_seconds) > 3 else ""
    out_console.print(f"[dim]time per stage: {timings}{overlap}[/dim]")
    for f in summary.failures:
        err_console.print(f"kg: skipped {f.path}: {f.reason}", highlight=False, soft_wrap=True)
    for w in summary.warnings:
        err_console.print(f"kg: warning: {w}", highlight=False, soft_wrap=True)
    if summary.failures:
        raise typer.Exit(1 if summary.documents else 2)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of articles.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, jsonl or yaml.")] = "json",
    encoding: Annotated[str | None, typer.Option(help="Encoding of the inputs.")] = None,
) -> None:
    """Print the extraction records in the answer-key format (one object per document)."""
    docs = api.extract(paths, encoding=encoding)
    records = [to_gold(d) for d in docs]
    for d in docs:
        for w in d.warnings:
            err_console.print(f"kg: warning: {w}", highlight=False, soft_wrap=True)
    if fmt == "json":
        data: Any = records[0] if len(records) == 1 else records
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for r in records:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "yaml":
        import yaml

        data = records[0] if len(records) == 1 else records
        sys.stdout.write(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    else:
        raise KgError(f"unknown format '{fmt}'; use json, jsonl or yaml")


@app.command()
def evaluate(
    path: Annotated[Path, typer.Argument(help="The source text the answer key is for.")],
    gold: Annotated[Path, typer.Option("--gold", "-g", help="Answer key (YAML).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Score extraction against an answer key: precision, recall and F1 per key."""
    report = api.evaluate_file(gold, path)
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    from kg.evaluate import TABLE_HEADER

    rows = [list(r) for r in report.table_rows()]
    _table(f"kg evaluate {path.name}", list(TABLE_HEADER), rows)
    fields = [[f.key, f.field, f.right, f.total, f"{f.share:.3f}"] for f in report.fields.values()]
    _table("fields of the matched figures", ["key", "field", "right", "matched", "share"], fields)


@app.command()
def query(
    name: Annotated[
        str, typer.Argument(help="A named query (kg queries lists them) or a .rq file.")
    ],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, e.g. agency=省工信厅.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    out: OutOpt = api.DEFAULT_OUT,
    endpoint: Annotated[
        str | None, typer.Option(help="Query this SPARQL endpoint instead.")
    ] = None,
) -> None:
    """Run a named query or a SPARQL file against the store (or an endpoint)."""
    params: dict[str, str] = {}
    for p in param or []:
        if "=" not in p:
            raise KgError(f"--param '{p}' needs the form NAME=VALUE")
        k, v = p.split("=", 1)
        params[k.strip()] = v
    result = api.query(name, params, out=out, endpoint=endpoint)
    if fmt == "table":
        _table(None, result.variables, [list(r) for r in result.rows])
        out_console.print(f"[dim]{len(result.rows)} rows[/dim]")
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(result.variables)
        w.writerows(result.rows)
    elif fmt == "json":
        sys.stdout.write(json.dumps(result.as_dicts(), ensure_ascii=False, indent=2) + "\n")
    else:
        raise KgError(f"unknown format '{fmt}'; use table, csv or json")


@app.command()
def queries() -> None:
    """List the named queries and the question each answers."""
    from kg.query import named_queries

    rows = [[q.name, q.question, ", ".join(q.params) or ""] for q in named_queries().values()]
    _table("named queries (ontology/queries)", ["name", "question", "params"], rows)


@app.command()
def validate(out: OutOpt = api.DEFAULT_OUT) -> None:
    """Check the built graph against the SHACL shapes."""
    from kg.validate import validate_store

    report = validate_store(api.open_store(out).oxigraph)
    for v in report.violations:
        err_console.print(f"[red]{v.graph}[/red]\n{v.text}")
    if report.conforms:
        out_console.print(f"valid: {report.graphs} article graphs conform to the shapes")
    else:
        out_console.print(f"invalid: {len(report.violations)} of {report.graphs} article graphs")
        raise typer.Exit(1)


@app.command()
def remove(
    articles: Annotated[
        list[str],
        typer.Argument(
            help="Article IRIs, article ids (articles/seed/000_x.txt/2), or built files or folders."
        ),
    ],
    out: OutOpt = api.DEFAULT_OUT,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="List what would be removed, remove nothing.")
    ] = False,
) -> None:
    """Drop articles from the store, each named exactly; the export is written again."""
    removed = api.remove_articles(articles, out=out, dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    for g in removed:
        out_console.print(f"{verb} {g}", highlight=False, soft_wrap=True)
    out_console.print(f"{len(removed)} article(s) {verb.split()[-1]}")


@app.command()
def serve(
    out: OutOpt = api.DEFAULT_OUT,
    bind: Annotated[str, typer.Option(help="HOST:PORT to listen on.")] = "127.0.0.1:7878",
    allow_update: Annotated[
        bool, typer.Option("--allow-update", help="Accept SPARQL Update and Graph Store writes.")
    ] = False,
    timeout: Annotated[int | None, typer.Option(help="Seconds a query may run.")] = None,
    cors: Annotated[bool, typer.Option("--cors", help="Allow cross-origin requests.")] = False,
) -> None:
    """Serve the store as a SPARQL 1.1 endpoint with a query page, until Ctrl-C."""
    from kg.serve import start

    server = start(
        api.store_path(out), bind=bind, allow_update=allow_update, timeout_s=timeout, cors=cors
    )
    mode = "read-only" if server.read_only else "[yellow]updates allowed[/yellow]"
    out_console.print(f"query page  {server.url}/\nSPARQL      {server.query_url}   ({mode})")
    if not server.read_only:
        out_console.print(f"update      {server.update_url}\ngraph store {server.store_url}")
    if not server.loopback:
        err_console.print(f"[yellow]warning:[/yellow] other machines can reach {server.url}")
    out_console.print("[dim]Ctrl-C stops the server[/dim]")
    code = server.serve_forever()
    if code not in (0, -2, -15):
        raise typer.Exit(1)


@app.command()
def push(
    endpoint: Annotated[
        str | None, typer.Option(help="The server's SPARQL query URL (the others are derived).")
    ] = None,
    protocol: Annotated[
        str, typer.Option(help="gsp (Graph Store HTTP Protocol) or update (SPARQL Update).")
    ] = "gsp",
    graph_store_url: Annotated[
        str | None, typer.Option(help="Graph Store Protocol URL, e.g. …/ds/data.")
    ] = None,
    update_url: Annotated[
        str | None, typer.Option(help="SPARQL Update URL, e.g. …/ds/update.")
    ] = None,
    user: Annotated[str | None, typer.Option(help="User (or env KG_ENDPOINT_USER).")] = None,
    password: Annotated[
        str | None, typer.Option(help="Password (or env KG_ENDPOINT_PASSWORD).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="Graph Store body: ntriples or turtle.")] = (
        "ntriples"
    ),
    batch: Annotated[int, typer.Option(help="Triples per SPARQL Update request.")] = 5000,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each request.")] = 120,
    out: OutOpt = api.DEFAULT_OUT,
) -> None:
    """Send the graph to a SPARQL 1.1 store, one named graph per article, replacing those there."""
    from kg.push import push as push_graphs

    summary = push_graphs(
        api.open_store(out),
        endpoint=endpoint,
        protocol=protocol,
        graph_store_url=graph_store_url,
        update_url=update_url,
        user=user,
        password=password,
        fmt=fmt,
        batch=batch,
        timeout=timeout,
    )
    _table(f"kg push → {summary.url}", ["", ""], [list(r) for r in summary.rows()])


def _params(pairs: list[str] | None) -> dict[str, str]:
    params: dict[str, str] = {}
    for p in pairs or []:
        if "=" not in p:
            raise KgError(f"--param '{p}' needs the form NAME=VALUE")
        k, v = p.split("=", 1)
        params[k.strip()] = v
    return params


@app.command()
def viz(
    out: OutOpt = api.DEFAULT_OUT,
    html: Annotated[
        Path | None, typer.Option("--html", help="Page to write (default: OUT/explorer.html).")
    ] = None,
    focus: Annotated[
        str | None,
        typer.Option(help="Draw around this agency, directive or plenum (name, alias or IRI)."),
    ] = None,
    depth: Annotated[int, typer.Option(help="How many edges from --focus to draw.")] = 2,
    query: Annotated[
        str | None, typer.Option(help="Draw what a SPARQL SELECT or CONSTRUCT (.rq) returns.")
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE for --query.")
    ] = None,
    layout: Annotated[str, typer.Option(help="physics or hierarchical.")] = "physics",
    max_nodes: Annotated[
        int, typer.Option(help="Above this, draw an overview without figures and indicators.")
    ] = 2500,
) -> None:
    """Write the graph explorer: one HTML page that opens offline, by double-click."""
    page = api.explorer(
        out,
        path=html,
        focus=focus,
        depth=depth,
        query=query,
        params=_params(param),
        layout=layout,
        max_nodes=max_nodes,
    )
    counts = ", ".join(f"{k} {v}" for k, v in page.counts.items())
    out_console.print(f"{page.view}\n{counts}")
    out_console.print(f"explorer: {page.path}  ({page.edges} edges, {page.bytes / 1e6:.1f} MB)")


@app.command()
def export(
    path: Annotated[
        Path | None, typer.Argument(help="File to write (default: OUT/graph.FORMAT).")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="graphml or gexf (default: from the file name)."),
    ] = None,
    out: OutOpt = api.DEFAULT_OUT,
) -> None:
    """Write the graph as GraphML or GEXF, for Gephi, yEd or Cytoscape."""
    from kg.netx import export as write_graph

    fmt = fmt or (path.suffix.lstrip(".").lower() if path and path.suffix else "graphml")
    graph = api.graph(out)
    written = write_graph(graph, path or out / f"graph.{fmt}", fmt)
    out_console.print(
        f"{written}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges ({fmt})"
    )


@app.command()
def stats(
    out: OutOpt = api.DEFAULT_OUT,
    top: Annotated[int, typer.Option(help="Rows per table.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Who answered which directive, and which agencies are central (NetworkX)."""
    from dataclasses import asdict

    from kg.stats import compute

    report = compute(api.graph(out))
    if as_json:
        sys.stdout.write(json.dumps(asdict(report), ensure_ascii=False, indent=2) + "\n")
        return
    _table(
        "agencies by directives answered",
        ["agency", "directives", "pledges"],
        [[r.name, r.directives, r.pledges] for r in report.agencies[:top]],
    )
    _table(
        "directives by responding agencies",
        ["directive", "agencies", "who"],
        [[r.text, r.count, "、".join(r.agencies)] for r in report.directives[:top]],
    )
    _table(
        f"directives no agency answered ({len(report.unanswered)})",
        ["directive", "IRI"],
        [[r.text, r.directive] for r in report.unanswered[:top]],
    )
    _table(
        "centrality of agencies (response network)",
        ["agency", "degree", "closeness", "betweenness"],
        [
            [c.name, f"{c.degree:.3f}", f"{c.closeness:.3f}", f"{c.betweenness:.3f}"]
            for c in report.centrality[:top]
        ],
    )


def main() -> None:
    try:
        app()
    except KgError as exc:
        err_console.print(f"kg: error: {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console.print("kg: interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
