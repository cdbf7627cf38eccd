"""Rule tables: TSV files under ``data/rules/`` with a header line, one rule a row.

A new cue word or a new post is one line in a table, not a code change. Lines starting with
``#`` are comments; ``|`` separates alternatives inside a cell.
"""

from __future__ import annotations

import csv
import re
from functools import cache

from kg.errors import KgError
from kg.paths import rules_dir


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``data/rules/{name}.tsv`` as dicts (cells stripped, empty cells as '')."""
    path = rules_dir() / f"{name}.tsv"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KgError(f"{path}: rule table missing ({exc}); reinstall plenum-kg") from exc
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    rows = []
    for row in csv.DictReader(lines, delimiter="\t"):
        rows.append({k.strip(): (v or "").strip() for k, v in row.items() if k})
    return tuple(rows)


@cache
def words(name: str, column: str) -> tuple[str, ...]:
    """Every alternative of ``column`` in table ``name``, longest first."""
    out = {w for row in table(name) for w in row[column].split("|") if w}
    return tuple(sorted(out, key=lambda w: (-len(w), w)))


@cache
def alternation(name: str, column: str) -> str:
    """A regex alternation of :func:`words`, longest first (so the longest cue wins)."""
    return "|".join(re.escape(w) for w in words(name, column))
