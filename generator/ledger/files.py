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

import python_calamine

from generator.ledger.formulas import formulas_without_value

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


@dataclass
class Sheet:
    name: str
    grid: list[list[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]


class UnreadableFile(Exception):
    """Raised with a problem code and a Chinese message for the clerk."""

    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


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
        return [_csv_sheet(data, limits)]
    if data.startswith(OLE_MAGIC) and ENCRYPTED_MARK in data:  # Office puts an encrypted xlsx in an OLE box
        raise UnreadableFile(
            "file-encrypted",
            f"「{name}」设置了打开密码，无法读取。",
            "请取消密码（文件—信息—保护工作簿—用密码进行加密，清空密码）后另存为 .xlsx 重新报送。",
        )
    if data.startswith(b"PK"):
        with _open_zip(name, data) as archive:
            _check_zip_size(name, archive, limits)
    try:
        return _read_workbook(name, data, limits)
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine's errors (bad zip, bad XML, an entity) all mean "cannot be read"
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


def _read_workbook(name: str, data: bytes, limits: Limits) -> list[Sheet]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = []
    for meta in book.sheets_metadata:
        sheet = book.get_sheet_by_name(meta.name)
        if sheet.total_height > limits.max_rows:
            raise UnreadableFile(
                "file-too-large",
                f"「{name}」的工作表「{meta.name}」有 {sheet.total_height} 行，超过上限 {limits.max_rows} 行。",
                "请删除多余的行后重新报送。",
            )
        sheets.append(Sheet(meta.name, sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or []))
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


def _csv_sheet(data: bytes, limits: Limits) -> Sheet:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence
        raise UnreadableFile("file-unreadable", "CSV 文件编码无法识别。", "请另存为 .xlsx 后报送。")
    rows = [list(r) for r in csv.reader(io.StringIO(text))]
    if len(rows) > limits.max_rows:
        raise UnreadableFile(
            "file-too-large", f"CSV 有 {len(rows)} 行，超过上限 {limits.max_rows} 行。", "请删除多余的行后重新报送。"
        )
    return Sheet("Sheet1", rows, [])
