"""五星支部 creation (issue 21): ``star_assessments``, one community's star
assessment of one year, synced like the roster (its scope is the community's
path), with its self-assessment, review and confirmation steps.

Revision ID: 0014
Revises: the highest revision below it present (0013 once the others are merged)
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
# revisions follow one another in the order they reached main (0013 came first)
down_revision: Union[str, Sequence[str], None] = "0013"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "star_assessments",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.Text(), nullable=True),
        sa.Column("year", sa.BigInteger(), nullable=True),
        sa.Column("scheme_version", sa.BigInteger(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("claims", sa.Text(), nullable=True),
        sa.Column("photos", sa.Text(), nullable=True),
        sa.Column("stars_claimed", sa.Text(), nullable=True),
        sa.Column("stars_reviewed", sa.Text(), nullable=True),
        sa.Column("stars_confirmed", sa.Text(), nullable=True),
        sa.Column("steps", sa.Text(), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("deleted_at", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.Column("updated_device", sa.String(length=64), nullable=True),
        sa.Column("server_seq", sa.BigInteger(), nullable=False),
        sa.Column("scope_path", sa.Text(), nullable=False),
        sa.Column("scope_path2", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"))
    op.create_index(op.f("ix_star_assessments_scope_path"), "star_assessments",
                    ["scope_path"], unique=False)
    op.create_index(op.f("ix_star_assessments_server_seq"), "star_assessments",
                    ["server_seq"], unique=False)
    op.create_index("star_assessments_unit", "star_assessments", ["unit_id"], unique=False)


def downgrade() -> None:
    op.drop_index("star_assessments_unit", table_name="star_assessments")
    op.drop_index(op.f("ix_star_assessments_server_seq"), table_name="star_assessments")
    op.drop_index(op.f("ix_star_assessments_scope_path"), table_name="star_assessments")
    op.drop_table("star_assessments")
