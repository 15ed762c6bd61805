"""Problem records and the catalogue of their codes.

Codes are stored in the history, so a code never changes meaning: add new ones, do not reword old ones into
something else. `taizhang codes` prints this catalogue and the README's list is generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "错误"
WARNING = "警告"


@dataclass(frozen=True)
class ProblemType:
    code: str
    severity: str
    title: str  # 中文名称
    description: str  # what it means and what the clerk or unit should do


_TYPES = [
    # the file as a whole
    ProblemType(
        "file-unsupported",
        ERROR,
        "文件格式不支持",
        "只接受 .xlsx、.xlsm、.xls、.ods、.csv；WPS 的 .et 等格式请另存为 .xlsx 后重新报送。",
    ),
    ProblemType(
        "file-unreadable",
        ERROR,
        "文件无法读取",
        "文件已损坏或不是表格文件；请用 Excel/WPS 打开确认后另存为 .xlsx 重新报送。",
    ),
    ProblemType(
        "file-encrypted", ERROR, "文件设有密码", "设有打开密码的文件无法读取；请取消密码后另存为 .xlsx 重新报送。"
    ),
    ProblemType("file-empty", ERROR, "空文件", "文件没有内容；请重新保存台账后报送。"),
    ProblemType(
        "file-too-large",
        ERROR,
        "文件超出大小上限",
        "文件解压后的大小或行数超过上限，已拒收（防止恶意文件）；请只保留台账表格后重新报送。",
    ),
    ProblemType(
        "file-link",
        ERROR,
        "文件是链接",
        "收件文件夹中的链接（快捷方式）或特殊文件出于安全不读取；请把台账文件本身复制进来。",
    ),
    ProblemType(
        "unit-unknown",
        ERROR,
        "无法识别报送单位",
        "文件名、标题和隐藏信息中都找不到方案中的责任单位；请在文件名中写明单位名称。",
    ),
    ProblemType(
        "unit-mismatch",
        WARNING,
        "标题与报送单位不符",
        "文件名（或下发信息）指向一个单位，标题却写着另一个单位；请确认是否误发了其他单位的台账。",
    ),
    ProblemType("period-mismatch", WARNING, "报送期不符", "台账是为另一个报送期下发的；请确认是否报错了月份。"),
    ProblemType(
        "duplicate-submission",
        WARNING,
        "同一单位重复报送",
        "同一单位本期报送了多个文件，以最新的文件为准，其余文件存档但不计入汇总。",
    ),
    ProblemType("unit-not-reported", ERROR, "单位未报送", "本期没有收到该单位可用的台账；请催报。"),
    # sheets and headers
    ProblemType(
        "header-missing", ERROR, "找不到表头", "工作表中找不到含“序号”等列名的表头行；请使用下发的台账模板填报。"
    ),
    ProblemType("column-missing", ERROR, "缺少必填列", "表头中缺少必须的列；请恢复被删除或改名的列。"),
    ProblemType("sheet-extra", WARNING, "多余的工作表", "文件中有两张同类台账表，只采用第一张；请删除多余的表。"),
    ProblemType(
        "formula-no-value",
        WARNING,
        "公式没有计算结果",
        "单元格是公式但文件中没有保存结果，读取为空；请在 Excel 中重新计算并保存，或改为数值。",
    ),
    # rows
    ProblemType(
        "row-unknown", WARNING, "无法对应方案条目", "该行的序号和内容都对应不上方案中的任务或指标，已忽略；请核对序号。"
    ),
    ProblemType(
        "row-not-owned",
        WARNING,
        "不是本单位的任务",
        "该行是方案中本单位没有分工（牵头、配合、落实）的任务或指标，已忽略；请只填报本单位有分工的条目。",
    ),
    ProblemType(
        "row-number-mismatch", WARNING, "序号与内容不符", "该行的序号与任务内容对应不上，已按内容对应；请核对序号。"
    ),
    ProblemType("row-duplicate", WARNING, "重复的行", "同一任务或指标填报了多行，只采用第一行；请删除重复的行。"),
    ProblemType(
        "task-missing", ERROR, "缺少任务行", "方案中本单位牵头或落实的任务或指标在台账中没有对应行；请补充填报。"
    ),
    ProblemType(
        "plan-changed",
        WARNING,
        "方案内容被修改",
        "台账中的完成时限与方案不一致；方案内容以下发的为准，如需调整请另行报批。",
    ),
    # cells
    ProblemType("required-missing", ERROR, "必填项为空", "必填单元格为空；请填写。"),
    ProblemType("status-invalid", ERROR, "完成状态无法识别", "完成状态应为 已完成、正在推进、滞后、未启动 之一。"),
    ProblemType("percent-invalid", ERROR, "完成百分比无法识别", "完成百分比应为0—100的数字，如 85。"),
    ProblemType("percent-out-of-range", ERROR, "完成百分比超出范围", "完成百分比应在0—100之间。"),
    ProblemType("value-invalid", ERROR, "指标当前值无法识别", "指标当前值应为数字，如 85 或 0.65。"),
    ProblemType("value-out-of-range", ERROR, "指标当前值超出范围", "以%为量纲的指标当前值应在0—100之间。"),
    ProblemType(
        "text-too-long",
        WARNING,
        "单元格内容过长",
        "单元格超过32767个字符（表格单元格的上限），汇总和回执中已截断并标明；请精简内容。",
    ),
    ProblemType("value-missing", WARNING, "指标当前值为空", "本期未填写指标当前值；请补充。"),
    ProblemType(
        "status-contradiction",
        WARNING,
        "完成状态与其他内容矛盾",
        "如填报“已完成”但完成百分比小于100或没有进展情况，或已过完成时限仍填报“未启动”；请核对。",
    ),
]
_TYPES += [
    # what happened while writing the month's documents (data-independent failures reported, not fatal)
    ProblemType(
        "output-failed",
        ERROR,
        "文件写入失败",
        "一份回执或通知没能写出（原因见说明），其余文件已照常生成；请排除原因后重新运行本月。",
    ),
]
CATALOGUE: dict[str, ProblemType] = {t.code: t for t in _TYPES}


@dataclass(frozen=True)
class Problem:
    """One problem, located as precisely as we can: file, sheet and A1 cell (the last two may be empty)."""

    code: str
    message: str  # 中文说明, naming the value found
    hint: str = ""  # how to fix it; defaults to the catalogue's description
    file: str = ""
    sheet: str = ""
    cell: str = ""
    unit: str = ""

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise ValueError(f"unknown problem code {self.code!r}")

    @property
    def severity(self) -> str:
        return CATALOGUE[self.code].severity

    @property
    def title(self) -> str:
        return CATALOGUE[self.code].title

    @property
    def advice(self) -> str:
        return self.hint or CATALOGUE[self.code].description

    @property
    def location(self) -> str:
        return "!".join(p for p in (self.file, self.sheet, self.cell) if p)
