"""The bulletin's charts: unit names readable up to 60 units, a legend for every colour, a month not reported a gap."""

from __future__ import annotations

import itertools
import math

import pytest
from matplotlib import pyplot as plt

from generator.documents.chart import COLOURS, MAX_HEIGHT, bar_figure, trend_figure


def _names(n: int) -> list[str]:
    long = "泰州市海陵区发展和改革委员会"
    return [f"{long}{i}" if i % 3 == 0 else f"区测试局{i}" for i in range(n)]


@pytest.mark.parametrize("count", [1, 4, 15, 30, 60])
def test_unit_labels_never_overlap_and_every_colour_is_explained(count):
    values = [(i * 37) % 101 for i in range(count)]
    notes = ["未报送" if i % 7 == 3 else "" for i in range(count)]
    fig = bar_figure(_names(count), values, notes)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = sorted((t.get_window_extent(renderer) for t in ax.get_yticklabels()), key=lambda b: b.y0)
    assert len(boxes) == count
    for lower, upper in itertools.pairwise(boxes):
        assert lower.y1 <= upper.y0 + 0.5, "unit labels overlap"
    assert all(t.get_fontsize() >= 6.5 for t in ax.get_yticklabels())
    assert all(b.x0 >= 0 for b in boxes)  # no name cut at the left edge
    assert fig.get_figheight() <= MAX_HEIGHT + 0.01
    used = {bar.get_facecolor()[:3] for bar in ax.patches}
    legend = fig.legends[0]
    explained = {h.get_facecolor()[:3] for h in legend.legend_handles}
    assert used <= explained and len(explained) == len(used)
    plt.close(fig)


def test_a_month_not_reported_is_a_gap_in_the_trend():
    fig = trend_figure(["2018-04", "2018-05", "2018-06"], {"甲": [("2018-04", 10.0), ("2018-06", 50.0)]})
    [line] = fig.axes[0].get_lines()
    ys = list(line.get_ydata())
    assert ys[0] == 10 and math.isnan(ys[1]) and ys[2] == 50  # NaN breaks the line: no stroke across May
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["甲"]
    plt.close(fig)


def test_legend_words():
    fig = bar_figure(["甲", "乙", "丙"], [80.0, 30.0, 0.0], ["", "", "未报送"])
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert texts == ["平均进度不低于60%", "平均进度低于60%", "未报送"] and len(COLOURS) == 3
    plt.close(fig)


def test_control_characters_in_unit_names_are_not_drawn():
    """A name from a hostile plan cell: its control characters are left out, not drawn as empty boxes."""
    import warnings

    names = ["区农办\x07", "区\x1b[31m环保局", "区\t财政\n局"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bars = bar_figure(names, [10.0, 20.0, 30.0], ["", "", ""])
        bars.canvas.draw()
        trend = trend_figure(["2018-04", "2018-05"], {name: [("2018-04", 1.0), ("2018-05", 2.0)] for name in names})
        trend.canvas.draw()
    assert not [w for w in caught if "missing from font" in str(w.message)]
    drawn = [t.get_text() for t in bars.axes[0].get_yticklabels()]
    drawn += [t.get_text() for t in trend.axes[0].get_legend().get_texts()]
    assert drawn and all(ch == "\n" or ch >= " " for text in drawn for ch in text)
    assert {text.replace("\n", "") for text in drawn} == {"区农办", "区[31m环保局", "区财政局"}
    plt.close(bars)
    plt.close(trend)
