"""The pages of inspectors (督查) and the clerk: the month read from the history, one figure's sources, the month's
documents and the receipt of any upload."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from generator.portal.month import month_view, source_view
from generator.portal.pages.common import download, int_param, web_of


async def month(request: Request) -> Response:
    web = web_of(request)
    office = web.office
    web.account_of(request, "clerk", "inspector")
    period = web.period_param(request)
    view = await run_in_threadpool(month_view, office.history, office.plan(), period)
    evidence: dict[int, list] = {}
    for item in office.evidence(period):
        evidence.setdefault(item.task_no, []).append(item)
    return web.page(
        request,
        "month.html",
        view=view,
        period=period,
        periods=office.periods(),
        outputs=office.outputs(period),
        out_root=office.ws.period_outputs(period),
        evidence=evidence,
    )


async def source(request: Request) -> Response:
    web = web_of(request)
    office = web.office
    web.account_of(request, "clerk", "inspector")
    period = request.path_params["period"]
    if period not in office.periods():
        raise HTTPException(404, "没有这个报送期。")
    kind = request.path_params["kind"]
    if kind not in ("task", "indicator"):
        raise HTTPException(404)
    view = source_view(office.history, office.plan(), period, kind, int_param(request.path_params["no"]))
    if view is None:
        raise HTTPException(404, "方案中没有这一项。")
    uploads = {u.sha256: u for u in office.uploads(period=period)}
    receipts = {p.name: i for i, p in enumerate(office.outputs(period)) if p.parent.name in ("receipts", "回执")}
    evidence = [e for e in office.evidence(period) if kind == "task" and e.task_no == view.no]
    return web.page(
        request, "source.html", view=view, period=period, uploads=uploads, receipts=receipts, evidence=evidence
    )


async def output_file(request: Request) -> Response:
    web = web_of(request)
    web.account_of(request, "clerk", "inspector")
    period = request.path_params["period"]
    if period not in web.office.periods():
        raise HTTPException(404, "没有这个报送期。")
    outputs = web.office.outputs(period)
    n = int_param(request.path_params["n"])
    if not 0 <= n < len(outputs):
        raise HTTPException(404, "没有这个文件。")
    return download(outputs[n], outputs[n].name)


async def upload_receipt_for_staff(request: Request) -> Response:
    web = web_of(request)
    web.account_of(request, "clerk", "inspector")
    row = web.office.upload(int_param(request.path_params["upload_id"]))
    if row is None:
        raise HTTPException(404, "没有这份报送。")
    return download(await run_in_threadpool(web.office.receipt_file, row), web.office.receipt_download_name(row))
