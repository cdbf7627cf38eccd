"""Messy inputs get a correct result or one clear reason: encodings, web pages, junk files."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.errors import InputError
from kg.read import decode, read_sources

PAGE = (
    "省工信厅表示，将推进1000个重大工业项目建设。今年上半年，全省规模以上工业增加值同比增长8.8%。"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "utf-16"])
def test_encodings_are_detected(encoding):
    assert decode(PAGE.encode(encoding)) == PAGE


def test_big5_traditional_is_detected():
    text = "江西省工業和信息化廳表示，將推進1000個重大工業項目建設。"
    assert decode(text.encode("big5")) == text


def test_short_gbk_text_is_not_mistaken():
    assert decode("省工信厅".encode("gbk")) == "省工信厅"


def test_an_explicit_encoding_wins_and_a_wrong_one_says_so():
    assert decode(PAGE.encode("gbk"), "gbk") == PAGE
    with pytest.raises(InputError, match="not valid utf-8"):
        decode(PAGE.encode("gbk"), "utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        decode(b"abc", "no-such-codec")


def test_binary_is_refused():
    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(256)) * 4)


def test_windows_newlines_are_normalised():
    assert decode("第一段。\r\n第二段。".encode()) == "第一段。\n第二段。"


def test_saved_web_page_is_read_as_its_article(tmp_path):
    html = (
        "<html><head><title>江西发布工业经济成绩单</title>"
        '<meta name="date" content="2024-08-01"></head><body><nav>首页 | 要闻</nav>'
        f"<article><h1>江西发布工业经济成绩单</h1><p>本报讯 {PAGE}</p></article>"
        "<footer>版权所有</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    (doc,) = read_sources([tmp_path])
    assert PAGE in doc.raw
    assert "版权所有" not in doc.raw and "首页" not in doc.raw
    assert doc.meta.title == "江西发布工业经济成绩单"
    assert doc.meta.published == "2024-08-01"


def test_bad_files_are_reported_and_the_rest_is_read(tmp_path):
    (tmp_path / "good 文章.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.txt").write_bytes(b"")
    failures: list = []
    docs = list(read_sources([tmp_path], failures=failures))
    assert sorted(d.path.name for d in docs) == ["empty.txt", "good 文章.txt"]
    assert [f.path.name for f in failures] == ["binary.txt"]
    assert "binary" in failures[0].reason


def test_a_huge_file_is_refused_with_what_to_do(tmp_path):
    big = tmp_path / "dump.txt"
    with big.open("wb") as fh:
        fh.truncate(100 * 2**20)  # 100 MB
    failures: list = []
    assert list(read_sources([big], failures=failures)) == []
    assert "split the file into articles" in failures[0].reason


def kg(*args):
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_build_goes_on_past_bad_files_and_exits_1(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("标题\n\n本报讯 " + PAGE, encoding="gbk")
    (src / "b.txt").write_bytes(b"\x00" * 1000)
    (src / "c.txt").write_text("。。。！！！", encoding="utf-8")
    (src / "d.txt").write_text("The quick brown fox jumps over the lazy dog.", encoding="utf-8")
    r = kg("build", src, "--out", tmp_path / "out")
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert "b.txt" in r.stderr and "binary" in r.stderr
    assert "documents" in r.stdout
    r = kg("query", "pledges-of-agency", "--format", "csv", "--out", tmp_path / "out")
    assert r.returncode == 0
    assert "江西" not in r.stdout or "工业和信息化厅" in r.stdout  # no region: surface kept


def test_missing_path_is_one_line(tmp_path):
    r = kg("extract", tmp_path / "nope.txt")
    assert r.returncode == 2
    assert r.stderr.strip().startswith("kg: error:") and "no such file" in r.stderr
