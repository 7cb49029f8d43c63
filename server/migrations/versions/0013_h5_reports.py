"""The residents' 随手拍 page (issue 21): tracking codes, photos sent by the page and
the hits its rate limits count.

Revision ID: 0013
Revises: 0009 (on main: the revision before it, 0012, once the others are merged)
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: Union[str, Sequence[str], None] = "0010"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "h5_reports",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("phone_hash", sa.String(length=64), nullable=False),
        sa.Column("idem_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("rated_at", sa.Text(), nullable=True),
        sa.Column("verify_case_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("code"),
        sa.UniqueConstraint("idem_key"))
    op.create_index(op.f("ix_h5_reports_case_id"), "h5_reports", ["case_id"], unique=False)
    op.create_index(op.f("ix_h5_reports_phone_hash"), "h5_reports", ["phone_hash"],
                    unique=False)
    op.create_table(
        "h5_photos",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"))
    op.create_table(
        "h5_hits",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"))
    op.create_index("h5_hits_key", "h5_hits", ["kind", "key", "at"], unique=False)


def downgrade() -> None:
    op.drop_index("h5_hits_key", table_name="h5_hits")
    op.drop_table("h5_hits")
    op.drop_table("h5_photos")
    op.drop_index(op.f("ix_h5_reports_phone_hash"), table_name="h5_reports")
    op.drop_index(op.f("ix_h5_reports_case_id"), table_name="h5_reports")
    op.drop_table("h5_reports")
