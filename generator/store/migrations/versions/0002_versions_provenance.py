"""Versions and provenance: every submission kept with its rows as read; figures point to their cells.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("months") as batch:
        batch.add_column(sa.Column("issue_no", sa.Integer(), nullable=True))
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("size", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("status", sa.String(20), nullable=True))
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("first_seen", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("last_seen", sa.DateTime(), nullable=True))
    # 0.1 replaced a period's submissions on every run, so older rows may repeat a file: keep the newest copy.
    op.execute(
        "DELETE FROM submissions WHERE id NOT IN (SELECT max(id) FROM submissions GROUP BY period, sha256, file_name)"
    )
    with op.batch_alter_table("submissions") as batch:
        batch.create_unique_constraint("uq_submission_file", ["period", "sha256", "file_name"])
    op.execute("UPDATE submissions SET status = CASE WHEN accepted THEN '采用' ELSE '未采用' END")
    op.execute(
        "UPDATE months SET issue_no = (SELECT count(*) FROM months AS earlier WHERE earlier.period <= months.period)"
    )
    op.create_table(
        "submission_rows",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submissions.id", ondelete="CASCADE"), index=True),
        sa.Column("kind", sa.String(10)),
        sa.Column("item_no", sa.Integer(), nullable=True),
        sa.Column("sheet", sa.String(200)),
        sa.Column("row", sa.Integer()),
        sa.Column("cells", sa.Text()),
        sa.UniqueConstraint("submission_id", "kind", "sheet", "row", name="uq_submission_row"),
    )
    for table, number in (("task_progress", "task_no"), ("indicator_values", "indicator_no")):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("submission_id", sa.Integer(), nullable=True))
            batch.add_column(sa.Column("source", sa.Text(), nullable=True))
            batch.create_foreign_key(f"fk_{table}_submission", "submissions", ["submission_id"], ["id"])
            batch.create_unique_constraint(f"uq_{number.split('_')[0]}_period", ["period", number])
    with op.batch_alter_table("problems") as batch:
        batch.add_column(sa.Column("submission_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("hint", sa.Text(), nullable=True))
        batch.create_foreign_key("fk_problems_submission", "submissions", ["submission_id"], ["id"], ondelete="CASCADE")


def downgrade() -> None:
    with op.batch_alter_table("problems") as batch:
        batch.drop_constraint("fk_problems_submission", type_="foreignkey")
        batch.drop_column("hint")
        batch.drop_column("submission_id")
    for table, number in (("task_progress", "task_no"), ("indicator_values", "indicator_no")):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{number.split('_')[0]}_period", type_="unique")
            batch.drop_constraint(f"fk_{table}_submission", type_="foreignkey")
            batch.drop_column("source")
            batch.drop_column("submission_id")
    op.drop_table("submission_rows")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_constraint("uq_submission_file", type_="unique")
        for column in ("last_seen", "first_seen", "note", "status", "size"):
            batch.drop_column(column)
    with op.batch_alter_table("months") as batch:
        batch.drop_column("issue_no")
