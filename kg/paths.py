"""Where the project's data lives: the repository's ``data/`` and ``ontology/`` folders, or
their copies inside an installed package (``kg/data``, ``kg/ontology``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kg.errors import KgError

_PACKAGE = Path(__file__).resolve().parent


@cache
def _locate(name: str) -> Path:
    for candidate in (_PACKAGE.parent / name, _PACKAGE / name):
        if candidate.is_dir():
            return candidate
    raise KgError(
        f"cannot find the {name}/ folder at {_PACKAGE.parent / name} or {_PACKAGE / name}; "
        "reinstall plenum-kg (pip install -e .)"
    )


def data_dir() -> Path:
    return _locate("data")


def ontology_dir() -> Path:
    return _locate("ontology")


def rules_dir() -> Path:
    return data_dir() / "rules"


def bundled_articles() -> Path:
    return data_dir() / "articles"
