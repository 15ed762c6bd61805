"""Channels: SMTP (standard library smtplib, STARTTLS/SSL and login) and a webhook (HTTP POST of JSON).

Each attempt ends in an Outcome: sent (with the server's answer), retry (the server or the network failed for now:
4xx replies, a dropped connection, a full mailbox) or failed (5xx: the address is wrong or refused for good). One
message's failure never stops the batch: after a dropped connection the next message connects again, and only when
connecting itself fails are the rest marked for a retry without trying again.
"""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import urlsplit

from generator.delivery.settings import SmtpServer

SENT, RETRY, FAILED = "sent", "retry", "failed"
_RETRY_CODES = {552}  # 552 mailbox full / exceeded storage: many servers mean "for now"


@dataclass(frozen=True)
class Outcome:
    status: str
    answer: str


def _answer(code: int, text: bytes | str) -> str:
    raw = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(raw.split())}"


def _classify(code: int, text: bytes | str) -> Outcome:
    status = RETRY if 400 <= code < 500 or code in _RETRY_CODES else FAILED
    return Outcome(status, _answer(code, text))


class MailSender:
    """One SMTP session for a batch; reconnects after a drop."""

    def __init__(self, server: SmtpServer):
        self.server = server
        self.client: smtplib.SMTP | None = None
        self.down: str | None = None  # why connecting failed: the rest of the batch is not tried

    def __enter__(self) -> MailSender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except (smtplib.SMTPException, OSError):
                self.client.close()
            self.client = None

    def _connect(self) -> smtplib.SMTP:
        s = self.server
        context = ssl.create_default_context(cafile=s.cafile or None)
        client: smtplib.SMTP
        if s.ssl:
            client = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            client.ehlo()
            if s.starttls:
                client.starttls(context=context)
                client.ehlo()
            if s.user:
                client.login(s.user, s.password)
        except BaseException:
            client.close()
            raise
        return client

    def send(self, message: EmailMessage, sender: str, recipients: list[str]) -> Outcome:
        if self.down:
            return Outcome(RETRY, self.down)
        if self.client is None:
            try:
                self.client = self._connect()
            except smtplib.SMTPAuthenticationError as exc:
                self.down = f"邮箱登录失败：{_answer(exc.smtp_code, exc.smtp_error)}"
                return Outcome(RETRY, self.down)
            except (smtplib.SMTPException, OSError) as exc:
                self.down = f"无法连接邮件服务器 {self.server}：{exc.__class__.__name__}：{exc}"
                return Outcome(RETRY, self.down)
        try:
            return self._transaction(self.client, message, sender, recipients)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self.client = None  # connect again for the next message
            return Outcome(RETRY, f"邮件服务器断开连接：{exc.__class__.__name__}：{exc}")
        except smtplib.SMTPResponseException as exc:
            self.close()
            return _classify(exc.smtp_code, exc.smtp_error)

    def _transaction(self, client: smtplib.SMTP, message: EmailMessage, sender: str, recipients: list[str]) -> Outcome:
        """MAIL, RCPT for each recipient, DATA: done by hand (not sendmail) to keep the server's final answer."""
        code, text = client.mail(sender)
        if code != 250:
            client.rset()
            return _classify(code, text)
        refused: dict[str, Outcome] = {}
        for recipient in recipients:
            code, text = client.rcpt(recipient)
            if code not in (250, 251):
                refused[recipient] = _classify(code, text)
        if len(refused) == len(recipients):
            client.rset()
            worst = RETRY if any(o.status == RETRY for o in refused.values()) else FAILED
            return Outcome(worst, "；".join(f"{r}：{o.answer}" for r, o in refused.items()))
        data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
        code, text = client.data(data)
        if code != 250:
            client.rset()
            return _classify(code, text)
        answer = _answer(code, text)
        if refused:
            answer += "；未送达：" + "；".join(f"{r}：{o.answer}" for r, o in refused.items())
        return Outcome(SENT, answer)


def post_webhook(url: str, payload: dict[str, object], timeout: float = 15.0) -> Outcome:
    if urlsplit(url).scheme not in ("http", "https"):
        return Outcome(FAILED, f"webhook 地址「{url}」应以 http:// 或 https:// 开头")
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "taizhang"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(500).decode("utf-8", "replace")
            return Outcome(SENT, f"HTTP {response.status} {' '.join(body.split())}".strip())
    except urllib.error.HTTPError as exc:
        status = RETRY if exc.code >= 500 or exc.code in (408, 429) else FAILED
        return Outcome(status, f"HTTP {exc.code} {exc.reason}")
    except (urllib.error.URLError, OSError) as exc:
        return Outcome(RETRY, f"webhook 无法连接：{getattr(exc, 'reason', exc)}")
