"""Stage 7 — store: article graphs in, an embedded on-disk pyoxigraph store out.

Each article is one named graph, marked done by its content hash, written last. A build
killed at any moment leaves no article marked done that is not whole; building again drops
what is unmarked and finishes the job. Unchanged articles (same content hash) are skipped.
An rdflib Dataset of the store is one call away (:meth:`Store.to_rdflib`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import StoreError
from kg.vocab import PLK

if TYPE_CHECKING:
    import rdflib

_CONTENT_HASH = ox.NamedNode(str(PLK.contentHash))
_HASH_IRI = f"<{PLK.contentHash}>"
BULK_BYTES = 1_000_000  # N-Quads bytes from which a write goes through the bulk loader
_HASHES = f"""
SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?g <{PLK.contentHash}> ?h }} }}
"""


class Store:
    """A pyoxigraph store on disk (``path``) or in memory (``path=None``)."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self._ledger: _Ledger | None = None
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not path.exists():
                    raise StoreError(f"{path}: no store here; run `kg build` first")
                self._store = ox.Store.read_only(str(path))
            else:
                _check_folder(path)
                if not (path / "CURRENT").exists():
                    _create(path)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(
                f"{path}: cannot open the store ({exc}); is another kg process using it?"
            ) from exc

    @property
    def oxigraph(self) -> ox.Store:
        return self._store

    @property
    def ledger(self) -> _Ledger:
        """What the RDF does not say: which article put each shared quad in, build roots."""
        if self._ledger is None:
            self._ledger = _Ledger(None if self.path is None else self.path / LEDGER)
        return self._ledger

    def root_key(self, root: Path) -> str:
        """The key under which the files of the build root ``root`` are named (see
        :meth:`_Ledger.root_key`)."""
        return self.ledger.root_key(root)

    # --- writing ---------------------------------------------------------------------------
    def article_hashes(self) -> dict[str, str]:
        """Graph IRI → content hash of every article in the store."""
        return {
            sol["g"].value: sol["h"].value
            for sol in self._store.query(_HASHES)  # type: ignore[union-attr]
        }

    def replace_graph(self, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
        """Put ``quads`` as the whole content of ``graph`` (see :meth:`replace_graphs`)."""
        digest = next((q.object for q in quads if q.predicate == _CONTENT_HASH), None)
        body = "".join(f"{q} .\n" for q in quads if q.predicate != _CONTENT_HASH)
        value = digest.value if isinstance(digest, ox.Literal) else ""
        self.replace_graphs([(graph.value, value, body)])

    def replace_graphs(self, articles: list[tuple[str, str, str]]) -> None:
        """Replace each ``(graph IRI, content hash, N-Quads)`` article graph.

        The N-Quads hold everything but the content hash. Three steps: the old graphs go, the
        new quads come in (through the bulk loader when there are at least ``BULK_BYTES``),
        and only then, in one transaction, each graph's content hash, which is what marks an
        article as done. A crash at any point leaves no article half written and taken for
        done: a graph without its hash is dropped and rewritten by the next build.
        """
        if not articles:
            return
        existing = [g for g, _, _ in articles if self._store.contains_named_graph(ox.NamedNode(g))]
        if existing:
            self._store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in existing))
        shared = {  # the quads an article writes in another graph than its own
            g: [line for line in nquads.splitlines() if line and not line.endswith(f"<{g}> .")]
            for g, _, nquads in articles
        }
        self._remove_quads(self.ledger.replace(shared))
        data = "".join(nq for _, _, nq in articles).encode("utf-8")
        if len(data) >= BULK_BYTES:
            # RocksDB's bulk loader writes sorted files directly, 3-4x faster than a
            # transaction; not atomic, which is safe here because the hashes come after.
            self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        else:
            self._store.load(data, format=ox.RdfFormat.N_QUADS)
        done = "".join(f'<{g}> {_HASH_IRI} "{digest}" <{g}> .\n' for g, digest, _ in articles)
        self._store.load(done.encode("utf-8"), format=ox.RdfFormat.N_QUADS)

    def drop_unfinished(self, prefix: str, done: Iterable[str]) -> list[str]:
        """Drop the graphs under ``prefix`` that are not ``done`` (have no content hash).

        Such a graph is what a killed build left while loading it; the next build rewrites
        the articles it still has, and this keeps the others from lingering half written.
        """
        finished = set(done)
        unfinished = [
            g.value
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode)
            and g.value.startswith(prefix)
            and g.value not in finished
        ]
        if unfinished:
            self._store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in unfinished))
            self._remove_quads([q for g in unfinished for q in self.ledger.drop(g)])
        return unfinished

    def remove_graph(self, graph: str) -> bool:
        """Drop an article graph and the shared quads no other article put in."""
        node = ox.NamedNode(graph)
        if not self._store.contains_named_graph(node):
            return False
        self._store.remove_graph(node)
        self._remove_quads(self.ledger.drop(graph))
        return True

    def _remove_quads(self, lines: list[str]) -> None:
        if lines:
            data = "".join(f"{line}\n" for line in lines).encode("utf-8")
            for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS):
                self._store.remove(quad)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def bulk_load(self, quads: Iterable[ox.Quad]) -> None:
        """Fast, non-transactional load for big imports into a fresh store."""
        self._store.bulk_extend(quads)

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    # --- reading ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._store)

    def query(self, sparql: str, prefixes: dict[str, str] | None = None) -> object:
        return self._store.query(sparql, use_default_graph_as_union=True, prefixes=prefixes)

    def quads(self) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(None, None, None, None)

    def dump(self, path: Path, fmt: ox.RdfFormat = ox.RdfFormat.TRIG) -> None:
        """Write the store to ``path`` through a temporary file renamed into place."""
        write_atomic(path, lambda fh: self._store.dump(fh, format=fmt))

    def to_rdflib(self) -> rdflib.Dataset:
        """The store as an rdflib Dataset (parsed from N-Quads by rdflib: keep it small)."""
        import rdflib

        data = self._store.dump(format=ox.RdfFormat.N_QUADS)
        ds = rdflib.Dataset()
        ds.parse(data=data, format="nquads")
        return ds


