"""实有房屋 and 实有单位 (issue 19, docs/domain-houses.md): houses, their tenants,
organizations, their employees and safety inspections, synced like residents. The
addresses table needs no change on the server (its kind is free text; the new kinds
are the domain's rule, app/models/domain/addresses.py).

Revision ID: 0010
Revises: 0009
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0010"
down_revision: Union[str, Sequence[str], None] = "0009"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('houses',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('address_id', sa.Text(), nullable=True),
    sa.Column('grid_id', sa.Text(), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('use', sa.Text(), nullable=True),
    sa.Column('property_type', sa.Text(), nullable=True),
    sa.Column('area', sa.Float(), nullable=True),
    sa.Column('owner_id', sa.Text(), nullable=True),
    sa.Column('owner_name', sa.Text(), nullable=True),
    sa.Column('owner_phone', sa.Text(), nullable=True),
    sa.Column('landlord_id', sa.Text(), nullable=True),
    sa.Column('landlord_name', sa.Text(), nullable=True),
    sa.Column('landlord_phone', sa.Text(), nullable=True),
    sa.Column('registration_no', sa.Text(), nullable=True),
    sa.Column('registered_on', sa.Text(), nullable=True),
    sa.Column('checked_on', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('deleted_at', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.Text(), nullable=True),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.Column('updated_device', sa.String(length=64), nullable=True),
    sa.Column('server_seq', sa.BigInteger(), nullable=False),
    sa.Column('scope_path', sa.Text(), nullable=False),
    sa.Column('scope_path2', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_houses_scope_path'), 'houses', ['scope_path'], unique=False)
    op.create_index(op.f('ix_houses_server_seq'), 'houses', ['server_seq'], unique=False)
    op.create_table('house_tenants',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('house_id', sa.Text(), nullable=True),
    sa.Column('resident_id', sa.Text(), nullable=True),
    sa.Column('moved_in', sa.Text(), nullable=True),
    sa.Column('moved_out', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('deleted_at', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.Text(), nullable=True),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.Column('updated_device', sa.String(length=64), nullable=True),
    sa.Column('server_seq', sa.BigInteger(), nullable=False),
    sa.Column('scope_path', sa.Text(), nullable=False),
    sa.Column('scope_path2', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_house_tenants_scope_path'), 'house_tenants', ['scope_path'], unique=False)
    op.create_index(op.f('ix_house_tenants_server_seq'), 'house_tenants', ['server_seq'], unique=False)
    op.create_table('organizations',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('credit_code', sa.Text(), nullable=True),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('category', sa.Text(), nullable=True),
    sa.Column('legal_rep', sa.Text(), nullable=True),
    sa.Column('contact_name', sa.Text(), nullable=True),
    sa.Column('contact_phone', sa.Text(), nullable=True),
    sa.Column('house_id', sa.Text(), nullable=True),
    sa.Column('address_id', sa.Text(), nullable=True),
    sa.Column('grid_id', sa.Text(), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('deleted_at', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.Text(), nullable=True),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.Column('updated_device', sa.String(length=64), nullable=True),
    sa.Column('server_seq', sa.BigInteger(), nullable=False),
    sa.Column('scope_path', sa.Text(), nullable=False),
    sa.Column('scope_path2', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_organizations_scope_path'), 'organizations', ['scope_path'], unique=False)
    op.create_index(op.f('ix_organizations_server_seq'), 'organizations', ['server_seq'], unique=False)
    op.create_table('org_employees',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('organization_id', sa.Text(), nullable=True),
    sa.Column('resident_id', sa.Text(), nullable=True),
    sa.Column('job', sa.Text(), nullable=True),
    sa.Column('since', sa.Text(), nullable=True),
    sa.Column('until', sa.Text(), nullable=True),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('deleted_at', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.Text(), nullable=True),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.Column('updated_device', sa.String(length=64), nullable=True),
    sa.Column('server_seq', sa.BigInteger(), nullable=False),
    sa.Column('scope_path', sa.Text(), nullable=False),
    sa.Column('scope_path2', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_org_employees_scope_path'), 'org_employees', ['scope_path'], unique=False)
    op.create_index(op.f('ix_org_employees_server_seq'), 'org_employees', ['server_seq'], unique=False)
    op.create_table('inspections',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('organization_id', sa.Text(), nullable=True),
    sa.Column('inspected_on', sa.Text(), nullable=True),
    sa.Column('inspector', sa.Text(), nullable=True),
    sa.Column('checklist', sa.Text(), nullable=True),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('photos', sa.Text(), nullable=True),
    sa.Column('next_due', sa.Text(), nullable=True),
    sa.Column('case_id', sa.Text(), nullable=True),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('deleted_at', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.Text(), nullable=True),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.Column('updated_device', sa.String(length=64), nullable=True),
    sa.Column('server_seq', sa.BigInteger(), nullable=False),
    sa.Column('scope_path', sa.Text(), nullable=False),
    sa.Column('scope_path2', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_inspections_scope_path'), 'inspections', ['scope_path'], unique=False)
    op.create_index(op.f('ix_inspections_server_seq'), 'inspections', ['server_seq'], unique=False)
    op.create_index('house_tenants_house', 'house_tenants', ['house_id'], unique=False)
    op.create_index('org_employees_org', 'org_employees', ['organization_id'], unique=False)
    op.create_index('inspections_org', 'inspections', ['organization_id'], unique=False)
    op.create_index('organizations_credit_code', 'organizations', ['credit_code'], unique=False)


def downgrade() -> None:
    op.drop_table('inspections')
    op.drop_table('org_employees')
    op.drop_table('organizations')
    op.drop_table('house_tenants')
    op.drop_table('houses')
