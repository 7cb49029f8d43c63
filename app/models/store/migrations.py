"""Schema version and the migration ladder.

``PRAGMA user_version`` holds the schema version. Each step runs in one
transaction together with its version bump, so a crash mid-migration leaves
the database at the previous version, never in between. Before migrating an
existing database a copy is written beside it. A database newer than this app
is refused rather than guessed at.

sqlite-utils does the schema plumbing here: it runs each step's SQL script
statement by statement inside the step's transaction (``executescript``; the
sqlite3 one would commit first) and answers "has this table that column?" for
the steps that must be idempotent. Saved databases of every version
(``tests/data/v*.db``) are migrated forward by tests/test_saved_databases.py.
"""
from __future__ import annotations

import shutil
from typing import Callable, Protocol

import sqlite_utils

from app.models.places import search as place_search
from app.models.store import clock, places_schema


class MigratingStore(Protocol):
    """What the ladder needs of a store (``app.models.store.database.Store``)."""
    conn: object
    path: object

    def transaction(self): ...

    def derived_key(self, purpose: str) -> bytes: ...


class NewerDatabaseError(RuntimeError):
    pass


SYNC_COLUMNS = """
    version INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT,
    updated_at TEXT NOT NULL
"""

V1 = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE org_units (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level INTEGER NOT NULL,
    kind TEXT NOT NULL,
    parent_id TEXT REFERENCES org_units(id),
    path TEXT NOT NULL,
    party_branch TEXT,
    party_secretary TEXT,
    {SYNC_COLUMNS}
);
CREATE INDEX org_units_path ON org_units(path);
CREATE INDEX org_units_parent ON org_units(parent_id);

CREATE TABLE addresses (
    id TEXT PRIMARY KEY,
    parent_id TEXT REFERENCES addresses(id),
    grid_id TEXT NOT NULL REFERENCES org_units(id),
    kind TEXT NOT NULL CHECK (kind IN ('estate', 'building', 'unit', 'room')),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    floor INTEGER,
    path TEXT NOT NULL,
    full_name TEXT NOT NULL,
    {SYNC_COLUMNS}
);
CREATE INDEX addresses_parent ON addresses(parent_id, code);
CREATE INDEX addresses_grid ON addresses(grid_id, kind, code);
CREATE INDEX addresses_path ON addresses(path);

CREATE TABLE households (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    room_id TEXT REFERENCES addresses(id),
    grid_id TEXT NOT NULL REFERENCES org_units(id),
    kind TEXT NOT NULL,
    head_id TEXT,
    path TEXT NOT NULL,
    {SYNC_COLUMNS}
);
CREATE INDEX households_room ON households(room_id);
CREATE INDEX households_number ON households(number);

CREATE TABLE residents (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    grid_id TEXT NOT NULL REFERENCES org_units(id),
    household_id TEXT REFERENCES households(id),
    relation TEXT,
    name TEXT NOT NULL,
    id_type TEXT NOT NULL,
    id_number TEXT,
    gender TEXT,
    birth_date TEXT,
    ethnicity TEXT,
    phone TEXT,
    residence_type TEXT NOT NULL,
    political_status TEXT,
    education TEXT,
    occupation TEXT,
    work_unit TEXT,
    marital_status TEXT,
    registered_address TEXT,
    moved_in_date TEXT,
    status TEXT NOT NULL DEFAULT 'living',
    notes TEXT,
    in_service_party_member INTEGER NOT NULL DEFAULT 0,
    party_member_unit TEXT,
    path TEXT NOT NULL,
    created_at TEXT NOT NULL,
    {SYNC_COLUMNS}
);
CREATE INDEX residents_path ON residents(path);
CREATE INDEX residents_household ON residents(household_id);
CREATE INDEX residents_id_number ON residents(id_number);

CREATE TABLE resident_tags (
    id TEXT PRIMARY KEY,
    resident_id TEXT NOT NULL REFERENCES residents(id),
    tag TEXT NOT NULL,
    since TEXT,
    until TEXT,
    notes TEXT,
    details TEXT,
    {SYNC_COLUMNS}
);
CREATE INDEX resident_tags_resident ON resident_tags(resident_id);
CREATE INDEX resident_tags_tag ON resident_tags(tag, resident_id);

CREATE TABLE visits (
    id TEXT PRIMARY KEY,
    resident_id TEXT REFERENCES residents(id),
    household_id TEXT REFERENCES households(id),
    grid_id TEXT NOT NULL REFERENCES org_units(id),
    visited_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    findings TEXT,
    photos TEXT NOT NULL DEFAULT '[]',
    visitor TEXT,
    {SYNC_COLUMNS}
);
CREATE INDEX visits_resident ON visits(resident_id, visited_on);
CREATE INDEX visits_household ON visits(household_id, visited_on);

