"""The server's schema ladder before Alembic (steps 1–7, table ``schema_version``).

Kept so that a database made by an earlier server is brought to step 7, the
shape the Alembic baseline (revision 0008) describes; server/migrations/__init__.py
then hands it to Alembic. Step 1 creates that frozen baseline (it runs the
baseline revision), so these steps never follow later changes to server/db.py:
those are Alembic revisions. Each step runs in one transaction together with its
bump of ``schema_version``; every step is a no-op where its shape is there.
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Callable

import sqlalchemy as sa

from server import db

version_table = sa.Table(
    "schema_version", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("applied_at", sa.Text, nullable=False))


class NewerDatabaseError(RuntimeError):
    pass


def _v1(conn: sa.Connection) -> None:
    from server.migrations.baseline import run_baseline
    run_baseline(conn)
    conn.execute(db.counters.insert().values(key="server_seq", value=0))
    conn.execute(db.server_meta.insert().values(key="epoch", value=str(uuid.uuid4())))
    conn.execute(db.server_meta.insert().values(key="retained_from", value="0"))


def _v2(conn: sa.Connection) -> None:
    """The hash-chained audit log and the index that retention prunes by."""
    from server import audit
    have = {c["name"] for c in sa.inspect(conn).get_columns("audit")}
    for column in ("prev_hash", "hash"):
        if column not in have:
            conn.execute(sa.text(f"ALTER TABLE audit ADD COLUMN {column} VARCHAR(64)"))
    audit.rechain(conn)
    for index in db.changes.indexes:
        if index.name == "changes_at":
            index.create(conn, checkfirst=True)


def _v3(conn: sa.Connection) -> None:
    """visits.participants (desktop schema v7): the party members who took part in a
    visit, a JSON list of resident ids; '[]' where none were recorded."""
    if "participants" not in {c["name"] for c in sa.inspect(conn).get_columns("visits")}:
        conn.execute(sa.text("ALTER TABLE visits ADD COLUMN participants TEXT"))
    conn.execute(sa.text("UPDATE visits SET participants = '[]' WHERE participants IS NULL"))


def _v4(conn: sa.Connection) -> None:
    """device_audit: the desktops' uploaded audit logs."""
    db.device_audit.create(conn, checkfirst=True)
    for index in db.device_audit.indexes:
        index.create(conn, checkfirst=True)


def _v5(conn: sa.Connection) -> None:
    """Device secrets and sign-in throttling (issue 13): ``devices.secret_hash`` (NULL
    for devices registered before: their owner's next sign-in is given a secret) and
    the ``login_throttle`` table that every server process shares."""
    if "secret_hash" not in {c["name"] for c in sa.inspect(conn).get_columns("devices")}:
        conn.execute(sa.text("ALTER TABLE devices ADD COLUMN secret_hash VARCHAR(64)"))
    db.login_throttle.create(conn, checkfirst=True)
    for index in db.login_throttle.indexes:
        index.create(conn, checkfirst=True)


def _v6(conn: sa.Connection) -> None:
    """Reads (issue 13): who may receive each change (``changes.audience``) and a
    removal's version; per-user blob uploads; Open311 request tokens; the device audit
    log by uploader. Changes already written about key-group tags (and every change of
    a tag that is key-group now) are marked for 防 only, so the feed stops showing
    them to other roles at once."""
    from app.models.domain.choices import TAG_TYPES
    inspector = sa.inspect(conn)
    have = {c["name"] for c in inspector.get_columns("changes")}
    if "audience" not in have:
        conn.execute(sa.text("ALTER TABLE changes ADD COLUMN audience SMALLINT NOT NULL "
                             "DEFAULT 0"))
    if "version" not in have:
        conn.execute(sa.text("ALTER TABLE changes ADD COLUMN version BIGINT"))
    key_tags = sorted(code for code, t in TAG_TYPES.items() if t.group == "key")
    ch, rt = db.changes, db.ENTITIES["resident_tags"]
    conn.execute(ch.update().where(
        ch.c.entity == "resident_tags", ch.c.audience == db.FOR_ALL,
        ch.c.entity_id.in_(sa.select(rt.c.id).where(rt.c.tag.in_(key_tags))))
        .values(audience=db.FOR_PREVENT))
    for table in (db.blob_uploads, db.open311_requests):
        table.create(conn, checkfirst=True)
        for index in table.indexes:
            index.create(conn, checkfirst=True)
    # whoever completed an upload so far keeps the right to name that photo
    b, up = db.blobs, db.blob_uploads
    conn.execute(up.insert().from_select(
        ["sha256", "user_id", "size", "received", "created_at", "completed_at"],
        sa.select(b.c.sha256, b.c.uploaded_by, b.c.size, b.c.size, b.c.created_at,
                  sa.func.coalesce(b.c.completed_at, b.c.created_at))
        .where(b.c.state == "available", ~sa.exists().where(
            up.c.sha256 == b.c.sha256, up.c.user_id == b.c.uploaded_by))))
    for index in db.device_audit.indexes:
        index.create(conn, checkfirst=True)


def _v7(conn: sa.Connection) -> None:
    """Convergence and held-op safety: ``updated_device`` on every synced table
    (conflicts are judged per device), the sender's token family and an intake
    verdict on held ops, the graveyard of pruned tombstones and the scopes rows left."""
    inspector = sa.inspect(conn)
    for name, table in db.ENTITIES.items():
        if not inspector.has_table(name):
            continue        # a table a later Alembic revision makes (0010: houses, …)
        if "updated_device" not in {c["name"] for c in inspector.get_columns(name)}:
            conn.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN updated_device "
                                 "VARCHAR(64)"))
    have = {c["name"] for c in inspector.get_columns("held_ops")}
    if "family" not in have:
        conn.execute(sa.text("ALTER TABLE held_ops ADD COLUMN family VARCHAR(64)"))
    if "verdict" not in have:
        conn.execute(sa.text("ALTER TABLE held_ops ADD COLUMN verdict JSON"))
    db.graveyard.create(conn, checkfirst=True)
    db.departed.create(conn, checkfirst=True)


STEPS: list[tuple[int, Callable[[sa.Connection], None]]] = [
    (1, _v1),
    (2, _v2),
    (3, _v3),
    (4, _v4),
    (5, _v5),
    (6, _v6),
    (7, _v7),
]
LATEST = STEPS[-1][0]


def current_version(conn: sa.Connection) -> int:
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    value = conn.execute(sa.select(version_table.c.version)
                         .where(version_table.c.id == 1)).scalar_one_or_none()
    return int(value or 0)


def migrate(store: "db.Store", target: int | None = None) -> list[int]:
    """Bring a pre-Alembic database up to ``target`` (default: step 7); returns the
    steps run."""
    target = LATEST if target is None else target
    with store.write() as conn:
        version_table.create(conn, checkfirst=True)
        current = current_version(conn)
    if current > LATEST:
        raise NewerDatabaseError(
            f"database schema version {current} is newer than this server ({LATEST})")
    done = []
    for version, step in STEPS:
        if current < version <= target:
            with store.write() as conn:
                if store.is_postgres:   # one migrator at a time
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": 7001})
                if current_version(conn) >= version:
                    continue
                step(conn)
                stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
                if conn.execute(version_table.update().where(version_table.c.id == 1)
                                .values(version=version, applied_at=stamp)).rowcount == 0:
                    conn.execute(version_table.insert().values(id=1, version=version,
                                                               applied_at=stamp))
            done.append(version)
    return done
