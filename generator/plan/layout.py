"""plan.xlsx's layout: its sheets, columns and 方案信息 keys, the single description both the reader
(`sheets.py`, `workbook.py`) and the writer (`write.py`) use, and the bounds it is read within.

Sheets: 方案信息 (key/value), 责任单位, 重点任务 (附件一), 量化指标 (附件二), 方案正文, and when the plan uses them
单位分组 (分组名称 | 成员单位) and 分解目标 (指标序号 | 单位 | 目标值). `OPTIONAL_COLUMNS` are read when present and
written only when the plan uses them, so workbooks without them read as before.
"""

from __future__ import annotations

from generator.ledger.files import Limits
from generator.plan.contacts import CONTACT_COLUMNS
from generator.plan.model import COOPERATING, IMPLEMENTING, LEAD

INFO_FIELDS = {  # 方案信息 key → PlanInfo field
    "方案名称": "title",
    "发文机关": "issuer",
    "发文机关标志": "issuer_mark",
    "发文字号": "doc_number",
    "成文日期": "issued_on",
    "主送机关": "recipients",
    "通知正文": "notice_body",
    "附注": "note",
    "抄送": "cc",
    "印发机关": "print_office",
    "印发日期": "printed_on",
    "通报印发单位": "bulletin_office",
    "通报名称": "bulletin_title",
    "通报报送": "report_to",
    "通报分送": "send_to",
}
ANNEX_KEYS = ("附件一名称", "附件二名称", "附件三名称", "附件四名称")
LAYOUT_KEY = "附件版式"  # e.g. 工作台账、任务分解表; default 工作台账、量化指标台账
COOPERATING_KEY = "配合单位报送"  # 必报: cooperating units must report monthly too; default 自愿 (see ReportingRules)
DEFAULT_LAYOUTS = ("工作台账", "量化指标台账")

PLAN_SHEETS = {
    "方案信息": ["项目", "内容"],
    "责任单位": ["单位名称", "简称及别名"],
    "重点任务": ["序号", "重点工作任务", "目标要求", "工作要求", "责任单位", "完成时限", "截止日期"],
    "量化指标": ["类别", "序号", "指标", "量纲", "目标值", "计算依据", "工作要求", "责任单位", "达标方向"],
    "方案正文": ["层级", "标题", "正文"],
}
OPTIONAL_COLUMNS = {
    "责任单位": ["类别", "类型", *CONTACT_COLUMNS],  # 联系人, 联系邮箱, 负责人, 负责人邮箱: generator/plan/contacts.py
    "重点任务": ["牵头单位", "配合单位", "落实单位"],
    "量化指标": ["领域", "指标属性", "牵头单位", "分项", "配合单位", "落实单位"],
}
# Sheets read when present (a plan with shared tasks): the members of each group, and units' own targets.
OPTIONAL_SHEETS = {
    "单位分组": ["分组名称", "成员单位"],
    "分解目标": ["指标序号", "单位", "目标值"],
}
ROLE_COLUMNS = (("牵头单位", LEAD), ("配合单位", COOPERATING), ("落实单位", IMPLEMENTING))
GROUP_KINDS = ("泛指", "分组")  # 责任单位 类型 of a row that names a group (plan import writes 泛指)
# plan.xlsx is the office's own file, yet read within bounds like any input: far above a real plan (1,000 units with
# 90 tasks each are 90,000 rows of about 12 cells), far below what would exhaust memory.
PLAN_LIMITS = Limits(
    max_uncompressed_bytes=512 * 1024 * 1024, max_rows=500_000, max_cells=10_000_000, max_sheet_bytes=256 * 1024 * 1024
)
