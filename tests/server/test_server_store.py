"""The store: migrations, and server_seq ordering under concurrent commits."""
from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from server import auth, db, migrations
from server.admin import SYSTEM
from server.sync.context import Ctx, now_iso
from server.sync.engine import Engine


def test_migrate_is_idempotent_and_refuses_newer(store):
    assert migrations.migrate(store) == []
    with store.read() as conn:
        assert migrations.current_version(conn) == migrations.LATEST
    with store.write() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(migrations.NewerDatabaseError):
        migrations.migrate(store)


def test_migrated_schema_matches_declared_tables(store):
    """The revisions (from an empty database) give exactly the tables, columns and
    indexes server/db.py declares: every change to db.py comes with its revision."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    with store.read() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []
    insp = sa.inspect(store.engine)
    for name, table in db.metadata.tables.items():
        assert {c["name"] for c in insp.get_columns(name)} == {c.name for c in table.c}, name


def test_an_old_ladder_database_is_handed_to_alembic(db_url):
    """A database of an earlier server (the old schema_version ladder) is brought to
    step 7, stamped as the baseline and upgraded; its old version table goes."""
    s = db.Store(db_url)
    try:
        assert migrations.migrate(s, target=3) == [1, 2, 3]
        with s.read() as conn:
            assert migrations.current_version(conn) == 3
        assert migrations.migrate(s) == [n for n in migrations.step_numbers() if n > 3]
        with s.read() as conn:
            assert migrations.current_version(conn) == migrations.LATEST
            assert not sa.inspect(conn).has_table("schema_version")
            from alembic.autogenerate import compare_metadata
            from alembic.migration import MigrationContext
            assert compare_metadata(MigrationContext.configure(conn), db.metadata) == []
        assert migrations.migrate(s) == []
    finally:
        s.dispose()


def _grid(engine, c, units, code):
    parent = engine.get_row(c.conn, "org_units", units["410105003001"])
    row = dict(id=f"u-{code}", code=code, name=code, kind="grid", level=0,
               parent_id=parent["id"], path=parent["path"] + code + "/")
    return engine.write_row(c, "org_units", row, old=None)


def test_out_of_order_commits_never_make_a_pull_skip(store, settings, units):
    """Transaction A takes a server_seq and stays open; B starts later. B must not be
    able to commit a higher server_seq before A commits, else a pull between the two
    commits would move its cursor past A's change and skip it forever."""
    engine = Engine(store, settings)
    with store.read() as conn:
        sup_path = engine.get_row(conn, "org_units", units["410105003001"])["path"]
    sup = auth.Principal("p", "sup", "community_supervisor", units["410105003001"], sup_path,
                         1, None, "")
    _, cursor = engine.changes(sup, 0, 1000)["changes"], engine.changes(sup, 0, 1000)[
        "next_cursor"]
    a_has_seq, release_a = threading.Event(), threading.Event()
    order: list[str] = []

    def tx_a():
        with store.write() as conn:
            now = time.time()
            _grid(engine, Ctx(conn, store, SYSTEM, now, now_iso(now)), units, "410105003001007")
            a_has_seq.set()
            release_a.wait(10)
            order.append("A")

    def tx_b():
        with store.write() as conn:
            now = time.time()
            _grid(engine, Ctx(conn, store, SYSTEM, now, now_iso(now)), units, "410105003001008")
            order.append("B")

    ta = threading.Thread(target=tx_a)
    ta.start()
    assert a_has_seq.wait(10)
    tb = threading.Thread(target=tx_b)
    tb.start()
    time.sleep(0.5)
    # B is waiting for A; a pull now sees neither and keeps its cursor
    page = engine.changes(sup, cursor, 1000)
    assert page["changes"] == [] and order == []
    mid_cursor = page["next_cursor"]
    release_a.set()
    ta.join(10)
    tb.join(10)
    assert order == ["A", "B"]
    seen = engine.changes(sup, mid_cursor, 1000)["changes"]
    assert {c["id"] for c in seen} == {"u-410105003001007", "u-410105003001008"}
    assert [c["server_seq"] for c in seen] == sorted(c["server_seq"] for c in seen)


def test_concurrent_pushes_get_distinct_increasing_seqs(store, settings, units):
    engine = Engine(store, settings)
    errors = []

    def worker(i):
        try:
            for j in range(5):
                with store.write() as conn:
                    now = time.time()
                    _grid(engine, Ctx(conn, store, SYSTEM, now, now_iso(now)), units,
                          f"4101050030019{i}{j}")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    with store.read() as conn:
        seqs = conn.execute(sa.select(db.changes.c.server_seq)).scalars().all()
    assert len(seqs) == len(set(seqs))
