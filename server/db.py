"""The server's store: SQLAlchemy Core tables and the engine.

Synced entity tables mirror the desktop's columns (app/models/migrations.py)
plus the server's own: ``version`` (row version), ``server_seq`` (its latest
change), ``scope_path`` (the org path of its grid) and ``scope_path2`` (for a
case: the path of the unit holding it, e.g. a department). ``changes`` is the
feed a pull reads, one row per committed change, ordered by ``server_seq``.

Ordering under concurrency: ``server_seq`` is taken from a counter row while
holding a transaction-level advisory lock on PostgreSQL (SQLite serialises
writers anyway), so sequence numbers become visible in commit order and a pull
never skips a change. A push takes its numbers at the end of its transaction
(sync.Engine.settle), so the lock is held only for the last few statements.
"""
from __future__ import annotations

import contextlib
import json
import threading
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy import event

from app.models.domain import content

metadata = sa.MetaData()
T = sa.Text
SEQ_LOCK_KEY = 0x67726964  # 'grid'

# entity -> its synced columns (without rid/version/deleted_at/updated_at): the one list
# the desktop's content hashes use too (app/models/content.py)
_SPEC = {name: spec for name, spec in content.SPEC.items() if name != "conflicts"}
_TYPES = {"": (T, str), "i": (sa.BigInteger, int), "r": (sa.Float, float)}

# entity -> {column: python type} (what a pushed value must be)
COLUMNS: dict[str, dict[str, type]] = {}
ENTITIES: dict[str, sa.Table] = {}
for _name, _spec in _SPEC.items():
    cols, types = [sa.Column("id", sa.String(64), primary_key=True)], {"id": str}
    for item in _spec.split():
        col, _, kind = item.partition(":")
        sa_type, py = _TYPES[kind]
        cols.append(sa.Column(col, sa_type))
        types[col] = py
    types.update(deleted_at=str, updated_at=str)
    COLUMNS[_name] = types
    ENTITIES[_name] = sa.Table(
        _name, metadata, *cols,
        sa.Column("version", sa.BigInteger, nullable=False, default=1),
        sa.Column("deleted_at", T),
        sa.Column("updated_at", T),
        sa.Column("updated_by", sa.String(64)),
        # the device that wrote this version: concurrency is judged per device, so one
        # person's two PCs can conflict with each other (sync-protocol.md amendments)
        sa.Column("updated_device", sa.String(64)),
        sa.Column("server_seq", sa.BigInteger, nullable=False, index=True),
        sa.Column("scope_path", T, nullable=False, index=True),
        sa.Column("scope_path2", T),
    )
sa.Index("org_units_code", ENTITIES["org_units"].c.code, unique=True)
sa.Index("case_events_case", ENTITIES["case_events"].c.case_id, ENTITIES["case_events"].c.seq)
sa.Index("case_residents_case", ENTITIES["case_residents"].c.case_id)
sa.Index("resident_tags_resident", ENTITIES["resident_tags"].c.resident_id)
# one person, one record in a scope: pushes look a new ID number up (server/sync/ops.py)
sa.Index("residents_id_number", ENTITIES["residents"].c.id_number)
sa.Index("cases_number", ENTITIES["cases"].c.number, unique=True)
# 实有房屋 and 实有单位 (revision 0010): children found by their parent when it moves
# (server/sync/context.py CHILDREN), organizations by credit code
sa.Index("house_tenants_house", ENTITIES["house_tenants"].c.house_id)
sa.Index("org_employees_org", ENTITIES["org_employees"].c.organization_id)
sa.Index("inspections_org", ENTITIES["inspections"].c.organization_id)
sa.Index("organizations_credit_code", ENTITIES["organizations"].c.credit_code)
sa.Index("star_assessments_unit", ENTITIES["star_assessments"].c.unit_id)   # 0014: 五星支部
# the short numbers people say (app/models/domain/case_fields.py): the city's is unique
# (server/sync/numbers.py gives it), the provisional one is looked up by search
sa.Index("cases_short_no", ENTITIES["cases"].c.short_no, unique=True)
sa.Index("cases_provisional_no", ENTITIES["cases"].c.provisional_no)

