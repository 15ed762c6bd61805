"""A digest per (month, unit) of the figures stored for that unit, so that storing a month again looks only at the
units whose figures changed (a resent ledger: one unit's hundred rows, not a province's hundred thousand).

Revision ID: 0008
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_digests",
        sa.Column("period", sa.String(7), primary_key=True),
        sa.Column("unit", sa.String(200), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("unit_digests")
