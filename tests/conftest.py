"""Shared fixtures: the seed page (tests/data/seed, a copy of the Jiangxi Daily page of
2024-08-02 with its answer key) extracted once per test session."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SEED_DIR = DATA / "seed"
SEED_TEXT = SEED_DIR / "000_bfd7d7b83f15da73.txt"
SEED_GOLD = SEED_DIR / "gold.yaml"


@pytest.fixture(scope="session")
def seed_doc():
    from kg.pipeline import extract_paths

    (doc,) = list(extract_paths([SEED_TEXT]))
    return doc


@pytest.fixture(scope="session")
def seed_built(tmp_path_factory):
    """The seed page built into an on-disk store by the real build function."""
    from kg import api

    out = tmp_path_factory.mktemp("seed-build")
    summary = api.build([SEED_DIR], out=out)
    return out, summary


def free_port() -> int:
    """A loopback port nothing listens on now (for a server a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