-- sync-protocol.md: the outbox row is written in the same transaction as its change.
CREATE TABLE outbox (
    op_id TEXT PRIMARY KEY,
    device_seq INTEGER NOT NULL UNIQUE,
    tx_id TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('create', 'patch', 'delete', 'transition', 'attach')),
    changed TEXT NOT NULL,
    base_version INTEGER NOT NULL DEFAULT 0,
    base_values TEXT NOT NULL DEFAULT '{{}}',
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'inflight', 'applied', 'conflict', 'rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX outbox_state ON outbox(state, device_seq);
CREATE INDEX outbox_entity ON outbox(entity_id, state);

CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    cursor INTEGER NOT NULL DEFAULT 0,
    server_epoch TEXT,
    scope_version INTEGER,
    protocol_version INTEGER NOT NULL DEFAULT 1,
    last_success_at TEXT
);
INSERT INTO sync_state (id) VALUES (1);

-- Append-only, hash-chained (domain.md §6).
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT,
    entity_id TEXT,
    detail TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
"""


def _schema(conn) -> sqlite_utils.Database:
    """sqlite-utils over the step's connection. No plugins (nothing else gets the
    decrypted connection) and no connection-wide pragmas: it only runs the step's
    DDL inside the step's transaction."""
    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


def _script(sql: str) -> Callable:
    """A step that runs one SQL script (statement by statement, in the step's
    transaction: triggers' ``BEGIN … END;`` bodies stay whole)."""
    def step(conn) -> None:
        _schema(conn).executescript(sql)
    return step


_v1 = _script(V1)


def _v2(conn) -> None:
    """Roster search: an FTS5 index over name characters, pinyin keys, the
    address and the reversed ID/phone (for tail search), filled from the rows."""
    from app.models.roster import search

    search.create_index(conn)
    search.reindex_all(conn)


V3 = f"""
-- Cases (domain.md §5). case_events is the append-only truth; the derived
-- columns of cases (state, holder, deadline, …) are a projection of it.
CREATE TABLE cases (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    number TEXT NOT NULL UNIQUE,
    grid_id TEXT NOT NULL REFERENCES org_units(id),
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    category TEXT NOT NULL,
    source TEXT NOT NULL,
    urgency TEXT NOT NULL DEFAULT 'normal',
    address_id TEXT REFERENCES addresses(id),
    location_text TEXT,
    lon REAL,
    lat REAL,
    reporter_name TEXT,
    reporter_phone TEXT,
    created_by TEXT,
    state TEXT NOT NULL DEFAULT 'draft',
    holder_unit_id TEXT,
    holder_user_id TEXT,
    level_unit_id TEXT,
    supervision TEXT NOT NULL DEFAULT 'normal',
    rework_count INTEGER NOT NULL DEFAULT 0,
    extension_pending INTEGER,
    extra_days INTEGER NOT NULL DEFAULT 0,
    clock_start TEXT,
    deadline TEXT,
    reported_at TEXT,
    closed_at TEXT,
    satisfaction TEXT,
    has_conflict INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    {SYNC_COLUMNS}
);
CREATE INDEX cases_state ON cases(state, deadline);
CREATE INDEX cases_path ON cases(path, rid);
CREATE INDEX cases_holder ON cases(holder_unit_id, state);
CREATE INDEX cases_level ON cases(level_unit_id, state);

CREATE TABLE case_events (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    seq INTEGER NOT NULL,
    action TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT,
    role TEXT NOT NULL,
    device_time TEXT NOT NULL,
    server_time TEXT,
    note TEXT,
    photos TEXT NOT NULL DEFAULT '[]',
    data TEXT NOT NULL DEFAULT '{{}}',
    conflict INTEGER NOT NULL DEFAULT 0,
    {SYNC_COLUMNS}
);
-- seq orders a case's events on this device; it is not unique, because two
-- devices can add events to one case offline (the server's order decides).
CREATE INDEX case_events_case ON case_events(case_id, seq);

CREATE TABLE case_residents (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    resident_id TEXT NOT NULL REFERENCES residents(id),
    {SYNC_COLUMNS}
);
CREATE INDEX case_residents_case ON case_residents(case_id);
CREATE INDEX case_residents_resident ON case_residents(resident_id);

-- Attachments, content-addressed (sync-protocol.md "Attachments").
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mime TEXT NOT NULL,
    width INTEGER,
    height INTEGER,
    path TEXT NOT NULL,
    thumb_path TEXT,
    state TEXT NOT NULL DEFAULT 'local',
    upload_offset INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
"""


_v3 = _script(V3)


def _v4(conn) -> None:
    """Rebuild the search index: addresses now keep digit runs as whole tokens."""
    from app.models.roster import search

    search.reindex_all(conn)


