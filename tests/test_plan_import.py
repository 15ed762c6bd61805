"""Plan import end to end: the three seed plans against hand-written expected results, the written workbook read back
by read_plan, and the same plan as .docx, .doc and .pdf."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import ROOT

from generator.errors import TaizhangError
from generator.plan import read_plan
from generator.plan.importer import import_plan, write_imported_plan
from generator.plan.importer import source as source_module
from generator.plan.importer.score import load_expected, score_plan, score_table

SEEDS = Path(__file__).with_name("seeds")
EXPECTED = Path(__file__).parent / "plan_import" / "expected"
SEED_NAMES = sorted(p.stem for p in EXPECTED.glob("*.json"))
THRESHOLDS = {  # F1 per field, every seed
    "lead": 0.95,
    "cooperating": 0.95,
    "implementing": 0.95,
    "units": 0.95,
    "deadlines": 0.95,
    "targets": 0.9,
    "section": 0.9,
    "title": 0.9,
    "tasks": 0.95,
    "indicators": 0.9,
    "notice": 0.9,
    "registry": 0.9,
    "aliases": 0.9,
    "typos": 0.9,
}


@pytest.fixture(scope="module")
def imported():
    return {name: import_plan(SEEDS / f"{name}.txt") for name in SEED_NAMES}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_scores_meet_the_thresholds(imported, name):
    scores = score_plan(imported[name], load_expected(EXPECTED / f"{name}.json"))
    low = {
        field: round(scores[field].f1, 3)
        for field, minimum in THRESHOLDS.items()
        if scores[field].tp + scores[field].fn + scores[field].fp and scores[field].f1 < minimum
    }
    assert not low, f"{name}: {low}\n{score_table({name: scores})}"


def test_expected_results_cover_every_seed_and_field():
    assert len(SEED_NAMES) == 3
    for name in SEED_NAMES:
        expected = load_expected(EXPECTED / f"{name}.json")
        assert (SEEDS / expected["seed"]).exists()
        assert expected["items"] and expected["tasks"] and expected["units"]
        assert all("id" in item for item in expected["items"])
    totals = {f: 0 for f in ("deadlines", "targets", "lead", "cooperating", "implementing")}
    for name in SEED_NAMES:
        for item in load_expected(EXPECTED / f"{name}.json")["items"]:
            for field in totals:
                totals[field] += len(item.get(field, []))
    assert all(count >= 10 for count in totals.values()), totals


def test_score_table_has_a_row_per_field(imported):
    results = {n: score_plan(imported[n], load_expected(EXPECTED / f"{n}.json")) for n in SEED_NAMES}
    table = score_table(results)
    assert table.count("\n") == len(THRESHOLDS) + 1
    assert "| lead | " in table and "pingdingshan" in table.splitlines()[0]


def test_jiaozuo_import_gives_the_example_plan(imported, tmp_path):
    """The 焦作 seed's annexes become exactly the tasks and indicators of the shipped inputs/plan.xlsx."""
    path = write_imported_plan(imported["jiaozuo-2018-water-ecology-plan"], tmp_path / "plan.xlsx")
    plan = read_plan(path)
    example = read_plan(ROOT / "inputs" / "plan.xlsx")
    assert [t.no for t in plan.tasks] == list(range(1, 10))
    assert [plan.unit(t.unit).short_name for t in plan.tasks] == [
        example.unit(t.unit).short_name for t in example.tasks
    ]
    for mine, theirs in zip(plan.tasks, example.tasks):
        assert (mine.task, mine.target, mine.requirement, mine.deadline_text, mine.deadline, mine.unit) == (
            theirs.task,
            theirs.target,
            theirs.requirement,
            theirs.deadline_text,
            theirs.deadline,
            theirs.unit,
        )
    assert plan.tasks[6].deadline_text == "2018年4月10号之前报送" and plan.tasks[6].deadline == date(2018, 4, 10)
    assert plan.tasks[0].task == "1、 大沙河生态治理工程（示范工程）；\n2、自备井封闭项目。"
    assert len(plan.indicators) == 19
    by_no = {i.no: i for i in plan.indicators}
    assert (by_no[3].name, by_no[3].dimension, by_no[3].target) == ("农业灌溉水有效利用系数", "率", 0.65)
    assert by_no[1].target is None and by_no[1].target_text == "按市规定值"
    assert by_no[11].direction == "≤"
    assert [i.category for i in plan.indicators].count("健康的水生态体系建设") == 4
    for mine, theirs in zip(plan.indicators, example.indicators):
        assert (mine.no, mine.category, mine.name, mine.dimension, mine.target_text, mine.basis, mine.unit) == (
            theirs.no,
            theirs.category,
            theirs.name,
            theirs.dimension,
            theirs.target_text,
            theirs.basis,
            theirs.unit,
        )
    assert plan.info.title == example.info.title and plan.info.doc_number == "焦示城创指〔2018〕6号"
    assert plan.info.issued_on == date(2018, 4, 3) and plan.info.recipients == example.info.recipients
    assert plan.annex_titles == example.annex_titles
    assert plan.unit("区农村工作办公室").aliases == ("区农办",)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_written_workbook_round_trips_through_read_plan(imported, tmp_path, name):
    plan_import = imported[name]
    plan = read_plan(write_imported_plan(plan_import, tmp_path / "plan.xlsx"))
    assert len(plan.tasks) == len(plan_import.tasks) and len(plan.indicators) == len(plan_import.indicators)
    for task, source in zip(plan.tasks, plan_import.tasks):
        assert task.unit == source.roles.lead[0]  # 责任单位 = the first lead unit
        assert task.deadline == source.deadline
    assert plan.info.title == plan_import.notice.plan_title
    assert plan.body and plan.body[0].text