LEDGER = ".plenum-kg-ledger.sqlite"  # inside the store folder, beside RocksDB's files


class _Ledger:
    """A small SQLite file kept with the store, for what removing an article needs to know.

    Shared node descriptions (an agency's labels, a unit, a period) live once in the
    entities graph, written by every article that names them. ``written`` records which
    article wrote which of those quads (``quads`` holds each quad's text once), so that
    removing or replacing an article removes exactly the quads no other article wrote: the
    store stays equal to a fresh build of what is left. ``roots`` names each build root (the
    folder a build read) by a key that no other root of the same store has.
    """

    def __init__(self, path: Path | None) -> None:
        self.db = sqlite3.connect(":memory:" if path is None else str(path))
        self.db.executescript(
            """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS quads (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS written (graph TEXT NOT NULL, quad INTEGER NOT NULL,
                PRIMARY KEY (graph, quad)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS written_quad ON written (quad);
            CREATE TABLE IF NOT EXISTS roots (key TEXT PRIMARY KEY, path TEXT NOT NULL UNIQUE);
            """
        )

    def replace(self, written: dict[str, list[str]]) -> list[str]:
        """Record, for each graph, the quads it wrote (one transaction); return the quads the
        graphs wrote before that no article writes now (to be removed from the store)."""
        with self.db:
            old = {q for graph in written for q in self._drop(graph)}
            rows = [(graph, _quad_id(q), q) for graph, quads in written.items() for q in quads]
            self.db.executemany(
                "INSERT OR IGNORE INTO quads VALUES (?, ?)", ((i, q) for _, i, q in rows)
            )
            self.db.executemany(
                "INSERT OR IGNORE INTO written VALUES (?, ?)", ((g, i) for g, i, _ in rows)
            )
            return self._unused(sorted(old))

    def drop(self, graph: str) -> list[str]:
        """Forget ``graph``; return the quads only it wrote."""
        with self.db:
            return self._unused(sorted(self._drop(graph)))

    def _drop(self, graph: str) -> set[int]:
        old = {r[0] for r in self.db.execute("SELECT quad FROM written WHERE graph = ?", (graph,))}
        self.db.execute("DELETE FROM written WHERE graph = ?", (graph,))
        return old

    def _unused(self, ids: list[int]) -> list[str]:
        """The text of the quads of ``ids`` that no graph writes any more (and forget them)."""
        out = []
        for i in ids:
            if self.db.execute("SELECT 1 FROM written WHERE quad = ?", (i,)).fetchone() is None:
                row = self.db.execute("SELECT text FROM quads WHERE id = ?", (i,)).fetchone()
                self.db.execute("DELETE FROM quads WHERE id = ?", (i,))
                if row is not None:
                    out.append(str(row[0]))
        return out

    def root_key(self, root: Path) -> str:
        """The key of the build root ``root``: its folder name, or, when another folder of the
        same name was built into this store before, the name and a digest of the full path.
        A folder inside a root built before is named from that root (``articles/seed``), so
        building a part of a folder again names its files as the whole build did."""
        resolved = root.resolve()
        where = str(resolved)
        with self.db:
            row = self.db.execute("SELECT key FROM roots WHERE path = ?", (where,)).fetchone()
            if row:
                return str(row[0])
            for key, path in self.roots().items():  # inside a built root: named from it
                if Path(path) in resolved.parents:
                    return "/".join((key, *resolved.relative_to(path).parts))
            key = root.name or "root"
            if self.db.execute("SELECT 1 FROM roots WHERE key = ?", (key,)).fetchone():
                key = f"{key}~{hashlib.sha1(where.encode()).hexdigest()[:10]}"
            self.db.execute("INSERT INTO roots VALUES (?, ?)", (key, where))
            return key

    def roots(self) -> dict[str, Path]:
        return {k: Path(p) for k, p in self.db.execute("SELECT key, path FROM roots")}


