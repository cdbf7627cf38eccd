"""Stage 7 — store: article graphs in, an embedded on-disk pyoxigraph store out.

Each article is one named graph, marked done by its content hash, written last. A build
killed at any moment leaves no article marked done that is not whole; building again drops
what is unmarked and finishes the job. Unchanged articles (same content hash) are skipped.
An rdflib Dataset of the store is one call away (:meth:`Store.to_rdflib`).
"""

from __future__ import annotations

import os
import shutil
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
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not path.exists():
                    raise StoreError(f"{path}: no store here; run `kg build` first")
                self._store = ox.Store.read_only(str(path))
            else:
                _clear_unfinished(path)
                if not path.exists():
                    _create(path)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(
                f"{path}: cannot open the store ({exc}); is another kg process using it?"
            ) from exc

    @property
    def oxigraph(self) -> ox.Store:
        return self._store

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
        return unfinished

    def remove_graph(self, graph: str) -> bool:
        node = ox.NamedNode(graph)
        if not self._store.contains_named_graph(node):
            return False
        self._store.remove_graph(node)
        return True

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


def _create(path: Path) -> None:
    """Create an empty store at ``path`` in one step, as seen from outside.

    RocksDB creates a database file by file; a process killed in between leaves a folder
    that cannot be opened. The store is made in a folder beside ``path``, closed, and
    renamed into place, so ``path`` is either absent or a whole empty store.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.creating-*"):  # left by a killed creation
        shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.creating-", dir=path.parent))
    try:
        created = ox.Store(str(tmp))
        created.flush()
        del created  # closes the database (CPython frees it here)
        os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _clear_unfinished(path: Path) -> None:
    """Remove a store whose creation was killed before it held anything (a store made by an
    older version without :func:`_create`): a folder without RocksDB's ``CURRENT`` and
    without data files was never a store, and reopening it would fail.
    """
    if not path.is_dir() or (path / "CURRENT").exists():
        return
    if any(path.glob("*.sst")) or (
        any(path.glob("*.log")) and any(f.stat().st_size for f in path.glob("*.log"))
    ):
        raise StoreError(
            f"{path}: the store is damaged (no CURRENT file); move it away and rebuild"
        )
    shutil.rmtree(path)


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
