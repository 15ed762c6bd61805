"""The portal through its HTTP interface (Starlette's test client over the real app, real SQLite/PostgreSQL, real
files): unit links and their limits, uploads with receipts, evidence, extensions, the clerk's board and actions,
logins, CSRF, the audit log."""

from __future__ import annotations

import json
import re
from datetime import date

import openpyxl
import pytest
from portal_helpers import CLERK, INSPECTOR, OTHER, PASSWORD, PERIOD, UNIT, ledger, make_office
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from generator.portal import auth
from generator.portal.app import create_app
from generator.portal.assignments import unit_assignments
from generator.portal.models import AuditEntry
from generator.run import run_period

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture()
def office(tmp_path):
    office = make_office(tmp_path)
    yield office
    office.close()


def client(office) -> TestClient:
    return TestClient(create_app(office), follow_redirects=True)


def csrf_of(page: str) -> str:
    return CSRF.search(page)[1]


def as_unit(office, unit: str = UNIT) -> tuple[TestClient, str]:
    c = client(office)
    link = auth.issue_token(office.engine, unit)
    page = c.get(f"/u/{link.token}")
    assert page.status_code == 200 and unit in page.text
    return c, csrf_of(page.text)


def as_account(office, name: str) -> tuple[TestClient, str]:
    c = client(office)
    token = csrf_of(c.get("/login").text)
    page = c.post("/login", data={"csrf": token, "name": name, "password": PASSWORD})
    assert page.status_code == 200, page.text
    return c, csrf_of(page.text)


def upload(c: TestClient, token: str, path, period: str = PERIOD):
    with open(path, "rb") as f:
        return c.post("/unit/upload", data={"csrf": token, "period": period}, files={"file": (path.name, f)})


def test_unit_page_lists_own_assignments_only(office):
    c, _ = as_unit(office)
    page = c.get("/unit").text
    work = unit_assignments(office.plan(), UNIT)
    for task in work.tasks:
        assert f'id="task-{task.no}"' in page
    others = {t.no for t in office.plan().tasks} - {t.no for t in work.tasks}
    assert others and not any(f'id="task-{n}"' in page for n in others)
    assert "2018年6月5日" in page  # due day: the 5th of the next month by default


def test_upload_with_error_names_the_cell_then_fix_is_accepted(office, tmp_path):
    c, token = as_unit(office)
    bad = ledger(tmp_path, UNIT, "带错误.xlsx", percent="很多")
    page = c.get(f"/unit/uploads/{_upload_id(upload(c, token, bad))}").text
    cell = _problem_cells(page)
    assert cell, page
    # the cell named is where the bad percent was typed
    book = openpyxl.load_workbook(bad)
    assert any(book["重点任务"][ref].value == "很多" for ref in cell)
    good = ledger(tmp_path, UNIT, "改好的.xlsx", percent=60)
    response = upload(c, token, good)
    assert "已采用" in response.text and "错误 0 个" in response.text
    saved = sorted(p.name for p in office.ws.period_inputs(PERIOD).iterdir() if p.name.startswith("管委会办公室"))
    assert len(saved) == 2 and all("带错误" not in n and "改好的" not in n for n in saved)  # our names, not theirs
    board = {r.unit: r for r in office.board(PERIOD)}
    assert board[UNIT].status == "已报送" and board[UNIT].errors == 0


def _upload_id(response) -> int:
    return int(re.search(r"/unit/uploads/(\d+)/receipt", response.text)[1])


def _problem_cells(page: str) -> list[str]:
    return [c for c in re.findall(r'<td class="cell">([^<]*)</td>', page) if c]


def test_receipt_download_is_annotated(office, tmp_path):
    c, token = as_unit(office)
    response = upload(c, token, ledger(tmp_path, UNIT, "x.xlsx", percent="很多"))
    data = c.get(f"/unit/uploads/{_upload_id(response)}/receipt")
    assert data.status_code == 200
    assert "attachment" in data.headers["content-disposition"]
    target = tmp_path / "r.xlsx"
    target.write_bytes(data.content)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "回执"
    assert any(c.comment for row in book["重点任务"].iter_rows() for c in row)


