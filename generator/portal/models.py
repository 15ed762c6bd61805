"""The portal's tables in the history database (migration 0007): accounts, unit links, uploads, returns, sign-offs,
extension requests, evidence, settings and the audit log. They have their own metadata: lower stages never see them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class PortalBase(DeclarativeBase):
    pass


class Account(PortalBase):
    """账号: a clerk (经办人, may act) or an inspector (督查/验收, reads only); the password kept as an argon2 hash."""

    __tablename__ = "portal_accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # clerk / inspector
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class UnitToken(PortalBase):
    """单位链接: a unit's personal link is /u/<token_id>.<secret>; only an argon2 hash of the secret is kept."""

    __tablename__ = "portal_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str] = mapped_column(String(200), index=True)
    token_id: Mapped[str] = mapped_column(String(32), unique=True)
    token_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Upload(PortalBase):
    """网上报送: one ledger uploaded through the portal, the name it was saved under and what its check said."""

    __tablename__ = "portal_uploads"
    __table_args__ = (UniqueConstraint("period", "stored_name", name="uq_portal_upload_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    unit: Mapped[str] = mapped_column(String(200), index=True)
    stored_name: Mapped[str] = mapped_column(String(300))  # our name in inputs/<period>/ (never the client's)
    original_name: Mapped[str] = mapped_column(String(300))  # the client's name, shown only
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)
    placed: Mapped[bool] = mapped_column(Boolean)  # saved into inputs/<period>/ (False: refused, archived only)
    accepted: Mapped[bool] = mapped_column(Boolean)
    verdict: Mapped[str] = mapped_column(Text)
    errors: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[int] = mapped_column(Integer)
    problems: Mapped[str] = mapped_column(Text)  # JSON list of {severity, title, sheet, cell, message, hint}


class Return(PortalBase):
    """退回: a submission sent back to its unit with a reason."""

    __tablename__ = "portal_returns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    unit: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime)


class SignOff(PortalBase):
    """签收: the clerk has taken a submission in."""

    __tablename__ = "portal_signoffs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    unit: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    by: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime)


class Extension(PortalBase):
    """延期申请: a unit asks for a later deadline of one of its tasks; the clerk approves or refuses it."""

    __tablename__ = "portal_extensions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    unit: Mapped[str] = mapped_column(String(200), index=True)
    task_no: Mapped[int] = mapped_column(Integer)
    old_deadline: Mapped[str] = mapped_column(String(100))
    new_deadline: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))  # 待审批 / 已批准 / 未批准
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    decision_note: Mapped[str | None] = mapped_column(Text, nullable=True)


class Evidence(PortalBase):
    """佐证材料: a file attached to a task, kept in the archive under its content hash."""

    __tablename__ = "portal_evidence"
    __table_args__ = (UniqueConstraint("period", "unit", "task_no", "sha256", name="uq_portal_evidence"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    unit: Mapped[str] = mapped_column(String(200))
    task_no: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    suffix: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)


class Setting(PortalBase):
    """The portal's own settings (the session signing key), shared by every server on one database."""

    __tablename__ = "portal_settings"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEntry(PortalBase):
    """操作日志: who did what, when, from where (upload, return, sign-off, approval, login …)."""

    __tablename__ = "portal_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(200))  # account name, or the unit's name
    role: Mapped[str] = mapped_column(String(20))  # clerk / inspector / unit / anonymous
    action: Mapped[str] = mapped_column(String(50))
    period: Mapped[str | None] = mapped_column(String(7), nullable=True)
    unit: Mapped[str | None] = mapped_column(String(200), nullable=True)
    detail: Mapped[str] = mapped_column(Text)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
