"""A duty list whose cells a web page ran on with single spaces: the column names, then task, unit and time cells
one after another, rows not numbered and empty cells left out (监利 职责清单):

    附件 某县整治方案职责清单 工作任务和内容 责任单位 配合单位 完成时间 负责…曝光. 县委宣传部 持续开展 负责…

A row is a task (words up to a full stop), the unit cell after it (one name, or a name the page broke in two: 县交通
运输局), and the time cell (持续开展 / 7月底前制定, with a short word after it that ends no sentence: 扬尘治理方案).
"""

from __future__ import annotations

import re

from generator.plan.importer.headings import label_of
from generator.plan.importer.model import Paragraph, Table, TableRow
from generator.plan.importer.table_words import ANNEX_LABEL, HEADER_WORDS, LEAD_HEADERS, Block, header_key
from generator.plan.importer.unit_names import is_unit_like

_TASK_COLUMN = re.compile(r"^(?:主要|重点|具体)?(?:工作)?(?:任务|内容|措施)(?:和|及|与)?(?:内容|措施|要求)?$")
_TIME_COLUMNS = ("完成时限", "完成时间", "时间节点", "完成期限", "时间进度")
_TIME_CELL = re.compile(r"^(?:\d{4}年|\d{1,2}月|年底|年内|上半年|下半年|持续|长期|常态|立即|即时|每月|每季|每年|全年)")
_STOP = re.compile(r"[.。；;!！?？]$")


def _column(word: str) -> str:
    key = header_key(word)
    return key if key in HEADER_WORDS or _TASK_COLUMN.match(key) else ""


def run_on_header(text: str) -> tuple[int, int] | None:
    """The span of three or more column names in a row (a task column and a unit column among them, no 序号: a
    numbered table is read by `tables`), followed by the cells on the same line."""
    words = list(re.finditer(r"\S+", text))
    for k in range(len(words)):
        names = []
        for word in words[k:]:
            if not _column(word.group(0)):
                break
            names.append(_column(word.group(0)))
        if (
            len(names) >= 3
            and "序号" not in names
            and any(_TASK_COLUMN.match(n) or n in ("工作任务", "重点任务", "具体任务") for n in names)
            and any(n in LEAD_HEADERS for n in names)
            and len(words) > k + len(names)
        ):
            return words[k].start(), words[k + len(names) - 1].end()
    return None


def _unit_at(tokens: list[str], i: int) -> int:
    """How many tokens from i make one unit name (1, or 2 for a name the page broke: 县交通 运输局), 0 if none."""
    if i < len(tokens) and is_unit_like(tokens[i]) and not _STOP.search(tokens[i]):
        return 1
    if i + 1 < len(tokens) and is_unit_like(tokens[i] + tokens[i + 1]) and len(tokens[i]) <= 8:
        return 2
    return 0


def run_on_table(blocks: list[Block], i: int) -> tuple[list[Block], int]:
    """The paragraph at i (its words before the header kept as a paragraph: the table's title) and the table, read
    up to the first words that make no row; and the index after them."""
    first = blocks[i]
    assert isinstance(first, Paragraph)
    span = run_on_header(first.text)
    assert span is not None
    start, end = span
    header = [_column(w) for w in first.text[start:end].split()]
    # the cells go on over blank lines (a page that broke the list into paragraphs) up to a heading or an annex
    tokens: list[str] = first.text[end:].split()
    owner = [i] * len(tokens)  # the block each token came from
    j = i + 1
    while j < len(blocks) and isinstance(blocks[j], Paragraph):
        text = blocks[j].text.strip()
        if text and (label_of(text) or ANNEX_LABEL.match(text)):
            break
        tokens.extend(text.split())
        owner.extend([j] * len(text.split()))
        j += 1
    task_col = next(n for n in header if _TASK_COLUMN.match(n) or n in ("工作任务", "重点任务", "具体任务"))
    unit_col = next(n for n in header if n in LEAD_HEADERS)
    time_col = next((n for n in header if n in _TIME_COLUMNS), "")
    rows: list[TableRow] = []
    k = 0
    while k < len(tokens):
        row_start = k
        task: list[str] = []
        while k < len(tokens) and not (task and _STOP.search(task[-1]) and _unit_at(tokens, k)):
            task.append(tokens[k])
            k += 1
        units: list[str] = []
        while (size := _unit_at(tokens, k)) and not _TIME_CELL.match(tokens[k]):
            units.append("".join(tokens[k : k + size]))
            k += size
        # 县委县政府 督查室 持续开展: a short word between the unit and the time cell is the rest of the unit's name
        if (
            units
            and k + 1 < len(tokens)
            and len(tokens[k]) <= 6
            and not _STOP.search(tokens[k])
            and not _TIME_CELL.match(tokens[k])
            and _TIME_CELL.match(tokens[k + 1])
        ):
            units[-1] += tokens[k]
            k += 1
        time: list[str] = []
        if k < len(tokens) and _TIME_CELL.match(tokens[k]):
            time.append(tokens[k])
            k += 1
            while k < len(tokens) and len(tokens[k]) <= 12 and not _STOP.search(tokens[k]) and not _unit_at(tokens, k):
                time.append(tokens[k])  # 7月底前制定 扬尘治理方案: the cell goes on
                k += 1
        if not task or not units:  # not a row of this table: the table ends with the block before these words
            j = owner[row_start] if row_start < len(owner) and owner[row_start] > i else j
            break
        cells = dict.fromkeys(header, "")
        cells[task_col] = " ".join(task)
        cells[unit_col] = "、".join(units)
        if time_col:
            cells[time_col] = " ".join(time)
        rows.append(TableRow(cells, first.no, first.ref))
    before = first.text[:start].strip()
    out: list[Block] = [Paragraph(first.no, before, first.ref)] if before else []
    table = Table(header, rows, first.no, f"第{first.no}行起的表格", title=before)
    return [*out, table], j
