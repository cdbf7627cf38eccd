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


def test_full_width_digits_signs_and_zero_width_characters_are_read_offsets_kept():
    from kg.extract.quantities import find_quantities

    raw = "省工\u200b信厅表示，投资１，０００亿元，增长－3.5%。"
    c = clean(raw)
    assert c.text == "省工信厅表示，投资1,000亿元，增长-3.5%。"
    found = [(str(q.value), q.unit, q.direction) for q in find_quantities(c.text)]
    assert found == [("1000", "亿元", None), ("3.5", "%", "down")]
    start = c.text.index("1,000")
    span = c.raw_span(__import__("kg.records").records.Span(start, start + 5))
    assert raw[span.start : span.end] == "１，０００"


def test_a_front_matter_header_and_markdown_marks_are_not_text():
    raw = '---\ntitle: "标题"\ndate: 2025-01-09\n---\n\n# 标题\n\n> 本报记者  刘志强\n\n正文。\n'
    text = clean(raw).text
    assert "title:" not in text and "#" not in text and ">" not in text
    assert "标题" in text and "本报记者  刘志强" in text


def test_a_run_without_sentence_marks_is_cut_into_bounded_sentences():
    from kg.segment import MAX_SENTENCE, split_articles

    text = "标题\n\n" + "江西省工信厅推进项目建设，" * 5000 + "\n"
    (article,) = split_articles(clean(text).text)
    assert max(len(s.text) for s in article.sentences) <= MAX_SENTENCE
    body = "江西省工信厅推进项目建设，" * 5000
    assert "".join(s.text for s in article.sentences).endswith(body)  # nothing lost in cutting
