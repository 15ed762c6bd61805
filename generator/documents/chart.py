"""The bar chart of completion by unit, as a PNG for the bulletin."""

from __future__ import annotations

import math
import re
from pathlib import Path

# Control characters (a unit name from a hostile plan cell): no font draws them, each would print as an empty box
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _pyplot():  # type: ignore[no-untyped-def]
    """matplotlib, imported when a chart is drawn (it takes a second to import: an unchanged re-run draws none)."""
    import matplotlib

    matplotlib.use("Agg")  # no screen on servers; must precede pyplot
    from matplotlib import pyplot

    return pyplot


def prepare() -> None:
    """Import matplotlib now (about 0.6 s), while a run waits for its plan from another process (run.py)."""
    _pyplot()


# Fonts that carry Chinese glyphs, Windows and macOS first, then the free ones found on Linux.
CJK_FONTS = (
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Noto Serif CJK SC",
    "AR PL UKai CN",
)


def cjk_font() -> str | None:
    """The first installed font able to draw Chinese, or None (labels would then show as boxes)."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _use_cjk_font() -> str | None:
    """Draw text with a font that has Chinese glyphs (and a plain hyphen for minus, which such fonts lack)."""
    plt = _pyplot()
    font = cjk_font()
    if font:
        plt.rcParams["font.sans-serif"] = [font]
        plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    return font


LOW = 60  # percent: bars below it are drawn red
COLOURS = {"high": "#2E75B6", "low": "#C00000", "missing": "#BFBFBF"}
FIG_WIDTH = 6.2  # inches; the bulletin shows charts 150 mm wide
MAX_HEIGHT = 8.6  # inches: with the picture scaled to 150 mm, a chart stays inside the 225 mm text block
NAME_CHARS = 9  # a unit name longer than this is wrapped onto two lines (full-width characters)


def wrap_name(name: str, width: int = NAME_CHARS) -> str:
    """A long unit name on two lines (区国土建设环保局 fits; 泰州市海陵区发展和改革委员会 wraps), never cut."""
    if len(name) <= width:
        return name
    half = (len(name) + 1) // 2
    return f"{name[:half]}\n{name[half:]}"


def completion_chart(labels: list[str], values: list[float], notes: list[str], path: Path) -> str | None:
    """One horizontal bar per unit, highest first (value in percent, a note such as 未报送 instead of a value), a
    legend for every colour used; unit names stay readable up to 60 units (the chart grows taller up to the page;
    a long name wraps onto two lines while there is room, else keeps one line in a smaller size). Returns the
    font used."""
    plt = _pyplot()
    font = _use_cjk_font()
    fig = bar_figure(labels, values, notes)
    fig.savefig(path)
    plt.close(fig)
    return font


def bar_figure(labels: list[str], values: list[float], notes: list[str]):
    """The figure of completion_chart, not yet saved (tests measure its labels)."""
    plt = _pyplot()
    _use_cjk_font()
    n = max(1, len(labels))
    per_bar = min(0.34, (MAX_HEIGHT - 1.0) / n)
    size = 9 if per_bar >= 0.3 else (8 if per_bar >= 0.2 else 6.5)
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 1.0 + per_bar * n), dpi=200)
    kinds = ["missing" if note else ("low" if v < LOW else "high") for v, note in zip(values, notes)]
    ys = list(range(len(values)))[::-1]  # the first (best ranked) unit on top
    shown = [0.0 if note else v for v, note in zip(values, notes)]
    ax.barh(ys, shown, color=[COLOURS[k] for k in kinds], height=0.6)
    for y, value, note in zip(ys, shown, notes):
        ax.annotate(
            note or f"{value:g}%", (value, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=size
        )
    two_lines = per_bar >= 0.3  # room for a wrapped name; with many units a name keeps one line, in a smaller size
    labels = [_CONTROL.sub("", label) for label in labels]
    ax.set_yticks(ys, [wrap_name(label) if two_lines else label for label in labels], fontsize=size)
    ax.set_xlim(0, 112)
    ax.set_ylim(-0.7, len(values) - 0.3)
    ax.set_xlabel("平均完成进度（%）", fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", linestyle=":", alpha=0.6)
    legend = {"high": f"平均进度不低于{LOW}%", "low": f"平均进度低于{LOW}%", "missing": "未报送"}
    from matplotlib.patches import Patch

    handles = [Patch(color=COLOURS[k], label=legend[k]) for k in legend if k in kinds]
    if handles:
        fig.legend(handles=handles, loc="upper center", ncol=len(handles), fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.32 / (1.0 + per_bar * n)))
    return fig


def trend_chart(periods: list[str], series: dict[str, list[tuple[str, float]]], path: Path) -> str | None:
    """One line per unit: its average progress in every stored month (月份 on the x axis); a month the unit did not
    report is a gap in its line, not a straight line drawn across it."""
    plt = _pyplot()
    font = _use_cjk_font()
    fig = trend_figure(periods, series)
    fig.savefig(path)
    plt.close(fig)
    return font


def trend_figure(periods: list[str], series: dict[str, list[tuple[str, float]]]):
    """The figure of trend_chart, not yet saved."""
    plt = _pyplot()
    _use_cjk_font()
    rows = max(1, math.ceil(len(series) / 4))
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 3.2 + 0.22 * rows), dpi=200)
    labels = [f"{int(p[5:])}月" if p[:4] == periods[-1][:4] else f"{p[:4]}年{int(p[5:])}月" for p in periods]
    for name, points in series.items():
        values = dict(points)
        ys = [values.get(p, math.nan) for p in periods]  # NaN breaks the line
        ax.plot(range(len(periods)), ys, marker="o", linewidth=1.6, markersize=4, label=_CONTROL.sub("", name))
    ax.set_xticks(range(len(periods)), labels, fontsize=9)
    ax.set_ylim(0, 105)
    ax.set_ylabel("平均完成进度（%）", fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", linestyle=":", alpha=0.6)
    ax.legend(
        fontsize=8, frameon=False, ncol=min(4, max(1, len(series))), loc="upper center", bbox_to_anchor=(0.5, -0.12)
    )
    fig.tight_layout()
    return fig
