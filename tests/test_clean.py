"""Cleaning joins paragraphs cut by page layout and nothing else."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.clean import clean
from kg.records import Span

from .conftest import SEED_TEXT


def test_seed_layout_breaks_are_joined():
    raw = SEED_TEXT.read_text(encoding="utf-8")
    c = clean(raw)
    # the four places where the printed page cut a sentence (checked by reading the page)
    for joined in (
        "培育和发展新质生产力的中坚力量",
        "消费品以旧换新",
        "高校就业指导监测中心主任朱易",
        "特别是针对融资问题",
    ):
        assert joined in c.text
    assert len(raw) - len(c.text) == 8  # four "\n\n" gaps removed
    # headlines, kickers and subtitles stay on their own lines
    assert "贯彻落实省委十五届六次全会精神\n\n以实干实绩" in c.text
    assert "“1269”行动计划有新进展\n\n本报讯" in c.text


def test_offsets_map_back_to_raw():
    raw = SEED_TEXT.read_text(encoding="utf-8")
    c = clean(raw)
    i = c.text.index("新质生产力的中坚")
    s = c.raw_span(Span(i, i + 5))
    assert raw[s.start : s.end] == "新质生产\n\n力"
    assert all(raw[r] == ch for r, ch in zip(c.raw_index, c.text, strict=True))


def test_cleaning_is_idempotent():
    c = clean(SEED_TEXT.read_text(encoding="utf-8"))
    assert clean(c.text).text == c.text


@given(st.text(alphabet=st.sampled_from(list("省工信厅表示，将。\n 　“”1%力新质")), max_size=200))
def test_every_kept_character_is_a_raw_character(raw):
    c = clean(raw)
    assert len(c.raw_index) == len(c.text)
    assert all(raw[r] == ch for r, ch in zip(c.raw_index, c.text, strict=True))
    assert list(c.raw_index) == sorted(set(c.raw_index))


def test_an_indented_paragraph_after_a_blank_line_is_not_joined():
    # the indentation after the gap tells a new paragraph: 标题 stays a headline
    c = clean("标题\n\n　　省委决定，在全省开展专项行动。")
    assert c.text == "标题\n\n　　省委决定，在全省开展专项行动。"
    joined = clean("新质生产\n\n力的中坚力量，又是主阵地。").text
    assert joined == "新质生产力的中坚力量，又是主阵地。"
