"""The XLSX annexes reopened with openpyxl: merges, header texts, print settings, cell types."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest

from generator.documents import annexes
from generator.plan import read_plan
from generator.plan.write import write_plan


def merges(sheet) -> set[str]:
    return {str(m) for m in sheet.merged_cells.ranges}


def check_print_setup(sheet, header_row: int = 3) -> None:
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0  # one page wide
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
    assert "&P" in sheet.oddFooter.center.text
    assert sheet.freeze_panes == f"A{header_row + 1}"


def check_cells(sheet) -> None:
    """Text as text, numbers as numbers, and no formula anywhere (none could carry a cached value)."""
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str):
                assert cell.data_type == "s", cell.coordinate


@pytest.fixture(scope="module")
def breakdown(hailing_run):
    ws, _ = hailing_run
    return openpyxl.load_workbook(ws.period_outputs("2018-06") / "附件2_任务分解表.xlsx").active


def test_the_plan_says_which_annexes_are_written(example_run, hailing_run):
    _, results, _ = example_run
    assert [p.name for p in results["2018-05"].outputs if p.suffix == ".xlsx"][:2] == [
        "附件1_工作台账.xlsx",
        "附件2_量化指标台账.xlsx",
    ]
    _, hl = hailing_run
    assert [p.name for p in hl.outputs if p.name.startswith("附件")] == ["附件1_工作台账.xlsx", "附件2_任务分解表.xlsx"]
    assert set(annexes.LAYOUTS) == {"工作台账", "量化指标台账", "任务分解表"}


def test_breakdown_header_title_and_merges(breakdown):
    assert breakdown["A1"].value == "附件2"
    assert breakdown["A2"].value == "海陵区创建国家生态文明建设示范区工作任务分解表"
    header = [c.value for c in breakdown[3]]
    assert header == [
        "领域",
        "任务",
        "序号",
        "指标名称",
        None,
        "单位",
        "指标值",
        "指标属性",
        "牵头部门",
        "当前值",
        "达标情况",
    ]
    found = merges(breakdown)
    assert {"A2:K2", "D3:E3"} <= found
    fields = sorted((m.min_row, m.max_row) for m in breakdown.merged_cells.ranges if m.min_col == m.max_col == 1)
    assert [breakdown.cell(a, 1).value for a, _ in fields] == [
        "生态制度",
        "生态环境",
        "生态空间",
        "生态经济",
        "生态生活",
        "生态文化",
    ]
    tasks = [breakdown.cell(m.min_row, 2).value for m in breakdown.merged_cells.ranges if m.min_col == m.max_col == 2]
    assert "（一）制度与保障机制完善" in tasks and "（八）人居环境改善" in tasks


def test_breakdown_sub_rows(breakdown):
    rows = {r[2].value: r[0].row for r in breakdown.iter_rows(min_row=4) if isinstance(r[2].value, int)}
    assert sorted(rows) == list(range(1, 38))
    r24 = rows[24]
    assert f"C{r24}:C{r24 + 1}" in merges(breakdown) and f"D{r24}:D{r24 + 1}" in merges(breakdown)
    assert [breakdown.cell(r24 + k, 5).value for k in (0, 1)] == ["秸秆综合利用率", "畜禽养殖场粪便综合利用率"]
    assert [breakdown.cell(r24 + k, 7).value for k in (0, 1)] == ["≥95", "≥95"]  # one target per sub-row
    assert breakdown.cell(r24, 10).value == 96 and breakdown.cell(r24, 10).data_type == "n"
    r9 = rows[9]
    assert f"G{r9}:G{r9 + 1}" in merges(breakdown)  # one target for both sub-rows
    r1 = rows[1]
    assert f"D{r1}:E{r1}" in merges(breakdown)  # no 分项: the name takes both halves
    assert breakdown.cell(r1, 7).value == "制定实施" and breakdown.cell(r1, 8).value == "约束性指标"
    assert breakdown.cell(rows[21], 7).value == "≤0.70\n且能源消耗总量不超过控制目标值"
    assert breakdown.cell(rows[21], 11).value == "达标"  # 0.68 ≤ 0.70
    assert breakdown.cell(rows[23], 11).value == "未达标"  # 76 < 80
    assert breakdown.cell(rows[4], 11).value == "未报送"  # 区审计局 did not report


def test_print_settings_and_cell_types(example_run, breakdown):
    ws, _, _ = example_run
    check_print_setup(breakdown)
    check_cells(breakdown)
    for name in ("附件1_工作台账.xlsx", "附件2_量化指标台账.xlsx"):
        sheet = openpyxl.load_workbook(ws.period_outputs("2018-05") / name).active
        check_print_setup(sheet)
        check_cells(sheet)
        assert sheet.cell(3, 1).fill.fgColor.rgb.endswith("D9E1F2")  # header fill
        assert all(sheet.cell(4, c).border.left.style == "thin" for c in range(1, sheet.max_column + 1))
        assert all(sheet.cell(4, c).alignment.wrap_text for c in range(1, sheet.max_column + 1))


def test_status_fills(example_run):
    ws, _, _ = example_run
    sheet = openpyxl.load_workbook(ws.period_outputs("2018-05") / "附件1_工作台账.xlsx").active
    lights = {r[9].value: r[9].fill.fgColor.rgb[-6:] for r in sheet.iter_rows(min_row=4)}
    assert lights["红灯"] == "FFC7CE" and lights["绿灯"] == "C6EFCE"


def test_unit_text_that_looks_like_a_formula_stays_text(example_run, plan, tmp_path):
    _, results, _ = example_run
    month = results["2018-05"].month
    first_task, first_indicator = month.tasks[0], month.indicators[0]
    evil_part = dataclasses.replace(first_task.assignments[0], progress='=HYPERLINK("http://evil.example","点击")')
    evil_value = dataclasses.replace(first_indicator.values[0], value=None, value_text="=1+1")
    month = dataclasses.replace(
        month,
        tasks=(dataclasses.replace(first_task, assignments=(evil_part,)), *month.tasks[1:]),
        indicators=(dataclasses.replace(first_indicator, values=(evil_value,)), *month.indicators[1:]),
    )
    plan = read_plan(write_plan(plan, tmp_path / "plan.xlsx"))  # and the plan survives a write and a read
    paths = annexes.write_annexes(plan, month, tmp_path)
    ledger = openpyxl.load_workbook(paths[0]).active
    cell = ledger.cell(4, 7)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"
    indicators = openpyxl.load_workbook(paths[1]).active
    assert indicators.cell(4, 9).value == "=1+1" and indicators.cell(4, 9).data_type == "s"


def test_breakdown_of_a_plan_without_sub_rows_has_no_sub_column(example_run, plan, tmp_path):
    _, results, _ = example_run
    path = annexes.write_breakdown_table(plan, results["2018-05"].month, tmp_path / "b.xlsx")
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[3]][:4] == ["领域", "任务", "序号", "指标名称"]
    assert sheet.max_column == 10
    check_print_setup(sheet)
    check_cells(sheet)


def test_an_unknown_annex_layout_is_a_plan_error(plan, tmp_path):
    import dataclasses

    from generator.errors import PlanError

    path = write_plan(dataclasses.replace(plan, annex_layouts=("工作台账", "考核表")), tmp_path / "plan.xlsx")
    with pytest.raises(PlanError, match="考核表"):
        read_plan(path)
