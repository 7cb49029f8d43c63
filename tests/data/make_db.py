"""How tests/data/v2.db … v11.db were made: a small but representative GridDesk
database at each desktop schema version, for tests/sync/test_saved_databases.py,
which opens each with today's code, migrates it forward and checks that every row
is there, search works and the outbox still pushes to a city server.

    .venv/bin/python tests/data/make_db.py 7        # one version (2..11)
    .venv/bin/python tests/data/make_db.py all      # 2..11, and the manifest for v1

``v1.db`` is not rebuilt here: it was written by the version-1 code itself
(``make_v1_db.py``); this script only records its manifest. Every other file is
made by ``migrations.migrate(store, target=N)`` and then writes that are valid at
version N, through the write path where the app of that version wrote through it
(a unit of work: row + outbox op + audit record) and as the sync engine of that
version stored server state where it came from a server. Regenerate a file only
when it must change: the point is a database of that version, kept.

The key: every file is encrypted with ``KEY`` below, the same fixed test key as
v1.db (``make_v1_db.V1_KEY``, 32 ASCII bytes used as the raw key; never used for
anything but these fixtures). Open one with
``Store(path, StaticKeyProvider(KEY))``.

What each file holds (N = the version; all in 第一网格 of v1.db's org tree, with v1's
org unit ids, so one city server can hold them all):
  org units   v1's five (郑州市 › … › 第一网格): pending creates made locally before
              v6 (as v1 did), server state (version 1, no op) from v6 on
  addresses   estate N (N号院) › 1号楼 › 1单元 › 101室, pending creates
  household   H000N in 101室
  residents   a head (60+, 独居老人 tag, a care visit), a spouse (phone changed once,
              still pending), a floating resident, and one made then deleted
  cases (v3+) 路灯不亮 reported with the head involved, and a note event
  party (v7+) the spouse is a party member who took part in the visit and the case
  sync (v6+)  history from an earlier server: a household and resident whose ops
              are applied (rows at version 1), a phone edit answered as a conflict
              with the open conflict mirrored, the sync state, cursor, epoch, a
              sync log and the device secret that server issued
              (``device_secret``); v9+: a calendar dictionary synced; v10+: an
              occupation edit refused and tried again (``retried_by``, ``label``)

``saved_dbs.json`` beside the files records, per version, what each holds (row
counts, outbox states, residents, cases, and which pending ops a server should
apply): the test compares the migrated file with it.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_spec = importlib.util.spec_from_file_location("make_v1_db", HERE / "make_v1_db.py")
V1 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(V1)

KEY = V1.V1_KEY                 # the fixed test key of every saved database
VERSIONS = range(1, 12)         # desktop schema versions with a saved database
# Steps that reached main together with a later one, so that no installed desktop ever
# held a database at that version: 12 (houses, organizations), 13 (short case numbers),
# 14 (五星 assessments) and 15 (the houses' and organizations' search) landed in one
# round (2026-12-06); a desktop goes from 11 straight to 15. The next schema step
# saves v15.db.
NEVER_SHIPPED = (12, 13, 14)
MANIFEST = HERE / "saved_dbs.json"
TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 10, 30)      # the cases' clock (Zhengzhou time)
SURNAMES = {2: "赵", 3: "钱", 4: "孙", 5: "李", 6: "周", 7: "吴", 8: "郑", 9: "冯", 10: "陈", 11: "褚"}
TABLES = ("org_units", "addresses", "households", "residents", "resident_tags", "visits",
          "cases", "case_events", "case_residents", "outbox", "audit_log", "conflicts",
          "sync_log", "dictionaries", "blobs")


def path_of(version: int) -> Path:
    return HERE / f"v{version}.db"


def id_number(version: int, n: int, birth: dt.date) -> str:
    from app.models.domain import rules
    first17 = f"410105{birth:%Y%m%d}{version:02d}{n}"
    return first17 + rules.id_check_char(first17)


def phone(version: int, n: int) -> str:
    return f"1380000{version:02d}{n:02d}"


def device_secret(version: int) -> str:
    """The device secret an earlier server issued the v6+ files' device (test only)."""
    return f"saved-db-device-secret-v{version}"


