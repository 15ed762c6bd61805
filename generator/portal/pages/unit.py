"""A unit's pages: its month (tasks, indicators, uploads, returns, extension requests), its blank ledger, uploading
a ledger and reading its receipt, evidence for a task, asking for a later deadline. A unit sees only its own."""

from __future__ import annotations

import uuid
from datetime import date
from urllib.parse import quote

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from generator.ledger.blank import ledger_file_name, write_blank_ledger
from generator.portal.files import UploadRefused
from generator.portal.models import Upload
from generator.portal.office.base import PortalError
from generator.portal.office.uploads import problems_of
from generator.portal.pages.common import Web, back, download, form_of, int_param, ip, web_of


async def unit_home(request: Request) -> Response:
    web = web_of(request)
    office = web.office
    unit = web.unit_of(request)
    period = web.period_param(request)
    plan = office.plan()
    evidence: dict[int, list] = {}
    for item in office.evidence(period, unit):
        evidence.setdefault(item.task_no, []).append(item)
    return web.page(
        request,
        "unit.html",
        unit=plan.unit(unit),
        period=period,
        periods=office.periods(),
        due=office.due_date(period),
        work=office.assignments(unit, period),
        evidence=evidence,
        uploads=office.uploads(unit),
        returns=office.returns(unit, period),
        extensions=office.extensions(unit=unit),
        today=date.today(),
        history=office.history.submissions(unit=unit),
        message=request.query_params.get("msg", "")[:200],
    )


async def unit_blank(request: Request) -> Response:
    """本期空白台账: the unit's own blank ledger, made now (a temporary file, removed once sent)."""
    web = web_of(request)
    unit = web.unit_of(request)
    period = web.period_param(request)
    plan = web.office.plan()
    path = web.office.root / "blank" / f"{uuid.uuid4().hex}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    await run_in_threadpool(write_blank_ledger, plan, plan.unit(unit), period, path)
    response = download(path, ledger_file_name(plan.unit(unit), period))
    response.background = BackgroundTask(path.unlink, missing_ok=True)
    return response


async def unit_upload(request: Request) -> Response:
    web = web_of(request)
    office = web.office
    unit = web.unit_of(request)
    form = await form_of(request, max_files=1)
    period = str(form.get("period", ""))
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return back(f"/unit?period={quote(period)}&msg={quote('请选择要上传的台账文件。')}")
    try:
        row = await run_in_threadpool(office.receive_ledger, unit, period, upload.file, upload.filename, ip(request))
    except (UploadRefused, PortalError) as exc:
        office.audit(unit, "unit", "upload-refused", str(exc), unit=unit, ip=ip(request))
        return back(f"/unit?period={quote(period)}&msg={quote(str(exc))}")
    return back(f"/unit/uploads/{row.id}")


def own_upload(web: Web, request: Request, unit: str) -> Upload:
    row = web.office.upload(int_param(request.path_params["upload_id"]))
    if row is None:
        raise HTTPException(404, "没有这份报送。")
    if row.unit != unit:
        web.office.audit(unit, "unit", "forbidden", f"试图查看他单位的报送 {row.id}", unit=unit, ip=ip(request))
        raise HTTPException(403, "这不是本单位的报送。")
    return row


async def unit_receipt(request: Request) -> Response:
    web = web_of(request)
    office = web.office
    unit = web.unit_of(request)
    row = own_upload(web, request, unit)
    return web.page(
        request,
        "receipt.html",
        upload=row,
        problems=problems_of(row),
        unit=office.plan().unit(unit),
        returns=[r for r in office.returns(unit, row.period) if r.sha256 == row.sha256],
    )


async def unit_receipt_file(request: Request) -> Response:
    web = web_of(request)
    unit = web.unit_of(request)
    row = own_upload(web, request, unit)
    return download(await run_in_threadpool(web.office.receipt_file, row), web.office.receipt_download_name(row))


async def unit_evidence(request: Request) -> Response:
    web = web_of(request)
    unit = web.unit_of(request)
    form = await form_of(request, max_files=1)
    period = str(form.get("period", ""))
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise PortalError("请选择佐证材料文件。")
        await run_in_threadpool(
            web.office.add_evidence,
            unit,
            period,
            int_param(form.get("task_no")),
            upload.file,
            upload.filename,
            ip(request),
        )
        message = "佐证材料已上传。"
    except (UploadRefused, PortalError) as exc:
        message = str(exc)
    return back(f"/unit?period={quote(period)}&msg={quote(message)}#tasks")


async def evidence_file(request: Request) -> Response:
    """A piece of evidence: for the unit that gave it, or for the clerk and inspectors."""
    web = web_of(request)
    item = web.office.evidence_item(int_param(request.path_params["evidence_id"]))
    if item is None:
        raise HTTPException(404, "没有这份材料。")
    if request.session.get("role") == "unit":
        if item.unit != web.unit_of(request):
            raise HTTPException(403, "这不是本单位的材料。")
    else:
        web.account_of(request, "clerk", "inspector")
    return download(web.office.evidence_path(item), item.original_name)


async def unit_extension(request: Request) -> Response:
    web = web_of(request)
    unit = web.unit_of(request)
    form = await form_of(request)
    period = str(form.get("period", ""))
    try:
        new_date = date.fromisoformat(str(form.get("new_date", "")))
    except ValueError:
        return back(f"/unit?period={quote(period)}&msg={quote('请填写新的完成时限（年-月-日）。')}")
    try:
        web.office.request_extension(
            unit, period, int_param(form.get("task_no")), new_date, str(form.get("reason", "")), ip(request)
        )
        message = "延期申请已提交，等待办公室审批。"
    except PortalError as exc:
        message = str(exc)
    return back(f"/unit?period={quote(period)}&msg={quote(message)}")
