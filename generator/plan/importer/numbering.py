"""Word's automatic numbering: the 一、 （一） 1. that Word draws but does not store in the paragraph's text.

python-docx returns a paragraph's typed text only; a plan whose headings use Word's list numbering would lose its
structure. This reconstructs each label from numbering.xml (number format, level text such as "（%1）", start value)
and the paragraph's numId/ilvl, counting in document order the way Word does.
"""

from __future__ import annotations

_CN = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def chinese(n: int) -> str:
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n - 10] if n > 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l")):
        while n >= value:
            out, n = out + letters, n - value
    for value, letters in ((40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified"):
        return chinese(n)
    if fmt == "ideographDigital":
        return "".join(_CN[int(d)] for d in str(n))
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class WordNumbering:
    def __init__(self, document):
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (format, text, start)
        self._counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                    int(start.get(f"{W}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self._levels[num.get(f"{W}numId")] = abstract.get(ref.get(f"{W}val"), {})

    def label(self, paragraph) -> str:
        """The number Word shows in front of this paragraph ("" when it has none), advancing the counters."""
        ppr = paragraph._p.pPr
        numpr = ppr.find(f"{W}numPr") if ppr is not None else None
        if numpr is None:
            return ""
        num_id = numpr.find(f"{W}numId")
        ilvl = numpr.find(f"{W}ilvl")
        num = num_id.get(f"{W}val") if num_id is not None else None
        level = int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
        levels = self._levels.get(num or "")
        if not levels or level not in levels:
            return ""
        counters = self._counters.setdefault(num or "", {})
        fmt, text, start = levels[level]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        if fmt in ("none", "bullet"):
            return ""
        out = text
        for k in range(level, -1, -1):
            k_fmt, _, k_start = levels.get(k, ("decimal", "", 1))
            out = out.replace(f"%{k + 1}", format_number(counters.get(k, k_start), k_fmt))
        return out
