"""What plan import produces: plain data classes, read by the workbook writer and the scorer, never re-parsed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.plan.model import BodyParagraph

NEEDS_REVIEW = "待核实"
NOTE = "提示"


@dataclass(frozen=True)
class ReviewType:
    """One kind of thing to check after an import, in the style of the problem catalogue (checks.problems): a stable
    code, a Chinese title and what the clerk should do (the hint shown beside every review of that code)."""

    code: str
    title: str
    hint: str


_REVIEW_TYPES = [
    ReviewType(
        "lead-missing",
        "任务没有牵头单位",
        "在「重点任务」的「牵头单位」列填写牵头单位；暂填的「（待指定）」不能下发台账。",
    ),
    ReviewType(
        "several-leads",
        "任务有多个牵头单位",
        "「牵头单位」列的每个单位都在台账中填报本任务；如只应由一个单位牵头，删去其余单位（可改为配合单位）。",
    ),
    ReviewType("deadline-missing", "任务没有完成时限", "如方案另有规定，请在「完成时限」列补填。"),
    ReviewType("deadline-undated", "完成时限没有具体日期", "在「截止日期」列填写具体日期，否则无法判断逾期。"),
    ReviewType("deadline-several", "任务有多个时限", "确认完成时限取最晚的日期；阶段性时限可写入工作要求。"),
    ReviewType("unit-alias", "单位简称已合并", "如两个名称不是同一单位，请在「单位名录」中改回。"),
    ReviewType("unit-variant", "同一单位的不同写法已合并", "如两个名称不是同一单位，请在「单位名录」中改回。"),
    ReviewType("unit-typo", "疑似错字已更正", "核对原文；如确为不同单位，请在「单位名录」中改回。"),
    ReviewType(
        "unit-formula",
        "单位名称像公式",
        "名称以 = + - @ 开头，已按文字原样写入（不会作为公式执行）；核对原文，在「单位名录」中改为单位的正式名称。",
    ),
    ReviewType(
        "unit-group",
        "泛指的一组单位",
        "在「单位名录」中列出这一组包含的单位（如各成员单位、各县（市、区）人民政府）；成员未列出的组不能下发台账。",
    ),
    ReviewType("table-irregular", "表格行与表头不齐", "对照原文核对这一行各列的内容。"),
    ReviewType("target-alternative", "两个目标达到其一即可", "确认两个目标以“或”相连，指标按其一判断。"),
    ReviewType("target-conflict", "同一指标有两个目标值", "核对原文，保留正确的目标值。"),
    ReviewType("indicator-from-text", "指标由正文生成", "核对指标名称、量纲和目标值。"),
    ReviewType("issuer-completed", "发文机关已补全", "核对「方案信息」中的发文机关。"),
    ReviewType("issuer-garbled", "发文机关疑似乱码", "在「方案信息」中填写正确的发文机关。"),
    ReviewType("issuer-missing", "未找到发文机关", "在「方案信息」中填写。"),
    ReviewType("doc-number-missing", "未找到发文字号", "在「方案信息」中填写（无文号可留空）。"),
    ReviewType("date-missing", "未找到成文日期", "在「方案信息」中填写。"),
    ReviewType("title-missing", "未找到方案名称", "在「方案信息」中填写。"),
]
REVIEW_CATALOGUE: dict[str, ReviewType] = {t.code: t for t in _REVIEW_TYPES}


@dataclass(frozen=True)
class Review:
    """One thing the clerk should check: a stable code, 待核实 or 提示, where it is, what was found and what to do."""

    code: str
    level: str
    message: str
    where: str = ""  # 条目编号, 表格行 or 单位名称
    para: int | None = None  # 段落号 (line of a .txt, paragraph of a .docx)
    hint: str = ""  # how to fix it; defaults to the catalogue's hint for the code

    @property
    def advice(self) -> str:
        known = REVIEW_CATALOGUE.get(self.code)
        return self.hint or (known.hint if known else "")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the source: its number (line or paragraph), its text and how to find it (第12行)."""

    no: int
    text: str
    ref: str


@dataclass
class TableRow:
    cells: dict[str, str]  # header → cell text
    para: int
    ref: str
    parts: dict[str, list[str]] = field(default_factory=dict)  # column → several cells of a flattened row
    irregular: bool = False  # the cells did not fit the header one for one


@dataclass
class Table:
    """A table of the source: a real one (.docx) or one recovered from text flattened by a web page."""

    header: list[str]
    rows: list[TableRow]
    para: int
    ref: str
    title: str = ""  # the line above it (示范区创建全国水生态文明城市工作台账)
    annex: str = ""  # 附件1 …


@dataclass
class Roles:
    """牵头单位 / 配合单位 / 落实单位 of one item, as the plan names them (canonical names after the registry)."""

    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    implementing: list[str] = field(default_factory=list)
    phrase: str = ""  # the words they came from
    carry: list[str] = field(default_factory=list)  # 以下均需…落实: implementing units for the items after this one

    def __bool__(self) -> bool:
        return bool(self.lead or self.cooperating or self.implementing)

    def all(self) -> list[str]:
        return [*self.lead, *self.cooperating, *self.implementing]


@dataclass(frozen=True)
class Deadline:
    """完成时限: the words (2018年5月底前) and the last day they allow; a phase range keeps its first day too."""

    text: str
    date: date | None
    para: int | None = None
    start: date | None = None


