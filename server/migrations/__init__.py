"""Schema migrations of the city server: Alembic, on SQLite and PostgreSQL.

Revisions live in ``server/migrations/versions/`` and are numbered on from the
old ladder's steps (so a database's schema version reads the same before and
after the move): ``0008`` is the baseline, the whole schema as steps 1–7 left it,
written out as explicit DDL so it never follows later edits of server/db.py;
every later change to server/db.py is a new revision.

``migrate(store)`` brings any database to the newest revision, in this order:

- a database of an earlier server (it has the old ``schema_version`` table) is
  first brought to step 7 by the old ladder (``legacy.py``), then stamped as the
  baseline, and its old version table dropped: Alembic's ``alembic_version`` is
  the one record from then on;
- an empty database gets the revisions from the baseline up;
- a database at a revision this server does not know (made by a newer server) is
  refused with ``NewerDatabaseError``.

PostgreSQL: one migrator at a time (an advisory lock for the whole run).
"""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from server import db
from server.migrations import legacy
from server.migrations.baseline import BASELINE
from server.migrations.legacy import NewerDatabaseError  # noqa: F401 - part of this API

HERE = Path(__file__).resolve().parent
LOCK_KEY = 7001


def _config(conn: sa.Connection | None = None):
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = conn
    return cfg


def _script():
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(_config())


def revisions() -> list[str]:
    """Every revision id, oldest first."""
    return [r.revision for r in reversed(list(_script().walk_revisions()))]


def head() -> str:
    return _script().get_current_head()


def step_numbers() -> list[int]:
    """Every schema step a database may pass, as numbers: the old ladder's, then the
    revisions'."""
    return [s for s, _ in legacy.STEPS] + [int(r) for r in revisions()]


def _latest() -> int:
    return int(head())


def __getattr__(name: str):
    # LATEST is read from the revision scripts when first asked for
    if name == "LATEST":
        return _latest()
    raise AttributeError(name)


def current_revision(conn: sa.Connection) -> str | None:
    from alembic.migration import MigrationContext
    return MigrationContext.configure(conn).get_current_revision()


def current_version(conn: sa.Connection) -> int:
    """The schema step a database is at: its revision as a number, or its old ladder
    step, or 0 for an empty database."""
    rev = current_revision(conn)
    if rev is not None:
        return int(rev)
    return legacy.current_version(conn)


def _lock(store: db.Store, conn: sa.Connection) -> None:
    if store.is_postgres:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})


def migrate(store: db.Store, target: int | None = None) -> list[int]:
    """Bring the database up to ``target`` (default: the newest revision); returns the
    steps run (old ladder steps and revisions, as numbers). A ``target`` at or below
    step 7 makes an old-ladder database (for tests of the upgrade path)."""
    from alembic import command
    known = revisions()
    with store.write() as conn:
        _lock(store, conn)
        rev = current_revision(conn)
        legacy_at = legacy.current_version(conn) if rev is None else None
    if rev is not None and rev not in known:
        raise NewerDatabaseError(f"database schema revision {rev} is newer than this "
                                 f"server ({known[-1]})")
    if legacy_at is not None and legacy_at > legacy.LATEST:
        raise NewerDatabaseError(f"database schema version {legacy_at} is newer than this "
                                 f"server ({known[-1]})")
    done: list[int] = []
    if target is not None and target <= legacy.LATEST:
        if rev is not None:
            return []         # past the old ladder already
        return legacy.migrate(store, target)
    if rev is None and legacy_at:
        done += legacy.migrate(store)                 # an earlier server's database
        with store.write() as conn:
            _lock(store, conn)
            command.stamp(_config(conn), BASELINE)
            conn.execute(sa.text("DROP TABLE schema_version"))
        done.append(int(BASELINE))
        rev = BASELINE
    want = known[-1] if target is None else f"{target:04d}"
    todo = known[known.index(rev) + 1:known.index(want) + 1] if rev else \
        known[:known.index(want) + 1]
    if not todo:
        return done
    with store.write() as conn:
        _lock(store, conn)
        if current_revision(conn) == (rev or None):
            command.upgrade(_config(conn), want)
            if rev is None:
                _seed(conn)
        else:
            todo = []     # another migrator ran meanwhile
    return done + [int(r) for r in todo]


def _seed(conn: sa.Connection) -> None:
    """The rows a new database starts with: the change counter, its epoch and the
    retention mark."""
    import uuid
    conn.execute(db.counters.insert().values(key="server_seq", value=0))
    conn.execute(db.server_meta.insert().values(key="epoch", value=str(uuid.uuid4())))
    conn.execute(db.server_meta.insert().values(key="retained_from", value="0"))