def test_another_units_link_gets_403(office, tmp_path):
    mine, token = as_unit(office, UNIT)
    response = upload(mine, token, ledger(tmp_path, UNIT, "a.xlsx"))
    upload_id = _upload_id(response)
    theirs, _ = as_unit(office, OTHER)
    assert theirs.get(f"/unit/uploads/{upload_id}").status_code == 403
    assert theirs.get(f"/unit/uploads/{upload_id}/receipt").status_code == 403
    assert client(office).get("/u/deadbeef.not-a-secret").status_code == 403
    assert theirs.get("/clerk").status_code in (200, 403) and "收件看板" not in theirs.get("/clerk").text


def test_unit_cannot_upload_another_units_ledger(office, tmp_path):
    c, token = as_unit(office, UNIT)
    before = sorted(p.name for p in office.ws.period_inputs(PERIOD).iterdir())
    page = upload(c, token, ledger(tmp_path, OTHER, "冒名.xlsx")).text
    assert "不是本单位" in page and "未采用" in page
    assert sorted(p.name for p in office.ws.period_inputs(PERIOD).iterdir()) == before


def test_revoked_and_reissued_links(office):
    old = auth.issue_token(office.engine, UNIT)
    c = client(office)
    assert c.get(f"/u/{old.token}").status_code == 200
    new = auth.issue_token(office.engine, UNIT)  # reissue revokes the old one, also for its open session
    assert c.get("/unit").status_code == 403
    assert client(office).get(f"/u/{old.token}").status_code == 403
    assert client(office).get(f"/u/{new.token}").status_code == 200
    auth.revoke_tokens(office.engine, UNIT)
    assert client(office).get(f"/u/{new.token}").status_code == 403
    stored = json.dumps([r for r in office.audit_log()], default=str)
    assert new.token.split(".")[1] not in stored


