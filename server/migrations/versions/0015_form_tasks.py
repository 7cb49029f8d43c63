"""一表通 publishing and collecting (issue 20): ``form_tasks`` (a department's table
published to the communities in a street's or district's scope, versioned) and
``form_returns`` (each community's filled workbooks, the latest current).

Revision ID: 0015
Revises: 0011
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
# revisions follow one another in the order they reached main: 0010, 0013, 0014, 0011
down_revision: Union[str, Sequence[str], None] = "0011"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "form_tasks",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("template_key", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("spec", sa.Text(), nullable=False),
        sa.Column("due", sa.String(length=10), nullable=False),
        sa.Column("publisher", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=False),
        sa.Column("scope_path", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("withdrawn_at", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"))
    op.create_index(op.f("ix_form_tasks_scope_path"), "form_tasks", ["scope_path"],
                    unique=False)
    op.create_table(
        "form_returns",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("task_id", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("workbook", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("gaps", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("submitted_by", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", sa.Text(), nullable=False),
        sa.Column("superseded_at", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"))
    op.create_index("form_returns_unit", "form_returns", ["task_id", "unit_id", "version"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("form_returns_unit", table_name="form_returns")
    op.drop_table("form_returns")
    op.drop_index(op.f("ix_form_tasks_scope_path"), table_name="form_tasks")
    op.drop_table("form_tasks")
