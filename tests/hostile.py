"""Hostile files built in code: sheets that claim a huge extent, inflate, panic the reader, or hold what writers
cannot write. Each builder returns the finished bytes; `test_hostile.py` drops them into a month and runs it."""

from __future__ import annotations

import io
import re
import zipfile

_CT = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
    b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="xl/workbook.xml"/></Relationships>'
)
_BOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    + '<sheet name="重点任务" sheetId="1" r:id="rId1"/></sheets></workbook>'.encode()
)
_BOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
    b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="worksheets/sheet1.xml"/></Relationships>'
)
_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<dimension ref="A1"/><sheetData>'  # the dimension lies, as in the files that were tried
)
_TAIL = b"</sheetData></worksheet>"


def xlsx_with_sheet(sheet_data: bytes) -> bytes:
    """A minimal, valid .xlsx whose one sheet (重点任务) holds `sheet_data` (the inside of <sheetData>)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _BOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", _HEAD + sheet_data + _TAIL)
    return out.getvalue()


def far_corner(cell: str = "XFD1048576") -> bytes:
    """A1 and one far cell: 1.7 KB that asks a grid reader for rows × columns cells."""
    row = re.sub(r"[A-Z]+", "", cell)
    return xlsx_with_sheet(
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        + f'<row r="{row}"><c r="{cell}"><v>1</v></c></row>'.encode()
    )


def far_corner_without_references(rows: int = 300_000, columns: int = 16_384) -> bytes:
    """The same without r attributes: the position comes from counting cells and rows."""
    first = b"<row>" + b"<c/>" * (columns - 1) + b"<c><v>1</v></c></row>"
    return xlsx_with_sheet(first + b"<row/>" * (rows - 2) + b"<row><c><v>2</v></c></row>")


def inflating(rows: int, columns: int = 30) -> bytes:
    """Formatted empty cells by the million: a small file whose sheet XML unpacks to tens of MB."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    body = [b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>']
    for r in range(1, rows):
        cells = b"".join(b'<c r="%s" s="1"/>' % xl_rowcol_to_cell(r, c).encode() for c in range(columns))
        body.append(b'<row r="%d">' % (r + 1) + cells + b"</row>")
    return xlsx_with_sheet(b"".join(body))


def ods(table: bytes, name: str = "Sheet1") -> bytes:
    """A minimal OpenDocument spreadsheet with one table."""
    content = (
        b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        b'<office:body><office:spreadsheet><table:table table:name="'
        + name.encode()
        + b'">'
        + table
        + b"</table:table>"
        b"</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
        b'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def ods_cell(text: str) -> bytes:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    return b'<table:table-cell office:value-type="string"><text:p>' + escaped.encode() + b"</text:p></table:table-cell>"


def ods_row(*texts: str) -> bytes:
    return b"<table:table-row>" + b"".join(ods_cell(t) for t in texts) + b"</table:table-row>"


def ods_far_row(rows: int = 1_000_000) -> bytes:
    """A cell after a million repeated empty rows."""
    return ods(
        ods_row("x")
        + f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell/></table:table-row>'.encode()
        + ods_row("y")
    )


def ods_repeated_values(rows: int = 100_000, columns: int = 1_000) -> bytes:
    """One filled cell repeated over columns and rows: a few hundred bytes for a hundred million values."""
    return ods(
        f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value-type="float" '
        f'office:value="1" table:number-columns-repeated="{columns}"/></table:table-row>'.encode()
    )


def with_cell_value(xlsx: bytes, a1: str, raw: str) -> bytes:
    """The same package with the stored value of cell `a1` (on every sheet that has it) replaced by `raw`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(
                    rb'<c r="' + a1.encode() + rb'"[^>]*?(?:/>|>.*?</c>)',
                    b'<c r="' + a1.encode() + b'"><v>' + raw.encode() + b"</v></c>",
                    data,
                    flags=re.S,
                )
            dst.writestr(info, data)
    return out.getvalue()


def date_cell_holding(value: str) -> bytes:
    """A ledger-like sheet with a date-formatted cell holding `value` (-1e308 makes calamine panic)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "重点任务"
    sheet.append(["序号", "重点工作任务", "完成时限"])
    sheet.append([5, "任务", None])
    sheet["C2"].value = 43220
    sheet["C2"].number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return _styled(out.getvalue(), value)


def _styled(xlsx: bytes, value: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'(<c r="C2"[^>]*><v>)[^<]*(</v>)', rb"\g<1>" + value.encode() + rb"\g<2>", data)
            dst.writestr(info, data)
    return out.getvalue()