V5 = """
-- Indexes for the review queues and case list filters (bench/cases.py at 200,000 cases).
DROP INDEX cases_state;
CREATE INDEX cases_state_deadline ON cases(state, deadline, path) WHERE deleted_at IS NULL;
CREATE INDEX cases_state_rid ON cases(state, rid) WHERE deleted_at IS NULL;
CREATE INDEX cases_source_rid ON cases(source, rid, state) WHERE deleted_at IS NULL;
CREATE INDEX cases_category_rid ON cases(category, rid) WHERE deleted_at IS NULL;
CREATE INDEX cases_extension ON cases(path, state)
    WHERE deleted_at IS NULL AND extension_pending IS NOT NULL;
"""


_v5 = _script(V5)


V6 = """
-- Sync (sync-protocol.md): what the server answered for each op, the
-- supervisor's conflict inbox mirrored from the server, a history of sync
-- runs for the 同步 page, and the state of a resumable snapshot.
ALTER TABLE outbox ADD COLUMN server_seq INTEGER;
ALTER TABLE outbox ADD COLUMN conflict_id TEXT;
ALTER TABLE sync_state ADD COLUMN snapshot_at INTEGER;
ALTER TABLE sync_state ADD COLUMN snapshot_entity TEXT;
ALTER TABLE sync_state ADD COLUMN snapshot_after TEXT;
ALTER TABLE sync_state ADD COLUMN resync_reason TEXT;
CREATE TABLE conflicts (
    id TEXT PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    field TEXT,
    kept_value TEXT,
    other_value TEXT,
    kept_author TEXT,
    other_author TEXT,
    kept_author_name TEXT,
    other_author_name TEXT,
    kept_at TEXT,
    other_at TEXT,
    op_id TEXT,
    state TEXT NOT NULL DEFAULT 'open',
    resolution TEXT,
    resolved_by TEXT,
    resolved_at TEXT,
    created_at TEXT,
    version INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT,
    updated_at TEXT
);
CREATE INDEX conflicts_state ON conflicts(state, entity);
-- Rows seen during a full resync; rows of a synced table not seen (and with
-- nothing unpushed) are gone from the server or from the user's scope.
CREATE TABLE sync_seen (entity TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (entity, id))
    WITHOUT ROWID;
CREATE TABLE sync_log (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    kind TEXT NOT NULL,
    pushed INTEGER NOT NULL DEFAULT 0,
    pulled INTEGER NOT NULL DEFAULT 0,
    conflicts INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    photos INTEGER NOT NULL DEFAULT 0,
    error TEXT
);
"""


_v6 = _script(V6)


V7 = """
-- Party-building (党建引领, domain.md §1/§3): party members who took part in a visit.
-- A JSON list of resident ids, written through the one write path like any visit field.
-- (Taking part in a case is a 'note' event whose data names the participants: add-only,
-- never a conflict, and it shows in the case's timeline.)
ALTER TABLE visits ADD COLUMN participants TEXT NOT NULL DEFAULT '[]';
CREATE INDEX visits_participants ON visits(grid_id) WHERE participants != '[]';
CREATE INDEX case_events_participants ON case_events(case_id)
    WHERE action = 'note' AND data LIKE '%"participants"%';
"""


_v7 = _script(V7)


def _v8(conn, store: MigratingStore) -> None:
    """Photos at rest: the photo file key (derived from the database key, so the same
    key comes back after restoring any backup) goes into the encrypted store, and the
    photo files written so far are sealed in place (app.models.store.photo_files). Sealing
    is idempotent per file and the key deterministic, so a step that fails half-way
    and runs again loses nothing."""
    from app.models.store import photo_files

    key = store.derived_key(photo_files.KEY_PURPOSE)
    photo_files.install_key(conn, key)
    photo_files.seal_folder(key, store.path.parent)


# Steps that need the store itself (its key or its folder), not only the connection.
_STORE_STEPS = {8}


V9 = """
-- Dictionaries synced from the city server (sync-protocol.md, Amendments 2026-12):
-- the categories (with their default departments) and the calendar's year notices
-- the server loaded, one row per dictionary at its server version; the shipped
-- files are the fallback (app/models/store/dictionaries.py). sha256 is of the content text.
CREATE TABLE dictionaries (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    content TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);
-- Verification by content (app/sync/verify.py): rows repaired by a verify run.
ALTER TABLE sync_log ADD COLUMN repaired INTEGER NOT NULL DEFAULT 0;
"""


_v9 = _script(V9)


def _v10(conn) -> None:
    """A refused op that was tried again (app/sync/inbox.py ``retry``) names the new op
    that carries its intent: it keeps its refusal and leaves "needs attention". A
    refused or forwarded op keeps the name of its record (the record itself may leave
    this computer with the refusal)."""
    _add_columns(conn, "outbox", ("retried_by", "label"))


