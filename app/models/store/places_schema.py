"""Schema step 12 (app/models/store/migrations.py): 实有房屋 and 实有单位
(docs/domain-houses.md). Kept beside the ladder so the step reads as one piece.

- ``houses``: every room, yard or shop that is a house (an address node), its use,
  owner and, for rentals, landlord and 出租屋 registration;
  ``house_tenants``: residents renting it, with move-in and move-out;
- ``organizations`` (实有单位), ``org_employees`` and ``inspections`` (the 九小场所
  safety checks: a checklist as JSON, photos, the re-inspection due date and the
  case a hazard turned into);
- ``addresses.kind`` takes the street shape too (road, door, yard): the CHECK
  constraint is widened in place. Existing rows and codes stay exactly as they were;
  the table is not rebuilt (a rebuild would have to drop a table other tables
  reference, which SQLite only allows with foreign keys off, outside a transaction,
  and each step runs inside one). The stored CREATE statement is rewritten under
  ``writable_schema`` and the schema cookie bumped, SQLite's documented way for a
  change that leaves the stored rows valid (every old kind is still allowed).

The columns of each synced table are ``app/models/domain/content.py``'s SPEC (the
server builds its tables from it); tests/sync/test_verify.py checks they match.
"""
from __future__ import annotations

from app.models.domain import addresses

SYNC_COLUMNS = """
    version INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT,
    updated_at TEXT NOT NULL
"""

V12 = f"""
CREATE TABLE houses (
    id TEXT PRIMARY KEY,
    address_id TEXT NOT NULL REFERENCES addresses(id),
    grid_id TEXT NOT NULL REFERENCES org_units(id),
    path TEXT NOT NULL,
    use TEXT NOT NULL,
    property_type TEXT,
    area REAL,
    owner_id TEXT,
    owner_name TEXT,
    owner_phone TEXT,
    landlord_id TEXT,
    landlord_name TEXT,
    landlord_phone TEXT,
    registration_no TEXT,
    registered_on TEXT,
    checked_on TEXT,
    notes TEXT,
    {SYNC_COLUMNS}
);
CREATE INDEX houses_path ON houses(path);
CREATE INDEX houses_address ON houses(address_id);
CREATE INDEX houses_use ON houses(use, path);

CREATE TABLE house_tenants (
    id TEXT PRIMARY KEY,
    house_id TEXT NOT NULL REFERENCES houses(id),
    resident_id TEXT NOT NULL REFERENCES residents(id),
    moved_in TEXT NOT NULL,
    moved_out TEXT,
    notes TEXT,
    {SYNC_COLUMNS}
);
CREATE INDEX house_tenants_house ON house_tenants(house_id);
CREATE INDEX house_tenants_resident ON house_tenants(resident_id);

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    credit_code TEXT,
    kind TEXT NOT NULL,
    category TEXT,
    legal_rep TEXT,
    contact_name TEXT,
    contact_phone TEXT,
    house_id TEXT REFERENCES houses(id),
    address_id TEXT REFERENCES addresses(id),
    grid_id TEXT NOT NULL REFERENCES org_units(id),
    path TEXT NOT NULL,
    notes TEXT,
    {SYNC_COLUMNS}
);
CREATE INDEX organizations_path ON organizations(path);
CREATE INDEX organizations_kind ON organizations(kind, category);
CREATE INDEX organizations_credit ON organizations(credit_code);

CREATE TABLE org_employees (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    resident_id TEXT NOT NULL REFERENCES residents(id),
    job TEXT,
    since TEXT,
    until TEXT,
    {SYNC_COLUMNS}
);
CREATE INDEX org_employees_org ON org_employees(organization_id);

CREATE TABLE inspections (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    inspected_on TEXT NOT NULL,
    inspector TEXT,
    checklist TEXT NOT NULL DEFAULT '{{}}',
    findings TEXT,
    photos TEXT NOT NULL DEFAULT '[]',
    next_due TEXT,
    case_id TEXT,
    {SYNC_COLUMNS}
);
CREATE INDEX inspections_org ON inspections(organization_id, inspected_on);
CREATE INDEX inspections_due ON inspections(next_due);
"""

OLD_KINDS = "CHECK (kind IN ('estate', 'building', 'unit', 'room'))"


def widen_address_kinds(conn) -> None:
    """Let ``addresses.kind`` hold every kind of addresses.KINDS (see the module doc).
    Idempotent: a statement already widened is left alone."""
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND "
                       "name = 'addresses'").fetchone()[0]
    if OLD_KINDS not in sql:
        return
    kinds = ", ".join(f"'{k}'" for k in addresses.KINDS)
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND "
                     "name = 'addresses'", (sql.replace(OLD_KINDS, f"CHECK (kind IN ({kinds}))"),))
        conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
