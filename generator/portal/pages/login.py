"""Getting in: the home page sends each role to its own page; the clerk and inspectors log in with a password
(failed attempts slow down); a unit comes in through its personal link (/u/<token>)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from generator.portal import auth
from generator.portal.pages.common import back, form_of, ip, web_of


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
    web = web_of(request)
    office, limiter = web.office, web.limiter
    if request.method == "GET":
        return web.page(request, "login.html", message="")
    form = await form_of(request)
    name, password = str(form.get("name", ""))[:100].strip(), str(form.get("password", ""))[:200]
    wait = limiter.blocked_for(ip(request), name)
    if wait:
        office.audit(name or "（空）", "anonymous", "login-blocked", f"{wait}秒内不能再试", ip=ip(request))
        return web.page(request, "login.html", 429, message=f"登录失败次数过多，请 {wait} 秒后再试。")
    role = await run_in_threadpool(auth.check_login, office.engine, name, password)
    if role is None:
        limiter.failed(ip(request), name)
        office.audit(name or "（空）", "anonymous", "login-failed", "账号或密码不对", ip=ip(request))
        return web.page(request, "login.html", 401, message="账号或密码不对。")
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
    web = web_of(request)
    found = await run_in_threadpool(web.tokens.unit_of, request.path_params["token"])
    if found is None:
        web.office.audit("（未知链接）", "anonymous", "link-refused", "无效或已撤销的单位链接", ip=ip(request))
        raise HTTPException(403, "链接无效或已撤销，请向办公室索取新链接。")
    unit, token_id = found
    request.session.clear()
    request.session.update(role="unit", unit=unit, tid=token_id, csrf=auth.new_csrf())
    web.office.audit(unit, "unit", "login", "通过单位链接进入", unit=unit, ip=ip(request))
    return back("/unit")
