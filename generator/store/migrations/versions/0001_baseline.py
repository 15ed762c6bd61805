"""Baseline: the schema of taizhang 0.1 (the monthly cycle), before versions and provenance.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "months",
        sa.Column("period", sa.String(7), primary_key=True),
        *[
            sa.Column(name, sa.Integer())
            for name in ("total", "done", "on_schedule", "lagging", "not_started", "not_reported")
        ],
        sa.Column("completion_rate", sa.Float()),
        sa.Column("stored_at", sa.DateTime()),
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("period", sa.String(7), index=True),
        sa.Column("unit", sa.String(200), nullable=True),
        sa.Column("file_name", sa.String(500)),
        sa.Column("sha256", sa.String(64)),
        sa.Column("modified", sa.DateTime()),
        sa.Column("accepted", sa.Boolean()),
    )
    op.create_table(
        "task_progress",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("period", sa.String(7), index=True),
        sa.Column("task_no", sa.Integer()),
        sa.Column("unit", sa.String(200)),
        sa.Column("status", sa.String(20)),
        sa.Column("effective", sa.String(20)),
        sa.Column("percent", sa.Float(), nullable=True),
        sa.Column("days_overdue", sa.Integer()),
        sa.Column("progress", sa.Text()),
        sa.Column("file_name", sa.String(500)),
    )
    op.create_table(
        "indicator_values",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("period", sa.String(7), index=True),
        sa.Column("indicator_no", sa.Integer()),
        sa.Column("unit", sa.String(200)),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("value_text", sa.String(200)),
        sa.Column("attainment", sa.String(20)),
        sa.Column("file_name", sa.String(500)),
    )
    op.create_table(
        "problems",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("period", sa.String(7), index=True),
        sa.Column("code", sa.String(50)),
        sa.Column("severity", sa.String(10)),
        sa.Column("file_name", sa.String(500)),
        sa.Column("sheet", sa.String(200)),
        sa.Column("cell", sa.String(20)),
        sa.Column("unit", sa.String(200)),
        sa.Column("message", sa.Text()),
    )


def downgrade() -> None:
    for table in ("problems", "indicator_values", "task_progress", "submissions", "months"):
        op.drop_table(table)
