"""What every page handler uses: the Web object (the office, the templates, the unit links, the login limiter), who
is asking and whether they may, a checked form, a period or number from the request, a download, the error page.

Handlers are plain functions of the request; create_app keeps the one Web of an app in `app.state.web`.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from generator.portal import auth
from generator.portal.files import MEDIA_TYPES
from generator.portal.office import Office
from generator.portal.office.base import PortalError


class Web:
    """One app's office, its page templates, its check of unit links and its limit on failed logins."""

    def __init__(self, office: Office, templates: Jinja2Templates):
        self.office = office
        self.templates = templates
        self.tokens = auth.TokenChecker(office.engine)
        self.limiter = auth.LoginLimiter()

    def page(self, request: Request, template: str, code: int = 200, **context) -> Response:
        context.update(request=request, csrf=csrf(request), who=who(request), role=request.session.get("role"))
        return self.templates.TemplateResponse(request, template, context, status_code=code)

    def unit_of(self, request: Request) -> str:
        """The unit of this session, its link still live; else 403."""
        if request.session.get("role") != "unit":
            raise HTTPException(403, "请用本单位的专用链接打开。")
        live = self.tokens.live(request.session.get("tid", ""))
        if live is None or live[0] != request.session.get("unit"):
            request.session.clear()
            raise HTTPException(403, "链接已失效，请向办公室索取新链接。")
        return live[0]

    def account_of(self, request: Request, *roles: str) -> str:
        name = request.session.get("account")
        role = auth.account_role(self.office.engine, name) if name else None
        if role is None:
            raise HTTPException(401, "请先登录。")
        if role not in roles:
            raise HTTPException(403, "本账号没有这项权限。")
        return str(name)

    def period_param(self, request: Request) -> str:
        try:
            return self.office.period_or_current(request.query_params.get("period"))
        except PortalError as exc:
            raise HTTPException(404, str(exc)) from exc


def web_of(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


def ip(request: Request) -> str:
    return request.client.host if request.client else ""


def csrf(request: Request) -> str:
    if "csrf" not in request.session:
        request.session["csrf"] = auth.new_csrf()
    return request.session["csrf"]


def who(request: Request) -> str:
    return request.session.get("unit") or request.session.get("account") or ""


async def form_of(request: Request, max_files: int = 0) -> FormData:
    form = await request.form(max_files=max_files, max_fields=20)
    if not auth.csrf_ok(request.session.get("csrf"), str(form.get("csrf") or "")):
        raise HTTPException(403, "表单已过期或来源不明（CSRF 校验未通过），请刷新页面后重试。")
    return form


def back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


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


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 401:
        return back("/login")
    return web_of(request).page(request, "error.html", exc.status_code, status=exc.status_code, detail=exc.detail)