@dataclass(frozen=True)
class Target:
    """量化目标: 全市用水总量 ≤ 12.498 亿立方米, with the phrase it was read from.

    operator is one of ≥ ≤ > < = (a value to reach), 下降 / 提高 (a change against a baseline); alternatives joined by
    或 share a non-zero `alternative` number.
    """

    indicator: str
    operator: str
    value: float | None
    unit: str
    phrase: str
    para: int | None = None
    alternative: int = 0
    baseline: str = ""  # 较2020年, 在上年度现状基础上
    places: tuple[str, ...] = ()  # a table on its side: the places set this value, each measured on it


@dataclass
class Item:
    """A numbered item of the plan (1. 强化河长履职尽责。…), or a row of an annex task table."""

    id: str  # 二/(一)/1, 附件1/一/3, 三/(一)#2 (a second duty paragraph), 附件1/4 (a table row)
    label: str  # as written: 1. （一） 二、
    section: str  # the headings above it: 二、全面强化河长制 > (一)强化履职尽责
    title: str  # the words before the first 。 when the item opens with a title
    text: str  # the whole item as written
    paras: list[int]
    ref: str
    roles: Roles = field(default_factory=Roles)
    deadlines: list[Deadline] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    from_table: bool = False
    # The record of a block heading whose label lines (牵头单位：… 成员单位：…) name who does its numbered measures:
    # the measures below are the tasks (they take these units when they name none), the block itself is not one.
    block: bool = False
    # The record of a unit named as 牵头、协调单位 of the whole work (职责分工: 区水务局为…工作的牵头、协调单位):
    # neither it nor its numbered duties below are tasks.
    overall: bool = False

    @property
    def deadline(self) -> Deadline | None:
        """The one 完成时限 of the item: its latest date (all parts must be done by then)."""
        dated = [d for d in self.deadlines if d.date]
        return max(dated, key=lambda d: d.date) if dated else (self.deadlines[0] if self.deadlines else None)


@dataclass
class ImportedTask:
    """A row of 重点任务 (附件一 工作台账)."""

    no: int
    task: str  # 重点工作任务
    target: str  # 目标要求
    requirement: str  # 工作要求
    roles: Roles
    deadline_text: str
    deadline: date | None
    item_id: str
    section: str
    source: str  # the text it was read from
    para: int | None
    ref: str
    reviews: list[Review] = field(default_factory=list)


@dataclass
class ImportedIndicator:
    """A row of 量化指标 (附件二 量化指标台账), from an annex table or from a target in the text."""

    no: int
    category: str
    name: str
    dimension: str
    target_text: str
    operator: str
    value: float | None
    direction: str
    basis: str
    requirement: str
    lead: list[str]
    domain: str = ""  # 领域 of a 任务分解表 (its 任务 is the 类别)
    attribute: str = ""  # 指标属性 (约束性 / 参考性)
    sub_items: tuple[str, ...] = ()  # 分项: sub-indicators or qualifiers (秸秆综合利用率, 东部地区)
    origin: str = ""  # 附件表格 or the 条目编号 it was read from
    para: int | None = None
    ref: str = ""
    reviews: list[Review] = field(default_factory=list)


@dataclass
class UnitEntry:
    """A unit of the registry with every way the plan writes it."""

    name: str
    aliases: list[str] = field(default_factory=list)  # 简称 and names without the 区/市 prefix
    typos: list[str] = field(default_factory=list)  # misspellings mapped to this unit
    kind: str = "单位"  # 单位, 泛指 (相关成员单位, 各镇街) or 占位
    count: int = 0
    roles: set[str] = field(default_factory=set)
    first_para: int | None = None


@dataclass
class Notice:
    """The notice (通知) issuing the plan, and the plan's own title."""

    issuer: str = ""
    doc_number: str = ""
    notice_title: str = ""
    plan_title: str = ""
    recipients: str = ""
    issued_on: date | None = None
    notice_body: str = ""
    attachments: list[str] = field(default_factory=list)
    print_office: str = ""
    printed_on: date | None = None
    cc: str = ""
    sources: dict[str, int] = field(default_factory=dict)  # field → paragraph it came from

    @property
    def year(self) -> int | None:
        return self.issued_on.year if self.issued_on else None


@dataclass
class ImportedPlan:
    """Everything read from one plan document, ready for the clerk to review in plan.xlsx."""

    source: Path
    notice: Notice
    body: list[BodyParagraph]
    items: list[Item]
    tasks: list[ImportedTask]
    indicators: list[ImportedIndicator]
    units: list[UnitEntry]
    reviews: list[Review]
    tables: list[Table] = field(default_factory=list)
    year: int = 0  # the plan's year: 年底前 means the end of this year
    task_source: str = "正文条目"  # 附件表格 when 重点任务 came from an annex table

    def summary(self) -> list[str]:
        """What was read, in a few lines for the command line (Chinese, as the clerk reads it)."""
        n = self.notice
        day = f"{n.issued_on.year}年{n.issued_on.month}月{n.issued_on.day}日" if n.issued_on else ""
        head = "、".join(x for x in (n.doc_number, day) if x)
        review = sum(r.level == NEEDS_REVIEW for r in self.reviews)
        return [
            f"方案：{n.plan_title or '（未找到方案名称）'}" + (f"（{head}）" if head else ""),
            f"重点任务 {len(self.tasks)} 项（取自{self.task_source}），量化指标 {len(self.indicators)} 项，"
            f"责任单位 {sum(u.kind != '占位' for u in self.units)} 个",
            f"待核实 {review} 处，提示 {len(self.reviews) - review} 处：见工作簿「待核实」表",
        ]

    def unit_names(self) -> dict[str, str]:
        """Every name, alias and typo → the canonical name."""
        out: dict[str, str] = {}
        for unit in self.units:
            for name in (unit.name, *unit.aliases, *unit.typos):
                out[name] = unit.name
        return out
