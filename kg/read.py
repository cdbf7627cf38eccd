"""Stage 0 — read: paths in, :class:`~kg.records.SourceDoc` records out.

A path is a file or a folder (read recursively, ``*.txt`` and ``*.html``/``*.htm``, in sorted
order). Article metadata comes from a ``MANIFEST.tsv`` beside the files (columns: file,
publisher, published, title, url, region), as in the bundled data; absent metadata stays
empty and later stages infer what the text allows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.records import SourceDoc, SourceMeta

TEXT_SUFFIXES = (".txt", ".text", ".html", ".htm")
MANIFEST = "MANIFEST.tsv"
ENCODINGS = ("utf-8-sig", "utf-16", "gb18030", "big5")


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A file that could not be read, and why (the build goes on without it)."""

    path: Path
    reason: str


def read_manifest(folder: Path) -> dict[str, SourceMeta]:
    """The metadata rows of ``folder/MANIFEST.tsv`` keyed by file name (empty when absent)."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    rows: dict[str, SourceMeta] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        if not reader.fieldnames or "file" not in reader.fieldnames:
            raise InputError(f"{path}: MANIFEST.tsv needs a header line with a 'file' column")
        for row in reader:
            name = (row.get("file") or "").strip()
            if not name:
                continue
            rows[name] = SourceMeta(
                publisher=_blank(row.get("publisher")),
                published=_blank(row.get("published")),
                title=_blank(row.get("title")),
                url=_blank(row.get("url")),
                region=_blank(row.get("region")),
            )
    return rows


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def decode(data: bytes, encoding: str | None = None) -> str:
    """Decode bytes as ``encoding`` or, when None, the first of :data:`ENCODINGS` that fits.

    Newlines are normalised to ``\\n``; all offsets refer to the decoded, normalised text.
    """
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary file (contains NUL bytes), not text")
    tried = (encoding,) if encoding else ENCODINGS
    for enc in tried:
        if enc == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise InputError(f"cannot decode as {' or '.join(tried)}; give the encoding with --encoding")


def iter_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES:
                    yield child
        elif path.is_file():
            yield path
        else:
            raise InputError(f"{path}: no such file or folder")


def read_sources(
    paths: Iterable[Path | str],
    *,
    encoding: str | None = None,
    failures: list[ReadFailure] | None = None,
) -> Iterator[SourceDoc]:
    """Yield each readable file as a :class:`SourceDoc`.

    Files that cannot be decoded are appended to ``failures`` (when given) and skipped, so one
    bad file does not stop a build; without ``failures`` the first one raises
    :class:`~kg.errors.InputError`.
    """
    manifests: dict[Path, dict[str, SourceMeta]] = {}
    for path in iter_files(paths):
        folder = path.parent
        if folder not in manifests:
            manifests[folder] = read_manifest(folder)
        meta = manifests[folder].get(path.name, SourceMeta())
        try:
            raw = decode(path.read_bytes(), encoding)
        except (InputError, OSError) as exc:
            if failures is None:
                raise InputError(f"{path}: {exc}") from exc
            failures.append(ReadFailure(path, str(exc)))
            continue
        yield SourceDoc(path=path, raw=raw, meta=meta)
