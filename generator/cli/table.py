"""Plain-text tables for the console whose columns line up with Chinese text (全角 characters take two cells)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    """Terminal cells: East Asian wide and full-width characters take two, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def clip(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, with … when cut."""
    text = " ".join(str(text).split())
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]], max_width: int = 40) -> list[str]:
    """The header, a rule and the rows, each column as wide as its widest cell (at most `max_width` cells); the last
    column is never cut, since nothing has to line up after it (it holds the message and what to do)."""
    last = len(headers) - 1
    cells = [
        [clip("" if v is None else str(v), 10**6 if i == last else max_width) for i, v in enumerate(row)]
        for row in rows
    ]
    widths = [display_width(h) for h in headers]
    for row in cells:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row)]
    widths[last] = min(widths[last], max_width)  # the rule under the last column
    lines = ["  ".join(pad(h, w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return lines
