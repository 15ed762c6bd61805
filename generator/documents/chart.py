"""The bar chart of completion by unit, as a PNG for the bulletin."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen on servers; must precede pyplot
from matplotlib import font_manager
from matplotlib import pyplot as plt

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
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _use_cjk_font() -> str | None:
    """Draw text with a font that has Chinese glyphs (and a plain hyphen for minus, which such fonts lack)."""
    font = cjk_font()
    if font:
        plt.rcParams["font.sans-serif"] = [font]
        plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    return font


def completion_chart(labels: list[str], values: list[float], notes: list[str], path: Path) -> str | None:
    """Draw one bar per unit (value in percent, note such as 未报送 shown instead of a value); return the font."""
    font, (fig, ax) = _use_cjk_font(), plt.subplots(figsize=(6.2, 3.2), dpi=200)
    colours = ["#BFBFBF" if note else ("#C00000" if v < 60 else "#2E75B6") for v, note in zip(values, notes)]
    bars = ax.bar(range(len(values)), values, color=colours, width=0.55)
    for bar, value, note in zip(bars, values, notes):
        ax.annotate(
            note or f"{value:g}%",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=9,
            xytext=(0, 2),
            textcoords="offset points",
        )
    if len(labels) > 6:  # many units: slanted names do not run into each other
        ax.set_xticks(range(len(labels)), labels, fontsize=8, rotation=40, ha="right", rotation_mode="anchor")
    else:
        ax.set_xticks(range(len(labels)), labels, fontsize=9)
    ax.set_ylim(0, 110)
    ax.set_ylabel("平均完成进度（%）", fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", linestyle=":", alpha=0.6)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return font


def trend_chart(periods: list[str], series: dict[str, list[tuple[str, float]]], path: Path) -> str | None:
    """One line per unit: its average progress in every stored month (月份 on the x axis)."""
    font, (fig, ax) = _use_cjk_font(), plt.subplots(figsize=(6.2, 3.2), dpi=200)
    labels = [f"{int(p[5:])}月" if p[:4] == periods[-1][:4] else f"{p[:4]}年{int(p[5:])}月" for p in periods]
    for name, points in series.items():
        values = dict(points)
        # a month without a figure (not reported) is NaN: the line breaks there instead of joining across it
        ys = [values.get(p, float("nan")) for p in periods]
        ax.plot(range(len(periods)), ys, marker="o", linewidth=1.6, markersize=4, label=name)
    ax.set_xticks(range(len(periods)), labels, fontsize=9)
    ax.set_ylim(0, 105)
    ax.set_ylabel("平均完成进度（%）", fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", linestyle=":", alpha=0.6)
    ax.legend(fontsize=8, frameon=False, ncol=min(4, max(1, len(series))), loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return font
