"""A sheet's real extent, measured by streaming its XML before any reader builds a grid.

calamine (and every reader that returns a grid) allocates rows × columns for a sheet at once: a 1.7 KB .xlsx
holding only A1 and XFD1048576 asks for hundreds of GB and the Rust allocator aborts the whole process, which no
`except` can catch. The `<dimension>` element the file declares may lie, so the extent is computed from the cells
themselves: `<c r="…">` (or their position when `r` is left out) in .xlsx/.xlsm, repeated rows and cells
(`table:number-rows-repeated`, `table:number-columns-repeated`) in .ods. The XML is tokenised with one regular
expression over chunks of the decompressed stream: memory stays at one chunk whatever the file, and an ordinary
ledger costs a fraction of a millisecond.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass

CHUNK = 1 << 20

# A start tag: optional prefix, local name, attributes (quoted values may hold '>'), '/' when it closes itself.
_ATTRS = rb"((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)"
_XLSX_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(row|c)(?=[\s/>])" + _ATTRS + rb"(/?)>")
_XLSX_REF = re.compile(rb"\sr\s*=\s*[\"']\$?([A-Za-z]{0,3})\$?(\d{0,7})[\"']")
_ODS_TAG = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])" + _ATTRS + rb"(/?)>")
_ROWS_REPEATED = re.compile(rb"number-rows-repeated\s*=\s*[\"'](\d+)[\"']")
_COLUMNS_REPEATED = re.compile(rb"number-columns-repeated\s*=\s*[\"'](\d+)[\"']")
_VALUE_TYPE = re.compile(rb"value-type\s*=")
_TABLE_NAME = re.compile(rb"table:name\s*=\s*\"([^\"]*)\"")
_WORKSHEET_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?/worksheet\"[^>]*?>")
_TARGET = re.compile(rb"Target\s*=\s*[\"']([^\"']+)[\"']")


@dataclass(frozen=True)
class Extent:
    """How far a sheet's filled cells reach (1-based last row and column, 0 when empty) and how many there are."""

    member: str
    rows: int
    columns: int
    cells: int

    @property
    def area(self) -> int:
        """Cells of the grid a reader builds: from A1 to the last filled row and column."""
        return self.rows * self.columns


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _chunks(archive: zipfile.ZipFile, member: str):
    """The member's bytes in chunks that never split a tag: the tail after the last '<' moves to the next one."""
    tail = b""
    with archive.open(member) as stream:
        while block := stream.read(CHUNK):
            data = tail + block
            cut = data.rfind(b"<")
            if cut < 0:  # text only: no tag to find in it
                tail = b""
            elif cut == 0:  # a tag, then text only; or one tag longer than a chunk: keep reading it
                end = data.find(b">")
                if end < 0:
                    tail = data
                else:
                    yield data[: end + 1]
                    tail = b""
            else:
                yield data[:cut]
                tail = data[cut:]
    if tail:
        yield tail


# Every writer we know puts r first and no namespace prefix on cells: then only cells with content (not
# self-closing) need a look, and a regular expression finds them at C speed. Anything else takes the exact path.
_CONTENT_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*(?<!/)>')


def _conventional(chunk: bytes) -> bool:
    cells = chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/")
    return cells == chunk.count(b'<c r="') and b":c " not in chunk and b":c>" not in chunk and b":c/" not in chunk


def xlsx_extent(archive: zipfile.ZipFile, member: str) -> Extent:
    """Last row and column holding a cell with content (`<c>` that is not self-closing), and the cell count."""
    row = col = 0
    last_row = last_col = cells = 0
    for chunk in _chunks(archive, member):
        if _conventional(chunk):
            refs = _CONTENT_CELL.findall(chunk)
            if refs:
                cells += len(refs)
                last_row = max(last_row, *(int(digits) for _, digits in refs))
                last_col = max(last_col, *(_column_number(letters) for letters in {ref[0] for ref in refs}))
            continue  # every cell of this chunk carries its own position: the running row and column do not matter
        for name, attrs, empty in _XLSX_TAG.findall(chunk):
            ref = _XLSX_REF.search(attrs) if b"r" in attrs else None
            if name == b"row":
                row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                col = 0
                continue
            if ref:
                letters, digits = ref.groups()
                col = _column_number(letters) if letters else col + 1
                if digits:
                    row = int(digits)
            else:
                col += 1
            if empty:  # <c r="Z9" s="3"/>: a formatted, empty cell; readers leave it out of the grid
                continue
            cells += 1
            last_row = max(last_row, row)
            last_col = max(last_col, col)
    return Extent(member, last_row, last_col, cells)


def xlsx_sheet_members(archive: zipfile.ZipFile) -> list[str]:
    """Every worksheet part: those under xl/worksheets/ and any the workbook's relationships point elsewhere."""
    names = set(archive.namelist())
    members = {n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    rels = "xl/_rels/workbook.xml.rels"
    if rels in names and archive.getinfo(rels).file_size < CHUNK:
        for tag in _WORKSHEET_REL.findall(archive.read(rels)):
            target = _TARGET.search(tag)
            if target:
                path = target.group(1).decode("utf-8", "replace")
                path = path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join("xl", path))
                if path in names:
                    members.add(path)
    return sorted(members)


def ods_extents(archive: zipfile.ZipFile, member: str = "content.xml") -> list[Extent]:
    """One extent per table of an OpenDocument spreadsheet, repeated rows and cells counted as the reader does.

    Each extent's `member` is the table's name (an .ods keeps every sheet in content.xml)."""
    out: list[Extent] = []
    table = ""
    row = 0  # 0-based index of the next row
    row_repeat = 1
    col = 0
    last_row = last_col = cells = 0
    in_table = False
    for chunk in _chunks(archive, member):
        for closing, name, attrs, empty in _ODS_TAG.findall(chunk):
            if name == b"table":
                if closing:
                    if in_table:
                        out.append(Extent(table, last_row, last_col, cells))
                    in_table = False
                elif not empty:
                    in_table, row, col, last_row, last_col, cells = True, 0, 0, 0, 0, 0
                    named = _TABLE_NAME.search(attrs)
                    table = named.group(1).decode("utf-8", "replace") if named else ""
                continue
            if closing:
                if name == b"table-row":
                    row += row_repeat
                continue
            if name == b"table-row":
                repeated = _ROWS_REPEATED.search(attrs)
                row_repeat = int(repeated.group(1)) if repeated else 1
                col = 0
                if empty:  # <table:table-row/>: no cells at all
                    row += row_repeat
                continue
            repeated = _COLUMNS_REPEATED.search(attrs)
            span = int(repeated.group(1)) if repeated else 1
            if not empty or _VALUE_TYPE.search(attrs):
                cells += span * row_repeat
                last_row = max(last_row, row + row_repeat)
                last_col = max(last_col, col + span)
            col += span
    if in_table:
        out.append(Extent(table, last_row, last_col, cells))
    return out
