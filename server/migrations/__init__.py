"""Schema migrations for the server store: an ordered ladder of steps, each run
in one transaction together with its bump of ``schema_version`` (so a failed
step leaves the database at the previous version), and a database newer than
this server is refused. Step 1 creates the tables as defined in server/db.py at
schema version 1; every later change to server/db.py must add a step here that
alters an existing database the same way (tests/server/test_store.py checks
that a migrated database matches the declared tables).
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
    db.metadata.create_all(conn)
    conn.execute(db.counters.insert().values(key="server_seq", value=0))
    conn.execute(db.server_meta.insert().values(key="epoch", value=str(uuid.uuid4())))
    conn.execute(db.server_meta.insert().values(key="retained_from", value="0"))


STEPS: list[tuple[int, Callable[[sa.Connection], None]]] = [
    (1, _v1),
]
LATEST = STEPS[-1][0]


def current_version(conn: sa.Connection) -> int:
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    value = conn.execute(sa.select(version_table.c.version)
                         .where(version_table.c.id == 1)).scalar_one_or_none()
    return int(value or 0)


def migrate(store: "db.Store", target: int | None = None) -> list[int]:
    """Bring the database up to ``target`` (default: latest); returns the steps run."""
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
