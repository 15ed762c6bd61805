"""Open a received file as grids of cell values, whatever form it came in, or say in Chinese why not.

Spreadsheets are read with python-calamine (fast, Rust, no XML entity expansion); CSV in UTF-8, UTF-8 with BOM or
GBK. Before anything is parsed, a zip-based file is measured against the size limits, so a zip bomb is refused
rather than unpacked.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from generator.ledger.extent import Extent, ods_extents, xlsx_extent, xlsx_sheet_members
from generator.ledger.formulas import formulas_without_value, sheet_members
from generator.safety import NotRegularFile, Received, read_received

SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".ods"}
READABLE = SPREADSHEETS | {".csv"}
WPS_NATIVE = {".et", ".ett", ".wps"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True)
class Limits:
    """Refuse files beyond these sizes (configurable): protection against zip bombs and runaway sheets."""

    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_rows: int = 50_000
    # Cells of the grid a reader builds for one sheet (from A1 to the last filled row and column). 2 million cells
    # are 50,000 rows × 40 columns, far beyond any ledger, and stay well under 1 GB in calamine and in Python.
    max_cells: int = 2_000_000
    max_columns: int = 16_384
    # One sheet's XML, uncompressed: a ledger of 50,000 rows takes about 40 MB; a 300 KB file that inflates to
    # 270 MB of empty cells is refused without parsing it.
    max_sheet_bytes: int = 64 * 1024 * 1024


@dataclass
class Sheet:
    name: str
    grid: list[list[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]
    visibility: str = "visible"  # or "hidden", "veryHidden" (as .xlsx says it)


class UnreadableFile(Exception):
    """Raised with a problem code and a Chinese message for the clerk."""

    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


@dataclass(frozen=True)
class OpenedFile:
    """打开的文件: a received file read once, hashed and parsed into its sheets: all that needs no plan, so that it
    can be done while the plan is still being read. Nothing is written and no unit is known yet."""

    path: Path
    received: Received | None  # None: a link or special file, never read
    sheets: list[Sheet] | None = None  # None: refused unread (see `received.data`), or not readable
    refusal: tuple[str, str, str] | None = None  # (code, message, hint) of a file that could not be parsed
    not_regular: str = ""  # NotRegularFile's reason: "link", or another special file


def open_file(path: Path, limits: Limits | None = None, received: Received | None = None) -> OpenedFile:
    """Read `path` once (without following a link) and parse its sheets; nothing is raised for bad data."""
    limits = limits or Limits()
    try:
        received = received or read_received(path, limits.max_uncompressed_bytes)
    except NotRegularFile as exc:
        return OpenedFile(path, None, not_regular=str(exc))
    if received.data is None:
        return OpenedFile(path, received)
    try:
        return OpenedFile(path, received, open_grids(path.name, path.suffix.lower(), received.data, limits))
    except UnreadableFile as exc:
        return OpenedFile(path, received, refusal=(exc.code, exc.message, exc.hint))


def open_grids(name: str, suffix: str, data: bytes, limits: Limits) -> list[Sheet]:
    """All sheets of the file, in order. Raises UnreadableFile."""
    if suffix in WPS_NATIVE:
        raise UnreadableFile(
            "file-unsupported",
            f"「{name}」是 WPS 专用格式（{suffix}），无法读取。",
            "请在 WPS 中选择“文件—另存为”，保存类型选 Excel 工作簿（*.xlsx）后重新报送。",
        )
    if suffix not in READABLE:
        raise UnreadableFile(
            "file-unsupported",
            f"「{name}」的格式 {suffix or '（无扩展名）'} 不是表格文件。",
            "请使用下发的台账模板，保存为 .xlsx 后报送。",
        )
    if not data.strip():
        raise UnreadableFile("file-empty", f"「{name}」是空文件（{len(data)} 字节）。", "请重新保存台账后报送。")
    if suffix == ".csv":
        return [_csv_sheet(name, data, limits)]
    if data.startswith(OLE_MAGIC) and ENCRYPTED_MARK in data:  # Office puts an encrypted xlsx in an OLE box
        raise UnreadableFile(
            "file-encrypted",
            f"「{name}」设置了打开密码，无法读取。",
            "请取消密码（文件—信息—保护工作簿—用密码进行加密，清空密码）后另存为 .xlsx 重新报送。",
        )
    if data.startswith(b"PK"):
        with _open_zip(name, data) as archive:
            _check_zip_size(name, archive, limits)
            _check_extents(name, suffix, archive, limits)
    try:
        return _read_workbook(name, data, limits)
    except UnreadableFile:
        raise
    except MemoryError:
        raise UnreadableFile(
            "file-too-large", f"「{name}」读取时内存不足，已拒收。", "台账不应这么大：请只保留台账表格后重新报送。"
        ) from None
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:
        # panics (pyo3 PanicException derives from BaseException, e.g. a date cell holding -1e308) all mean
        # "this file cannot be read", never "stop the batch"
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise UnreadableFile(
                "file-encrypted", f"「{name}」设置了密码，无法读取。", "请取消密码后另存为 .xlsx 重新报送。"
            ) from None
        raise UnreadableFile(
            "file-unreadable",
            f"「{name}」已损坏或不是有效的 {suffix} 文件，无法读取。",
            "请用 Excel 或 WPS 打开确认内容完整，另存为 .xlsx 后重新报送。",
        ) from None


def _visibility(meta: python_calamine.SheetMetadata) -> str:
    if meta.visible == python_calamine.SheetVisibleEnum.Hidden:
        return "hidden"
    return "veryHidden" if meta.visible == python_calamine.SheetVisibleEnum.VeryHidden else "visible"


def _read_workbook(name: str, data: bytes, limits: Limits) -> list[Sheet]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = []
    for meta in book.sheets_metadata:
        sheet = book.get_sheet_by_name(meta.name)
        # .xls has no XML to measure beforehand (its grid is at most 65,536 × 256); measure before Python builds it
        _check_extent(name, Extent(meta.name, sheet.total_height, sheet.total_width, 0), limits, meta.name)
        grid = sheet.to_python(skip_empty_area=False)
        sheets.append(Sheet(meta.name, grid, sheet.merged_cell_ranges or [], _visibility(meta)))
    return sheets


def uncached_formulas(data: bytes) -> dict[str, list[str]]:
    """Sheet name → cells with a formula and no stored result (xlsx/xlsm only; {} for anything else)."""
    if not data.startswith(b"PK"):
        return {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return formulas_without_value(archive)


def _open_zip(name: str, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnreadableFile(
            "file-unreadable",
            f"「{name}」已损坏，无法读取。",
            "请用 Excel 或 WPS 打开确认内容完整，另存为 .xlsx 后重新报送。",
        ) from None


def _check_zip_size(name: str, archive: zipfile.ZipFile, limits: Limits) -> None:
    """Sizes come from the zip directory, so a bomb is measured without being unpacked."""
    total = sum(info.file_size for info in archive.infolist())
    if total > limits.max_uncompressed_bytes:
        raise UnreadableFile(
            "file-too-large",
            f"「{name}」解压后有 {total // 2**20} MB，超过上限 {limits.max_uncompressed_bytes // 2**20} MB，已拒收。",
            "台账不应这么大：请只保留台账表格，删除图片等内容后重新报送。",
        )


def _check_extents(name: str, suffix: str, archive: zipfile.ZipFile, limits: Limits) -> None:
    """Measure every sheet from its XML before a reader builds its grid (see extent.py)."""
    names = set(archive.namelist())
    try:
        members = ["content.xml"] if "content.xml" in names and "xl/workbook.xml" not in names else []
        members = members or xlsx_sheet_members(archive)
        sheet_names = {} if members == ["content.xml"] else _sheet_names(archive)
        for member in members:
            size = archive.getinfo(member).file_size
            if size > limits.max_sheet_bytes:
                where = f"工作表「{sheet_names[member]}」" if member in sheet_names else "一张工作表"
                raise UnreadableFile(
                    "file-too-large",
                    f"「{name}」的{where}解压后有 {size // 2**20} MB，超过上限 {limits.max_sheet_bytes // 2**20} MB，"
                    "已拒收。",
                    "台账不应这么大：可能有大量空白但带格式的单元格，请删除多余的行列后重新报送。",
                )
        if members == ["content.xml"]:
            extents = ods_extents(archive)
            sheet_names = {e.member: e.member for e in extents}
        else:
            extents = [xlsx_extent(archive, member) for member in members]
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, NotImplementedError):
        raise UnreadableFile(
            "file-unreadable",
            f"「{name}」已损坏，无法读取。",
            "请用 Excel 或 WPS 打开确认内容完整，另存为 .xlsx 后重新报送。",
        ) from None
    for extent in extents:
        _check_extent(name, extent, limits, sheet_names.get(extent.member, ""))


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → the sheet's name, to say which sheet is too large (empty when the workbook is odd)."""
    try:
        return {member: sheet for sheet, member in sheet_members(archive).items()}
    except Exception:
        return {}