def _quad_id(quad: str) -> int:
    """A quad's key in the ledger: 63 bits of its BLAKE2b digest (a collision would only keep
    one shared quad longer than needed, never remove one another article wrote)."""
    return int.from_bytes(hashlib.blake2b(quad.encode(), digest_size=8).digest(), "big") >> 1


#: A file :func:`_create` puts inside every store it makes: the proof that a folder is a store
#: this project created. Nothing is ever deleted from a folder that does not hold it.
MARKER = ".plenum-kg-store"


def _create(path: Path) -> None:
    """Create an empty store at ``path`` in one step, as seen from outside.

    RocksDB creates a database file by file; a process killed in between leaves a folder
    that cannot be opened. The store is made in a folder beside ``path`` (with the
    :data:`MARKER` file written first), closed, and renamed into place, so ``path`` is either
    absent or a whole empty store. An empty folder at ``path`` is replaced; any other folder
    is not a store of ours and stays as it is (see :func:`_check_folder`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.creating-*"):  # left by a killed creation
        if (stale / MARKER).is_file() or (stale.is_dir() and not any(stale.iterdir())):
            shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.creating-", dir=path.parent))
    try:
        (tmp / MARKER).write_text("a plenum-kg store (pyoxigraph)\n", encoding="utf-8")
        created = ox.Store(str(tmp))
        created.flush()
        del created  # closes the database (CPython frees it here)
        if path.is_dir():
            path.rmdir()  # empty (checked by _check_folder); fails rather than lose a file
        os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _check_folder(path: Path) -> None:
    """Refuse a folder at ``path`` that is not a whole store, and delete nothing.

    A store is a folder holding RocksDB's ``CURRENT`` file (stores made before the
    :data:`MARKER` existed have only that). An empty folder is fine: the store is created in
    it. Anything else (a folder of the user's own files, a store whose creation was killed
    by an old version) is left untouched and the user is told what to do.
    """
    if not path.exists():
        return
    if not path.is_dir():
        raise StoreError(f"{path}: is a file, not a store; choose another --out or move it away")
    if (path / "CURRENT").exists() or not any(path.iterdir()):
        return
    if (path / MARKER).is_file():
        raise StoreError(
            f"{path}: the store is damaged (no CURRENT file); move it away and rebuild"
        )
    raise StoreError(
        f"{path}: this folder is not a plenum-kg store and is left untouched; "
        "choose another --out or move the folder away"
    )


def write_atomic(path: Path, write: object) -> None:
    """Call ``write(binary file)`` on a temp file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)  # type: ignore[operator]
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
