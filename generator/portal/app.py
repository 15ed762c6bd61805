"""The web application (Starlette, server-rendered Jinja2 pages in templates/): units, the clerk, inspectors.

This module puts it together: every URL and the handler behind it (the handlers are in pages/, one module per kind
of visitor), the error page, and the wrappers around every request (security headers, the body limit, the signed
session cookie).
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from generator.periods import period_label
from generator.portal.middleware import LimitBody, SecurityHeaders
from generator.portal.office import Office
from generator.portal.pages import clerk, login, staff, unit
from generator.portal.pages.common import Web, http_error

TEMPLATES = Path(__file__).with_name("templates")
SESSION_HOURS = 8

ROUTES = [
    Route("/", login.home),
    Route("/login", login.login, methods=["GET", "POST"]),
    Route("/logout", login.logout, methods=["POST"]),
    Route("/u/{token}", login.open_link),
    Route("/unit", unit.unit_home),
    Route("/unit/blank", unit.unit_blank),
    Route("/unit/upload", unit.unit_upload, methods=["POST"]),
    Route("/unit/uploads/{upload_id}", unit.unit_receipt),
    Route("/unit/uploads/{upload_id}/receipt", unit.unit_receipt_file),
    Route("/unit/evidence", unit.unit_evidence, methods=["POST"]),
    Route("/unit/extension", unit.unit_extension, methods=["POST"]),
    Route("/evidence/{evidence_id}", unit.evidence_file),
    Route("/clerk", clerk.clerk_board),
    Route("/clerk/audit", clerk.clerk_audit),  # before /clerk/{action}: the first match wins
    Route("/clerk/{action}", clerk.clerk_action, methods=["POST"]),
    Route("/month", staff.month),
    Route("/month/{period}/{kind}/{no}", staff.source),
    Route("/files/{period}/{n}", staff.output_file),
    Route("/receipts/{upload_id}", staff.upload_receipt_for_staff),
]


def create_app(office: Office, https_only: bool = False) -> Starlette:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals["period_label"] = period_label
    max_body = office.limits.max_uncompressed_bytes + 2**20  # the intake's file limit, plus the form around it
    app = Starlette(
        routes=ROUTES,
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
    app.state.web = Web(office, templates)  # what the handlers share: pages.common.web_of(request) finds it
    return app


def app_from_environment() -> Starlette:
    """For `taizhang serve --workers N`: each worker process builds its app from what the command put here."""
    from generator.workspace import open_workspace

    office = Office(open_workspace(Path(os.environ["TAIZHANG_PORTAL_WS"]), os.environ.get("TAIZHANG_PORTAL_DB")))
    return create_app(office, https_only=os.environ.get("TAIZHANG_PORTAL_HTTPS_ONLY") == "1")