def _check_extent(name: str, extent: Extent, limits: Limits, sheet: str = "") -> None:
    where = f"「{name}」的工作表「{sheet}」" if sheet else f"「{name}」中的一张工作表"
    reach = f"（数据延伸到第 {extent.rows} 行、第 {extent.columns} 列）"
    if extent.rows > limits.max_rows:
        message = f"{where}有 {extent.rows} 行，超过上限 {limits.max_rows} 行，已拒收。"
    elif extent.columns > limits.max_columns:
        message = f"{where}有 {extent.columns} 列，超过上限 {limits.max_columns} 列，已拒收。"
    elif extent.area > limits.max_cells or extent.cells > limits.max_cells:
        message = (
            f"{where}{reach}共 {max(extent.area, extent.cells)} 个单元格，超过上限 {limits.max_cells} 个，已拒收。"
        )
    else:
        return
    raise UnreadableFile(
        "file-too-large",
        message,
        "台账不应这么大：可能有内容填到了很远的行或列（如 XFD1048576），请删除多余的行列，只保留台账表格后重新报送。",
    )


def _csv_sheet(name: str, data: bytes, limits: Limits) -> Sheet:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence
        raise UnreadableFile("file-unreadable", "CSV 文件编码无法识别。", "请另存为 .xlsx 后报送。")
    # Every field becomes a Python string (about 50 bytes even when empty): count them before parsing
    fields = text.count(",") + text.count("\n")
    if fields > limits.max_cells:
        raise UnreadableFile(
            "file-too-large",
            f"「{name}」有约 {fields} 个单元格，超过上限 {limits.max_cells} 个，已拒收。",
            "请只保留台账表格后重新报送。",
        )
    reader = csv.reader(io.StringIO(text))
    try:
        rows = [list(r) for r in reader]
    except csv.Error as exc:  # a runaway quote makes one field of the whole rest of the file
        raise UnreadableFile(
            "file-unreadable",
            f"「{name}」第 {reader.line_num} 行起无法解析（{exc}）：多半是某个单元格的引号没有配对，"
            "其后的内容都被读成了同一格。",
            "请用 Excel 或 WPS 打开检查引号，或另存为 .xlsx 后重新报送。",
        ) from None
    if len(rows) > limits.max_rows:
        raise UnreadableFile(
            "file-too-large",
            f"「{name}」有 {len(rows)} 行，超过上限 {limits.max_rows} 行。",
            "请删除多余的行后重新报送。",
        )
    return Sheet("Sheet1", rows, [])
