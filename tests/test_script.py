"""Traditional Chinese is read through Simplified without moving any offset."""

from __future__ import annotations

from pathlib import Path

from kg.pipeline import extract_document
from kg.records import SourceDoc, SourceMeta
from kg.script import to_simplified
from kg.serialize import to_gold

RAW = (
    "標題\n\n本報訊 江西省工業和信息化廳表示，將推進1000個重大工業項目建設。"
    "今年上半年，全省規模以上工業增加值同比增長8.8%。"
)


def test_conversion_keeps_length():
    assert to_simplified("江西省工業和信息化廳") == "江西省工业和信息化厅"
    assert len(to_simplified(RAW)) == len(RAW)


def test_traditional_page_is_extracted_with_exact_spans():
    doc = extract_document(
        SourceDoc(Path("t.txt"), RAW, SourceMeta(region="江西省", published="2024-08-02"))
    )
    out = to_gold(doc)
    (pledge,) = out["pledges"]
    assert pledge["agency"] == "江西省工业和信息化厅"
    start, end = pledge["span"]
    assert RAW[start:end] == "將推進1000個重大工業項目建設"  # the words as printed
    (growth,) = [o for o in out["observations"] if o["value"] == 8.8]
    assert growth["indicator_key"] == "industrial_value_added"
