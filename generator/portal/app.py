"""The web application (Starlette, server-rendered Jinja2 pages in templates/): units, the clerk, inspectors.

Every page that changes something is a POST form carrying the session's CSRF token; ids in URLs are looked up in the
database and checked against who is asking (another unit's submission is 403); periods are compared with the known
months; downloads are chosen from lists we make. Nothing from a request becomes a path.
"""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from generator.errors import TaizhangError
from generator.ledger.blank import ledger_file_name, write_blank_ledger
from generator.periods import period_label
from generator.portal import auth
from generator.portal.files import MEDIA_TYPES, UploadRefused
from generator.portal.middleware import LimitBody, SecurityHeaders
from generator.portal.month import month_view, source_view
from generator.portal.office import Office
from generator.portal.office.base import PortalError
from generator.portal.office.uploads import problems_of

TEMPLATES = Path(__file__).with_name("templates")
SESSION_HOURS = 8


def create_app(office: Office, https_only: bool = False) -> Starlette:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals["period_label"] = period_label
    tokens = auth.TokenChecker(office.engine)
    limiter = auth.LoginLimiter()

    # ── helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    def ip(request: Request) -> str:
        return request.client.host if request.client else ""

    def csrf(request: Request) -> str:
        if "csrf" not in request.session:
            request.session["csrf"] = auth.new_csrf()
        return request.session["csrf"]

    def page(request: Request, template: str, code: int = 200, **context) -> Response:
        context.update(request=request, csrf=csrf(request), who=who(request), role=request.session.get("role"))
        return templates.TemplateResponse(request, template, context, status_code=code)

    def who(request: Request) -> str:
        return request.session.get("unit") or request.session.get("account") or ""

    def unit_of(request: Request) -> str:
        """The unit of this session, its link still live; else 403."""
        if request.session.get("role") != "unit":
            raise HTTPException(403, "请用本单位的专用链接打开。")
        live = tokens.live(request.session.get("tid", ""))
        if live is None or live[0] != request.session.get("unit"):
            request.session.clear()
            raise HTTPException(403, "链接已失效，请向办公室索取新链接。")
        return live[0]

    def account_of(request: Request, *roles: str) -> str:
        name = request.session.get("account")
        role = auth.account_role(office.engine, name) if name else None
        if role is None:
            raise HTTPException(401, "请先登录。")
        if role not in roles:
            raise HTTPException(403, "本账号没有这项权限。")
        return str(name)

    async def form_of(request: Request, max_files: int = 0):
        form = await request.form(max_files=max_files, max_fields=20)
        if not auth.csrf_ok(request.session.get("csrf"), str(form.get("csrf") or "")):
            raise HTTPException(403, "表单已过期或来源不明（CSRF 校验未通过），请刷新页面后重试。")
        return form

    def back(url: str) -> RedirectResponse:
        return RedirectResponse(url, status_code=303)

    def period_param(request: Request) -> str:
        try:
            return office.period_or_current(request.query_params.get("period"))
        except PortalError as exc:
            raise HTTPException(404, str(exc)) from exc

    def download(path: Path, name: str) -> FileResponse:
        media = MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
        return FileResponse(
            path, media_type=media, headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
        )

    def int_param(value: object) -> int:
        try:
            return int(str(value))
        except ValueError:
            raise HTTPException(400, "参数不对。") from None

    # ── login, links ────────────────────────────────────────────────────────────────────────────────────────────

    async def home(request: Request) -> Response:
        role = request.session.get("role")
        if role == "unit":
            return back("/unit")
        if role == "clerk":
            return back("/clerk")
        if role == "inspector":
            return back("/month")
        return back("/login")

    async def login(request: Request) -> Response:
        if request.method == "GET":
            return page(request, "login.html", message="")
        form = await form_of(request)
        name, password = str(form.get("name", ""))[:100].strip(), str(form.get("password", ""))[:200]
        wait = limiter.blocked_for(ip(request), name)
        if wait:
            office.audit(name or "（空）", "anonymous", "login-blocked", f"{wait}秒内不能再试", ip=ip(request))
            return page(request, "login.html", 429, message=f"登录失败次数过多，请 {wait} 秒后再试。")
        role = await run_in_threadpool(auth.check_login, office.engine, name, password)
        if role is None:
            limiter.failed(ip(request), name)
            office.audit(name or "（空）", "anonymous", "login-failed", "账号或密码不对", ip=ip(request))
            return page(request, "login.html", 401, message="账号或密码不对。")
        limiter.succeeded(name)
        request.session.clear()  # a new session after login: no fixation
        request.session.update(role=role, account=name, csrf=auth.new_csrf())
        office.audit(name, role, "login", "登录", ip=ip(request))
        return back("/")

    async def logout(request: Request) -> Response:
        await form_of(request)
        request.session.clear()
        return back("/login")

    async def open_link(request: Request) -> Response:
        found = await run_in_threadpool(tokens.unit_of, request.path_params["token"])
        if found is None:
            office.audit("（未知链接）", "anonymous", "link-refused", "无效或已撤销的单位链接", ip=ip(request))
            raise HTTPException(403, "链接无效或已撤销，请向办公室索取新链接。")
        unit, token_id = found
        request.session.clear()
        request.session.update(role="unit", unit=unit, tid=token_id, csrf=auth.new_csrf())
        office.audit(unit, "unit", "login", "通过单位链接进入", unit=unit, ip=ip(request))
        return back("/unit")

    # ── units ───────────────────────────────────────────────────────────────────────────────────────────────────

    async def unit_home(request: Request) -> Response:
        unit = unit_of(request)
        period = period_param(request)
        plan = office.plan()
        evidence: dict[int, list] = {}
        for item in office.evidence(period, unit):
            evidence.setdefault(item.task_no, []).append(item)
        return page(
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
        unit = unit_of(request)
        period = period_param(request)
        plan = office.plan()
        path = office.root / "blank" / f"{uuid.uuid4().hex}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        await run_in_threadpool(write_blank_ledger, plan, plan.unit(unit), period, path)
        response = download(path, ledger_file_name(plan.unit(unit), period))
        response.background = BackgroundTask(path.unlink, missing_ok=True)
        return response

    async def unit_upload(request: Request) -> Response:
        unit = unit_of(request)
        form = await form_of(request, max_files=1)
        period = str(form.get("period", ""))
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return back(f"/unit?period={quote(period)}&msg={quote('请选择要上传的台账文件。')}")
        try:
            row = await run_in_threadpool(
                office.receive_ledger, unit, period, upload.file, upload.filename, ip(request)
            )
        except (UploadRefused, PortalError) as exc:
            office.audit(unit, "unit", "upload-refused", str(exc), unit=unit, ip=ip(request))
            return back(f"/unit?period={quote(period)}&msg={quote(str(exc))}")
        return back(f"/unit/uploads/{row.id}")

    def own_upload(request: Request, unit: str):
        row = office.upload(int_param(request.path_params["upload_id"]))
        if row is None:
            raise HTTPException(404, "没有这份报送。")
        if row.unit != unit:
            office.audit(unit, "unit", "forbidden", f"试图查看他单位的报送 {row.id}", unit=unit, ip=ip(request))
            raise HTTPException(403, "这不是本单位的报送。")
        return row

    async def unit_receipt(request: Request) -> Response:
        unit = unit_of(request)
        row = own_upload(request, unit)
        return page(
            request,
            "receipt.html",
            upload=row,
            problems=problems_of(row),
            unit=office.plan().unit(unit),
            returns=[r for r in office.returns(unit, row.period) if r.sha256 == row.sha256],
        )

    async def unit_receipt_file(request: Request) -> Response:
        unit = unit_of(request)
        row = own_upload(request, unit)
        return download(await run_in_threadpool(office.receipt_file, row), office.receipt_download_name(row))

    async def unit_evidence(request: Request) -> Response:
        unit = unit_of(request)
        form = await form_of(request, max_files=1)
        period = str(form.get("period", ""))
        upload = form.get("file")
        try:
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise PortalError("请选择佐证材料文件。")
            await run_in_threadpool(
                office.add_evidence,
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
        item = office.evidence_item(int_param(request.path_params["evidence_id"]))
        if item is None:
            raise HTTPException(404, "没有这份材料。")
        if request.session.get("role") == "unit":
            if item.unit != unit_of(request):
                raise HTTPException(403, "这不是本单位的材料。")
        else:
            account_of(request, "clerk", "inspector")
        return download(office.evidence_path(item), item.original_name)

    async def unit_extension(request: Request) -> Response:
        unit = unit_of(request)
        form = await form_of(request)
        period = str(form.get("period", ""))
        try:
            new_date = date.fromisoformat(str(form.get("new_date", "")))
        except ValueError:
            return back(f"/unit?period={quote(period)}&msg={quote('请填写新的完成时限（年-月-日）。')}")
        try:
            office.request_extension(
                unit, period, int_param(form.get("task_no")), new_date, str(form.get("reason", "")), ip(request)
            )
            message = "延期申请已提交，等待办公室审批。"
        except PortalError as exc:
            message = str(exc)
        return back(f"/unit?period={quote(period)}&msg={quote(message)}")

    # ── the clerk ───────────────────────────────────────────────────────────────────────────────────────────────

    async def clerk_board(request: Request) -> Response:
        name = account_of(request, "clerk")
        period = period_param(request)
        board = await run_in_threadpool(office.board, period)
        counts: dict[str, int] = {}
        for row in board:
            counts[row.status] = counts.get(row.status, 0) + 1
        return page(
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
        name = account_of(request, "clerk")
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
                    f"已汇总{period_label(period)}：{result.files}个文件，"
                    f"错误{result.errors}个，警告{result.warnings}个。"
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
        account_of(request, "clerk")
        return page(request, "audit.html", entries=office.audit_log())

    # ── inspectors (and the clerk) ──────────────────────────────────────────────────────────────────────────────

    async def month(request: Request) -> Response:
        account_of(request, "clerk", "inspector")
        period = period_param(request)
        view = await run_in_threadpool(month_view, office.history, office.plan(), period)
        evidence: dict[int, list] = {}
        for item in office.evidence(period):
            evidence.setdefault(item.task_no, []).append(item)
        return page(
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
        account_of(request, "clerk", "inspector")
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
        return page(
            request, "source.html", view=view, period=period, uploads=uploads, receipts=receipts, evidence=evidence
        )

    async def output_file(request: Request) -> Response:
        account_of(request, "clerk", "inspector")
        period = request.path_params["period"]
        if period not in office.periods():
            raise HTTPException(404, "没有这个报送期。")
        outputs = office.outputs(period)
        n = int_param(request.path_params["n"])
        if not 0 <= n < len(outputs):
            raise HTTPException(404, "没有这个文件。")
        return download(outputs[n], outputs[n].name)

    async def upload_receipt_for_staff(request: Request) -> Response:
        account_of(request, "clerk", "inspector")
        row = office.upload(int_param(request.path_params["upload_id"]))
        if row is None:
            raise HTTPException(404, "没有这份报送。")
        return download(await run_in_threadpool(office.receipt_file, row), office.receipt_download_name(row))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 401:
            return back("/login")
        return page(request, "error.html", exc.status_code, status=exc.status_code, detail=exc.detail)

    routes = [
        Route("/", home),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/u/{token}", open_link),
        Route("/unit", unit_home),
        Route("/unit/blank", unit_blank),
        Route("/unit/upload", unit_upload, methods=["POST"]),
        Route("/unit/uploads/{upload_id}", unit_receipt),
        Route("/unit/uploads/{upload_id}/receipt", unit_receipt_file),
        Route("/unit/evidence", unit_evidence, methods=["POST"]),
        Route("/unit/extension", unit_extension, methods=["POST"]),
        Route("/evidence/{evidence_id}", evidence_file),
        Route("/clerk", clerk_board),
        Route("/clerk/audit", clerk_audit),
        Route("/clerk/{action}", clerk_action, methods=["POST"]),
        Route("/month", month),
        Route("/month/{period}/{kind}/{no}", source),
        Route("/files/{period}/{n}", output_file),
        Route("/receipts/{upload_id}", upload_receipt_for_staff),
    ]
    max_body = office.limits.max_uncompressed_bytes + 2**20  # the intake's file limit, plus the form around it
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(LimitBody, max_bytes=max_body),
            Middleware(
                SessionMiddleware,
                secret_key=office.secret_key(),
                session_cookie="taizhang_session",
                max_age=SESSION_HOURS * 3600,
                same_site="lax",
                https_only=https_only,
            ),
        ],
        exception_handlers={HTTPException: http_error},
    )


def app_from_environment() -> Starlette:
    """For `taizhang serve --workers N`: each worker process builds its app from what the command put here."""
    from generator.workspace import open_workspace

    office = Office(open_workspace(Path(os.environ["TAIZHANG_PORTAL_WS"]), os.environ.get("TAIZHANG_PORTAL_DB")))
    return create_app(office, https_only=os.environ.get("TAIZHANG_PORTAL_HTTPS_ONLY") == "1")
