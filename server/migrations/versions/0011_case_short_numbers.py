"""Short case numbers: ``cases.short_no`` (the city's sequence number, given by the
server when a case's create op is applied: server/sync/numbers.py) and
``cases.provisional_no`` (the one the desktop gave it before its first sync), both
searchable; the city's is unique. Cases made before keep their long number only.

Revision ID: 0011
Revises: 0010
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
# revisions follow one another in the order they reached main: 0010, 0013, 0014, 0011
down_revision: Union[str, Sequence[str], None] = "0014"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("short_no", sa.Text()))
    op.add_column("cases", sa.Column("provisional_no", sa.Text()))
    op.create_index("cases_short_no", "cases", ["short_no"], unique=True)
    op.create_index("cases_provisional_no", "cases", ["provisional_no"], unique=False)


def downgrade() -> None:
    op.drop_index("cases_provisional_no", table_name="cases")
    op.drop_index("cases_short_no", table_name="cases")
    op.drop_column("cases", "provisional_no")
    op.drop_column("cases", "short_no")
