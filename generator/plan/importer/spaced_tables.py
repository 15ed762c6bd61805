"""Tables pasted from some web pages with the columns separated by spaces: 序号 类别 主要任务 … 责任单位 完成时限.

Each row starts with its 序号. The unit and deadline columns at the right end take one word each; what is left is
the task's text, shared out over the text columns (a row whose words do not fit is marked irregular).
"""

from __future__ import annotations

import re

from generator.plan.importer.model import Paragraph, Table, TableRow
from generator.plan.importer.table_words import ANNEX_LABEL, HEADER_WORDS, LEAD_HEADERS, Block, header_key


def spaced_header(text: str) -> list[str]:
    """序号 类别 主要任务 … on one line, the columns separated by spaces (a table pasted from some web pages)."""
    words = text.split()
    if len(words) >= 4 and words[0] == "序号" and all(header_key(w) in HEADER_WORDS for w in words):
        return [header_key(w) for w in words]
    return []


def spaced_table(blocks: list[Block], i: int) -> tuple[Table, int]:
    """Rows start with their 序号; the unit and deadline columns at the right end take one word each, the
    widest text column the last of the others; what remains goes to the first task column (marked irregular)."""
    header = spaced_header(blocks[i].text)
    first = blocks[i]
    rows: list[tuple[str, Paragraph]] = []
    j = i + 1
    while j < len(blocks) and isinstance(blocks[j], Paragraph):
        text = blocks[j].text.strip()
        number = re.match(r"^(\d{1,3})\s", text)
        if number and int(number.group(1)) == len(rows) + 1:
            rows.append((text, blocks[j]))
        elif text and rows and not ANNEX_LABEL.match(text):
            rows[-1] = (rows[-1][0] + " " + text, rows[-1][1])
        elif not text and rows:
            break
        elif text:
            break
        j += 1
    right = []
    for column in reversed(header[1:]):
        if (
            column in LEAD_HEADERS
            or "单位" in column
            or "部门" in column
            or column in ("完成时限", "完成时间", "时间节点")
        ):
            right.insert(0, column)
        else:
            break
    middle = header[1 : len(header) - len(right)]
    table_rows = []
    for text, paragraph in rows:
        words = text.split()
        cells = dict.fromkeys(header, "")
        cells["序号"] = words[0]
        rest = words[1:]
        for column in reversed(right):
            if len(rest) > len(middle):
                cells[column] = rest.pop()
        irregular = len(rest) != len(middle)
        if middle and rest:
            if len(rest) == len(middle):
                cells.update(zip(middle, rest))
            else:
                cells[middle[-1]] = rest.pop()
                cells[middle[-2] if len(middle) > 1 else middle[-1]] += "".join(rest)
        table_rows.append(TableRow(cells, paragraph.no, paragraph.ref, irregular=irregular))
    return Table(header, table_rows, first.no, f"第{first.no}行起的表格"), j
