"""Nothing a user has is lost: folders that are not ours, files of the same name, a broken
MANIFEST line, loose names given to ``kg remove``, sources deleted between builds.

Each test is named for the loss it guards against and runs the real build on a real store.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import api
from kg.errors import InputError

PLEDGE = "省工信厅表示，将重点推进{n}个重大工业项目建设。\n"
HEADER = "file\tpublisher\tpublished\ttitle\turl\tregion\n"


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=300
    )


def article(title: str, n: int) -> str:
    return f"{title}\n\n江西省委全会提出，要加快建设现代化产业体系。\n{PLEDGE.format(n=n)}"


def quads(out: Path) -> set[str]:
    store = ox.Store.read_only(str(out / "store"))
    return {str(q) for q in store}


def titles(out: Path) -> dict[str, str]:
    rows = api.sparql_df(
        "SELECT ?file ?title WHERE { ?a plk:sourceFile ?file "
        "OPTIONAL { ?a dcterms:title ?title } }",
        out=out,
    )
    return {f: t for f, t in zip(rows["file"], rows["title"], strict=True)}


def test_build_never_deletes_an_ordinary_folder_where_the_store_goes(tmp_path):
    (tmp_path / "x" / "store").mkdir(parents=True)
    notes = tmp_path / "x" / "store" / "notes.txt"
    notes.write_text("hi\n", encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(article("题目", 1), encoding="utf-8")
    result = kg("build", str(tmp_path / "in"), "--out", str(tmp_path / "x"), "--quiet")
    assert result.returncode == 3
    assert notes.read_text(encoding="utf-8") == "hi\n"
    assert sorted(p.name for p in (tmp_path / "x" / "store").iterdir()) == ["notes.txt"]
    lines = result.stderr.strip().splitlines()
    assert (
        len(lines) == 1 and "not a plenum-kg store" in lines[0] and "Traceback" not in result.stderr
    )


def test_build_into_an_empty_folder_makes_the_store_there(tmp_path):
    (tmp_path / "x" / "store").mkdir(parents=True)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(article("题目", 1), encoding="utf-8")
    api.build([tmp_path / "in"], out=tmp_path / "x", explorer=False, export=False, jobs=1)
    assert (tmp_path / "x" / "store" / "CURRENT").is_file()
    assert len(quads(tmp_path / "x")) > 0


def test_files_with_the_same_stem_are_different_articles(tmp_path):
    src = tmp_path / "src"
    for folder, n in (("a", 1), ("b", 2)):
        (src / folder).mkdir(parents=True)
        (src / folder / "x.txt").write_text(article(f"题目{folder}", n), encoding="utf-8")
    (src / "y.txt").write_text(article("纯文本", 3), encoding="utf-8")
    (src / "y.html").write_text(
        "<html><head><title>网页</title></head><body><article><p>"
        + article("网页", 4).replace("\n", "</p><p>")
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    api.build([src], out=out, explorer=False, export=False, jobs=1)
    first = quads(out)
    files = titles(out)
    assert set(files) == {"src/a/x.txt", "src/b/x.txt", "src/y.txt", "src/y.html"}
    for _ in range(2):  # rebuilding swaps nothing
        summary = api.build([src], out=out, explorer=False, export=False, jobs=1)
        assert summary.skipped == summary.articles == 4
        assert quads(out) == first


def test_same_folder_name_in_two_places_never_shares_articles(tmp_path):
    for parent, n in (("one", 1), ("two", 2)):
        (tmp_path / parent / "data").mkdir(parents=True)
        (tmp_path / parent / "data" / "x.txt").write_text(article(parent, n), encoding="utf-8")
    out = tmp_path / "out"
    api.build([tmp_path / "one" / "data"], out=out, explorer=False, export=False, jobs=1)
    api.build([tmp_path / "two" / "data"], out=out, explorer=False, export=False, jobs=1)
    files = titles(out)
    assert len(files) == 2 and "data/x.txt" in files  # the second root's key is disambiguated
    texts = api.sparql_df("SELECT ?t WHERE { ?a plk:sourceFile ?f ; nif:isString ?t }", out=out)
    assert sorted(t.split("\n")[0] for t in texts["t"]) == ["one", "two"]


def test_an_unclosed_quote_in_a_manifest_title_keeps_the_later_rows(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (src / name).write_text(article("正文标题", 1), encoding="utf-8")
    (src / "MANIFEST.tsv").write_text(
        HEADER
        + 'a.txt\t报\t2024-08-02\t"开引号没有关\t\t江西\n'
        + "b.txt\t报\t2024-08-02\t第二篇\t\t江西\n"
        + "c.txt\t报\t2024-08-02\t第三篇\t\t江西\n"
        + "gone.txt\t报\t2024-08-02\t没有文件\t\t江西\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    summary = api.build([src], out=out, explorer=False, export=False, jobs=1)
    assert titles(out) == {
        "src/a.txt": '"开引号没有关',
        "src/b.txt": "第二篇",
        "src/c.txt": "第三篇",
    }
    assert any("gone.txt" in w and "line 5" in w for w in summary.warnings)


@pytest.fixture()
def three_built(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for i, name in enumerate(("1.txt", "11.txt", "21.txt"), start=1):
        (src / name).write_text(article(f"第{i}篇", i), encoding="utf-8")
    out = tmp_path / "out"
    api.build([src], out=out, explorer=False, jobs=1)
    return src, out


def test_remove_takes_only_what_is_named_exactly(three_built):
    src, out = three_built
    before = sorted(titles(out))
    for loose in ("1", "txt", "src", "article"):
        with pytest.raises(InputError):
            api.remove_articles([loose], out=out)
    assert sorted(titles(out)) == before
    removed = api.remove_articles([str(src / "1.txt")], out=out)
    assert len(removed) == 1 and removed[0].endswith("/src/1.txt/1")
    assert sorted(titles(out)) == ["src/11.txt", "src/21.txt"]
    assert "src/1.txt" not in (out / "graph.trig").read_text(encoding="utf-8")  # export refreshed


def test_remove_refuses_the_shared_entities_graph(three_built):
    _, out = three_built
    result = kg("remove", "entities", "--out", str(out))
    assert result.returncode == 2 and "shared entities graph" in result.stderr
    store = api.open_store(out)
    assert any(g.endswith("/graph/entities") for g in store.graphs())


def test_building_a_part_of_a_built_folder_names_its_files_as_before(three_built):
    src, out = three_built
    before = quads(out)
    (src / "sub").mkdir()
    (src / "sub" / "n.txt").write_text(article("新", 9), encoding="utf-8")
    summary = api.build([src / "sub"], out=out, explorer=False, jobs=1)
    assert summary.articles == 1 and "src/sub/n.txt" in titles(out)
    summary = api.build([src / "1.txt"], out=out, explorer=False, jobs=1)
    assert summary.skipped == 1  # the same article as the folder's build, not a second one
    assert before <= quads(out)


def test_remove_by_id_and_dry_run(three_built):
    _, out = three_built
    listed = kg("remove", "src/11.txt/1", "--dry-run", "--out", str(out))
    assert listed.returncode == 0 and "would remove" in listed.stdout
    assert "src/11.txt" in titles(out)
    assert kg("remove", "src/11.txt/1", "--out", str(out)).returncode == 0
    assert "src/11.txt" not in titles(out)


# --- the store equals a fresh build of what is there ---------------------------------------

TEXTS = [article(f"第{i}篇", i) for i in range(1, 5)] + [
    "省发展改革委表示，将推进一批重大项目。\n全省地区生产总值增长5%左右。\n",
    "南昌市发改委负责人表示，下一步将重点推进100个重大项目建设。\n",
]
STEPS = st.lists(
    st.tuples(
        st.sampled_from(["write", "delete", "build", "remove"]),
        st.integers(0, 3),  # which file
        st.integers(0, len(TEXTS) - 1),  # which text
    ),
    min_size=1,
    max_size=7,
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS)
def test_store_equals_a_fresh_build_after_any_builds_and_removes(tmp_path_factory, steps):
    base = tmp_path_factory.mktemp("seq")
    src, out = base / "src", base / "out"
    src.mkdir()
    (src / "f0.txt").write_text(TEXTS[0], encoding="utf-8")
    api.build([src], out=out, explorer=False, export=False, jobs=1)
    for op, which, text in steps:
        path = src / f"f{which}.txt"
        if op == "write":
            path.write_text(TEXTS[text], encoding="utf-8")
        elif op == "delete":
            path.unlink(missing_ok=True)
        elif op == "remove" and path.exists():
            with contextlib.suppress(InputError):  # not built yet
                api.remove_articles([str(path)], out=out)
            path.unlink()  # a removed article stays out only while its file is gone
        api.build([src], out=out, explorer=False, export=False, jobs=1)
    fresh = base / "fresh" / "src"
    shutil.copytree(src, fresh)
    api.build([fresh], out=base / "fresh-out", explorer=False, export=False, jobs=1)
    assert quads(out) == quads(base / "fresh-out")
