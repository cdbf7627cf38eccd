"""Charts for the notebooks: matplotlib figures whose Chinese labels render.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs: every 字 becomes a box and a
``Glyph ... missing from font`` warning. :func:`use_cjk_font` picks an installed CJK family by
name (:data:`CJK_FAMILIES`, Debian's ``fonts-noto-cjk`` first) and puts it at the head of
``font.sans-serif``; it also finds fonts installed after matplotlib cached its font list.
Every helper here calls it, so a chart is right whatever the notebook did before::

    fig = charts.bar_counts(["省工信厅", "省商务厅"], [3, 1], title="承诺数", xlabel="条",
                            ylabel="机构")
    charts.save(fig, "docs/pledges.png")
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Families with the Chinese glyphs, best first: Debian's fonts-noto-cjk, then what other
# systems ship (Source Han is Noto CJK under Adobe's name; WenQuanYi on older Linux).
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Arial Unicode MS",
)
# File names of such fonts, to add them when matplotlib's cached font list predates them.
_FILE_HINTS = ("cjk", "wqy", "wenquanyi", "sourcehan", "msyh", "simhei", "pingfang")
INSTALL_HINT = "apt-get install -y fonts-noto-cjk"

PALETTE = {
    "bar": "#1f77b4",
    "base": "#9ecae1",
    "about": "#1f77b4",  # 左右
    "at_least": "#d62728",  # 以上
    "range": "#2ca02c",  # 5%—5.5%
    "stretch": "#9467bd",  # 力争
    "exact": "#555555",
    "missing": "#999999",
}


class CjkFontWarning(UserWarning):
    """No CJK font: Chinese labels will show as boxes."""


def _families() -> set[str]:
    from matplotlib import font_manager

    return {f.name for f in font_manager.fontManager.ttflist}


def _add_system_cjk_fonts() -> None:
    """Add the CJK font files on the system to matplotlib's font list (for fonts installed
    after matplotlib built its cache, which it does not scan again by itself)."""
    from matplotlib import font_manager

    for path in font_manager.findSystemFonts():
        if any(hint in Path(path).name.lower() for hint in _FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # unreadable or unsupported file
                continue


def find_cjk_font(families: Sequence[str] = CJK_FAMILIES) -> str | None:
    """The first of ``families`` matplotlib can use, or None."""
    found = _families()
    for family in families:
        if family in found:
            return family
    _add_system_cjk_fonts()
    found = _families()
    return next((f for f in families if f in found), None)


@cache
def _warn_missing() -> None:
    warnings.warn(
        f"no CJK font found (looked for {', '.join(CJK_FAMILIES[:3])} ...): Chinese labels "
        f"will show as boxes; install one, e.g. `{INSTALL_HINT}`",
        CjkFontWarning,
        stacklevel=3,
    )


def use_cjk_font(families: Sequence[str] = CJK_FAMILIES) -> str | None:
    """Make matplotlib draw Chinese: the first installed of ``families`` heads
    ``font.sans-serif`` (other glyphs fall back to the fonts after it) and the minus sign is
    drawn as ``-`` (CJK fonts lack U+2212). Returns the family, or None after warning once."""
    import matplotlib as mpl

    family = _cached_find(tuple(families))
    if family is None:
        _warn_missing()
        return None
    current = [f for f in mpl.rcParams["font.sans-serif"] if f != family]
    mpl.rcParams["font.sans-serif"] = [family, *current]
    mpl.rcParams["font.family"] = ["sans-serif"]
    mpl.rcParams["axes.unicode_minus"] = False
    return family


@cache
def _cached_find(families: tuple[str, ...]) -> str | None:
    return find_cjk_font(families)


def save(fig: Figure, path: Path | str, *, dpi: int = 150) -> Path:
    """Write ``fig`` as a PNG (folders made as needed); the path written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi, bbox_inches="tight", facecolor="white")
    return path


_CLAUSE_ENDS = frozenset("，、；：。")
_NO_LINE_START = frozenset("，、；：。）」”》%")


def _cut(text: str, width: int) -> list[str]:
    """``text`` in even pieces of at most ``width`` characters, never starting a piece with
    punctuation."""
    n = max(1, math.ceil(len(text) / width))
    size = math.ceil(len(text) / n)
    pieces: list[str] = []
    for i in range(0, len(text), size):
        piece = text[i : i + size]
        while pieces and piece and piece[0] in _NO_LINE_START:
            pieces[-1] += piece[0]
            piece = piece[1:]
        if piece:
            pieces.append(piece)
    return pieces