def _add_columns(conn, table: str, names) -> None:
    """Add the TEXT columns of ``names`` that ``table`` lacks (idempotent)."""
    t = _schema(conn)[table]
    have = t.columns_dict
    for name in names:
        if name not in have:
            t.add_column(name, str)


def _v11(conn) -> None:
    """Outbox pruning (app/models/write/outbox.py ``prune``): when the server's answer
    came (``confirmed_at``) and when the op's personal data was cleared
    (``pruned_at``). An op answered before this version has no answer time: its
    safety window starts at the upgrade, never earlier than it would have."""
    _add_columns(conn, "outbox", ("confirmed_at", "pruned_at"))
    conn.execute("UPDATE outbox SET confirmed_at = ? WHERE confirmed_at IS NULL AND state IN "
                 "('applied', 'conflict', 'rejected')", (clock.now_iso(),))
    conn.execute("CREATE INDEX IF NOT EXISTS outbox_prune ON outbox(confirmed_at) "
                 "WHERE pruned_at IS NULL AND state IN ('applied', 'conflict', 'rejected')")


def _v12(conn) -> None:
    """实有房屋 and 实有单位; addresses in the street shape (places_schema.py)."""
    _schema(conn).executescript(places_schema.V12)
    places_schema.widen_address_kinds(conn)


def _v13(conn) -> None:
    """Short case numbers (app/models/domain/case_fields.py): the city's sequence number
    the server gives a case (``short_no``) and the provisional one this device gave it
    (``provisional_no``), both searched; this device's provisional sequence is in meta."""
    _add_columns(conn, "cases", ("short_no", "provisional_no"))
    conn.execute("CREATE INDEX IF NOT EXISTS cases_short_no ON cases(short_no)")
    conn.execute("CREATE INDEX IF NOT EXISTS cases_provisional_no ON cases(provisional_no)")


V14 = """
-- 五星支部 creation (issue 21, app/models/domain/stars.py): one community's star
-- assessment of one year, synced (the server judges every step); the JSON columns hold
-- the claims per criterion (met, note, photos), the evidence photos, the stars claimed,
-- reviewed and confirmed, and the steps taken (who, role, when, note).
CREATE TABLE star_assessments (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES org_units(id),
    year INTEGER NOT NULL,
    scheme_version INTEGER,
    state TEXT NOT NULL DEFAULT 'draft',
    claims TEXT NOT NULL DEFAULT '{}',
    photos TEXT NOT NULL DEFAULT '[]',
    stars_claimed TEXT NOT NULL DEFAULT '[]',
    stars_reviewed TEXT NOT NULL DEFAULT '[]',
    stars_confirmed TEXT NOT NULL DEFAULT '[]',
    steps TEXT NOT NULL DEFAULT '[]',
    path TEXT,
    created_at TEXT,
    version INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX star_assessments_unit ON star_assessments(unit_id, year);
"""


_v14 = _script(V14)


def _v15(conn) -> None:
    """Houses' and organizations' search (app/models/places/search.py): two FTS5
    tables kept current by triggers, filled from the rows already there."""
    _schema(conn).executescript(place_search.SCHEMA + place_search.TRIGGERS)
    place_search.reindex_all(conn)


STEPS: list[tuple[int, Callable]] = [
    (1, _v1),
    (2, _v2),
    (3, _v3),
    (4, _v4),
    (5, _v5),
    (6, _v6),
    (7, _v7),
    (8, _v8),
    (9, _v9),
    (10, _v10),
    (11, _v11),
    (12, _v12),
    (13, _v13),
    (14, _v14),
    (15, _v15),
]
LATEST = STEPS[-1][0]


def migrate(store: MigratingStore, *, target: int | None = None) -> list[int]:
    """Bring the store up to ``target`` (default: latest). Returns the steps run."""
    target = LATEST if target is None else target
    conn = store.conn
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > LATEST:
        raise NewerDatabaseError(
            f"The database is schema version {current}, newer than this GridDesk "
            f"(version {LATEST}). Install the newer GridDesk to open it."
        )
    todo = [(v, fn) for v, fn in STEPS if current < v <= target]
    if not todo:
        return []
    if current > 0:
        backup_before_migration(store, current)
    done = []
    for version, fn in todo:
        with store.transaction():
            if version in _STORE_STEPS:
                fn(conn, store)
            else:
                fn(conn)
            conn.execute(f"PRAGMA user_version = {int(version)}")
        done.append(version)
    return done


def backup_before_migration(store: MigratingStore, version: int) -> str:
    conn = store.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    dest = store.path.with_name(f"{store.path.name}.v{version}-{stamp}.bak")
    shutil.copy2(store.path, dest)
    return str(dest)
