"""The web portal (taizhang serve): accounts, unit links, uploads, returns, sign-offs, extension requests, evidence,
settings, the audit log, and approved deadline changes (read by every later run).

Revision ID: 0007
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def upgrade() -> None:
    op.create_table(
        "portal_accounts",
        _id(),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "portal_tokens",
        _id(),
        sa.Column("unit", sa.String(200), nullable=False, index=True),
        sa.Column("token_id", sa.String(32), nullable=False, unique=True),
        sa.Column("token_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "portal_uploads",
        _id(),
        sa.Column("period", sa.String(7), nullable=False, index=True),
        sa.Column("unit", sa.String(200), nullable=False, index=True),
        sa.Column("stored_name", sa.String(300), nullable=False),
        sa.Column("original_name", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("placed", sa.Boolean(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("verdict", sa.Text(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.UniqueConstraint("period", "stored_name", name="uq_portal_upload_name"),
    )
    for table in ("portal_returns", "portal_signoffs"):
        columns = [
            _id(),
            sa.Column("period", sa.String(7), nullable=False, index=True),
            sa.Column("unit", sa.String(200), nullable=False),
            sa.Column("file_name", sa.String(500), nullable=False),
            sa.Column("sha256", sa.String(64), nullable=False),
        ]
        if table == "portal_returns":
            columns.append(sa.Column("reason", sa.Text(), nullable=False))
        columns += [sa.Column("by", sa.String(100), nullable=False), sa.Column("at", sa.DateTime(), nullable=False)]
        op.create_table(table, *columns)
    op.create_table(
        "portal_extensions",
        _id(),
        sa.Column("period", sa.String(7), nullable=False, index=True),
        sa.Column("unit", sa.String(200), nullable=False, index=True),
        sa.Column("task_no", sa.Integer(), nullable=False),
        sa.Column("old_deadline", sa.String(100), nullable=False),
        sa.Column("new_deadline", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(100), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
    )
    op.create_table(
        "portal_evidence",
        _id(),
        sa.Column("period", sa.String(7), nullable=False, index=True),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("task_no", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("suffix", sa.String(10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("period", "unit", "task_no", "sha256", name="uq_portal_evidence"),
    )
    op.create_table(
        "portal_settings",
        sa.Column("key", sa.String(50), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "portal_audit",
        _id(),
        sa.Column("at", sa.DateTime(), nullable=False, index=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("period", sa.String(7), nullable=True),
        sa.Column("unit", sa.String(200), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("ip", sa.String(64), nullable=True),
    )
    op.create_table(
        "deadline_changes",
        _id(),
        sa.Column("task_no", sa.Integer(), nullable=False, index=True),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("from_period", sa.String(7), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.String(200), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "deadline_changes",
        "portal_audit",
        "portal_settings",
        "portal_evidence",
        "portal_extensions",
        "portal_signoffs",
        "portal_returns",
        "portal_uploads",
        "portal_tokens",
        "portal_accounts",
    ):
        op.drop_table(table)
