"""Who is asking: unit links (tokens), clerk and inspector accounts, login rate limits, CSRF tokens.

Secrets are kept only as argon2 hashes (argon2-cffi). Hashing is deliberately slow and memory-hungry, so at most a
few run at once (a burst of 200 units opening their links must not need 200 × 64 MB), and a token already verified
by this process is remembered by a SHA-256 of it, in memory only, until its row changes (revoked or reissued).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from generator.errors import TaizhangError
from generator.portal.models import Account, UnitToken

ROLES = {"clerk": "经办人", "inspector": "督查/验收"}
_HASHER = PasswordHasher()  # passwords: the library's defaults (64 MiB, 3 passes)
# Link tokens are 192-bit random secrets, not guessable words: a light argon2 setting protects them as well and keeps
# a burst of units opening their links cheap. verify() reads the parameters from each stored hash.
_TOKEN_HASHER = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
_HASHING = threading.BoundedSemaphore(4)


def hash_secret(secret: str, light: bool = False) -> str:
    with _HASHING:
        return (_TOKEN_HASHER if light else _HASHER).hash(secret)


def verify_secret(hashed: str, secret: str) -> bool:
    with _HASHING:
        try:
            return _HASHER.verify(hashed, secret)
        except (VerificationError, InvalidHashError):
            return False


# ── unit links ─────────────────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class UnitLink:
    unit: str
    token: str  # token_id.secret: shown once, never stored


def issue_token(engine: Engine, unit: str) -> UnitLink:
    """A new link for `unit`; every earlier link of the unit is revoked."""
    token_id, secret = secrets.token_hex(8), secrets.token_urlsafe(24)
    now = datetime.now()
    with Session(engine) as session, session.begin():
        session.execute(
            update(UnitToken).where(UnitToken.unit == unit, UnitToken.revoked_at.is_(None)).values(revoked_at=now)
        )
        session.add(UnitToken(unit=unit, token_id=token_id, token_hash=hash_secret(secret, light=True), created_at=now))
    return UnitLink(unit, f"{token_id}.{secret}")


def revoke_tokens(engine: Engine, unit: str) -> int:
    with Session(engine) as session, session.begin():
        result = session.execute(
            update(UnitToken)
            .where(UnitToken.unit == unit, UnitToken.revoked_at.is_(None))
            .values(revoked_at=datetime.now())
        )
        return int(getattr(result, "rowcount", 0) or 0)


def units_with_tokens(engine: Engine) -> set[str]:
    with Session(engine) as session:
        return set(session.scalars(select(UnitToken.unit).where(UnitToken.revoked_at.is_(None))))


class TokenChecker:
    """token → unit, or None for an unknown, malformed or revoked token."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._verified: dict[str, str] = {}  # sha256(token) → the token_hash row it was verified against
        self._lock = threading.Lock()

    def unit_of(self, token: str) -> tuple[str, str] | None:
        """(unit, token_id) for a live token."""
        token_id, _, secret = (token or "").partition(".")
        if not token_id or not secret or len(token) > 100:
            return None
        row = self.live(token_id)
        if row is None:
            return None
        unit, token_hash = row
        key = hashlib.sha256(token.encode()).hexdigest()
        with self._lock:
            known = self._verified.get(key)
        if known is None or not hmac.compare_digest(known, token_hash):
            if not verify_secret(token_hash, secret):
                return None
            with self._lock:
                self._verified[key] = token_hash
        return unit, token_id

    def live(self, token_id: str) -> tuple[str, str] | None:
        """(unit, token_hash) of a token that is not revoked."""
        with Session(self.engine) as session:
            row = session.execute(
                select(UnitToken.unit, UnitToken.token_hash).where(
                    UnitToken.token_id == token_id, UnitToken.revoked_at.is_(None)
                )
            ).first()
        return (row[0], row[1]) if row else None


# ── accounts ───────────────────────────────────────────────────────────────────────────────────────────────────

MIN_PASSWORD = 8


def add_account(engine: Engine, name: str, role: str, password: str) -> None:
    """Create or reset an account (a clerk or an inspector)."""
    if role not in ROLES:
        raise TaizhangError(f"角色「{role}」不对：应为 clerk（经办人）或 inspector（督查/验收）。")
    name = name.strip()
    if not name or len(name) > 100:
        raise TaizhangError("账号名不能为空，且不超过100个字符。")
    if len(password) < MIN_PASSWORD:
        raise TaizhangError(f"密码至少{MIN_PASSWORD}个字符。")
    hashed = hash_secret(password)
    with Session(engine) as session, session.begin():
        account = session.scalars(select(Account).where(Account.name == name)).first()
        if account is None:
            session.add(Account(name=name, role=role, password_hash=hashed, created_at=datetime.now(), disabled=False))
        else:
            account.role, account.password_hash, account.disabled = role, hashed, False


def disable_account(engine: Engine, name: str) -> bool:
    with Session(engine) as session, session.begin():
        result = session.execute(update(Account).where(Account.name == name).values(disabled=True))
        return bool(getattr(result, "rowcount", 0))


def list_accounts(engine: Engine) -> list[tuple[str, str, bool]]:
    with Session(engine) as session:
        return [(a.name, a.role, a.disabled) for a in session.scalars(select(Account).order_by(Account.name))]


_DUMMY_HASH = _HASHER.hash("not-a-password")


def check_login(engine: Engine, name: str, password: str) -> str | None:
    """The account's role when the password is right, else None (the same slow work either way)."""
    with Session(engine) as session:
        account = session.scalars(select(Account).where(Account.name == name, Account.disabled.is_(False))).first()
        role, hashed = (account.role, account.password_hash) if account else (None, _DUMMY_HASH)
    ok = verify_secret(hashed, password)
    return role if ok and role else None


def account_role(engine: Engine, name: str) -> str | None:
    """The role of an enabled account (checked on every request: a disabled account's session ends at once)."""
    with Session(engine) as session:
        return session.scalar(select(Account.role).where(Account.name == name, Account.disabled.is_(False)))


class LoginLimiter:
    """At most `attempts` failed logins per client address and per account name within `window` seconds."""

    def __init__(self, attempts: int = 5, window: float = 300.0):
        self.attempts, self.window = attempts, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] < now - self.window:
            failures.popleft()
        return failures

    def blocked_for(self, ip: str, name: str) -> int:
        """Seconds until another attempt is allowed (0: allowed now)."""
        now = time.monotonic()
        with self._lock:
            waits = [
                int(f[0] + self.window - now) + 1
                for f in (self._recent(f"ip:{ip}", now), self._recent(f"name:{name}", now))
                if len(f) >= self.attempts
            ]
        return max(waits, default=0)

    def failed(self, ip: str, name: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in (f"ip:{ip}", f"name:{name}"):
                self._recent(key, now).append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(f"name:{name}", None)


def new_csrf() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
