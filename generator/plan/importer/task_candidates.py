"""Which items are 重点任务: those naming a responsible unit, and their siblings in the same section.

Sections that state the plan's purpose, phases or safeguards (指导思想, 保障措施 …) hold no tasks unless most of
their items name units; a heading cut off with nothing under it is no task either.
"""

from __future__ import annotations

import re

from generator.plan.importer.duty_records import under_overall
from generator.plan.importer.model import Item

# Sections that state the plan's purpose, its phases or its safeguards rather than assign work: their items are not
# tasks, a carried-forward unit does not apply to them, and a target year in them (到2020年…) is not a deadline.
NOT_TASKS = re.compile(
    r"指导思想|基本原则|工作原则|总体要求|总体目标|主要目标|工作目标|创建目标|目标要求|目标指标|主要指标|具体目标|目标任务$|"
    r"保障措施|组织保障|工作保障|实施步骤|工作步骤|步骤安排|进度安排|时间安排|阶段安排|实施范围|创建范围|适用范围|编制依据|制定依据|"
    r"重要意义|目的意义|背景|改善目标|质量目标|年度目标|发展目标|预期目标|工作思路|总体思路|"
    # 一、治理目标及思路 / 建设目标: goals named by the kind of work they are for
    r"(?:治理|建设|整治|保护|防治|攻坚|行动)目标"
)


def not_task(item: Item) -> bool:
    return bool(NOT_TASKS.search(f"{item.section} {item.title}"))


_TASK_SECTION = re.compile(r"(?:重点|主要|工作|具体)任务(?:及|和|与)")


def _bare_heading(item: Item) -> bool:
    """（四）进一步加大环境管理 at a page's end, its items cut off: a heading with nothing under it is no task."""
    return (
        len(item.paras) == 1
        and "\n" not in item.text
        and len(item.text) <= 30
        and not re.search(r"[。；;，,]", item.text)
    )


def task_candidates(items: list[Item]) -> list[Item]:
    """Items that are tasks: those naming a responsible unit, and their siblings (a task whose unit is missing is
    still a task, flagged). When no item names a unit, every item of the deepest numbered level."""
    items = [i for i in items if not i.block]  # a block heading's record: its measures are the tasks
    duties = under_overall(items)  # the lead of the whole work and its duties: no tasks
    items = [i for i in items if id(i) not in duties]
    with_roles = [i for i in items if i.roles]
    if not with_roles:
        return [i for i in items if not i.from_table and not NOT_TASKS.search(f"{i.section} {i.title}")]
    sections = {i.section for i in with_roles}
    # a section where most numbered items name their units is a division of work, whatever its heading says
    # (一、确保完成主要预期目标 / 1.…（国务院各部门负责） 2.城镇新增就业900万人以上): its items are all tasks
    divided = {
        s
        for s in sections
        if 2 * sum(bool(i.roles) for i in items if i.section == s and i.label)
        > sum(1 for i in items if i.section == s and i.label)
    }
    return [
        i
        for i in items
        if i.roles
        or (
            i.section in sections
            and not i.from_table
            and i.label
            and not _bare_heading(i)
            and (
                i.section in divided
                or not NOT_TASKS.search(f"{i.section} {i.title}")
                # 四、重点任务及时间安排: a section that names its items as tasks holds tasks, dated or not
                or (_TASK_SECTION.search(i.section) and not NOT_TASKS.search(i.title))
            )
        )
    ]