def v1_org_units() -> list[dict]:
    """v1.db's org tree (ids included), read from the file."""
    from app.models.store.database import Store
    from app.models.store.keys import StaticKeyProvider
    store = Store(path_of(1), StaticKeyProvider(KEY), create=False, migrate=False)
    try:
        cur = store.conn.execute("SELECT id, code, name, level, kind, parent_id, path, "
                                 "party_branch, party_secretary FROM org_units ORDER BY path")
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]
    finally:
        store.close()


def build(version: int) -> Path:
    from app.models.roster.repository import Roster, load_rows
    from app.models.store import migrations
    from app.models.store.database import Store
    from app.models.store.keys import StaticKeyProvider
    from app.models.write.unit import Actor, unit_of_work

    assert 2 <= version <= 11, "v1.db is made by make_v1_db.py"
    path = path_of(version)
    orgs = v1_org_units()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = Store(path, StaticKeyProvider(KEY), migrate=False)
    assert migrations.migrate(store, target=version) == list(range(1, version + 1))
    actor = Actor("worker-1", "王网格", "grid_worker")
    store.device_id  # noqa: B018 - the device id is made with the store
    roster = Roster(store, actor, today=TODAY)
    s = SURNAMES[version]

    if version < 6:      # made on the desktop, as v1 did: pending creates
        for row in orgs:
            with unit_of_work(store, actor) as w:
                w.create("org_units", dict(row))
    else:                # from the server: rows at version 1, no ops
        with store.transaction():
            load_rows(store, "org_units", [dict(row) for row in orgs], version=1)
    grid = next(o for o in orgs if o["kind"] == "grid")

    if version >= 6:
        _history(store, roster, actor, grid, version)

    estate = roster.create_address("estate", f"{version:03d}", f"{version}号院",
                                   grid_id=grid["id"])
    building = roster.create_address("building", "001", "1号楼", parent_id=estate["id"])
    unit = roster.create_address("unit", "01", "1单元", parent_id=building["id"])
    room = roster.create_address("room", "0101", "101室", parent_id=unit["id"], floor=1)
    household = roster.create_household(f"H{version:04d}", grid_id=grid["id"],
                                        room_id=room["id"])
    head = roster.create_resident(
        {"name": f"{s}建国", "id_number": id_number(version, 1, dt.date(1950, 3, version)),
         "phone": phone(version, 1), "residence_type": "registered"},
        household_id=household["id"], relation="self")
    spouse = roster.create_resident(
        {"name": f"{s}秀兰", "id_number": id_number(version, 2, dt.date(1975, 6, version)),
         "phone": phone(version, 2), "residence_type": "registered",
         **({"political_status": "01"} if version >= 7 else {})},
        household_id=household["id"], relation="spouse")
    roster.create_resident(
        {"name": f"{s}德华", "id_number": id_number(version, 3, dt.date(1990, 9, version)),
         "residence_type": "floating"}, grid_id=grid["id"])
    gone = roster.create_resident(
        {"name": f"{s}过客", "id_number": id_number(version, 4, dt.date(1985, 1, version)),
         "residence_type": "floating"}, grid_id=grid["id"])
    roster.delete_resident(gone["id"])
    roster.add_tag(head["id"], "elderly_alone", since="2025-01-01")
    visit = roster.record_visit(resident_id=head["id"], kind="care",
                                findings="身体状况良好，已提醒冬季取暖安全")
    roster.update_resident(spouse["id"], {"phone": phone(version, 12)})

    if version >= 3:
        from app.models.cases.repository import Cases
        cases = Cases(store, actor, now=lambda: NOW)
        case = cases.create(title="路灯不亮", category="streetlight_out", grid_id=grid["id"],
                            description=f"{version}号院门口路灯不亮", resident_ids=[head["id"]])
        cases.act(case["id"], "note", note="已联系路灯所")
        if version >= 7:
            from app.models.roster import party
            party.record_visit_participation(store, actor, visit["id"], [spouse["id"]])
            party.record_case_participation(cases, case["id"], [spouse["id"]])

    if version >= 9:
        from app.models.store import dictionaries
        notice = json.loads((ROOT / "resources/dictionaries/calendar/2026.json")
                            .read_text(encoding="utf-8"))
        with store.transaction() as conn:
            dictionaries.save(conn, "calendar", 2, [notice], "2026-11-27T20:00:00+08:00")

    if version >= 11:
        # answered ops carry their answer time, as the v11 engine records it
        with store.transaction() as conn:
            conn.execute("UPDATE outbox SET confirmed_at = '2026-11-27T18:00:00+08:00' "
                         "WHERE confirmed_at IS NULL AND state IN ('applied', 'conflict', "
                         "'rejected')")

    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("VACUUM")
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def _history(store, roster, actor, grid: dict, version: int) -> None:
    """What an earlier sync left (schema v6+): ops the server applied (their rows at
    version 1), an edit answered as a conflict with the conflict mirrored, refused
    and retried ops (v10), the sync state and log."""
    from app.models.domain.ids import uuid7
    from app.models.roster import search
    from app.models.write.unit import unit_of_work

    s = SURNAMES[version]
    household = roster.create_household(f"L{version:04d}", grid_id=grid["id"])
    old = roster.create_resident(
        {"name": f"{s}老根", "id_number": id_number(version, 5, dt.date(1940, 2, version)),
         "phone": phone(version, 5), "residence_type": "registered"},
        household_id=household["id"], relation="self")
    roster.add_tag(old["id"], "very_old", since="2020-02-01")
    conn = store.conn
    synced_at = "2026-11-27T18:00:00+08:00"
    with store.transaction():
        ops = conn.execute("SELECT op_id, entity, entity_id FROM outbox WHERE state = "
                           "'pending' AND entity != 'org_units' ORDER BY device_seq").fetchall()
        for seq, (op_id, entity, entity_id) in enumerate(ops, start=1):
            conn.execute("UPDATE outbox SET state = 'applied', server_seq = ?, attempts = 1 "
                         "WHERE op_id = ?", (seq, op_id))
            conn.execute(f"UPDATE {entity} SET version = 1 WHERE id = ?", (entity_id,))
    server_seq = len(ops)
    # a phone edit that met another device's edit: the server kept the other value
    roster.update_resident(old["id"], {"phone": phone(version, 15)})
    conflict_id = uuid7()
    with store.transaction():
        (op_id,) = conn.execute("SELECT op_id FROM outbox ORDER BY device_seq DESC LIMIT 1"
                                ).fetchone()
        server_seq += 1
        conn.execute("UPDATE outbox SET state = 'conflict', server_seq = ?, conflict_id = ?, "
                     "attempts = 1 WHERE op_id = ?", (server_seq, conflict_id, op_id))
        conn.execute("UPDATE residents SET phone = ?, version = 2 WHERE id = ?",
                     (phone(version, 25), old["id"]))
        search.reindex_where(conn, "r.id = ?", (old["id"],))    # as the engine does
        conn.execute(
            "INSERT INTO conflicts(id, entity, entity_id, kind, field, kept_value, other_value,"
            " kept_author, other_author, kept_author_name, other_author_name, kept_at, "
            "other_at, op_id, state, created_at, version, updated_at) VALUES (?, 'residents', "
            "?, 'field', 'phone', ?, ?, 'worker-2', 'worker-1', '李网格', '王网格', ?, ?, ?, "
            "'open', ?, 1, ?)",
            (conflict_id, old["id"], json.dumps(phone(version, 25)),
             json.dumps(phone(version, 15)), synced_at, synced_at, op_id, synced_at,
             synced_at))
        conn.execute("UPDATE sync_state SET cursor = ?, server_epoch = 'epoch-2026-old', "
                     "scope_version = 1, last_success_at = ? WHERE id = 1",
                     (server_seq, synced_at))
        conn.execute("INSERT INTO sync_log(started_at, finished_at, kind, pushed, pulled, "
                     "conflicts) VALUES (?, ?, 'sync', ?, ?, 1)",
                     ("2026-11-27T17:59:58+08:00", synced_at, server_seq, server_seq))
        for key, value in (("sync.server_url", "https://griddesk.old.example"),
                           ("sync.user", {"user_id": "worker-1", "username": "worker1",
                                          "display_name": "王网格", "role": "grid_worker"})):
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)",
                         (key, json.dumps(value, ensure_ascii=False)))
        # the secret the server issued this device (kept raw, as app/sync/session.py does)
        conn.execute("INSERT INTO meta(key, value) VALUES ('device_secret', ?)",
                     (device_secret(version),))
    if version >= 10:
        # refused by the server (the record's name kept), then tried again: a new op
        roster.update_resident(old["id"], {"occupation": "门卫"})
        with store.transaction():
            (op_id,) = conn.execute("SELECT op_id FROM outbox ORDER BY device_seq DESC "
                                    "LIMIT 1").fetchone()
            conn.execute("UPDATE outbox SET state = 'rejected', attempts = 1, label = ?, "
                         "last_error = 'forbidden: the rights of whoever sent this change "
                         "have ended' WHERE op_id = ?", (old["name"], op_id))
            conn.execute("UPDATE residents SET occupation = NULL WHERE id = ?", (old["id"],))
        with unit_of_work(store, actor) as w:
            w.patch("residents", old["id"], {"occupation": "门卫"})
            (new_op,) = w.conn.execute("SELECT op_id FROM outbox ORDER BY device_seq DESC "
                                       "LIMIT 1").fetchone()
            w.conn.execute("UPDATE outbox SET retried_by = ? WHERE op_id = ?", (new_op, op_id))


def manifest_of(version: int) -> dict:
    """What the file at ``version`` holds, read without migrating it."""
    from app.models.store.database import Store
    from app.models.store.keys import StaticKeyProvider
    store = Store(path_of(version), StaticKeyProvider(KEY), create=False, migrate=False)
    try:
        c = store.conn
        assert store.schema_version == version
        have = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        counts = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in TABLES if t in have}
        states = dict(c.execute("SELECT state, count(*) FROM outbox GROUP BY state"))
        residents = {r[0]: {"name": r[1], "id_number": r[2], "phone": r[3],
                            "deleted": r[4] is not None}
                     for r in c.execute("SELECT id, name, id_number, phone, deleted_at "
                                        "FROM residents")}
        cases = {}
        if "cases" in have:
            cases = {r[0]: {"number": r[1], "state": r[2], "events": r[3]} for r in c.execute(
                "SELECT c.id, c.number, c.state, (SELECT count(*) FROM case_events e "
                "WHERE e.case_id = c.id) FROM cases c")}
        # pending ops a city server holding v1's org tree takes: all but the org units
        # (made on a desktop before sync existed) and edits of rows from an earlier
        # server (version > 0: this server never had them)
        applied = sorted({e for e, t in c.execute(
            "SELECT o.entity_id, o.entity FROM outbox o WHERE o.state = 'pending' "
            "AND o.entity != 'org_units'")
            if _local_only(c, t, e)})
        answered = c.execute("SELECT max(device_seq) FROM outbox WHERE state != 'pending'"
                             ).fetchone()[0]
        return {"schema_version": version, "counts": counts, "outbox_states": states,
                "residents": residents, "cases": cases, "server_applies": applied,
                "device_id": store.meta("device_id"), "last_answered_seq": answered,
                "size": path_of(version).stat().st_size}
    finally:
        store.close()


def _local_only(conn, table: str, row_id: str) -> bool:
    row = conn.execute(f"SELECT version FROM {table} WHERE id = ?", (row_id,)).fetchone()
    return row is not None and row[0] == 0


def write_manifest(versions) -> None:
    data = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}
    for v in versions:
        data[str(v)] = manifest_of(v)
    MANIFEST.write_text(json.dumps(dict(sorted(data.items(), key=lambda kv: int(kv[0]))),
                                   ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1 or (argv[0] != "all" and not argv[0].isdigit()):
        print(__doc__.split("\n\n")[1])
        return 2
    versions = [v for v in VERSIONS if v >= 2] if argv[0] == "all" else [int(argv[0])]
    for v in versions:
        if v == 1:
            continue
        print(f"wrote {build(v)} ({path_of(v).stat().st_size // 1024} KiB)")
    write_manifest([1, *versions] if argv[0] == "all" else versions)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
