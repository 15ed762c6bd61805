"""Real servers on loopback for the delivery tests: an SMTP server (aiosmtpd) and a webhook receiver (http.server).

The SMTP handler records every message it accepts, answers RCPT by address (full@… → 552 mailbox full, nobody@… →
550 no such user) and, with `drop_after=N`, closes the connection instead of answering the DATA of every message
after the N-th, as a server that crashes or is restarted mid-batch does.
"""

from __future__ import annotations

import datetime
import json
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes
    login: str | None

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.raw, policy=policy.default)  # type: ignore[return-value]


@dataclass
class Recorder:
    drop_after: int | None = None
    received: list[Received] = field(default_factory=list)
    dropped: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0]
        if local == "full":
            return "552 5.2.2 Mailbox full"
        if local == "nobody":
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop_after is not None and len(self.received) >= self.drop_after:
            self.dropped += 1
            server.transport.close()  # the connection goes away before the message is accepted
            return "421 closing"
        login = session.auth_data.decode() if isinstance(session.auth_data, bytes) else session.auth_data
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content, login))
        return f"250 2.0.0 Ok: queued as Q{len(self.received)}"


class Authenticator:
    def __init__(self, user: str, password: str):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        given = (auth_data.login, auth_data.password) if isinstance(auth_data, LoginPassword) else None
        ok = given == (self.user, self.password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)


class MailServer:
    """An SMTP server on 127.0.0.1 for a `with` block; `url` is what `taizhang send --smtp` takes."""

    def __init__(self, handler: Recorder | None = None, port: int | None = None, **kwargs):
        self.handler = handler or Recorder()
        self.port = port or free_port()
        self.kwargs = kwargs
        self.controller: Controller | None = None

    @property
    def url(self) -> str:
        if self.kwargs.get("ssl_context"):
            return f"smtps://127.0.0.1:{self.port}"
        return f"smtp://127.0.0.1:{self.port}" + ("?starttls=1" if self.kwargs.get("tls_context") else "")

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def __enter__(self) -> MailServer:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **self.kwargs)
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        assert self.controller is not None
        self.controller.stop()


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (the client trusts it through TAIZHANG_SMTP_CAFILE)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


class WebhookReceiver:
    """An HTTP server on 127.0.0.1 recording every JSON POST; answers `status` (settable) to each."""

    def __init__(self, status: int = 200):
        self.posts: list[dict] = []
        self.status = status
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if receiver.status < 300:
                    receiver.posts.append(json.loads(body.decode("utf-8")))
                self.send_response(receiver.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}' if receiver.status < 300 else b'{"ok": false}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook?token=secret"

    def __enter__(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
