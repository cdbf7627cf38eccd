"""Stage 0 — read: paths in, :class:`~kg.records.SourceDoc` records out.

A path is a file or a folder (read recursively, ``*.txt`` and ``*.html``/``*.htm``, in sorted
order). Article metadata comes from a ``MANIFEST.tsv`` beside the files (columns: file,
publisher, published, title, url, region), as in the bundled data; absent metadata stays
empty and later stages infer what the text allows.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import charset_normalizer
import yaml

from kg.errors import InputError
from kg.records import SourceDoc, SourceMeta

TEXT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml")
MANIFEST = "MANIFEST.tsv"
MAX_SNIFF = 256 * 1024  # bytes charset detection and the binary check look at
MAX_BYTES = 64 * 1024 * 1024  # a larger file is refused: split it into articles
#: Detected legacy encodings are read as the superset that decodes all of their variants.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A file that could not be read, and why (the build goes on without it)."""

    path: Path
    reason: str
    key: str = ""  # the file's source key (see iter_keyed_files)


def read_manifest(folder: Path, warnings: list[str] | None = None) -> dict[str, SourceMeta]:
    """The metadata rows of ``folder/MANIFEST.tsv`` keyed by file name (empty when absent).

    Plain TSV: one row a line, fields split at tabs, no quoting (a title holding a lone ``"``
    is just a title and never swallows the rows after it). A row naming a file that is not
    in the folder, or a second row for the same file, is reported in ``warnings``.
    """
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    rows: dict[str, SourceMeta] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = [h.strip() for h in next(reader, [])]
        if "file" not in header:
            raise InputError(f"{path}: MANIFEST.tsv needs a header line with a 'file' column")
        for values in reader:
            row = dict(zip(header, values, strict=False))
            name = (row.get("file") or "").strip()
            if not name:
                continue
            where = f"{path}, line {reader.line_num}"
            if name in rows and warnings is not None:
                warnings.append(f"{where}: a second row for {name}; the first one is kept")
                continue
            if warnings is not None and not (folder / name).is_file():
                warnings.append(f"{where}: no file {name} in {folder}")
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
    """Decode bytes as ``encoding`` or, when None, detect it.

    A byte-order mark decides first (UTF-8, UTF-16); then strict UTF-8; then
    charset-normalizer's best guess (GB18030/GBK/GB2312, Big5, ...). Newlines are normalised to
    ``\\n``; all offsets refer to the decoded, normalised text.
    """
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError as exc:
            raise InputError(f"unknown encoding '{encoding}'") from exc
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid {encoding} at byte {exc.start}; try another --encoding"
            ) from exc
        return _newlines(text)
    if data.startswith(codecs.BOM_UTF8):
        return _newlines(data[3:].decode("utf-8", errors="strict"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _newlines(data.decode("utf-16"))
    if _looks_binary(data):
        raise InputError("a binary file, not text (skipped)")
    try:
        return _newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    candidates = ["gb18030", "big5hkscs"]
    guess = charset_normalizer.from_bytes(data[:MAX_SNIFF]).best()
    if guess is not None and guess.encoding:
        candidates.append(_WIDER.get(guess.encoding, guess.encoding))
    decoded = []
    for enc in dict.fromkeys(candidates):
        try:
            decoded.append((_common_share(data[:MAX_SNIFF].decode(enc, "ignore")), enc))
        except LookupError:
            continue
    share, enc = max(decoded)
    if share < 0.5:
        raise InputError(
            "cannot tell the encoding (no candidate reads as Chinese text); "
            "give it with --encoding (e.g. gb18030, big5)"
        )
    try:
        return _newlines(data.decode(enc))
    except UnicodeDecodeError as exc:
        raise InputError(
            f"looks like {enc} but byte {exc.start} does not decode; give --encoding"
        ) from exc


def _common_share(text: str) -> float:
    """The share of a text's non-ASCII letters that are common Chinese characters.

    Common means GB2312 level 1 (the 3,755 most used simplified characters) or Big5 level 1
    (5,401 traditional ones): a wrong decoding yields rare characters, a right one common ones.
    """
    letters = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    if not letters:
        return 1.0 if text.isascii() else 0.0
    return sum(_is_common(ch) for ch in letters) / len(letters)


@cache
def _is_common(ch: str) -> bool:
    try:
        if 0xB0A1 <= int.from_bytes(ch.encode("gb2312"), "big") <= 0xD7F9:
            return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA440 <= int.from_bytes(ch.encode("big5"), "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


#: Every byte but the control characters a text does not hold (all below 32 except \t-\r).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def _looks_binary(data: bytes) -> bool:
    """A NUL, or more than 5 % control characters, in the first bytes."""
    head = data[:MAX_SNIFF]
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))  # what is left: the control bytes
    return len(head) > 0 and controls / len(head) > 0.05


def read_html(text: str) -> tuple[str, SourceMeta]:
    """The article text of a saved web page, with its title and date when the page has them."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body:
        return "", SourceMeta()
    title = getattr(doc, "title", None)
    date = getattr(doc, "date", None)
    # keep the title as the page's first line, as a newspaper page has it
    raw = f"{title}\n\n{body}\n" if title and not body.startswith(title) else body + "\n"
    return raw, SourceMeta(title=title, published=date)


def _is_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    head = text[:512].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def iter_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    for _, path in iter_keyed_files(paths):
        yield path


def build_root(path: Path) -> Path:
    """The folder a path's files are named from: a folder itself, a file's parent."""
    return (path if path.is_dir() else path.parent).resolve()


def iter_keyed_files(
    paths: Iterable[Path | str], root_key: Callable[[Path], str] | None = None
) -> Iterator[tuple[str, Path]]:
    """``(key, path)`` of every text file under ``paths``; the key is the root's key
    (``root_key(build_root(path))``, by default the root folder's name) followed by the path
    below the root, so that no two files read from one root share one."""
    for item in paths:
        path = Path(item)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        root = build_root(path)
        prefix = root_key(root) if root_key else (root.name or "root")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES:
                    rel = child.relative_to(path)
                    yield "/".join((prefix, *rel.parts)), child
        else:
            yield f"{prefix}/{path.name}", path


def read_sources(
    paths: Iterable[Path | str],
    *,
    encoding: str | None = None,
    failures: list[ReadFailure] | None = None,
    warnings: list[str] | None = None,
    root_key: Callable[[Path], str] | None = None,
) -> Iterator[SourceDoc]:
    """Yield each readable file as a :class:`SourceDoc`.

    Files that cannot be decoded are appended to ``failures`` (when given) and skipped, so one
    bad file does not stop a build; without ``failures`` the first one raises
    :class:`~kg.errors.InputError`. Problems with metadata go to ``warnings``.
    """
    manifests: dict[Path, dict[str, SourceMeta]] = {}
    for key, path in iter_keyed_files(paths, root_key):
        folder = path.parent
        if folder not in manifests:
            manifests[folder] = read_manifest(folder, warnings)
        meta = manifests[folder].get(path.name, SourceMeta())
        try:
            raw, meta = read_file(path, meta, encoding)
        except (InputError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            if failures is None:
                raise InputError(f"{path}: {reason}") from exc
            failures.append(ReadFailure(path, reason, key))
            continue
        yield SourceDoc(path=path, raw=raw, meta=meta, key=key)


def read_file(path: Path, meta: SourceMeta, encoding: str | None = None) -> tuple[str, SourceMeta]:
    """One file's text and metadata; a saved web page is read as its article text."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            f"{size / 2**20:.0f} MB is more than one article can be ({MAX_BYTES // 2**20} MB); "
            "split the file into articles"
        )
    raw = decode(path.read_bytes(), encoding)
    if _is_html(path, raw):
        raw, found = read_html(raw)
        meta = SourceMeta(
            publisher=meta.publisher,
            published=meta.published or found.published,
            title=meta.title or found.title,
            url=meta.url,
            region=meta.region,
        )
    else:
        header = front_matter(raw)[0]
        if header:
            meta = SourceMeta(
                publisher=meta.publisher,
                published=meta.published or _date_of(header.get("date")),
                title=meta.title or _text_of(header.get("title")),
                url=meta.url or _text_of(header.get("source_url")),
                region=meta.region,
            )
    return raw, meta


#: A YAML front-matter block opening a file (---, key: value lines, ---), as static site
#: tools write it: metadata (title, date, source_url), not article text.
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(?P<body>(?:.*\n){0,60}?)---[ \t]*(?:\n|\Z)")


def front_matter(raw: str) -> tuple[dict[str, Any], int]:
    """The front-matter fields of ``raw`` and where its text begins (0 when there is none)."""
    m = _FRONT_MATTER.match(raw)
    if m is None:
        return {}, 0
    try:
        data = yaml.safe_load(m.group("body"))
    except yaml.YAMLError:
        return {}, 0
    return (data, m.end()) if isinstance(data, dict) else ({}, 0)


def _text_of(value: Any) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def _date_of(value: Any) -> str | None:
    text = _text_of(value)
    return text if text and re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", text) else None
