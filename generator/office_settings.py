"""办公室设置: what an office words and numbers its own way, read from `[office]` of taizhang.toml.

The plan workbook's 方案信息 already holds the office's name (通报印发单位), the bulletin's name (通报名称) and who
receives it (通报报送 / 通报分送); the settings add what a plan does not say and may override those. Sentences stay
in the templates (templates/*.docx), where a clerk edits them in Word or WPS; the settings give them only the
office's figures and, where an office writes its own closing paragraphs, those paragraphs.

```toml
[office]
name = "海陵区创建国家生态文明建设示范区领导小组办公室"   # 通报和函件的署名（默认：方案信息 通报印发单位）
mark = "海陵区创建办"            # 督办、催报通知的发文机关标志（默认：name）
report_due_day = 5              # 每月几日前报送上月台账（也是通报的默认印发日期，见 Workspace.report_due_day）
supervision_reply_days = 5      # 督办通知：收到后几个工作日内书面回复整改情况
reminder_reply_days = 3         # 催报通知、通报中的未报送单位：几个工作日内补报
closing = ["……", "……"]         # 通报“下步工作要求”的段落（不写则用模板中的段落）
table_rows = 30                  # 通报中一张表最多列出的行数：单位多时列前后各半，全表见附件
notice_table_rows = 2000         # 印发通知的附件表超过此行数时，改以电子表格印发
report_to = "……"                # 通报 报：（默认：方案信息 通报报送）
send_to = "……"                  # 通报 送：（默认：方案信息 通报分送）

[office.numbers]                # 发文字号前缀，按文件种类；年份和序号由历史库编排
supervision = "焦示城创办督"      # → 焦示城创办督〔2018〕3号
reminder = "焦示城创办催"
```
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.errors import TaizhangError
from generator.plan.model import PlanInfo

DEFAULT_DUE_DAY = 5  # [office] report_due_day: units report a month's ledger by this day of the next month
DEFAULT_REPLY_DAYS = 3  # working days
DEFAULT_TABLE_ROWS = 30  # rows of one bulletin table: a page; more are summarised, the whole table is an annex
DEFAULT_NOTICE_ROWS = 2000  # rows of a notice's annex table (about 200 pages); more are issued as a spreadsheet


@dataclass(frozen=True)
class OfficeSettings:
    """办公室设置: the office's name and mark, its deadlines, its closing paragraphs, recipients and number prefixes."""

    name: str
    mark: str
    bulletin_title: str
    due_day: int = DEFAULT_DUE_DAY  # report_due_day: the day of the month after the period
    supervision_reply_days: int = DEFAULT_REPLY_DAYS
    reminder_reply_days: int = DEFAULT_REPLY_DAYS
    closing: tuple[str, ...] = ()
    report_to: str = ""
    send_to: str = ""
    number_prefixes: dict[str, str] = field(default_factory=dict)  # kind (bulletin, supervision, reminder) → prefix
    table_rows: int = DEFAULT_TABLE_ROWS  # a bulletin table longer than this shows its top and bottom
    notice_rows: int = DEFAULT_NOTICE_ROWS  # a notice annex longer than this is issued as a spreadsheet


def _int(section: dict, key: str, default: int, low: int, high: int) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise TaizhangError(f"配置文件 taizhang.toml 的 [office] {key} 应为 {low}—{high} 的整数，现为「{value}」。")
    return value


def _text(section: dict, key: str, default: str) -> str:
    value = section.get(key, default)
    if not isinstance(value, str):
        raise TaizhangError(f"配置文件 taizhang.toml 的 [office] {key} 应为文字，现为「{value}」。")
    return value.strip() or default


def office_settings(info: PlanInfo, section: dict | None, due_day: int = DEFAULT_DUE_DAY) -> OfficeSettings:
    """The office's settings: `[office]` of taizhang.toml over the plan's 方案信息, over the documented defaults.
    `due_day` is [office] report_due_day as the workspace reads it (one reader for it: Workspace.report_due_day)."""
    section = section or {}
    if not isinstance(section, dict):
        raise TaizhangError("配置文件 taizhang.toml 的 [office] 应为一节设置。")
    name = _text(section, "name", info.bulletin_office or info.print_office or info.issuer)
    closing = section.get("closing", [])
    if isinstance(closing, str):
        closing = [closing]
    if not isinstance(closing, list) or not all(isinstance(p, str) for p in closing):
        raise TaizhangError('配置文件 taizhang.toml 的 [office] closing 应为若干段文字，如 closing = ["……", "……"]。')
    numbers = section.get("numbers", {})
    if not isinstance(numbers, dict) or not all(isinstance(v, str) for v in numbers.values()):
        raise TaizhangError(
            '配置文件 taizhang.toml 的 [office.numbers] 应为 种类 = "前缀"，如 supervision = "焦示城创办督"。'
        )
    return OfficeSettings(
        name=name,
        mark=_text(section, "mark", name),
        bulletin_title=_text(section, "bulletin_title", info.bulletin_title or "工作进展通报"),
        due_day=due_day,
        supervision_reply_days=_int(section, "supervision_reply_days", DEFAULT_REPLY_DAYS, 1, 60),
        reminder_reply_days=_int(section, "reminder_reply_days", DEFAULT_REPLY_DAYS, 1, 60),
        closing=tuple(p.strip() for p in closing if p.strip()),
        report_to=_text(section, "report_to", info.report_to),
        send_to=_text(section, "send_to", info.send_to),
        number_prefixes={str(k): v.strip() for k, v in numbers.items() if v.strip()},
        table_rows=_int(section, "table_rows", DEFAULT_TABLE_ROWS, 6, 100_000),
        notice_rows=_int(section, "notice_table_rows", DEFAULT_NOTICE_ROWS, 1, 10_000_000),
    )