def test_uploads_refused_by_type_content_and_size(office, tmp_path):
    c, token = as_unit(office)
    for name, data in (("病毒.exe", b"MZ..."), ("假的.xlsx", b"just text, not a zip"), ("空.csv", b"")):
        response = c.post("/unit/upload", data={"csrf": token, "period": PERIOD}, files={"file": (name, data)})
        assert response.status_code == 200 and ("未接收" in response.text or "不接受" in response.text)
    assert not any(p.name.startswith("管委会") for p in office.ws.period_inputs(PERIOD).iterdir())
    limited = make_office(tmp_path / "small")
    (limited.ws.root / "taizhang.toml").write_text("[limits]\nmax_file_mb = 1\n", "utf-8")
    small = type(limited)(limited.ws)
    c2, token2 = as_unit(small)
    big = b"a,b\n" * (2 * 2**20 // 4)
    response = c2.post("/unit/upload", data={"csrf": token2, "period": PERIOD}, files={"file": ("big.csv", big)})
    assert response.status_code == 413
    # a path in the file name and a period outside the known months go nowhere
    response = c.post(
        "/unit/upload", data={"csrf": token, "period": "../../etc"}, files={"file": ("../../evil.csv", b"a,b\n")}
    )
    assert "没有报送期" in response.text
    assert not (office.ws.root / "evil.csv").exists() and not (office.ws.root.parent / "evil.csv").exists()


def test_csrf_required_on_every_form(office, tmp_path):
    c, _ = as_unit(office)
    path = ledger(tmp_path, UNIT, "a.xlsx")
    with open(path, "rb") as f:
        response = c.post("/unit/upload", data={"csrf": "wrong", "period": PERIOD}, files={"file": (path.name, f)})
    assert response.status_code == 403
    clerk, _ = as_account(office, CLERK)
    for action in ("return", "signoff", "run", "extension"):
        assert clerk.post(f"/clerk/{action}", data={"period": PERIOD, "unit": OTHER}).status_code == 403
    assert client(office).post("/login", data={"name": CLERK, "password": PASSWORD}).status_code == 403


def test_clerk_returns_and_the_unit_sees_the_reason(office, tmp_path):
    unit, token = as_unit(office)
    upload(unit, token, ledger(tmp_path, UNIT, "a.xlsx"))
    clerk, ctoken = as_account(office, CLERK)
    board = clerk.get(f"/clerk?period={PERIOD}").text
    assert "已报送" in board and "未报送" in board
    reason = "第9项进展情况过于简单，请补充工程量。"
    page = clerk.post("/clerk/return", data={"csrf": ctoken, "period": PERIOD, "unit": UNIT, "reason": reason}).text
    assert "已退回" in page
    assert reason in unit.get("/unit").text
    statuses = {r.unit: r.status for r in office.board(PERIOD)}
    assert statuses[UNIT] == "已退回"
    clerk.post("/clerk/signoff", data={"csrf": ctoken, "period": PERIOD, "unit": OTHER})
    assert {r.unit: r.status for r in office.board(PERIOD)}[OTHER] == "签收"
    upload(unit, token, ledger(tmp_path, UNIT, "b.xlsx", percent=70))  # a new file ends 已退回
    assert {r.unit: r.status for r in office.board(PERIOD)}[UNIT] == "已报送"
    with Session(office.engine) as session:
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {"login", "upload", "return", "sign-off"} <= actions


def test_board_sees_files_dropped_into_the_folder(office, tmp_path):
    before = {r.unit: r.status for r in office.board(PERIOD)}
    assert before[UNIT] == "未报送"
    target = office.ws.period_inputs(PERIOD) / "管委会办公室5月台账.xlsx"
    target.write_bytes(ledger(tmp_path, UNIT, "x.xlsx", percent="很多").read_bytes())
    assert {r.unit: r.status for r in office.board(PERIOD)}[UNIT] == "有错误"


def test_extension_approved_changes_the_deadline_from_that_month(office, tmp_path):
    unit, token = as_unit(office)
    task = unit_assignments(office.plan(), UNIT).tasks[0]
    new = date(2019, 12, 31)
    unit.post(
        "/unit/extension",
        data={
            "csrf": token,
            "period": PERIOD,
            "task_no": task.no,
            "new_date": new.isoformat(),
            "reason": "征地手续未完成",
        },
    )
    clerk, ctoken = as_account(office, CLERK)
    pending = office.extensions(unit=UNIT)
    assert [x.status for x in pending] == ["待审批"]
    clerk.post(
        "/clerk/extension",
        data={"csrf": ctoken, "period": PERIOD, "extension_id": pending[0].id, "decision": "approve", "note": "同意"},
    )
    decided = office.extensions(unit=UNIT)[0]
    assert decided.status == "已批准" and decided.decided_by == CLERK and decided.decided_at
    assert office.assignments(UNIT, PERIOD).task(task.no).deadline == new
    assert office.assignments(UNIT, "2018-04").task(task.no).deadline == task.deadline  # earlier months unchanged
    result = run_period(office.ws, PERIOD, date(2018, 6, 5))
    [row] = [t for t in result.month.tasks if t.no == task.no]
    assert row.days_overdue == 0
    assert "已批准延期" in unit.get("/unit").text


def test_evidence_stored_by_hash_listed_and_private(office, tmp_path):
    unit, token = as_unit(office)
    task = unit_assignments(office.plan(), UNIT).tasks[0]
    pdf = b"%PDF-1.4\n% evidence\n"
    for _ in range(2):
        unit.post(
            "/unit/evidence",
            data={"csrf": token, "period": PERIOD, "task_no": task.no},
            files={"file": ("竣工报告.pdf", pdf)},
        )
    items = office.evidence(PERIOD, UNIT)
    assert len(items) == 1 and office.evidence_path(items[0]).read_bytes() == pdf
    assert "竣工报告.pdf" in unit.get("/unit").text
    assert unit.get(f"/evidence/{items[0].id}").content == pdf
    other, _ = as_unit(office, OTHER)
    assert other.get(f"/evidence/{items[0].id}").status_code == 403
    refused = unit.post(
        "/unit/evidence", data={"csrf": token, "period": PERIOD, "task_no": 1}, files={"file": ("a.pdf", pdf)}
    )
    assert "不是本单位的任务" in refused.text


def test_login_rate_limited_and_roles(office):
    c = client(office)
    for _ in range(5):
        token = csrf_of(c.get("/login").text)
        assert c.post("/login", data={"csrf": token, "name": CLERK, "password": "wrong"}).status_code == 401
    token = csrf_of(c.get("/login").text)
    assert c.post("/login", data={"csrf": token, "name": CLERK, "password": PASSWORD}).status_code == 429
    inspector, itoken = as_account(office, INSPECTOR)
    assert inspector.get("/clerk").status_code == 403
    assert inspector.post("/clerk/run", data={"csrf": itoken, "period": PERIOD}).status_code == 403
    assert inspector.get(f"/month?period={PERIOD}").status_code == 200
    with Session(office.engine) as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert actions.count("login-failed") == 5 and "login-blocked" in actions


def test_inspector_figure_links_to_its_source(office):
    run_period(office.ws, "2018-04", date(2018, 5, 5))
    run_period(office.ws, PERIOD, date(2018, 6, 5))
    inspector, _ = as_account(office, INSPECTOR)
    page = inspector.get(f"/month?period={PERIOD}").text
    links = re.findall(r'class="figure" href="(/month/2018-05/task/\d+)"', page)
    assert links
    source = inspector.get(links[0]).text
    number = int(links[0].rsplit("/", 1)[1])
    trace = office.history.trace(PERIOD, "task", number)
    counted = next(s for s in trace if s.counted)
    assert counted.file_name in source and "★" in source
    assert all(c.cell in source for c in counted.cells)
    trends = page[page.index('id="trends"') :]
    assert "2018年4月" in trends and "2018年5月" in trends  # trends across the stored months
    downloads = re.findall(r'href="(/files/2018-05/\d+)"', page)
    assert downloads and inspector.get(downloads[0]).status_code == 200
    assert inspector.get("/files/2018-05/99999").status_code == 404


def test_portal_on_postgresql(tmp_path):
    from pg import fresh_database

    url, drop = fresh_database()
    try:
        office = make_office(tmp_path, url)
        try:
            c, token = as_unit(office)
            response = upload(c, token, ledger(tmp_path, UNIT, "a.xlsx", percent="很多"))
            assert _problem_cells(response.text)
            office.return_submission(PERIOD, UNIT, "请补充", CLERK)
            assert "请补充" in c.get("/unit").text
            task = unit_assignments(office.plan(), UNIT).tasks[0]
            ext = office.request_extension(UNIT, PERIOD, task.no, date(2019, 6, 30), "资金未到位")
            office.decide_extension(ext.id, True, CLERK)
            assert office.assignments(UNIT, PERIOD).task(task.no).deadline == date(2019, 6, 30)
            assert [u.unit for u in office.uploads()] == [UNIT]
        finally:
            office.close()
    finally:
        drop()


def test_links_one_line_per_unit_reissue_revoke_and_ledgers(office):
    from click.testing import CliRunner

    from generator.cli import main

    ws = str(office.ws.root)
    base = "https://taizhang.example.gov.cn"
    first = CliRunner().invoke(main, ["links", ws, "--base", base, "--ledgers", PERIOD])
    assert first.exit_code == 0, first.output
    lines = first.output.strip().splitlines()
    units = office.plan().reporting_units()
    assert len(lines) == len(units)
    links = dict(line.split("\t") for line in lines)
    assert set(links) == {u.short_name for u in units}
    assert all(link.startswith(f"{base}/u/") for link in links.values())
    token = links[office.plan().unit(UNIT).short_name].rsplit("/", 1)[1]
    assert client(office).get(f"/u/{token}").status_code == 200
    # the unit's blank ledger carries its own link, and no other unit's
    blank = office.ws.period_outputs(PERIOD) / "空白台账" / f"{UNIT}_{PERIOD}_工作台账.xlsx"
    note = openpyxl.load_workbook(blank)["重点任务"]["A2"].value
    assert links[UNIT] in note and sum(link in note for link in links.values()) == 1
    again = CliRunner().invoke(main, ["links", ws, "--base", base])
    assert "已有链接" in again.output and token not in again.output
    reissued = CliRunner().invoke(main, ["links", ws, "--base", base, "--reissue", UNIT])
    assert reissued.exit_code == 0 and len(reissued.output.strip().splitlines()) == 1
    assert client(office).get(f"/u/{token}").status_code == 403
    new_token = reissued.output.strip().rsplit("/", 1)[1]
    assert client(office).get(f"/u/{new_token}").status_code == 200
    revoked = CliRunner().invoke(main, ["links", ws, "--revoke", UNIT])
    assert revoked.exit_code == 0 and client(office).get(f"/u/{new_token}").status_code == 403
    assert CliRunner().invoke(main, ["links", ws, "--reissue", "没有这个单位"]).exit_code == 2


def test_unit_downloads_its_blank_ledger(office, tmp_path):
    c, _ = as_unit(office)
    response = c.get(f"/unit/blank?period={PERIOD}")
    assert response.status_code == 200
    target = tmp_path / "blank.xlsx"
    target.write_bytes(response.content)
    sheet = openpyxl.load_workbook(target)["重点任务"]
    numbers = {sheet.cell(r, 1).value for r in range(4, sheet.max_row + 1)} - {None}
    assert numbers == {t.no for t in unit_assignments(office.plan(), UNIT).tasks}
    assert not list((office.root / "blank").iterdir())  # the temporary is gone once sent


def test_pages_carry_security_headers_and_the_audit_log_is_the_clerks(office, tmp_path):
    link = auth.issue_token(office.engine, UNIT)
    c = client(office)
    opened = c.get(f"/u/{link.token}", follow_redirects=False)
    cookie = opened.headers["set-cookie"].lower()
    assert opened.status_code == 303 and "httponly" in cookie and "samesite=lax" in cookie
    response = c.get("/unit")
    token = csrf_of(response.text)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY" and response.headers["x-content-type-options"] == "nosniff"
    upload(c, token, ledger(tmp_path, UNIT, "a.xlsx"))
    refused = c.get("/clerk/audit", follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"] == "/login"  # a unit is no account
    clerk, _ = as_account(office, CLERK)
    log = clerk.get("/clerk/audit").text
    assert "upload" in log and UNIT in log and "login" in log
    inspector, _ = as_account(office, INSPECTOR)
    assert inspector.get("/clerk/audit").status_code == 403


def test_unit_assignments_follow_unit_role_assignments(plan):
    """In a plan that shares tasks, a unit is given every task it has a role in, with the role."""
    import dataclasses

    from generator.plan.model import Assignment

    first = plan.tasks[0]
    shared = dataclasses.replace(first, assignments=(*first.assignments, Assignment(UNIT, "配合")))
    work = unit_assignments(dataclasses.replace(plan, tasks=[shared, *plan.tasks[1:]]), UNIT)
    assert work.task(first.no) is not None and work.roles[("task", first.no)] == "配合"
    assert all(work.roles[("task", t.no)] == "牵头" for t in work.tasks if t.no != first.no)
    assert unit_assignments(plan, UNIT).task(first.no) is None
