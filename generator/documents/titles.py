"""Line breaks for long titles (GB/T 9704 §7.3.1: 回行时要做到词意完整，排列对称，长短适宜，间距恰当 — a long title
breaks into a trapezoid or diamond, never in the middle of a word).

Chinese has no spaces, so where a word ends is found from the words such titles are built of (关于…印发《…》的通知,
place names ending in 市/区/县, 创建, 建设, 工作方案 …); a break is never put inside a number or between a number
and its 年/月/日/号, never before closing or after opening punctuation. When no break fits, the title is left to
the word processor.
"""

from __future__ import annotations

import math
import re
import unicodedata

# A line may end before these …
STARTS = ("关于", "印发", "转发", "《", "创建", "国家", "全国", "建设", "工作", "实施", "进展", "通报", "城市",
          "的通知", "的意见", "的报告", "的决定", "的批复", "任务", "指标", "台账", "量化")  # fmt: skip
# … or after these.
ENDS = ("》", "关于", "印发", "转发", "市", "区", "县", "省", "文明", "建设", "城市", "工作", "年", "示范区", "方案")
NO_LINE_START = "》）」』”’，。、；：？！"
NO_LINE_END = "《（「『“‘"


def width(text: str) -> float:
    """Display width in characters: Chinese 1, digits and Latin letters ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def _breaks(title: str) -> list[int]:
    out = []
    for i in range(1, len(title)):
        before, after = title[:i], title[i:]
        if after[0] in NO_LINE_START or before[-1] in NO_LINE_END:
            continue
        if re.search(r"\d$", before) and re.match(r"[\d年月日号期]", after):
            continue
        if after.startswith(STARTS) or before.endswith(ENDS):
            out.append(i)
    return out


PORTRAIT, LANDSCAPE = 19.5, 28  # 二号 characters per line of the 156 mm and 225 mm text blocks, with a margin


def break_title(title: str, chars_per_line: float = PORTRAIT) -> str:
    """The title with "\\n" where its lines should break (two or three balanced lines), or as it was."""
    title = title.strip()
    total = width(title)
    if total <= chars_per_line or "\n" in title:
        return title
    lines = math.ceil(total / chars_per_line)
    candidates = _breaks(title)
    best: tuple[float, list[int]] | None = None
    if lines == 2:
        options = [[i] for i in candidates]
    elif lines == 3:
        options = [[i, j] for i in candidates for j in candidates if j > i]
    else:
        return title
    for cuts in options:
        parts = [title[a:b] for a, b in zip([0, *cuts], [*cuts, len(title)])]
        widths = [width(p) for p in parts]
        if max(widths) > chars_per_line:
            continue
        score = max(widths) - min(widths)
        if best is None or score < best[0]:
            best = (score, cuts)
    if best is None:
        return title
    cuts = best[1]
    return "\n".join(title[a:b] for a, b in zip([0, *cuts], [*cuts, len(title)]))