def test_summary_for_the_command_line(imported):
    lines = imported["jiaozuo-2018-water-ecology-plan"].summary()
    assert lines[0] == "方案：焦作市示范区创建全国水生态文明城市2018年工作方案（焦示城创指〔2018〕6号、2018年4月3日）"
    assert lines[1] == "重点任务 9 项（取自附件表格），量化指标 19 项，责任单位 10 个"
    assert imported["pingdingshan-2023-river-chief-plan"].summary()[1].startswith("重点任务 34 项（取自正文条目）")


def test_workbook_shows_sources_and_what_to_review(imported, tmp_path):
    path = write_imported_plan(imported["pingdingshan-2023-river-chief-plan"], tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "方案信息",
        "责任单位",
        "重点任务",
        "量化指标",
        "方案正文",
        "单位分组",
        "方案条目",
        "量化目标",
        "单位名录",
        "待核实",
    ]
    tasks = book["重点任务"]
    header = [c.value for c in tasks[1]]
    for column in ("牵头单位", "配合单位", "落实单位", "所属章节", "条目编号", "原文", "段落号", "待核实"):
        assert column in header
    groups = [[c.value for c in r] for r in book["单位分组"].iter_rows(min_row=2)]
    assert ["各县(市、区)人民政府", ""] in [g[:2] for g in groups]  # found, members left for the clerk
    from generator.errors import PlanError
    from generator.plan import read_plan
    from generator.plan.readiness import ensure_ready

    with pytest.raises(PlanError, match="单位分组"):  # until the clerk lists them, no ledger goes out
        ensure_ready(read_plan(path))
    row = {header[k]: c.value for k, c in enumerate(tasks[9])}  # task 8: four lead units
    assert row["责任单位"] == "市水利局" and row["牵头单位"].count("、") == 3 and row["段落号"] == 46
    assert "各自在台账中填报" in row["待核实"]  # every lead reports it (shared responsibility)
    names = [[c.value for c in r] for r in book["单位名录"].iter_rows(min_row=2)]
    assert ["城多一体化示范区管委会", "城乡一体化示范区管委会", "疑似错字（待核实）"] in [r[:3] for r in names]
    reviews = [r[1] for r in book["待核实"].iter_rows(min_row=2, values_only=True)]
    assert "unit-typo" in reviews and "issuer-missing" in reviews
    targets = [r for r in book["量化目标"].iter_rows(min_row=2, values_only=True) if r[1] == "市级生活污水集中收集率"]
    assert len(targets) == 2 and all(r[6] for r in targets)  # the two alternatives joined by 或


def _docx_from_text(text: str, path: Path) -> Path:
    """The seed as a clerk's Word file: one paragraph per line, each tab-indented block a real table."""
    document = docx.Document()
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].startswith("\t"):
            document.add_paragraph(lines[i])
            i += 1
            continue
        rows, cells = [], []
        while i < len(lines) and (lines[i].startswith("\t") or lines[i].strip() or (cells and not lines[i].strip())):
            line = lines[i]
            if line.startswith("\t"):
                cells.append(line[1:])
            elif not line.strip():
                rows.append(cells)
                cells = []
                if i + 1 < len(lines) and not lines[i + 1].startswith("\t"):
                    i += 1
                    break
            else:
                cells[-1] += "\n" + line
            i += 1
        if cells:
            rows.append(cells)
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell.strip()
    document.save(path)
    return path


def _essentials(plan):
    return {
        "notice": (plan.notice.issuer, plan.notice.doc_number, plan.notice.plan_title, plan.notice.issued_on),
        "items": [
            (
                i.id,
                i.title,
                i.roles.lead,
                i.roles.cooperating,
                i.roles.implementing,
                [d.date for d in i.deadlines],
                [(t.indicator, t.operator, t.value, t.unit) for t in i.targets],
            )
            for i in plan.items
        ],
        "tasks": [(t.no, t.task, t.roles.lead, t.deadline_text, t.deadline) for t in plan.tasks],
        "indicators": [(i.no, i.name, i.target_text, i.lead, i.direction) for i in plan.indicators],
        "units": [(u.name, u.aliases, u.typos) for u in plan.units],
    }


