"""The notebooks: stored without outputs, and run top to bottom from a fresh copy.

The three notebooks are copied into a temporary folder and executed in order with nbclient
(01 builds the graph of the seed page, 02 the 2025 work reports, 03 reuses them), as a user
running them from a fresh clone would; each test then checks that its notebook raised no
error and showed what it promises. Cells are found by their ``tags``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from kg import charts

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NAMES = ("01-tour.ipynb", "02-targets-and-figures.ipynb", "03-the-graph.ipynb")
CELL_TIMEOUT = 600  # seconds; a hung cell fails the run instead of blocking it

# The six directives of the 省委十五届六次全会 on the seed page, as printed there.
SEED_DIRECTIVES = (
    "全力巩固增强经济回升向好态势",
    "加快建设现代化产业体系，积极培育发展新质生产力",
    "用足用好国家扩大内需政策，持续释放投资消费潜力",
    "统筹新型城镇化和乡村全面振兴，加快推进城乡融合发展",
    "用心用情保障改善民生，不断提高老区人民生活品质",
    "更好统筹发展和安全，坚决防范化解重点领域风险",
)
CHARTS = (
    "pledges-per-directive.png",
    "observations-per-indicator.png",
    "seed-industry.png",
    "gdp-targets-2025.png",
)


def read(path: Path) -> Any:
    import nbformat

    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_stored_without_outputs(name):
    nb = read(NOTEBOOKS / name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert nb.metadata.kernelspec.name == "python3"


def test_explorer_frame_keeps_the_page_inside_its_sandboxed_frame(tmp_path):
    from kg import api

    page = tmp_path / "explorer.html"
    page.write_text('<p title="x">省工信厅</p>"></iframe><script>alert(1)</script>', "utf-8")
    html = api.explorer_frame(page, height=300).data
    assert html.count("<iframe") == 1 and html.count("</iframe>") == 1
    assert "<script>" not in html and "&lt;script&gt;" in html and "&quot;" in html
    assert 'sandbox="allow-scripts"' in html and "height:300px" in html


def test_sparql_df_runs_inline_sparql_with_the_usual_prefixes(seed_built):
    from kg import api

    out, _ = seed_built
    df = api.sparql_df(
        "SELECT DISTINCT ?name WHERE { ?p a plk:Pledge ; plk:agency/skos:prefLabel ?name }",
        out=out,
    )
    assert "江西省工业和信息化厅" in set(df["name"])


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Each notebook run once, in order, in a temporary copy: name → (notebook, error)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    work = tmp_path_factory.mktemp("run") / "notebooks"
    work.mkdir()
    results: dict[str, tuple[Any, Exception | None]] = {}
    for name in NAMES:
        shutil.copy(NOTEBOOKS / name, work / name)
        nb = nbformat.read(work / name, as_version=4)
        client = NotebookClient(
            nb,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": str(work)}},
        )
        try:
            client.execute()
            error = None
        except CellExecutionError as exc:
            error = exc
        results[name] = (nb, error)
    return work, results


def ran(executed, name: str) -> Any:
    nb, error = executed[1][name]
    assert error is None, f"{name} failed:\n{error}"
    return nb


def shown(nb: Any, tag: str) -> str:
    """Everything the cell tagged ``tag`` printed or displayed (HTML and plain text)."""
    cells = [c for c in nb.cells if tag in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"expected one cell tagged {tag!r}"
    parts = []
    for out in cells[0].outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out:
            parts.extend(str(out.data.get(m, "")) for m in ("text/html", "text/plain"))
    return "\n".join(parts)


def assert_no_tofu(nb: Any) -> None:
    """No chart drew a box for a Chinese character (matplotlib warns on a missing glyph)."""
    if charts.find_cjk_font() is None and os.environ.get("CI", "").lower() not in ("1", "true"):
        pytest.skip(f"no CJK font installed; {charts.INSTALL_HINT}")
    assert "missing from font" not in streams(nb)


def streams(nb: Any) -> str:
    return "\n".join(
        out.text
        for c in nb.cells
        if c.cell_type == "code"
        for out in c.outputs
        if out.output_type == "stream"
    )


@pytest.mark.slow
def test_tour_lists_the_directives_and_who_answered_them(executed):
    nb = ran(executed, "01-tour.ipynb")
    directives = shown(nb, "directives")
    for text in SEED_DIRECTIVES:
        assert text in directives
    assert "省委十五届六次全会" in directives
    responses = shown(nb, "responses")
    assert "江西省统计局" in responses  # the only agency answering 全力巩固增强经济回升向好态势
    assert "江西省人力资源和社会保障厅" in responses
    by_directive = shown(nb, "pledges-by-directive")
    assert "重点推进1000个重大工业项目建设" in by_directive  # 省工信厅's pledge
    own = shown(nb, "pledges-of-agency")  # asked by the alias 省工信厅
    assert "江西省工业和信息化厅" in own and "江西省商务厅" not in own
    assert "付筠" in shown(nb, "custom-sparql")
    provenance = shown(nb, "provenance")
    assert "True" in provenance and "False" not in provenance


@pytest.mark.slow
def test_targets_and_figures_tabulates_and_charts(executed):
    nb = ran(executed, "02-targets-and-figures.ipynb")
    work = executed[0]
    assert "重点推进1000个重大工业项目" in shown(nb, "targets")
    assert "全省规模以上工业增加值同比增长8.8%" in shown(nb, "observations")
    baselines = shown(nb, "industry-baselines")
    assert "7.3" in baselines  # 8.8% − 1.5 points: the first quarter
    assert "-12.7" in baselines  # 利润总额 −0.3%, its decline 12.4 points narrower than in Q1
    gdp = shown(nb, "gdp-targets")
    assert "福建省" in gdp and "5.5" in gdp  # 全省地区生产总值增长5.0%—5.5%
    assert "of 31 provinces" in shown(nb, "gdp-chart")
    for chart in CHARTS:
        png = work / "kg-out" / "figures" / chart
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", chart
    assert_no_tofu(nb)


@pytest.mark.slow
def test_the_graph_embeds_the_explorer_and_analyses_it(executed):
    nb = ran(executed, "03-the-graph.ipynb")
    explorer = shown(nb, "explorer")
    assert "<iframe srcdoc=" in explorer and 'sandbox="allow-scripts"' in explorer
    assert "plenum-kg explorer" in explorer
    stats = shown(nb, "stats-directives")
    for text in SEED_DIRECTIVES:
        assert text in stats
    assert "江西省工业和信息化厅" in shown(nb, "rdflib")
    assert "江西省工业和信息化厅" in shown(nb, "pandas")
    assert_no_tofu(nb)
