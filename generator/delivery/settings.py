"""送达设置: the [delivery] table of taizhang.toml, the SMTP server and the credentials from the environment.

    [delivery]
    sender = "示范区创建办 <office@example.org>"   # 发件人
    smtp = "smtp://mail.example.org:587?starttls=1"  # smtps://host:465 for SSL; no user or password here
    bulletin_to = ["领导小组组长 <leader@example.org>"]  # 通报 主送
    bulletin_cc = ["督查室 <duchashi@example.org>"]      # 通报 抄送
    webhook = "https://relay.example.org/taizhang"       # optional: POST a JSON summary of every message
    remind_days = [5, 3, 2, 1]   # reminders this many days before the due day ([office] report_due_day),
                                 # to units that have not reported
    auto = false                 # watch/serve send receipts and reminders themselves
    retry_minutes = 5            # first retry after a failure; doubles each time
    max_attempts = 6

The server given on the command line (--smtp) wins over TAIZHANG_SMTP_URL, which wins over the file. The login
comes only from TAIZHANG_SMTP_USER / TAIZHANG_SMTP_PASSWORD (or the URL in the environment or on the command line):
a password in taizhang.toml would end up in the repository or a shared folder, so it is refused.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import getaddresses
from urllib.parse import parse_qs, unquote, urlsplit

from generator.errors import TaizhangError

ENV_URL = "TAIZHANG_SMTP_URL"
ENV_USER = "TAIZHANG_SMTP_USER"
ENV_PASSWORD = "TAIZHANG_SMTP_PASSWORD"
ENV_CAFILE = "TAIZHANG_SMTP_CAFILE"
ENV_WEBHOOK = "TAIZHANG_WEBHOOK_URL"
DEFAULT_REMIND_DAYS = (5, 3, 2, 1)  # 5 days before, then daily for the last 3 days
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class SmtpServer:
    """An SMTP server: smtp://host:port (plain, or STARTTLS with ?starttls=1), smtps://host:port (SSL)."""

    host: str
    port: int
    ssl: bool = False
    starttls: bool = False
    user: str = ""
    password: str = ""
    cafile: str = ""  # a CA bundle for an office's own certificate authority
    timeout: float = 30.0

    def __str__(self) -> str:
        mode = "SSL" if self.ssl else ("STARTTLS" if self.starttls else "明文")
        login = f"，用户 {self.user}" if self.user else ""
        return f"{self.host}:{self.port}（{mode}{login}）"


@dataclass(frozen=True)
class DeliverySettings:
    sender: str = ""
    smtp: SmtpServer | None = None
    bulletin_to: tuple[str, ...] = ()
    bulletin_cc: tuple[str, ...] = ()
    webhook: str = ""
    remind_days: tuple[int, ...] = DEFAULT_REMIND_DAYS
    auto: bool = False
    retry_minutes: float = 5.0
    max_attempts: int = 6


def parse_smtp_url(url: str, env: Mapping[str, str], allow_login: bool, where: str) -> SmtpServer:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise TaizhangError(f"{where}的邮件服务器地址「{url}」不对：应为 smtp://主机:端口 或 smtps://主机:端口。")
    if (parts.username or parts.password) and not allow_login:
        raise TaizhangError(
            f"{where}中不能写邮箱用户名和密码：请用环境变量 {ENV_USER} 和 {ENV_PASSWORD} 提供（以免密码进入共享文件）。"
        )
    query = parse_qs(parts.query)
    ssl = parts.scheme == "smtps"
    starttls = (query.get("starttls", ["0"])[0].lower() in _TRUE) and not ssl
    try:
        port = parts.port or (465 if ssl else 25)
    except ValueError:
        raise TaizhangError(f"{where}的邮件服务器端口不对：「{url}」。") from None
    return SmtpServer(
        host=parts.hostname,
        port=port,
        ssl=ssl,
        starttls=starttls,
        user=env.get(ENV_USER) or unquote(parts.username or ""),
        password=env.get(ENV_PASSWORD) or unquote(parts.password or ""),
        cafile=env.get(ENV_CAFILE, ""),
    )


def check_address(text: str) -> str | None:
    """None when `text` is one usable address (名称 <a@b.c> or a@b.c), else why not, in Chinese."""
    pairs = getaddresses([text])
    if len(pairs) != 1 or not pairs[0][1]:
        return f"邮箱地址「{text}」无法识别"
    address = pairs[0][1]
    try:
        parsed = Address(addr_spec=address)
    except (ValueError, IndexError, TypeError) as exc:
        return f"邮箱地址「{text}」格式不对（{exc}）"
    if not parsed.username or "." not in parsed.domain or any(ord(ch) < 33 for ch in address):
        return f"邮箱地址「{text}」格式不对"
    return None


def load_settings(config: Mapping[str, object], smtp_override: str | None = None, env: Mapping[str, str] | None = None):
    """DeliverySettings from the parsed taizhang.toml, the --smtp option and the environment."""
    env = os.environ if env is None else env
    table = config.get("delivery", {})
    if not isinstance(table, dict):
        raise TaizhangError("配置文件 taizhang.toml 的 [delivery] 应是一个表。")
    try:
        if smtp_override:
            smtp: SmtpServer | None = parse_smtp_url(smtp_override, env, True, "--smtp ")
        elif env.get(ENV_URL):
            smtp = parse_smtp_url(env[ENV_URL], env, True, f"环境变量 {ENV_URL} ")
        elif table.get("smtp"):
            smtp = parse_smtp_url(str(table["smtp"]), env, False, "配置文件 [delivery] smtp ")
        else:
            smtp = None
        remind = table.get("remind_days", DEFAULT_REMIND_DAYS)
        return DeliverySettings(
            sender=str(table.get("sender", "")),
            smtp=smtp,
            bulletin_to=_addresses(table.get("bulletin_to", ())),
            bulletin_cc=_addresses(table.get("bulletin_cc", ())),
            webhook=env.get(ENV_WEBHOOK) or str(table.get("webhook", "")),
            remind_days=tuple(sorted({int(d) for d in remind}, reverse=True)),
            auto=bool(table.get("auto", False)),
            retry_minutes=float(table.get("retry_minutes", 5)),
            max_attempts=max(1, int(table.get("max_attempts", 6))),
        )
    except (TypeError, ValueError) as exc:
        raise TaizhangError(f"配置文件 taizhang.toml 的 [delivery] 有误：{exc}") from exc


def _addresses(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise ValueError('收件人应写成列表，如 ["a@example.org", "b@example.org"]')
    return tuple(str(v).strip() for v in value if str(v).strip())