def _wrap(label: str, width: int) -> str:
    """Lines of about ``width`` characters. Chinese has no spaces: break after a clause
    (，、；) where one fits, else cut evenly (a lone 质 on the last line reads badly)."""
    if len(label) <= width:
        return label
    clauses: list[str] = [""]
    for ch in label:
        clauses[-1] += ch
        if ch in _CLAUSE_ENDS:
            clauses.append("")
    lines: list[str] = []
    for clause in filter(None, clauses):
        if lines and len(lines[-1]) + len(clause) <= width:
            lines[-1] += clause
        else:
            lines.extend(_cut(clause, width))
    return "\n".join(lines)


def _number(x: float) -> str:
    return f"{x:g}"


def _figure(rows: int, width: float = 9.0, per_row: float = 0.42) -> tuple[Figure, Axes]:
    import matplotlib.pyplot as plt

    use_cjk_font()
    fig, ax = plt.subplots(figsize=(width, max(2.5, 1.2 + per_row * rows)), layout="constrained")
    return fig, ax


def bar_counts(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    wrap: int = 22,
    color: str = PALETTE["bar"],
) -> Figure:
    """Horizontal bars, first label on top, each bar with its value at its end."""
    from matplotlib.ticker import MaxNLocator

    lines = sum(_wrap(s, wrap).count("\n") + 1 for s in labels)
    fig, ax = _figure(len(labels), per_row=0.18 + 0.2 * lines / max(1, len(labels)))
    y = list(range(len(labels)))
    ax.barh(y, values, color=color)
    ax.set_yticks(y, [_wrap(s, wrap) for s in labels])
    ax.invert_yaxis()
    for yi, v in zip(y, values, strict=True):
        ax.annotate(
            _number(v), (v, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9
        )
    ax.margins(x=0.08)
    if all(float(v).is_integer() for v in values):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    return fig


def growth_vs_baseline(
    labels: Sequence[str],
    current: Sequence[float],
    baseline: Sequence[float | None],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    current_label: str,
    baseline_label: str,
    change_label: str = "比一季度",
    unit: str = "%",
) -> Figure:
    """Each indicator's growth rate at the baseline (a lighter bar, when known) and now, with
    the change in percentage points written beside it: 8.8%（比一季度 +1.5个百分点）."""
    fig, ax = _figure(len(labels), per_row=0.62)
    h = 0.38
    y = list(range(len(labels)))
    base = [_known(b) for b in baseline]
    known = [(yi, b) for yi, b in zip(y, base, strict=True) if b is not None]
    if known:
        ax.barh(
            [yi - h / 2 for yi, _ in known],
            [b for _, b in known],
            height=h,
            color=PALETTE["base"],
            label=baseline_label,
        )
    ax.barh([yi + h / 2 for yi in y], current, height=h, color=PALETTE["bar"], label=current_label)
    for yi, now, b in zip(y, current, base, strict=True):
        text = f"{_number(now)}{unit}"
        if b is not None:
            text += f"（{change_label} {round(now - b, 4):+g}个百分点）"
            ax.annotate(
                f"{_number(b)}{unit}",
                (max(b, 0), yi - h / 2),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
                color="#555555",
            )
        ax.annotate(
            text,
            (max(now, 0), yi + h / 2),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(y, [_wrap(s, 12) for s in labels])
    ax.invert_yaxis()
    drawn = [0.0, *current, *(b for _, b in known)]
    ax.set_xlim(min(drawn) - 1 if min(drawn) < 0 else 0, max(drawn) * 1.55 + 1)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.legend(loc="outside lower center", ncols=2, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    return fig


def _known(x: float | None) -> float | None:
    """``x`` as a float; None for None and NaN (pandas' missing value)."""
    if x is None or math.isnan(float(x)):
        return None
    return float(x)


@dataclass(frozen=True, slots=True)
class _Mark:
    """How a target's qualifier is drawn (see :data:`QUALIFIER_MARKS`)."""

    marker: str
    color: str
    legend: str


# Qualifier → how the point is drawn. 左右 "about", 以上 "at least", 至 a range, 力争 "strive for".
QUALIFIER_MARKS: dict[str | None, _Mark] = {
    "左右": _Mark("o", PALETTE["about"], "左右（约）"),
    "以上": _Mark(">", PALETTE["at_least"], "以上（不低于）"),
    "至": _Mark("|", PALETTE["range"], "区间"),
    "力争": _Mark("D", PALETTE["stretch"], "力争"),
    None: _Mark("s", PALETTE["exact"], "无限定词"),
}
_SUFFIXES = frozenset({"左右", "以上", "以内", "以下"})


def quantity_label(
    value: float, value_max: float | None, qualifier: str | None, unit: str = "%"
) -> str:
    """A target as it reads: 5%左右, 5.5%以上, 5%—5.5%, 力争8%."""
    high = _known(value_max)
    if high is not None:
        return f"{_number(value)}{unit}—{_number(high)}{unit}"
    if qualifier in _SUFFIXES:
        return f"{_number(value)}{unit}{qualifier}"
    if qualifier:
        return f"{qualifier}{_number(value)}{unit}"
    return f"{_number(value)}{unit}"


def targets_by_region(
    regions: Sequence[str],
    values: Sequence[float],
    value_max: Sequence[float | None],
    qualifiers: Sequence[str | None],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    missing: Sequence[str] = (),
    missing_label: str = "未抽取到",
    unit: str = "%",
) -> Figure:
    """One row per region, a point per target: its marker says the qualifier (左右, 以上,
    力争), a range (至) is a bar from its low to its high end, and each point is labelled as
    the text reads (5.5%以上). A region may have several targets (7%以上 and 力争8%); regions
    in ``missing`` get an empty row saying so."""
    from matplotlib.lines import Line2D

    order: list[str] = []
    for r in regions:
        if r not in order:
            order.append(r)
    rows = order + [m for m in missing if m not in order]
    fig, ax = _figure(len(rows), width=8.0, per_row=0.27)
    row_of = {r: i for i, r in enumerate(rows)}
    used: dict[str | None, _Mark] = {}
    labels_at: dict[int, list[tuple[float, str]]] = {}
    right: dict[int, float] = {}
    for region, v, vmax_raw, q in zip(regions, values, value_max, qualifiers, strict=True):
        y = row_of[region]
        vmax = _known(vmax_raw)
        key = "至" if vmax is not None else (q if q in QUALIFIER_MARKS else None)
        mark = QUALIFIER_MARKS[key]
        used[key] = mark
        if vmax is not None:
            ax.plot([v, vmax], [y, y], color=mark.color, linewidth=6, solid_capstyle="butt")
            end = vmax
        else:
            filled = key != "力争"
            ax.plot(
                [v],
                [y],
                marker=mark.marker,
                markersize=8,
                color=mark.color,
                markerfacecolor=mark.color if filled else "white",
                linestyle="none",
            )
            end = float(v)
        labels_at.setdefault(y, []).append((float(v), quantity_label(v, vmax, q, unit)))
        right[y] = max(right.get(y, end), end)
    for y, texts in labels_at.items():
        ax.annotate(
            "、".join(text for _, text in sorted(texts)),
            (right[y], y),
            xytext=(9, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    for m in missing:
        if m not in order:
            ax.annotate(
                missing_label,
                (0, row_of[m]),
                xycoords=("axes fraction", "data"),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
                color=PALETTE["missing"],
            )
    ax.set_yticks(range(len(rows)), rows)
    for tick, r in zip(ax.get_yticklabels(), rows, strict=True):
        if r not in order:
            tick.set_color(PALETTE["missing"])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    lows = [float(v) for v in values] or [0.0]
    highs = [x for x in map(_known, value_max) if x is not None] + lows
    ax.set_xlim(math.floor(min(lows)) - 0.5, math.ceil(max(highs)) + 1.5)
    ax.grid(axis="both", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    handles = [
        Line2D(
            [],
            [],
            marker=m.marker if k != "至" else None,
            linewidth=6 if k == "至" else 0,
            color=m.color,
            markerfacecolor=m.color if k != "力争" else "white",
            label=m.legend,
        )
        for k, m in QUALIFIER_MARKS.items()
        if k in used
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=8, framealpha=0.9)
    return fig


def bipartite(
    graph: nx.Graph,
    left: Sequence[Hashable],
    right: Sequence[Hashable],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    label: str = "label",
) -> Figure:
    """A two-sided graph in two columns, ``left`` and ``right`` top to bottom in the order
    given (group the left nodes by their right neighbour and few edges cross), each node
    named by its ``label`` attribute: e.g. agencies and the directives they answered."""
    import networkx as nx

    step = (len(left) - 1) / max(1, len(right) - 1)
    pos = {n: (0.0, -float(i)) for i, n in enumerate(left)}
    pos |= {n: (1.0, -i * step) for i, n in enumerate(right)}
    fig, ax = _figure(max(len(left), len(right)), width=10.0, per_row=0.36)
    sub = graph.subgraph(pos)
    nx.draw_networkx_edges(sub, pos, ax=ax, edge_color="#999999")
    nx.draw_networkx_nodes(sub, pos, nodelist=list(left), node_color="#2ca02c", node_size=80, ax=ax)
    nx.draw_networkx_nodes(
        sub, pos, nodelist=list(right), node_color="#e3a008", node_shape="D", ax=ax
    )
    for nodes, ha, dx in ((left, "right", -0.04), (right, "left", 0.05)):
        for n in nodes:
            text = str(graph.nodes[n].get(label, n))
            ax.text(pos[n][0] + dx, pos[n][1], text, ha=ha, va="center", fontsize=8)
    ax.set_xlim(-1.1, 2.1)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig
