"""The encrypted local store: encryption at rest, keys, refusing newer
databases, transactions, and migrating a saved schema-v1 database."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from app.models.roster import search
from app.models.store import migrations
from app.models.write import audit, outbox
from app.models.store.keys import FileKeyProvider, KeyMissingError, StaticKeyProvider
from app.models.write.unit import Actor, unit_of_work
from app.models.roster.repository import Roster
from app.models.store.database import (DB_NAME, KEY_NAME, Store, StoreError, StoreNewerError,
    WrongKeyError, open_store)

DATA = Path(__file__).parent / "data"
HEADER = b"SQLite format 3\x00"
MARKER = "明文标记-PLAINTEXT-7731"


def _load_fixture_module():
    spec = importlib.util.spec_from_file_location("make_v1_db", DATA / "make_v1_db.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


V1 = _load_fixture_module()


def table_counts(conn, tables=("org_units", "addresses", "households", "residents",
                               "resident_tags", "outbox", "audit_log")):
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def rids_for(conn, text, **filters):
    rids, _ = search.query_page(conn, search.RosterQuery(text=text, **filters), None, 100)
    return rids


def names_for(conn, text, **filters):
    return {conn.execute("SELECT name FROM residents WHERE rid = ?", (rid,)).fetchone()[0]
            for rid in rids_for(conn, text, **filters)}


def add_zsf(roster, street, **extra):
    values = {"name": "张三丰", "id_number": "11010519491231002X", "phone": "13812341234",
              "residence_type": "registered", "notes": MARKER}
    values.update(extra)
    return roster.create_resident(values, household_id=street["household1"]["id"],
                                  relation="self")


# -- encryption at rest -------------------------------------------------------

def test_plain_sqlite_would_show_the_marker(tmp_path):
    """Control for the test below: without encryption the bytes do give it away."""
    path = tmp_path / "plain.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (name TEXT)")
    conn.execute("INSERT INTO t VALUES (?)", ("张三丰 " + MARKER,))
    conn.commit()
    conn.close()
    raw = path.read_bytes()
    assert raw.startswith(HEADER)
    assert "张三丰".encode() in raw and MARKER.encode() in raw


def test_database_file_and_wal_are_encrypted(store, roster, street):
    add_zsf(roster, street)
    db = store.path
    wal = Path(str(db) + "-wal")
    secrets_ = ["张三丰".encode(), MARKER.encode(), b"11010519491231002X", b"13812341234"]
    # Before a checkpoint the new pages live in the WAL file: it must be encrypted too.
    assert wal.exists() and wal.stat().st_size > 0
    for path in (db, wal):
        raw = path.read_bytes()
        assert HEADER not in raw, path
        for s in secrets_:
            assert s not in raw, (path, s)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = db.read_bytes()
    assert len(raw) > 4096  # the data really is in the main file now
    assert not raw.startswith(HEADER) and HEADER not in raw
    for s in secrets_:
        assert s not in raw
    # ... and yet it is all there for the right key.
    assert store.conn.execute("SELECT notes FROM residents WHERE name = '张三丰'").fetchone() == (
        MARKER,)


def test_plain_sqlite_cannot_read_the_store(store):
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def test_wrong_key_raises_wrong_key_error_and_leaves_the_database_usable(data_dir, roster, store,
                                                                           street):
    add_zsf(roster, street)
    path = store.path
    store.close()
    with pytest.raises(WrongKeyError):
        Store(path, StaticKeyProvider(os.urandom(32)))
    again = open_store(data_dir)
    try:
        assert again.conn.execute("SELECT name FROM residents").fetchall() == [("张三丰",)]
    finally:
        again.close()


def test_a_file_that_is_not_a_database_raises_wrong_key_error(tmp_path):
    path = tmp_path / DB_NAME
    path.write_bytes(os.urandom(8192))
    with pytest.raises(WrongKeyError):
        Store(path, StaticKeyProvider(os.urandom(32)))


def test_key_file_is_private(store, data_dir):
    key_file = data_dir / KEY_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # The key is not written inside the database file either.
    key_hex = key_file.read_text().strip()
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = store.path.read_bytes()
    assert key_hex.encode() not in raw and bytes.fromhex(key_hex) not in raw


def _missing_key_setup(data_dir, roster, store, street):
    add_zsf(roster, street)
    store.close()
    (data_dir / KEY_NAME).unlink()
    return hashlib.sha256((data_dir / DB_NAME).read_bytes()).hexdigest()


def test_missing_key_file_fails_without_making_a_new_key(data_dir, roster, store, street):
    digest = _missing_key_setup(data_dir, roster, store, street)
    with pytest.raises(StoreError, match=KEY_NAME):
        open_store(data_dir)
    with pytest.raises(KeyMissingError):
        FileKeyProvider(data_dir / KEY_NAME).get_key(create=False)
    # No fresh key was invented (that would lock the data away for good) and the file is untouched.
    assert not (data_dir / KEY_NAME).exists()
    assert hashlib.sha256((data_dir / DB_NAME).read_bytes()).hexdigest() == digest


def test_missing_key_file_is_a_store_error_the_app_can_show(data_dir, roster, store, street):
    _missing_key_setup(data_dir, roster, store, street)
    with pytest.raises(StoreError):
        open_store(data_dir)


def test_create_false_without_database_fails_clearly(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        open_store(tmp_path / "nothing", create=False)
    assert not (tmp_path / "nothing" / DB_NAME).exists()
    assert not (tmp_path / "nothing" / KEY_NAME).exists()


# -- a database from a newer app ----------------------------------------------

def test_newer_database_is_refused_and_left_untouched(data_dir, roster, store, street):
    add_zsf(roster, street)
    store.conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    store.close()
    before = sorted(os.listdir(data_dir))
    digest = hashlib.sha256((data_dir / DB_NAME).read_bytes()).hexdigest()
    with pytest.raises(StoreNewerError, match=str(migrations.LATEST + 1)):
        open_store(data_dir)
    assert sorted(os.listdir(data_dir)) == before  # no backup, no stray files
    assert hashlib.sha256((data_dir / DB_NAME).read_bytes()).hexdigest() == digest
    # It still holds the newer version and its data (for the newer app).
    raw = Store(data_dir / DB_NAME, FileKeyProvider(data_dir / KEY_NAME), migrate=False)
    try:
        assert raw.schema_version == migrations.LATEST + 1
        assert raw.conn.execute("SELECT count(*) FROM residents").fetchone()[0] == 1
    finally:
        raw.close()


# -- transactions -------------------------------------------------------------

def test_failed_unit_of_work_leaves_nothing_half_written(store, roster, street):
    before = table_counts(store.conn)
    seq_before = store.meta("device_seq")
    with pytest.raises(RuntimeError, match="power cut"):
        with store.transaction():
            created = add_zsf(roster, street)
            assert names_for(store.conn, "zsf") == {"张三丰"}  # visible inside the transaction
            raise RuntimeError("power cut")
    assert table_counts(store.conn) == before
    assert store.conn.execute("SELECT count(*) FROM residents WHERE id = ?",
                              (created["id"],)).fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM outbox WHERE entity_id = ?",
                              (created["id"],)).fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM audit_log WHERE entity_id = ?",
                              (created["id"],)).fetchone()[0] == 0
    assert store.meta("device_seq") == seq_before
    assert names_for(store.conn, "zsf") == set()
    assert names_for(store.conn, "三丰") == set()
    assert store.conn.execute("SELECT head_id FROM households WHERE id = ?",
                              (street["household1"]["id"],)).fetchone() == (None,)
    assert audit.verify_chain(store.conn) is None
    # The store is usable afterwards and the outbox numbering has no gap.
    add_zsf(roster, street)
    seqs = [r[0] for r in store.conn.execute("SELECT device_seq FROM outbox ORDER BY device_seq")]
    assert seqs == list(range(1, len(seqs) + 1))


def test_validation_error_inside_create_writes_nothing(store, roster, street):
    before = table_counts(store.conn)
    with pytest.raises(ValueError):
        add_zsf(roster, street, id_number="110105194912310021")
    assert table_counts(store.conn) == before


def test_nested_transaction_failure_rolls_back_only_the_inner_part(store, roster, street):
    before = table_counts(store.conn)
    with store.transaction():
        roster.create_org_unit("410105003001003", "第三网格", "grid", street["community"]["id"])
        with pytest.raises(RuntimeError):
            with store.transaction():
                roster.create_org_unit("410105003001004", "第四网格", "grid",
                                       street["community"]["id"])
                raise RuntimeError("inner")
        roster.create_org_unit("410105003001005", "第五网格", "grid", street["community"]["id"])
    codes = {r[0] for r in store.conn.execute("SELECT code FROM org_units")}
    assert "410105003001003" in codes and "410105003001005" in codes
    assert "410105003001004" not in codes
    after = table_counts(store.conn)
    assert after["org_units"] == before["org_units"] + 2
    assert after["outbox"] == before["outbox"] + 2 and after["audit_log"] == before["audit_log"] + 2
    seqs = [r[0] for r in store.conn.execute("SELECT device_seq FROM outbox ORDER BY device_seq")]
    assert seqs == list(range(1, len(seqs) + 1))
    assert audit.verify_chain(store.conn) is None


def test_outer_failure_rolls_back_committed_inner_savepoints(store, roster, street):
    before = table_counts(store.conn)
    with pytest.raises(KeyError):
        with store.transaction():
            with store.transaction():
                with store.transaction():
                    roster.create_org_unit("410105003001003", "第三网格", "grid",
                                           street["community"]["id"])
            raise KeyError("outer")
    assert table_counts(store.conn) == before
    # Depth bookkeeping is back to zero: a new transaction is a real one and commits.
    with store.transaction():
        roster.create_org_unit("410105003001006", "第六网格", "grid", street["community"]["id"])
    other = store.open_connection()
    try:
        assert other.execute("SELECT count(*) FROM org_units WHERE code = '410105003001006'"
                             ).fetchone()[0] == 1
    finally:
        other.close()


def test_uncommitted_writes_are_invisible_to_another_connection(store, roster, street):
    other = store.open_connection()
    try:
        with store.transaction():
            add_zsf(roster, street)
            assert other.execute("SELECT count(*) FROM residents").fetchone()[0] == 0
        assert other.execute("SELECT count(*) FROM residents").fetchone()[0] == 1
    finally:
        other.close()


# -- migration from a saved schema-v1 database ----------------------------------

@pytest.fixture
def v1_copy(tmp_path):
    dest = tmp_path / "data" / DB_NAME
    dest.parent.mkdir()
    shutil.copy2(V1.V1_PATH, dest)
    return dest


def snapshot(conn, tables=("org_units", "addresses", "households", "residents", "resident_tags",
                           "outbox", "audit_log", "meta", "sync_state")):
    out = {}
    for t in tables:
        cur = conn.execute(f"SELECT * FROM {t} ORDER BY rowid")
        cols = [c[0] for c in cur.description]
        out[t] = [dict(zip(cols, r)) for r in cur.fetchall()]
    return out


def test_saved_v1_fixture_really_is_schema_1(v1_copy):
    raw = v1_copy.read_bytes()
    assert HEADER not in raw and "张三丰".encode() not in raw
    s = Store(v1_copy, StaticKeyProvider(V1.V1_KEY), create=False, migrate=False)
    try:
        assert s.schema_version == 1
        names = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master")}
        assert "resident_search" not in names and "outbox" in names
    finally:
        s.close()


def test_v1_database_opens_migrated_with_backup_and_nothing_lost(v1_copy):
    original = v1_copy.read_bytes()
    old = Store(v1_copy, StaticKeyProvider(V1.V1_KEY), migrate=False)
    before = snapshot(old.conn)
    old.close()
    assert len(before["residents"]) == 3
    pending_before = [r for r in before["outbox"] if r["state"] == "pending"]
    assert len(pending_before) == len(before["outbox"]) > 0

    store = Store(v1_copy, StaticKeyProvider(V1.V1_KEY))
    try:
        assert store.schema_version == migrations.LATEST
        # A copy of the v1 file was written beside it before migrating.
        backups = list(v1_copy.parent.glob(f"{DB_NAME}.v1-*.bak"))
        assert len(backups) == 1
        assert backups[0].read_bytes() == original
        bak = Store(backups[0], StaticKeyProvider(V1.V1_KEY), create=False, migrate=False)
        try:
            assert bak.schema_version == 1
            assert snapshot(bak.conn) == before
        finally:
            bak.close()

        # Every row and every pending op survived, byte for byte (columns added by
        # later steps come in empty).
        after = snapshot(store.conn)
        for table, rows in after.items():
            old_cols = set(before[table][0]) if before[table] else set()
            for row in rows:
                for col in set(row) - old_cols:
                    assert row.pop(col) is None or table in ("sync_state",), (table, col)
        # v8 adds one row: the photo file key (app.models.store.photo_files)
        from app.models.store import photo_files
        assert [r for r in after["meta"] if r["key"] == photo_files.KEY_META]
        after["meta"] = [r for r in after["meta"] if r["key"] != photo_files.KEY_META]
        assert after == before
        assert outbox.pending_count(store.conn) == len(pending_before)
        assert audit.verify_chain(store.conn) is None
        ops = {(r["entity"], r["op"]) for r in pending_before}
        assert ("residents", "create") in ops and ("residents", "patch") in ops
        patch = next(r for r in pending_before if r["op"] == "patch" and r["entity"] == "residents")
        assert json.loads(patch["changed"]) == {"phone": "13900001111"}
        assert json.loads(patch["base_values"]) == {"phone": "13900005678"}

        # The v2 search index was filled from the old rows.
        conn = store.conn
        assert names_for(conn, "zsf") == {"张三丰"}
        assert names_for(conn, "三丰") == {"张三丰"}
        assert names_for(conn, "002X") == {"张三丰"}
        assert names_for(conn, "002x") == {"张三丰"}
        assert names_for(conn, "1234") == {"张三丰"}
        assert names_for(conn, "幸福小区") == {"张三丰", "张翠山"}
        assert names_for(conn, "张") == {"张三丰", "张翠山"}
        assert names_for(conn, "yss") == {"殷素素"}
        assert names_for(conn, "", tag="elderly_alone") == {"张三丰"}

        # And the migrated store takes new writes on top of the old outbox.
        roster = Roster(store, Actor("worker-1", "王网格"))
        zsf = roster.resident(next(r["id"] for r in before["residents"] if r["name"] == "张三丰"))
        roster.update_resident(zsf["id"], {"phone": "13812349999"})
        seqs = [r[0] for r in conn.execute("SELECT device_seq FROM outbox ORDER BY device_seq")]
        assert seqs == list(range(1, len(before["outbox"]) + 2))
        assert names_for(conn, "9999") == {"张三丰"}
    finally:
        store.close()

    # Opening again does not migrate (or back up) a second time.
    again = Store(v1_copy, StaticKeyProvider(V1.V1_KEY))
    again.close()
    assert len(list(v1_copy.parent.glob("*.bak"))) == 1


def test_failing_migration_step_rolls_back_to_the_old_version(v1_copy, monkeypatch):
    def broken_v2(conn):
        search.create_index(conn)  # does part of its work ...
        conn.execute("UPDATE residents SET name = 'half-migrated'")
        raise RuntimeError("migration step failed")  # ... then fails

    monkeypatch.setattr(migrations, "STEPS", [(1, migrations._v1), (2, broken_v2)])
    with pytest.raises(RuntimeError, match="migration step failed"):
        Store(v1_copy, StaticKeyProvider(V1.V1_KEY))
    monkeypatch.undo()

    old = Store(v1_copy, StaticKeyProvider(V1.V1_KEY), migrate=False)
    try:
        assert old.schema_version == 1
        names = {r[0] for r in old.conn.execute("SELECT name FROM sqlite_master")}
        assert "resident_search" not in names and "residents_live_path" not in names
        assert {r[0] for r in old.conn.execute("SELECT name FROM residents")} == {
            "张三丰", "张翠山", "殷素素"}
        # Still usable at v1: the write path works (it needs no search index).
        n_ops = outbox.pending_count(old.conn)
        rid = old.conn.execute("SELECT id FROM residents WHERE name = '殷素素'").fetchone()[0]
        with unit_of_work(old, Actor("worker-1", "王网格")) as w:
            assert w.patch("residents", rid, {"phone": "13700001234"}) == {"phone": "13700001234"}
        assert outbox.pending_count(old.conn) == n_ops + 1
        assert audit.verify_chain(old.conn) is None
    finally:
        old.close()

    # With the real ladder the same file then migrates fine, keeping the v1-era edit.
    store = Store(v1_copy, StaticKeyProvider(V1.V1_KEY))
    try:
        assert store.schema_version == migrations.LATEST
        assert names_for(store.conn, "1234") >= {"殷素素"}
        assert names_for(store.conn, "yss") == {"殷素素"}
    finally:
        store.close()


def test_migration_to_a_target_stops_there(tmp_path):
    s = Store(tmp_path / DB_NAME, StaticKeyProvider(os.urandom(32)), migrate=False)
    try:
        assert s.schema_version == 0
        assert migrations.migrate(s, target=1) == [1]
        assert s.schema_version == 1
        # A brand-new database is not "backed up" (there is nothing to lose) ...
        assert list(tmp_path.glob("*.bak")) == []
        assert migrations.migrate(s) == [v for v, _ in migrations.STEPS if v > 1]
        assert s.schema_version == migrations.LATEST
        # ... an existing one is, once, named for the version it had.
        assert [p.name.split("-")[0] for p in tmp_path.glob("*.bak")] == [f"{DB_NAME}.v1"]
        assert migrations.migrate(s) == []
        assert len(list(tmp_path.glob("*.bak"))) == 1
    finally:
        s.close()


# -- times: one clock, the city's zone ------------------------------------------

@pytest.fixture
def pc_zone(monkeypatch):
    """Set the PC's time zone (as Windows or a laptop back from a trip would have it)."""
    import time as time_mod

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time_mod.tzset()
    yield set_zone
    monkeypatch.undo()
    time_mod.tzset()


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Honolulu"])
def test_a_pc_in_another_zone_writes_times_that_show_in_zhengzhou_time(pc_zone, zone, store,
                                                                        actor):
    """Every time the desktop stores (rows, outbox ops, audit records, cases, the
    roster's "today") is Zhengzhou's, with +08:00, whatever zone the PC is set to:
    the screens show the stored text, and stored times compare as text."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from app.models.cases.repository import Cases

    pc_zone(zone)
    assert dt.datetime.now().astimezone().utcoffset() != dt.timedelta(hours=8)
    zz = ZoneInfo("Asia/Shanghai")
    before = dt.datetime.now(zz).replace(microsecond=0)
    roster = Roster(store, actor)                          # today: the real one
    city = roster.create_org_unit("4101", "郑州市", "city")
    grid = roster.create_org_unit("410105003001001", "第一网格", "grid", city["id"])
    person = roster.create_resident({"name": "张三丰", "id_number": "11010519491231002X",
                                     "residence_type": "registered"}, grid_id=grid["id"])
    visit = roster.record_visit(resident_id=person["id"])
    case = Cases(store, actor).create(title="路灯不亮", category="streetlight_out",
                                      grid_id=grid["id"])
    after = dt.datetime.now(zz).replace(microsecond=0)
    c = store.conn
    stamps = {
        "resident.updated_at": person["updated_at"], "resident.created_at": person["created_at"],
        "case.reported_at": case["reported_at"], "case.created_at": case["created_at"],
        **{f"outbox.{e}": t for e, t in c.execute("SELECT entity, created_at FROM outbox")},
        **{f"audit.{a}": t for a, t in c.execute("SELECT action, at FROM audit_log")},
    }
    for what, text in stamps.items():
        assert text.endswith("+08:00"), (what, text)
        moment = dt.datetime.fromisoformat(text)
        assert before <= moment <= after, (what, text)
        # what a screen shows (the stored text, app/ui/sync/sync_page.py) is the
        # wall clock in Zhengzhou
        shown = text.replace("T", " ")[:16]
        assert shown in {f"{t:%Y-%m-%d %H:%M}" for t in (before, after)}, (what, shown)
    assert visit["visited_on"] in {before.date().isoformat(), after.date().isoformat()}