@pytest.mark.parametrize("name", SEED_NAMES)
def test_docx_made_from_a_seed_imports_like_the_text(imported, tmp_path, name):
    path = _docx_from_text((SEEDS / f"{name}.txt").read_text("utf-8"), tmp_path / f"{name}.docx")
    from_docx = import_plan(path)
    assert _essentials(from_docx) == _essentials(imported[name])
    if name.startswith("jiaozuo"):
        assert len(from_docx.tables) == 2 and from_docx.tables[0].ref == "第1个表格"  # real Word tables this time


def test_word_automatic_numbering_is_read_as_headings(tmp_path):
    """Headings numbered by Word (一、 （一） 1.) have no number in their text: it is rebuilt from numbering.xml."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    xml = (
        f'<w:abstractNum xmlns:w="{w}" w:abstractNumId="90">'
        + "".join(
            f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
            for k, (fmt, text) in enumerate(levels)
        )
        + "</w:abstractNum>"
    )
    numbering.insert(0, docx.oxml.parse_xml(xml))
    numbering.append(docx.oxml.parse_xml(f'<w:num xmlns:w="{w}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(
            docx.oxml.parse_xml(f'<w:numPr xmlns:w="{w}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )

    document.add_paragraph("某区2024年河长制工作方案")
    numbered("主要任务", 0)
    numbered("加强水资源保护", 1)
    numbered("严格用水总量控制。全区用水总量不超过1.2亿立方米。（区水利局牵头，各镇街配合）", 2)
    numbered("推进节水。2024年10月底前完成节水型机关创建。（区机关事务中心负责）", 2)
    numbered("加强水污染防治", 1)
    numbered("治理黑臭水体。年底前消除黑臭水体。（区住建局、区生态环境分局按职责分工负责）", 2)
    document.save(tmp_path / "auto.docx")
    plan = import_plan(tmp_path / "auto.docx")
    by_id = {i.id: i for i in plan.items}
    assert set(by_id) == {"一/(一)/1", "一/(一)/2", "一/(二)/1"}
    assert by_id["一/(一)/1"].section == "一、主要任务 > （一）加强水资源保护"
    assert by_id["一/(一)/1"].roles.lead == ["区水利局"] and by_id["一/(一)/1"].roles.cooperating == ["各镇街"]
    assert by_id["一/(一)/2"].deadline.date == date(2024, 10, 31)
    assert by_id["一/(二)/1"].roles.lead == ["区住建局", "区生态环境分局"]
    assert by_id["一/(二)/1"].deadline.date == date(2024, 12, 31)
    assert [(t.operator, t.value, t.unit) for t in by_id["一/(一)/1"].targets] == [("≤", 1.2, "亿立方米")]


def test_doc_and_pdf_are_read_through_libreoffice_and_pdftotext(tmp_path):
    """Needs LibreOffice and poppler-utils, as the other document tests do (.ci/run installs them)."""
    name = "pingdingshan-2023-river-chief-plan"
    word = _docx_from_text((SEEDS / f"{name}.txt").read_text("utf-8"), tmp_path / "plan.docx")
    for target in ("doc", "pdf"):
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(tmp_path),
                str(word),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    expected = load_expected(EXPECTED / f"{name}.json")
    for suffix in (".doc", ".pdf"):
        plan = import_plan(tmp_path / f"plan{suffix}")
        scores = score_plan(plan, expected)
        assert len(plan.tasks) == 34, suffix
        for field in ("lead", "cooperating", "implementing", "deadlines", "targets"):
            assert scores[field].f1 >= 0.9, (suffix, field, scores[field])


def test_missing_converters_are_explained_in_chinese(tmp_path, monkeypatch):
    (tmp_path / "plan.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4")
    monkeypatch.setattr(source_module, "find_soffice", lambda: None)
    monkeypatch.setattr(source_module.shutil, "which", lambda name: None)
    with pytest.raises(TaizhangError, match="未安装 LibreOffice"):
        import_plan(tmp_path / "plan.doc")
    with pytest.raises(TaizhangError, match="未安装 pdftotext"):
        import_plan(tmp_path / "plan.pdf")


def test_unsupported_and_missing_files(tmp_path):
    (tmp_path / "plan.xls").write_bytes(b"x")
    with pytest.raises(TaizhangError, match="不支持的方案文件格式"):
        import_plan(tmp_path / "plan.xls")
    with pytest.raises(TaizhangError, match="找不到方案文件"):
        import_plan(tmp_path / "nowhere.txt")


def test_text_saved_as_gb18030_or_utf16_reads_the_same(imported, tmp_path):
    name = "hailing-2018-eco-civilization-plan"
    text = (SEEDS / f"{name}.txt").read_text("utf-8")
    for encoding in ("gb18030", "utf-16"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding, errors="replace"))
        assert _essentials(import_plan(path)) == _essentials(imported[name])
