"""Document numbers (发文字号 of every letter, 期号 of the bulletin, issued once and kept) and units' 考核 scores.

Revision ID: 0005
Revises: 0002
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "document_numbers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("kind", "period", "unit", name="uq_document_number_item"),
        sa.UniqueConstraint("kind", "year", "number", name="uq_document_number"),
    )
    op.create_table(
        "unit_scores",
        sa.Column("period", sa.String(7), primary_key=True),
        sa.Column("unit", sa.String(200), primary_key=True),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
    )
    # The 期号 months already carry become the bulletin's numbers, so no issued number changes.
    rows = op.get_bind().execute(sa.text("SELECT period, issue_no FROM months WHERE issue_no IS NOT NULL")).all()
    now = datetime.now()
    taken: set[int] = set()
    numbered = []
    for period, issue_no in sorted(rows, key=lambda r: (r[1], r[0])):
        if issue_no in taken:  # an older history may hold the same 期号 twice: the later month keeps its own
            continue
        taken.add(issue_no)
        numbered.append(
            {"kind": "bulletin", "year": 0, "period": period, "unit": "", "number": issue_no, "issued_at": now}
        )
    if numbered:
        op.bulk_insert(table, numbered)


def downgrade() -> None:
    op.drop_table("unit_scores")
    op.drop_table("document_numbers")