server_meta = sa.Table(
    "server_meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", T, nullable=False))
counters = sa.Table(
    "counters", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False))
changes = sa.Table(
    "changes", metadata,
    sa.Column("server_seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("entity", sa.String(32), nullable=False),
    sa.Column("entity_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),          # upsert | remove
    sa.Column("scope_path", T, nullable=False),
    sa.Column("scope_path2", T),
    sa.Column("shared", sa.Boolean, nullable=False, default=False),  # departments: all see
    sa.Column("at", T, nullable=False),
    # who may receive the change, decided when it is written (sync.Engine.write_row), so
    # a pull filters in SQL and a reader never gets a hidden change, nor counts one in
    # its pages: FOR_ALL readers of the scope, FOR_PREVENT only roles holding 防 (a
    # key-group tag), FOR_OTHERS only roles without (the removal of a row that just
    # turned key-group: it reaches those who held it, and no one else)
    sa.Column("audience", sa.SmallInteger, nullable=False, default=0, server_default="0"),
    # a removal's row version at the time (not the row's later, hidden, versions)
    sa.Column("version", sa.BigInteger))
FOR_ALL, FOR_PREVENT, FOR_OTHERS = 0, 1, 2
sa.Index("changes_scope", changes.c.scope_path, changes.c.server_seq)
sa.Index("changes_at", changes.c.at)                 # retention (python -m server prune)
users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", T, nullable=False),
    sa.Column("password_hash", T, nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("scope_unit_id", sa.String(64)),                 # NULL = whole city
    sa.Column("scope_version", sa.BigInteger, nullable=False, default=1),
    # unused since schema step 5 (the lockout lives in login_throttle, where unknown
    # names are counted the same way); kept so older servers' rows stay readable
    sa.Column("failed_count", sa.Integer, nullable=False, default=0),
    sa.Column("locked_until", sa.Float),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", T, nullable=False))
devices = sa.Table(
    "devices", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", T, nullable=False),
    sa.Column("user_id", sa.String(64), nullable=False),
    sa.Column("last_seq", sa.BigInteger, nullable=False, default=0),  # contiguous device_seq
    sa.Column("registered_at", T, nullable=False),
    sa.Column("last_seen_at", T),
    sa.Column("revoked", sa.Boolean, nullable=False, default=False),
    # SHA-256 of the secret issued at registration (server/auth.py): a sign-in proves
    # the device with it, not with the id alone. NULL = registered before secrets
    # existed; its owner's next sign-in is given one.
    sa.Column("secret_hash", sa.String(64)))
tokens = sa.Table(
    "tokens", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(8), nullable=False),           # access | refresh
    sa.Column("user_id", sa.String(64), nullable=False, index=True),
    sa.Column("device_id", sa.String(64)),
    sa.Column("family", sa.String(64), nullable=False, index=True),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("revoked_at", sa.Float),
    sa.Column("created_at", sa.Float, nullable=False))
# Sign-in throttling shared by every server process (server/auth.py): one row per
# account name ("name:" + its SHA-256, whether or not such a user exists, so unknown
# names are answered like real ones) holding the failures in a row and the lock, and
# one per client address ("addr:...") holding the failures of the current window.
# A row is reserved (failures + 1) before the password is checked, so parallel
# attempts can never evaluate more than the limit.
login_throttle = sa.Table(
    "login_throttle", metadata,
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False, default=0),
    sa.Column("window_start", sa.Float, nullable=False),
    sa.Column("locked_until", sa.Float),
    sa.Column("updated_at", sa.Float, nullable=False, index=True))
applied_ops = sa.Table(
    "applied_ops", metadata,
    sa.Column("op_id", sa.String(64), primary_key=True),
    sa.Column("device_id", sa.String(64), nullable=False),
    sa.Column("device_seq", sa.BigInteger, nullable=False),
    sa.Column("user_id", sa.String(64), nullable=False),
    sa.Column("outcome", sa.JSON, nullable=False),
    sa.Column("server_seq", sa.BigInteger),
    sa.Column("at", T, nullable=False))
held_ops = sa.Table(
    "held_ops", metadata,
    sa.Column("op_id", sa.String(64), primary_key=True),
    sa.Column("device_id", sa.String(64), nullable=False),
    sa.Column("device_seq", sa.BigInteger, nullable=False),
    sa.Column("user_id", sa.String(64), nullable=False),
    sa.Column("op", sa.JSON, nullable=False),
    sa.Column("at", T, nullable=False),
    # the sender's token family: a held op runs with its sender's rights, not with the
    # rights of whoever fills the gap before it (server/sync.py Engine._sender)
    sa.Column("family", sa.String(64)),
    # an outcome decided at intake (a malformed or oversized op): consumed as that
    # outcome when its turn comes, so one bad op never blocks the ops after it
    sa.Column("verdict", sa.JSON))
sa.Index("held_ops_device", held_ops.c.device_id, held_ops.c.device_seq)
# Ids of deleted rows whose tombstones were pruned: an edit of one from a desktop that
# was offline longer than the retention is still an edit-vs-delete conflict a person
# sees, never a silent "not found" (sync-protocol.md amendments: deletes outlive pruning)
# Scopes a row has left (a resident moved to another grid): an edit made there while
# the row was there still reaches the row's present holder after the change feed
# that announced the move was pruned (server/ops.py _once_saw)
departed = sa.Table(
    "departed", metadata,
    sa.Column("entity", sa.String(32), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("scope_path", T, primary_key=True),
    sa.Column("at", T, nullable=False))
graveyard = sa.Table(
    "graveyard", metadata,
    sa.Column("entity", sa.String(32), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("scope_path", T, nullable=False),
    sa.Column("scope_path2", T),
    sa.Column("deleted_at", T),
    sa.Column("deleted_by", sa.String(64)),
    sa.Column("pruned_at", T, nullable=False))
conflicts = sa.Table(
    "conflicts", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("entity", sa.String(32), nullable=False),
    sa.Column("entity_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),   # field | edit_delete | delete_edit | transition
    sa.Column("field", T),
    sa.Column("kept_value", sa.JSON),          # the value now in the row (later received)
    sa.Column("other_value", sa.JSON),         # the value it replaced / the refused change
    sa.Column("kept_author", sa.String(64)),
    sa.Column("other_author", sa.String(64)),
    sa.Column("kept_at", T),
    sa.Column("other_at", T),
    sa.Column("op_id", sa.String(64)),
    sa.Column("state", sa.String(16), nullable=False),  # open | resolved
    sa.Column("resolution", sa.String(16)),
    sa.Column("resolved_by", sa.String(64)),
    sa.Column("resolved_at", T),
    sa.Column("version", sa.BigInteger, nullable=False, default=1),
    sa.Column("server_seq", sa.BigInteger, nullable=False),
    sa.Column("scope_path", T, nullable=False, index=True),
    sa.Column("scope_path2", T),
    sa.Column("created_at", T, nullable=False))
blobs = sa.Table(
    "blobs", metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("received", sa.BigInteger, nullable=False, default=0),
    # available (a row from before the per-user uploads of blob_uploads may say partial)
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("uploaded_by", sa.String(64), nullable=False),     # the first to complete it
    sa.Column("created_at", T, nullable=False),
    sa.Column("completed_at", T))
# Who proved to have a blob's bytes: each user's own resumable upload (server/blobs.py).
# A partial upload is that user's alone (another's garbage cannot spoil it, nor give a
# claim to the photo); ``completed_at`` = these bytes hashed to the name, so the user
# may name the photo on their rows (the blob row above is the shared file).
blob_uploads = sa.Table(
    "blob_uploads", metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.String(64), primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("received", sa.BigInteger, nullable=False, default=0),
    sa.Column("created_at", T, nullable=False),
    sa.Column("completed_at", T))
audit = sa.Table(
    "audit", metadata,
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
              autoincrement=True),
    sa.Column("at", T, nullable=False),
    sa.Column("actor", sa.String(64)),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("entity", sa.String(32)),
    sa.Column("entity_id", sa.String(64)),
    sa.Column("detail", sa.JSON),
    sa.Column("prev_hash", sa.String(64)),          # hash chain (server/audit.py)
    sa.Column("hash", sa.String(64)))
# Every desktop's own audit log, uploaded as it is (domain.md §6: synced to the
# server). One row per (device, seq); ``link_ok`` says whether the record's hash
# and its link to the device's previous record check out (server/device_audit.py).
device_audit = sa.Table(
    "device_audit", metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("user_id", sa.String(64), nullable=False),
    sa.Column("at", T, nullable=False),
    sa.Column("actor", T),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("entity", sa.String(32)),
    sa.Column("entity_id", sa.String(64)),
    sa.Column("detail", T),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("link_ok", sa.Boolean, nullable=False),
    sa.Column("received_at", T, nullable=False))
sa.Index("device_audit_at", device_audit.c.at)
sa.Index("device_audit_actor", device_audit.c.actor, device_audit.c.at)
# the uploader (user_id) is the person a device record belongs to (server/device_audit.py)
sa.Index("device_audit_user", device_audit.c.user_id, device_audit.c.at)
api_keys = sa.Table(
    "api_keys", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("name", T, nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),   # hotline | snapshot
    sa.Column("created_at", T, nullable=False),
    sa.Column("revoked_at", T))
# Requests made through Open311 (server/open311.py): the channel's handle for a case
# is a random token, readable only with the API key that created it.
open311_requests = sa.Table(
    "open311_requests", metadata,
    sa.Column("token", sa.String(64), primary_key=True),
    sa.Column("case_id", sa.String(64), nullable=False, index=True),
    sa.Column("api_key_id", sa.String(64), nullable=False),
    sa.Column("created_at", T, nullable=False))
# The residents' 随手拍 page (server/h5.py, issue 21). A report's tracking code and the
# HMAC of the reporter's phone open its status (both are needed); ``idem_key`` is the
# page's key for one report, so a retry on a weak connection finds the same case.
h5_reports = sa.Table(
    "h5_reports", metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("case_id", sa.String(64), nullable=False, index=True),
    sa.Column("phone_hash", sa.String(64), nullable=False, index=True),
    sa.Column("idem_key", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", T, nullable=False),
    sa.Column("rated_at", T),
    sa.Column("verify_case_id", sa.String(64)))
# One photo sent by the page, under the page's key for it (a retry stores nothing twice).
h5_photos = sa.Table(
    "h5_photos", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("created_at", T, nullable=False))
# What the page's rate limits count: (kind, hashed phone or client address, when).
h5_hits = sa.Table(
    "h5_hits", metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
              autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("key", sa.String(80), nullable=False),
    sa.Column("at", sa.Float, nullable=False))
sa.Index("h5_hits_key", h5_hits.c.kind, h5_hits.c.key, h5_hits.c.at)
# 一表通 (server/forms.py, revision 0015): a department's table published by a street or
# district to the communities in its scope (``scope_path``), versioned per template
# (a new version withdraws the old one), and each community's returns: every
# submission kept, the latest (``superseded_at`` NULL) the current one.
form_tasks = sa.Table(
    "form_tasks", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title", T, nullable=False),
    sa.Column("template_key", T, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("spec", T, nullable=False),                   # FormSpec JSON, workbook inside
    sa.Column("due", sa.String(10), nullable=False),
    sa.Column("publisher", sa.String(64), nullable=False),
    sa.Column("unit_id", sa.String(64), nullable=False),
    sa.Column("scope_path", T, nullable=False, index=True),
    sa.Column("created_at", T, nullable=False),
    sa.Column("withdrawn_at", T))
form_returns = sa.Table(
    "form_returns", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("task_id", sa.String(64), nullable=False),
    sa.Column("unit_id", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("workbook", sa.LargeBinary, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("gaps", sa.Integer, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("submitted_by", sa.String(64), nullable=False),
    sa.Column("submitted_at", T, nullable=False),
    sa.Column("superseded_at", T))
sa.Index("form_returns_unit", form_returns.c.task_id, form_returns.c.unit_id,
         form_returns.c.version, unique=True)
dictionaries = sa.Table(
    "dictionaries", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("content", sa.JSON, nullable=False),
    sa.Column("updated_at", T, nullable=False))


def normalize_url(url: str) -> str:
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Store:
    """Engines for one database. ``write()`` is a transaction that may allocate
    ``server_seq``; ``read()`` a plain one."""

    def __init__(self, url: str, *, pool_size: int = 10, max_overflow: int = 20):
        self.url = normalize_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        self.is_postgres = self.url.startswith("postgresql")
        if self.is_sqlite:
            self.engine = self._sqlite_engine(immediate=True)
            self.read_engine = self._sqlite_engine(immediate=False)
        else:
            # hide_parameters: an error message never carries resident data into a log
            self.engine = sa.create_engine(self.url, pool_size=pool_size,
                                           max_overflow=max_overflow, pool_pre_ping=True,
                                           hide_parameters=True)
            self.read_engine = self.engine
        self._lock = threading.Lock()
        # called after each commit that recorded changes, with its announcement
        # (server/announce.py): the server process wakes its parked long-polls
        self.on_commit = None
        # NOTIFY channels are per database, not per schema: a schema of its own (tests,
        # benches sharing one PostgreSQL) gets a channel of its own
        from urllib.parse import parse_qs, urlsplit
        options = parse_qs(urlsplit(self.url).query).get("options", [""])[0]
        schema = options.split("search_path=")[-1] if "search_path=" in options else ""
        self.channel = "griddesk_changes" + ("_" + "".join(
            ch for ch in schema if ch.isalnum() or ch == "_") if schema else "")

    def _sqlite_engine(self, *, immediate: bool) -> sa.Engine:
        engine = sa.create_engine(self.url, connect_args={"check_same_thread": False,
                                                          "timeout": 30},
                                  hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None   # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

    @contextlib.contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """A write transaction. The changes it records are announced when it commits
        (server/announce.py): on PostgreSQL by a NOTIFY that goes with the commit (every
        server process hears it), and to this process in memory."""
        from server import announce
        news = None
        with self.engine.begin() as conn:
            announce.forget(conn)
            try:
                yield conn
                news = announce.take(conn)
                if news is not None and self.is_postgres:
                    conn.execute(sa.text("SELECT pg_notify(:c, :p)"),
                                 {"c": self.channel, "p": json.dumps(news)})
            finally:
                announce.forget(conn)
        if news is not None and self.on_commit is not None:
            self.on_commit(news)

    def head(self) -> int | None:
        """The latest ``server_seq`` handed out (announcements poll it on SQLite)."""
        with self.read() as conn:
            return conn.execute(sa.select(counters.c.value).where(
                counters.c.key == "server_seq")).scalar()

    @contextlib.contextmanager
    def read(self) -> Iterator[sa.Connection]:
        with self.read_engine.begin() as conn:
            yield conn

    def next_seq(self, conn: sa.Connection) -> int:
        """The next ``server_seq``. On PostgreSQL a transaction-level advisory lock
        is held until commit, so numbers commit in order (no pull skips one)."""
        return self.take_seqs(conn, 1)

    def take_seqs(self, conn: sa.Connection, n: int) -> int:
        """Take ``n`` consecutive ``server_seq``s; returns the last. The lock (see
        ``next_seq``) is held until the transaction ends, so take them as late as
        possible (sync.Engine.settle does, just before commit)."""
        from server import announce
        if self.is_postgres:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": SEQ_LOCK_KEY})
        last = conn.execute(
            counters.update().where(counters.c.key == "server_seq")
            .values(value=counters.c.value + n).returning(counters.c.value)).scalar_one()
        announce.note_head(conn, last)
        return last

    def meta(self, conn: sa.Connection, key: str, default: str | None = None) -> str | None:
        value = conn.execute(sa.select(server_meta.c.value)
                             .where(server_meta.c.key == key)).scalar_one_or_none()
        return default if value is None else value

    def set_meta(self, conn: sa.Connection, key: str, value: str) -> None:
        if conn.execute(server_meta.update().where(server_meta.c.key == key)
                        .values(value=value)).rowcount == 0:
            conn.execute(server_meta.insert().values(key=key, value=value))

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()
