"""Invariants over random and mutated text: extraction never raises, every recorded span
slices back to its exact words, and every built graph passes the SHACL shapes."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.graph import article_graphs
from kg.pipeline import extract_document
from kg.records import SourceDoc, SourceMeta
from kg.serialize import to_gold
from kg.validate import validate_quads

from .conftest import SEED_TEXT

SEED = SEED_TEXT.read_text(encoding="utf-8")
# characters that matter to the rules: cue words, numerals, units, punctuation, layout
CHARS = "省市厅局委办处长表示将要全会提出，。；：“”、\n 　0123456789.%个亿元万家增长同比上半年"
PIECES = [*CHARS, "<script>", "\x00", "𠀀", "\n\n", "省工信厅", "表示，将", "全会提出，要"]
META = SourceMeta(publisher="江西日报", published="2024-08-02", region="江西省")


def mutate(text: str, cuts: list[tuple[int, int]], inserts: list[tuple[int, str]]) -> str:
    for a, b in cuts:
        a, b = sorted((a % (len(text) + 1), b % (len(text) + 1)))
        text = text[:a] + text[b:]
    for at, s in inserts:
        at %= len(text) + 1
        text = text[:at] + s + text[at:]
    return text


random_text = st.lists(st.sampled_from(PIECES), max_size=200).map("".join)
mutated_seed = st.builds(
    mutate,
    st.just(SEED),
    st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 5000)), max_size=4),
    st.lists(st.tuples(st.integers(0, 5000), random_text), max_size=4),
)


def check_spans(raw: str, doc) -> None:
    out = to_gold(doc)
    for key in ("directives", "pledges", "targets", "observations"):
        for item in out[key]:
            start, end = item["span"]
            assert raw[start:end].replace("\n", "") == item["text"].replace("\n", ""), (key, item)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(random_text, mutated_seed))
def test_extraction_never_raises_and_spans_slice_back(raw):
    doc = extract_document(SourceDoc(Path("random.txt"), raw, META))
    check_spans(raw, doc)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seed)
def test_every_built_graph_passes_the_shapes(raw):
    doc = extract_document(SourceDoc(Path("mutated.txt"), raw, META))
    graphs = [(g.value, quads) for g, _, quads in article_graphs(doc)]
    report = validate_quads(graphs)
    assert report.conforms, report.violations[0].text[:3000]
