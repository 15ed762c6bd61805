"""Writing a message: its wording from templates/mail/<kind>.txt, then a MIME message or a webhook's JSON.

A mail template is plain text a clerk can edit: the first line is the subject, the rest the body (Jinja2, as the
.docx templates; a workspace's own templates/mail/ takes precedence). Chinese headers are RFC 2047 encoded and the
attachment's Chinese file name RFC 2231 encoded by the standard library's email package (policy `default`).
"""

from __future__ import annotations

import hashlib
import mimetypes
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from generator.errors import TemplateError

_MIME = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}
_ENV = SandboxedEnvironment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)


def render_text(template: Path, context: dict[str, object]) -> tuple[str, str]:
    """(subject, body) from a mail template."""
    try:
        text = _ENV.from_string(template.read_text("utf-8")).render(**context)
    except FileNotFoundError:
        raise TemplateError(f"找不到邮件模板 {template}。") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"邮件模板 {template.name} 有误：{exc}") from exc
    subject, _, body = text.partition("\n")
    return " ".join(subject.split()), body.strip("\n") + "\n"  # no line break may reach a header


def message_key(channel: str, kind: str, period: str, unit: str, document_sha256: str) -> str:
    """幂等键: a message is the same message when all of these are the same."""
    return hashlib.sha256("\x1f".join((channel, kind, period, unit, document_sha256)).encode("utf-8")).hexdigest()


def addr_spec(text: str) -> str:
    """The bare address of 名称 <a@b.c>."""
    pairs = getaddresses([text])
    return pairs[0][1] if pairs else text


def mail(
    sender: str,
    to: tuple[str, ...],
    cc: tuple[str, ...],
    subject: str,
    body: str,
    document: Path | None,
    key: str,
    now: datetime,
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(to)
    if cc:
        message["Cc"] = ", ".join(cc)
    message["Date"] = format_datetime(now.astimezone())
    domain = addr_spec(sender).rpartition("@")[2] or "taizhang.invalid"
    message["Message-ID"] = make_msgid(idstring=key[:16], domain=domain)
    message["X-Taizhang-Key"] = key  # lets a mail server's log be matched with the outbox
    message.set_content(body)
    if document is not None:
        mime = (
            _MIME.get(document.suffix.lower()) or mimetypes.guess_type(document.name)[0] or "application/octet-stream"
        )
        maintype, _, subtype = mime.partition("/")
        message.add_attachment(document.read_bytes(), maintype=maintype, subtype=subtype, filename=document.name)
    return message


def webhook_payload(
    kind: str,
    period: str,
    unit: str,
    to: tuple[str, ...],
    subject: str,
    body: str,
    document: Path | None,
    document_sha256: str,
    key: str,
) -> dict[str, object]:
    """The JSON summary posted to the webhook: enough for a relay to write its own message."""
    return {
        "kind": kind,
        "period": period,
        "unit": unit,
        "recipients": list(to),
        "subject": subject,
        "text": body,
        "document": document.name if document else None,
        "document_sha256": document_sha256 or None,
        "key": key,
    }
