"""Read one received file into raw rows, each value kept with its sheet and A1 cell.

The file is opened once (or refused: a link, too large, unreadable), its bytes archived, and then each sheet's rows
are read (sheet_rows) and the unit it is from is found (attribution). Nothing is interpreted here beyond finding the
header and the unit: values stay as the reader returned them, and `checks.ledger` turns them into statuses and
numbers. Files are read once into memory and never written.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from generator.ledger.attribution import check_unit_cells, identify_unit
from generator.ledger.files import Limits, OpenedFile, open_file, uncached_formulas
from generator.ledger.layout import META_SHEET
from generator.ledger.sheet_rows import read_sheet
from generator.ledger.submission import Submission
from generator.plan.units import UnitDirectory
from generator.safety import Received


def read_submission(
    path: Path,
    units: UnitDirectory,
    limits: Limits | None = None,
    archive: Path | None = None,
    received: Received | None = None,
    opened: OpenedFile | None = None,
) -> Submission:
    """Read a received ledger; problems go into the result, nothing is raised for bad data.

    The file is read once, without following a link; those bytes are hashed, parsed and (with `archive`) stored in
    the archive, so the archive holds exactly what was read even if the unit overwrites the file meanwhile. A file
    `opened` before (open_file) is taken as it was read then."""
    limits = limits or Limits()
    opened = opened or open_file(path, limits, received)
    received = opened.received
    if received is None:
        sub = Submission(path, "", datetime.fromtimestamp(0))
        sub.unit = units.find_in(path.stem)
        kind = "链接（快捷方式）" if opened.not_regular == "link" else "特殊文件"
        sub.problem(
            "file-link",
            f"「{path.name}」是{kind}，不是普通文件，出于安全未读取。",
            hint="请把台账文件本身（而不是链接）复制到收件文件夹。",
        )
        return sub
    sub = Submission(path, received.sha256, received.modified, received.size)
    if received.data is None:
        sub.unit = units.find_in(path.stem)
        sub.problem(
            "file-too-large",
            f"「{path.name}」有 {received.size // 2**20} MB，"
            f"超过上限 {limits.max_uncompressed_bytes // 2**20} MB，已拒收。",
            hint="台账不应这么大：请只保留台账表格，删除图片等内容后重新报送。",
        )
        return sub
    data = received.data
    if archive is not None:
        from generator.store.archive import archive_bytes  # here: generator.store imports intake, which imports us

        sub.archived = archive_bytes(archive, data, sub.sha256, path.suffix)
    if opened.sheets is None:
        code, message, hint = opened.refusal or ("file-unreadable", f"「{path.name}」无法读取。", "")
        sub.unit = units.find_in(path.stem)  # a file we cannot read is still attributed by its name
        sub.problem(code, message, hint=hint)
        return sub
    sheets = opened.sheets
    meta = next((s for s in sheets if s.name == META_SHEET), None)
    if meta:
        sub.meta = {str(r[0]): str(r[1]) for r in meta.grid if len(r) >= 2 and r[0] != ""}
    sheets = [s for s in sheets if s.name != META_SHEET]
    sub.unit = identify_unit(sub, sheets, units)
    for sheet in sheets:
        read_sheet(sub, sheet)
    check_unit_cells(sub, sheets, units)
    if sub.empty_values:  # a second unpacking of the sheet XML, only when needed (sheet_rows._VALUE_COLUMNS)
        _report_uncached_formulas(sub, data)
    if not sub.sheets:
        sub.problem(
            "header-missing",
            f"「{path.name}」中找不到台账表头（含“序号”“重点工作任务”“完成状态”或“指标当前值”等列名的行）。",
            sheets[0].name if sheets else "",
            hint="请使用下发的台账模板填报，不要删除表头行。",
        )
    if sub.unit is None and not any(p.code == "unit-unknown" for p in sub.problems):  # else told at its cell
        close = "、".join(units.closest(path.stem)) or "（无）"
        sub.problem(
            "unit-unknown",
            f"无法从「{path.name}」识别报送单位；最接近的单位：{close}。",
            hint="请在文件名中写明单位全称或简称，如“区农办5月台账.xlsx”，或使用下发的台账模板。",
        )
    return sub


def _report_uncached_formulas(sub: Submission, data: bytes) -> None:
    for sheet_name, cells in uncached_formulas(data).items():
        if sheet_name not in sub.sheets.values():
            continue
        for cell in cells:
            sub.problem(
                "formula-no-value",
                f"单元格 {cell} 是公式，但文件中没有保存计算结果，读取为空。",
                sheet_name,
                cell,
                "请在 Excel 中打开后按 F9 重新计算并保存，或把公式改为数值。",
            )
