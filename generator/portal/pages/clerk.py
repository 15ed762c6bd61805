"""The clerk's pages: the month's board with its actions (退回, 签收, 汇总本月, deciding extension requests) and the
audit log."""

from __future__ import annotations

from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from generator.errors import TaizhangError
from generator.periods import period_label
from generator.portal.office.base import PortalError
from generator.portal.pages.common import back, form_of, int_param, ip, web_of


async def clerk_board(request: Request) -> Response:
    web = web_of(request)
    office = web.office
    name = web.account_of(request, "clerk")
    period = web.period_param(request)
    board = await run_in_threadpool(office.board, period)
    counts: dict[str, int] = {}
    for row in board:
        counts[row.status] = counts.get(row.status, 0) + 1
    return web.page(
        request,
        "clerk.html",
        account=name,
        period=period,
        periods=office.periods(),
        board=board,
        counts=counts,
        due=office.due_date(period),
        extensions=office.extensions(),
        outputs=office.outputs(period),
        out_root=office.ws.period_outputs(period),
        message=request.query_params.get("msg", "")[:300],
    )


async def clerk_action(request: Request) -> Response:
    web = web_of(request)
    office = web.office
    name = web.account_of(request, "clerk")
    form = await form_of(request)
    period = str(form.get("period", ""))
    action = request.path_params["action"]
    try:
        period = office.period_or_current(period)
        unit = str(form.get("unit", ""))
        if action == "return":
            office.return_submission(period, unit, str(form.get("reason", "")), name, ip(request))
            message = "已退回，单位页面上可见退回理由。"
        elif action == "signoff":
            office.sign_off(period, unit, name, ip(request))
            message = "已签收。"
        elif action == "run":
            result = await run_in_threadpool(office.run_month, period, name, ip(request))
            message = (
                f"已汇总{period_label(period)}：{result.files}个文件，错误{result.errors}个，警告{result.warnings}个。"
            )
        elif action == "extension":
            decision = str(form.get("decision", ""))
            if decision not in ("approve", "refuse"):
                raise PortalError("请选择批准或不予批准。")
            office.decide_extension(
                int_param(form.get("extension_id")),
                decision == "approve",
                name,
                str(form.get("note", "")),
                ip(request),
            )
            message = "延期申请已处理。"
        else:
            raise HTTPException(404)
    except (PortalError, TaizhangError) as exc:
        message = str(exc)
    return back(f"/clerk?period={quote(period)}&msg={quote(message)}")


async def clerk_audit(request: Request) -> Response:
    web = web_of(request)
    web.account_of(request, "clerk")
    return web.page(request, "audit.html", entries=web.office.audit_log())
