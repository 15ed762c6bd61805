"""Column names and cell shapes of flattened tables, shared by the readers in `tables` and `flat_tables`."""

from __future__ import annotations

import re

from generator.plan.importer.model import Paragraph, Table
from generator.plan.importer.target_words import UNITS
from generator.plan.importer.text import fold

Block = Paragraph | Table
HEADER_WORDS = set(
    """细化措施 参与单位 参与部门 协办单位 主体责任单位 落实单位 实施单位 责任人 完成标准 工作内容 具体任务
    序号 领域 任务 类别 分类 指标 指标名称 单位 量纲 计量单位 指标值 目标值 指标属性 属性 牵头部门
    牵头单位 责任单位 责任部门 配合单位 配合部门 完成时限 完成时间 时间节点 完成期限 重点工作任务
    工作任务 重点任务 任务内容 目标要求 工作要求 工作目标 具体措施 工作措施 计算依据 备注 责任领导
    现状值 基期值 基准值 考核指标 佐证材料 具体内容 主要任务 任务分解 项目名称 建设内容 进度安排
    主要内容 目标任务 预期目标 计算方法 指标解释 数据来源 负责部门 负责单位 主责单位 主办单位 主办 协办 成员单位
    时间进度 完成时间节点 计划节点 完成节点 牵头领导 协同部门 协同单位 实施主体 责任主体""".split()
)
LEAD_HEADERS = ("牵头部门", "牵头单位", "责任单位", "责任部门", "牵头责任单位")
UNIT_HEADERS = ("单位", "量纲", "计量单位")
VALUE_HEADERS = ("指标值", "目标值", "预期目标")
ATTRIBUTE = re.compile(r"^(约束性|预期性|参考性|考核性|引导性|监测性)(指标)?$")
MEASURE_CELL = re.compile(r"^(?:/|／|—|-|" + "|".join(re.escape(u) for u in UNITS) + r")$")
VALUE_CELL = re.compile(r"^(?:≥|≤|>|<|=|不低于|不超过|达到)?\s*\d+(?:\.\d+)?\s*%?(?:以上|以下)?$")
ANNEX_LABEL = re.compile(r"^\s*附\s*件\s*[0-9一二三四五六七八九十]*\s*$")
BOILERPLATE = re.compile(
    r"【(?!牵头|配合|责任|参与|协办|主办|落实|实施|完成)[^】]{1,8}】|打印本页|关闭窗口|返回顶部|分享到"
)


def header_key(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))
