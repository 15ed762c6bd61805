"""Read a plan document into numbered paragraphs and tables, in document order.

.txt (UTF-8, GB18030 or UTF-16, as saved from a web page or by WPS) line by line; .docx with python-docx, Word tables
read as tables (cells, merged cells repeated) and Word's automatic numbering (一、 （一） 1. typed by Word, not by the
clerk) written back into the text; .doc/.wps/.rtf/.odt through LibreOffice (`soffice --headless --convert-to docx`,
the one conversion helper in generator.office); .pdf through `pdftotext -layout`; .ofd (GB/T 33190, the format many
notices are published in) by reading its XML (generator.plan.importer.ofd). A clear message when a tool is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.errors import TaizhangError
from generator.office import convert, find_soffice
from generator.plan.importer.model import Paragraph, Table, TableRow
from generator.plan.importer.numbering import WordNumbering
from generator.plan.importer.text import clean, restore_heading_breaks

Block = Paragraph | Table
TEXT_SUFFIXES = (".txt", ".text", ".md")
WORD_SUFFIXES = (".doc", ".wps", ".rtf", ".odt", ".docm", ".dot", ".dotx", ".wpt")
SUPPORTED = (".docx", *TEXT_SUFFIXES, *WORD_SUFFIXES, ".pdf", ".ofd")
_ENCODINGS = ("utf-8-sig", "gb18030", "big5")
_PAGE_NUMBER = r"^\s*[—–\-－]\s*\d+\s*[—–\-－]\s*$|^\s*第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?\s*$"


def read_source(path: Path, timeout: int = 120) -> list[Block]:
    """The document as paragraphs (and tables for .docx), numbered the way a clerk can find them again."""
    if not path.exists():
        raise TaizhangError(f"找不到方案文件 {path}。")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path)
    if suffix in TEXT_SUFFIXES:
        return read_text(path.read_bytes())
    if suffix in WORD_SUFFIXES:
        return _via_libreoffice(path, timeout)
    if suffix == ".pdf":
        return _via_pdftotext(path, timeout)
    if suffix == ".ofd":
        from generator.plan.importer.ofd import ofd_lines

        lines = ofd_lines(path)
        if not any(line.strip() for line in lines):
            raise TaizhangError(f"{path.name} 中没有可提取的文字（可能是扫描件）：请提供 Word 或文字版 PDF。")
        return unwrap_pdf_lines(read_text("\n".join(lines).encode("utf-8"), "OFD文本第{}行"))
    raise TaizhangError(
        f"不支持的方案文件格式「{path.suffix or path.name}」：请提供 .docx、.doc、.wps、.txt、.pdf 或 .ofd 文件"
        "（网页上的方案可复制粘贴到记事本，另存为 .txt）。"
    )


def decode(data: bytes) -> str:
    """Text in whichever encoding Chinese Windows, WPS or a web page saved it."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def read_text(data: bytes, ref: str = "第{}行") -> list[Block]:
    lines = [part for line in decode(data).split("\n") for part in restore_heading_breaks(clean(line))]
    return [Paragraph(no, line, ref.format(no)) for no, line in enumerate(lines, start=1)]


def read_docx(path: Path) -> list[Block]:
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise TaizhangError(f"无法打开 Word 文件 {path.name}：{exc}（文件可能已损坏或设有密码）。") from exc
    numbering = WordNumbering(document)
    blocks: list[Block] = []
    count = tables = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            count += 1
            paragraph = DocxParagraph(element, document)
            text = numbering.label(paragraph) + paragraph.text
            for offset, line in enumerate(clean(text).split("\n")):  # soft line breaks (Shift+Enter)
                blocks.append(Paragraph(count, line, f"第{count}段" + (f"第{offset + 1}行" if offset else "")))
        elif tag == "tbl":
            tables += 1
            blocks.append(_docx_table(DocxTable(element, document), count + 1, tables))
    return blocks


def _docx_table(table, para: int, index: int) -> Table:
    """A Word table as text cells; a merged cell repeats its text in every row and column it spans."""
    grid: list[list[str]] = []
    for row in table.rows:
        cells, seen = [], None
        for cell in row.cells:
            if cell._tc is seen:  # a horizontally merged cell appears once per grid column
                continue
            seen = cell._tc
            cells.append(clean(cell.text).strip())
        grid.append(cells)
    header = grid[0] if grid else []
    rows = [
        TableRow({h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}, para, f"表{index}第{r}行")
        for r, cells in enumerate(grid[1:], start=2)
        if any(cells)
    ]
    return Table(header, rows, para, f"第{index}个表格")


def _via_libreoffice(path: Path, timeout: int) -> list[Block]:
    soffice = find_soffice()
    if soffice is None:
        raise TaizhangError(
            f"无法读取 {path.suffix} 文件：本机未安装 LibreOffice（soffice）。请安装 LibreOffice，"
            "或用 Word/WPS 把方案另存为 .docx 后再导入。"
        )
    with tempfile.TemporaryDirectory(prefix="taizhang-import-") as tmp:
        return read_docx(convert(path, "docx", Path(tmp), timeout))


def _via_pdftotext(path: Path, timeout: int) -> list[Block]:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise TaizhangError(
            "无法读取 PDF：本机未安装 pdftotext（poppler-utils）。请安装 poppler-utils，"
            "或把方案另存为 .docx / .txt 后再导入。"
        )
    try:
        result = subprocess.run(
            # -layout keeps a table's columns on one line (each row a line, cells apart), which the table recovery
            # reads; plain mode would interleave the cells of a row with the text around it
            [tool, "-layout", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TaizhangError(f"pdftotext 读取 {path.name} 超时（{timeout} 秒）。") from None
    if result.returncode != 0:
        raise TaizhangError(f"pdftotext 无法读取 {path.name}：{result.stderr.decode(errors='replace')[:200]}")
    text = result.stdout.decode("utf-8", errors="replace")
    if not text.strip():
        raise TaizhangError(f"{path.name} 中没有可提取的文字（可能是扫描件）：请提供 Word 或文字版 PDF。")
    return unwrap_pdf_lines(read_text(text.encode("utf-8"), "PDF文本第{}行"))


def unwrap_pdf_lines(blocks: list[Block]) -> list[Block]:
    """Join the lines a PDF wraps at the right margin back into paragraphs; page numbers (— 1 —) dropped.

    A line continues into the next when it is about as long as the longest lines (it reached the margin) and does
    not end a sentence; a line that opens with a heading number always starts a new paragraph.
    """
    import re

    from generator.plan.importer.headings import label_of

    page_number = re.compile(_PAGE_NUMBER)
    lines = [b for b in blocks if isinstance(b, Paragraph) and not page_number.match(b.text)]
    lengths = sorted(len(p.text.strip()) for p in lines if p.text.strip())
    if not lengths:
        return []
    full = lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0]
    out: list[Paragraph] = []
    joinable = False
    for line in lines:
        text = line.text.strip()
        if joinable and text and out and not label_of(text) and not text.startswith("附件"):
            last = out[-1]
            out[-1] = Paragraph(last.no, last.text + text, last.ref)
        else:
            out.append(Paragraph(line.no, text, line.ref))
        joinable = bool(text) and len(text) >= full * 0.85 and text[-1] not in "。；;：:！？!?”"
    return list(out)
