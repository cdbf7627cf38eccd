"""Charts: a CJK font is found by name, and Chinese labels render as glyphs, not boxes.

matplotlib reports a character its font cannot draw with a ``Glyph N (...) missing from
font(s) ...`` warning and draws a box instead; these tests draw each chart and fail on that
warning. They need a CJK font (Debian: ``apt-get install -y fonts-noto-cjk``): without one they
skip locally and fail in CI (``CI=true``).
"""

from __future__ import annotations

import math
import os
import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import networkx as nx
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from kg import charts

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
MISSING = "missing from font"


@pytest.fixture(autouse=True)
def _own_rc_and_figures():
    """Each test starts from matplotlib's defaults and closes what it drew."""
    with mpl.rc_context():
        yield
    plt.close("all")


@pytest.fixture(scope="module")
def cjk_family() -> str:
    family = charts.find_cjk_font()
    if family is None:
        problem = f"no CJK font installed; {charts.INSTALL_HINT}"
        if IN_CI:
            pytest.fail(f"charts cannot render Chinese in CI: {problem}", pytrace=False)
        pytest.skip(problem)
    return family


def glyph_warnings(fig) -> list[str]:
    """The missing-glyph warnings drawing ``fig`` raises."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [str(w.message) for w in caught if MISSING in str(w.message)]


def texts(fig) -> list[str]:
    ax = fig.axes[0]
    return [t.get_text() for t in ax.texts] + [t.get_text() for t in ax.get_yticklabels()]


def bar_chart():
    return charts.bar_counts(
        ["用心用情保障改善民生，不断提高老区人民生活品质", "全力巩固增强经济回升向好态势"],
        [4, 1],
        title="省委十五届六次全会各项部署收到的承诺",
        xlabel="承诺数（条）",
        ylabel="全会部署",
    )


def growth_chart():
    # The seed page: 规模以上工业增加值 8.8%, 比一季度加快1.5个百分点 (so 7.3% in Q1);
    # 利润总额微降0.3%, 降幅比一季度收窄12.4个百分点 (so -12.7% in Q1); 工业技改投资 7.1% alone.
    return charts.growth_vs_baseline(
        ["规模以上工业增加值", "利润总额", "工业技改投资"],
        [8.8, -0.3, 7.1],
        [7.3, -12.7, math.nan],
        title="江西省工业主要指标增速",
        xlabel="同比增速（%）",
        ylabel="指标",
        current_label="2024年上半年",
        baseline_label="2024年一季度",
    )


def targets_chart():
    # 2025 work reports: 西藏 7%以上、力争达到8%; 福建 5.0%—5.5%; 北京 5%左右; 河北 5%以上.
    return charts.targets_by_region(
        ["西藏自治区", "西藏自治区", "福建省", "北京市", "河北省"],
        [8, 7, 5, 5, 5],
        [None, None, 5.5, math.nan, None],
        ["力争", "以上", "至", "左右", "以上"],
        missing=["湖北省"],
        title="2025年地区生产总值增长目标",
        xlabel="增长目标（%）",
        ylabel="省级行政区",
    )


def network_chart():
    g = nx.Graph()
    g.add_node("d1", label="加快建设现代化产业体系")
    for a, name in (("a1", "江西省工业和信息化厅"), ("a2", "江西省邮政管理局")):
        g.add_node(a, label=name)
        g.add_edge(a, "d1")
    return charts.bipartite(
        g, ["a1", "a2"], ["d1"], title="回应网络", xlabel="机构 → 部署", ylabel="按部署分组"
    )


CHARTS = [bar_chart, growth_chart, targets_chart, network_chart]


def test_a_cjk_font_is_found_and_has_the_glyphs(cjk_family):
    assert cjk_family in charts.CJK_FAMILIES
    path = font_manager.findfont(
        font_manager.FontProperties(family=cjk_family), fallback_to_default=False
    )
    font = FT2Font(path)
    assert all(font.get_char_index(ord(c)) for c in "规模以上工业增加值同比增长（%）")


def test_use_cjk_font_puts_it_first_and_draws_a_plain_minus(cjk_family):
    assert charts.use_cjk_font() == cjk_family
    assert mpl.rcParams["font.sans-serif"][0] == cjk_family
    assert mpl.rcParams["font.family"] == ["sans-serif"]
    assert mpl.rcParams["axes.unicode_minus"] is False


def test_the_check_sees_boxes_when_the_font_lacks_chinese():
    """The control: with DejaVu Sans alone, Chinese is reported as missing glyphs."""
    mpl.rcParams["font.family"] = ["DejaVu Sans"]
    fig, ax = plt.subplots()
    ax.set_title("规模以上工业增加值")
    assert glyph_warnings(fig)


@pytest.mark.parametrize("make", CHARTS, ids=lambda f: f.__name__)
def test_chinese_labels_render_without_missing_glyphs(cjk_family, make):
    fig = make()
    assert glyph_warnings(fig) == []


@pytest.mark.parametrize("make", CHARTS, ids=lambda f: f.__name__)
def test_every_chart_has_a_title_and_labelled_axes(make):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", charts.CjkFontWarning)
        ax = make().axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_targets_read_as_written_with_ranges_qualifiers_and_gaps():
    fig = targets_chart()
    shown = texts(fig)
    assert "7%以上、力争8%" in shown  # floor and stretch goal, lowest first
    assert "5%—5.5%" in shown
    assert "5%左右" in shown
    assert "湖北省" in shown and "未抽取到" in shown
    ticks = {t.get_text(): t.get_color() for t in fig.axes[0].get_yticklabels()}
    assert ticks["湖北省"] == charts.PALETTE["missing"]
    assert list(ticks)[:2] == ["西藏自治区", "福建省"]  # one row per region, in the order given


def test_long_labels_break_after_a_clause_and_never_before_punctuation():
    fig = charts.bar_counts(
        ["用足用好国家扩大内需政策，持续释放投资消费潜力", "全力巩固增强经济回升向好态势"],
        [3, 1],
        title="承诺",
        xlabel="条",
        ylabel="部署",
        wrap=20,
    )
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [
        "用足用好国家扩大内需政策，\n持续释放投资消费潜力",
        "全力巩固增强经济回升向好态势",
    ]


def test_growth_changes_are_computed_from_the_baseline():
    shown = texts(growth_chart())
    assert "8.8%（比一季度 +1.5个百分点）" in shown
    assert "-0.3%（比一季度 +12.4个百分点）" in shown
    assert "7.1%" in shown  # no baseline: the rate alone


@pytest.mark.parametrize(
    ("value", "value_max", "qualifier", "expected"),
    [
        (5, 5.5, "至", "5%—5.5%"),
        (5.5, None, "以上", "5.5%以上"),
        (5, math.nan, "左右", "5%左右"),
        (8, None, "力争", "力争8%"),
        (6.5, None, None, "6.5%"),
    ],
)
def test_quantity_label(value, value_max, qualifier, expected):
    assert charts.quantity_label(value, value_max, qualifier) == expected


def test_save_writes_a_png(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", charts.CjkFontWarning)
        path = charts.save(bar_chart(), tmp_path / "docs" / "pledges.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_a_cjk_font_it_warns_once_with_the_install_command():
    charts._warn_missing.cache_clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert charts.use_cjk_font(("No Such Font CJK",)) is None
        assert charts.use_cjk_font(("No Such Font CJK",)) is None
    found = [w for w in caught if issubclass(w.category, charts.CjkFontWarning)]
    assert len(found) == 1
    assert charts.INSTALL_HINT in str(found[0].message)
    charts._warn_missing.cache_clear()
