"""An index on residents.id_number: a push that sets an ID number is refused when
another live resident of the writer's scope holds it (as the desktop's form does).

Revision ID: 0009
Revises: 0008
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0009"
down_revision: Union[str, Sequence[str], None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("residents_id_number", "residents", ["id_number"], unique=False)


def downgrade() -> None:
    op.drop_index("residents_id_number", table_name="residents")
