"""Shared responsibility: the month's figures per (task, unit) and (indicator, unit), with the unit's role.

Revision ID: 0004
Revises: 0005

Rows stored before have one unit per task, its lead: they become (task, lead) rows, role 牵头, required.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("task_progress") as batch:
        batch.add_column(sa.Column("role", sa.String(10), nullable=True))
        batch.add_column(sa.Column("required", sa.Boolean(), nullable=True))
        batch.drop_constraint("uq_task_period", type_="unique")
        batch.create_unique_constraint("uq_task_unit_period", ["period", "task_no", "unit"])
    with op.batch_alter_table("indicator_values") as batch:
        batch.add_column(sa.Column("role", sa.String(10), nullable=True))
        batch.drop_constraint("uq_indicator_period", type_="unique")
        batch.create_unique_constraint("uq_indicator_unit_period", ["period", "indicator_no", "unit"])
    op.execute("UPDATE task_progress SET role = '牵头', required = TRUE")
    op.execute("UPDATE indicator_values SET role = '牵头'")


def downgrade() -> None:
    # a month with shared tasks has several rows per task: keep the lead's (the first stored) before narrowing
    for table, number in (("task_progress", "task_no"), ("indicator_values", "indicator_no")):
        op.execute(f"DELETE FROM {table} WHERE id NOT IN (SELECT min(id) FROM {table} GROUP BY period, {number})")
    with op.batch_alter_table("indicator_values") as batch:
        batch.drop_constraint("uq_indicator_unit_period", type_="unique")
        batch.create_unique_constraint("uq_indicator_period", ["period", "indicator_no"])
        batch.drop_column("role")
    with op.batch_alter_table("task_progress") as batch:
        batch.drop_constraint("uq_task_unit_period", type_="unique")
        batch.create_unique_constraint("uq_task_period", ["period", "task_no"])
        batch.drop_column("required")
        batch.drop_column("role")
