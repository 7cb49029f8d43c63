"""Baseline: the whole schema as the old ladder's steps 1–7 left it (server/db.py of
2026-12), written out so that it never changes with later edits of server/db.py.

Revision ID: 0008
Revises:
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('addresses',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('parent_id', sa.Text(), nullable=True),
    sa.Column('grid_id', sa.Text(), nullable=True),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('code', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('floor', sa.BigInteger(), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('full_name', sa.Text(), nullable=True),
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
    op.create_index(op.f('ix_addresses_scope_path'), 'addresses', ['scope_path'], unique=False)
    op.create_index(op.f('ix_addresses_server_seq'), 'addresses', ['server_seq'], unique=False)
    op.create_table('api_keys',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('revoked_at', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash')
    )
    op.create_table('applied_ops',
    sa.Column('op_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('device_seq', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.JSON(), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=True),
    sa.Column('at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('op_id')
    )
    op.create_table('audit',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', sa.Text(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=True),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=True),
    sa.Column('hash', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('seq')
    )
    op.create_table('blob_uploads',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('received', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('completed_at', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('sha256', 'user_id')
    )
    op.create_table('blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('received', sa.BigInteger(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('uploaded_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('completed_at', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('case_events',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.Text(), nullable=True),
    sa.Column('seq', sa.BigInteger(), nullable=True),
    sa.Column('action', sa.Text(), nullable=True),
    sa.Column('actor_id', sa.Text(), nullable=True),
    sa.Column('actor_name', sa.Text(), nullable=True),
    sa.Column('role', sa.Text(), nullable=True),
    sa.Column('device_time', sa.Text(), nullable=True),
    sa.Column('server_time', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('photos', sa.Text(), nullable=True),
    sa.Column('data', sa.Text(), nullable=True),
    sa.Column('conflict', sa.BigInteger(), nullable=True),
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
    op.create_index('case_events_case', 'case_events', ['case_id', 'seq'], unique=False)
    op.create_index(op.f('ix_case_events_scope_path'), 'case_events', ['scope_path'], unique=False)
    op.create_index(op.f('ix_case_events_server_seq'), 'case_events', ['server_seq'], unique=False)
    op.create_table('case_residents',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.Text(), nullable=True),
    sa.Column('resident_id', sa.Text(), nullable=True),
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
    op.create_index('case_residents_case', 'case_residents', ['case_id'], unique=False)
    op.create_index(op.f('ix_case_residents_scope_path'), 'case_residents', ['scope_path'], unique=False)
    op.create_index(op.f('ix_case_residents_server_seq'), 'case_residents', ['server_seq'], unique=False)
    op.create_table('cases',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('number', sa.Text(), nullable=True),
    sa.Column('grid_id', sa.Text(), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('category', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('urgency', sa.Text(), nullable=True),
    sa.Column('address_id', sa.Text(), nullable=True),
    sa.Column('location_text', sa.Text(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('reporter_name', sa.Text(), nullable=True),
    sa.Column('reporter_phone', sa.Text(), nullable=True),
    sa.Column('created_by', sa.Text(), nullable=True),
    sa.Column('state', sa.Text(), nullable=True),
    sa.Column('holder_unit_id', sa.Text(), nullable=True),
    sa.Column('holder_user_id', sa.Text(), nullable=True),
    sa.Column('level_unit_id', sa.Text(), nullable=True),
    sa.Column('supervision', sa.Text(), nullable=True),
    sa.Column('rework_count', sa.BigInteger(), nullable=True),
    sa.Column('extension_pending', sa.BigInteger(), nullable=True),
    sa.Column('extra_days', sa.BigInteger(), nullable=True),
    sa.Column('clock_start', sa.Text(), nullable=True),
    sa.Column('deadline', sa.Text(), nullable=True),
    sa.Column('reported_at', sa.Text(), nullable=True),
    sa.Column('closed_at', sa.Text(), nullable=True),
    sa.Column('satisfaction', sa.Text(), nullable=True),
    sa.Column('has_conflict', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=True),
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
    op.create_index('cases_number', 'cases', ['number'], unique=True)
    op.create_index(op.f('ix_cases_scope_path'), 'cases', ['scope_path'], unique=False)
    op.create_index(op.f('ix_cases_server_seq'), 'cases', ['server_seq'], unique=False)
    op.create_table('changes',
    sa.Column('server_seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('scope_path', sa.Text(), nullable=False),
    sa.Column('scope_path2', sa.Text(), nullable=True),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('at', sa.Text(), nullable=False),
    sa.Column('audience', sa.SmallInteger(), server_default='0', nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('server_seq')
    )
    op.create_index('changes_at', 'changes', ['at'], unique=False)
    op.create_index('changes_scope', 'changes', ['scope_path', 'server_seq'], unique=False)
    op.create_table('conflicts',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('field', sa.Text(), nullable=True),
    sa.Column('kept_value', sa.JSON(), nullable=True),
    sa.Column('other_value', sa.JSON(), nullable=True),
    sa.Column('kept_author', sa.String(length=64), nullable=True),
    sa.Column('other_author', sa.String(length=64), nullable=True),
    sa.Column('kept_at', sa.Text(), nullable=True),
    sa.Column('other_at', sa.Text(), nullable=True),
    sa.Column('op_id', sa.String(length=64), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('resolution', sa.String(length=16), nullable=True),
    sa.Column('resolved_by', sa.String(length=64), nullable=True),
    sa.Column('resolved_at', sa.Text(), nullable=True),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=False),
    sa.Column('scope_path', sa.Text(), nullable=False),
    sa.Column('scope_path2', sa.Text(), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_conflicts_scope_path'), 'conflicts', ['scope_path'], unique=False)
    op.create_table('counters',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('departed',
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('scope_path', sa.Text(), nullable=False),
    sa.Column('at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('entity', 'id', 'scope_path')
    )
    op.create_table('device_audit',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('at', sa.Text(), nullable=False),
    sa.Column('actor', sa.Text(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=True),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('link_ok', sa.Boolean(), nullable=False),
    sa.Column('received_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('device_id', 'seq')
    )
    op.create_index('device_audit_actor', 'device_audit', ['actor', 'at'], unique=False)
    op.create_index('device_audit_at', 'device_audit', ['at'], unique=False)
    op.create_index('device_audit_user', 'device_audit', ['user_id', 'at'], unique=False)
    op.create_table('devices',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('registered_at', sa.Text(), nullable=False),
    sa.Column('last_seen_at', sa.Text(), nullable=True),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('dictionaries',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('graveyard',
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('scope_path', sa.Text(), nullable=False),
    sa.Column('scope_path2', sa.Text(), nullable=True),
    sa.Column('deleted_at', sa.Text(), nullable=True),
    sa.Column('deleted_by', sa.String(length=64), nullable=True),
    sa.Column('pruned_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('entity', 'id')
    )
    op.create_table('held_ops',
    sa.Column('op_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('device_seq', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('op', sa.JSON(), nullable=False),
    sa.Column('at', sa.Text(), nullable=False),
    sa.Column('family', sa.String(length=64), nullable=True),
    sa.Column('verdict', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('op_id')
    )
    op.create_index('held_ops_device', 'held_ops', ['device_id', 'device_seq'], unique=False)
    op.create_table('households',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('number', sa.Text(), nullable=True),
    sa.Column('room_id', sa.Text(), nullable=True),
    sa.Column('grid_id', sa.Text(), nullable=True),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('head_id', sa.Text(), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
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
    op.create_index(op.f('ix_households_scope_path'), 'households', ['scope_path'], unique=False)
    op.create_index(op.f('ix_households_server_seq'), 'households', ['server_seq'], unique=False)
    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.Float(), nullable=False),
    sa.Column('locked_until', sa.Float(), nullable=True),
    sa.Column('updated_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_index(op.f('ix_login_throttle_updated_at'), 'login_throttle', ['updated_at'], unique=False)
    op.create_table('open311_requests',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('api_key_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('token')
    )
    op.create_index(op.f('ix_open311_requests_case_id'), 'open311_requests', ['case_id'], unique=False)
    op.create_table('org_units',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('code', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('level', sa.BigInteger(), nullable=True),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('parent_id', sa.Text(), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('party_branch', sa.Text(), nullable=True),
    sa.Column('party_secretary', sa.Text(), nullable=True),
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
    op.create_index(op.f('ix_org_units_scope_path'), 'org_units', ['scope_path'], unique=False)
    op.create_index(op.f('ix_org_units_server_seq'), 'org_units', ['server_seq'], unique=False)
    op.create_index('org_units_code', 'org_units', ['code'], unique=True)
    op.create_table('resident_tags',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('resident_id', sa.Text(), nullable=True),
    sa.Column('tag', sa.Text(), nullable=True),
    sa.Column('since', sa.Text(), nullable=True),
    sa.Column('until', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
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
    op.create_index(op.f('ix_resident_tags_scope_path'), 'resident_tags', ['scope_path'], unique=False)
    op.create_index(op.f('ix_resident_tags_server_seq'), 'resident_tags', ['server_seq'], unique=False)
    op.create_index('resident_tags_resident', 'resident_tags', ['resident_id'], unique=False)
    op.create_table('residents',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('grid_id', sa.Text(), nullable=True),
    sa.Column('household_id', sa.Text(), nullable=True),
    sa.Column('relation', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('id_type', sa.Text(), nullable=True),
    sa.Column('id_number', sa.Text(), nullable=True),
    sa.Column('gender', sa.Text(), nullable=True),
    sa.Column('birth_date', sa.Text(), nullable=True),
    sa.Column('ethnicity', sa.Text(), nullable=True),
    sa.Column('phone', sa.Text(), nullable=True),
    sa.Column('residence_type', sa.Text(), nullable=True),
    sa.Column('political_status', sa.Text(), nullable=True),
    sa.Column('education', sa.Text(), nullable=True),
    sa.Column('occupation', sa.Text(), nullable=True),
    sa.Column('work_unit', sa.Text(), nullable=True),
    sa.Column('marital_status', sa.Text(), nullable=True),
    sa.Column('registered_address', sa.Text(), nullable=True),
    sa.Column('moved_in_date', sa.Text(), nullable=True),
    sa.Column('status', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('in_service_party_member', sa.BigInteger(), nullable=True),
    sa.Column('party_member_unit', sa.Text(), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=True),
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
    op.create_index(op.f('ix_residents_scope_path'), 'residents', ['scope_path'], unique=False)
    op.create_index(op.f('ix_residents_server_seq'), 'residents', ['server_seq'], unique=False)
    op.create_table('server_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('tokens',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=True),
    sa.Column('family', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.Column('revoked_at', sa.Float(), nullable=True),
    sa.Column('created_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('token_hash')
    )
    op.create_index(op.f('ix_tokens_family'), 'tokens', ['family'], unique=False)
    op.create_index(op.f('ix_tokens_user_id'), 'tokens', ['user_id'], unique=False)
    op.create_table('users',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.Text(), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('scope_unit_id', sa.String(length=64), nullable=True),
    sa.Column('scope_version', sa.BigInteger(), nullable=False),
    sa.Column('failed_count', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.Float(), nullable=True),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('visits',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('resident_id', sa.Text(), nullable=True),
    sa.Column('household_id', sa.Text(), nullable=True),
    sa.Column('grid_id', sa.Text(), nullable=True),
    sa.Column('visited_on', sa.Text(), nullable=True),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('photos', sa.Text(), nullable=True),
    sa.Column('visitor', sa.Text(), nullable=True),
    sa.Column('participants', sa.Text(), nullable=True),
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
    op.create_index(op.f('ix_visits_scope_path'), 'visits', ['scope_path'], unique=False)
    op.create_index(op.f('ix_visits_server_seq'), 'visits', ['server_seq'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f('ix_visits_server_seq'), table_name='visits')
    op.drop_index(op.f('ix_visits_scope_path'), table_name='visits')
    op.drop_table('visits')
    op.drop_table('users')
    op.drop_index(op.f('ix_tokens_user_id'), table_name='tokens')
    op.drop_index(op.f('ix_tokens_family'), table_name='tokens')
    op.drop_table('tokens')
    op.drop_table('server_meta')
    op.drop_index(op.f('ix_residents_server_seq'), table_name='residents')
    op.drop_index(op.f('ix_residents_scope_path'), table_name='residents')
    op.drop_table('residents')
    op.drop_index('resident_tags_resident', table_name='resident_tags')
    op.drop_index(op.f('ix_resident_tags_server_seq'), table_name='resident_tags')
    op.drop_index(op.f('ix_resident_tags_scope_path'), table_name='resident_tags')
    op.drop_table('resident_tags')
    op.drop_index('org_units_code', table_name='org_units')
    op.drop_index(op.f('ix_org_units_server_seq'), table_name='org_units')
    op.drop_index(op.f('ix_org_units_scope_path'), table_name='org_units')
    op.drop_table('org_units')
    op.drop_index(op.f('ix_open311_requests_case_id'), table_name='open311_requests')
    op.drop_table('open311_requests')
    op.drop_index(op.f('ix_login_throttle_updated_at'), table_name='login_throttle')
    op.drop_table('login_throttle')
    op.drop_index(op.f('ix_households_server_seq'), table_name='households')
    op.drop_index(op.f('ix_households_scope_path'), table_name='households')
    op.drop_table('households')
    op.drop_index('held_ops_device', table_name='held_ops')
    op.drop_table('held_ops')
    op.drop_table('graveyard')
    op.drop_table('dictionaries')
    op.drop_table('devices')
    op.drop_index('device_audit_user', table_name='device_audit')
    op.drop_index('device_audit_at', table_name='device_audit')
    op.drop_index('device_audit_actor', table_name='device_audit')
    op.drop_table('device_audit')
    op.drop_table('departed')
    op.drop_table('counters')
    op.drop_index(op.f('ix_conflicts_scope_path'), table_name='conflicts')
    op.drop_table('conflicts')
    op.drop_index('changes_scope', table_name='changes')
    op.drop_index('changes_at', table_name='changes')
    op.drop_table('changes')
    op.drop_index(op.f('ix_cases_server_seq'), table_name='cases')
    op.drop_index(op.f('ix_cases_scope_path'), table_name='cases')
    op.drop_index('cases_number', table_name='cases')
    op.drop_table('cases')
    op.drop_index(op.f('ix_case_residents_server_seq'), table_name='case_residents')
    op.drop_index(op.f('ix_case_residents_scope_path'), table_name='case_residents')
    op.drop_index('case_residents_case', table_name='case_residents')
    op.drop_table('case_residents')
    op.drop_index(op.f('ix_case_events_server_seq'), table_name='case_events')
    op.drop_index(op.f('ix_case_events_scope_path'), table_name='case_events')
    op.drop_index('case_events_case', table_name='case_events')
    op.drop_table('case_events')
    op.drop_table('blobs')
    op.drop_table('blob_uploads')
    op.drop_table('audit')
    op.drop_table('applied_ops')
    op.drop_table('api_keys')
    op.drop_index(op.f('ix_addresses_server_seq'), table_name='addresses')
    op.drop_index(op.f('ix_addresses_scope_path'), table_name='addresses')
    op.drop_table('addresses')
