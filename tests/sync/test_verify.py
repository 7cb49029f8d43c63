"""Verification by content (issue 14, F1: ``/sync/verify`` compared ``id:version``
only, so a desktop whose rows were changed behind the app's back "matched").

A desktop's SQLCipher store is corrupted with direct SQL (a renamed resident, a
deleted row, a stray row, a case's state changed, all with their versions
untouched); the next verify finds the difference by content, fetches just those
rows from the server and erases the stray one, and leaves a local edit that has
not been pushed yet alone. Against real server processes on SQLite and
PostgreSQL."""
from __future__ import annotations

import datetime as dt
import json
import uuid

from app.models.domain import content
from app.models.store import migrations
from app.models.store import settings as app_settings
from app.models.roster.search import RosterQuery, query_page
from app.sync import verify as verifying
from app.sync.apply import _literal
from server import db
from synchelpers import assert_equals_server, heal, local_verify, resident_values


def _street(city, org, desk):
    """A supervisor's desktop holding residents (one tagged), a key-group tag and a
    case, all synced."""
    sup = desk(city.url, org.user("sup"))
    roster = sup.roster()
    people = [roster.create_resident(resident_values(name), grid_id=org.ids["g1"])
              for name in ("赵一", "钱二", "孙三", "李四")]
    roster.add_tag(people[0]["id"], "elderly_alone")
    roster.add_tag(people[1]["id"], "community_correction")
    case = sup.cases().create(title="井盖缺失", category="manhole_cover", grid_id=org.ids["g1"],
                              description="路口井盖没了")
    heal([sup])
    assert_equals_server(city, sup)
    return sup, people, case


def _behind_the_apps_back(d, sql: str, params=()) -> None:
    """Direct SQL on the encrypted store: no outbox op, no audit record, no index."""
    with d.store.transaction() as conn:
        conn.execute(sql, params)


def _corrupt(d, org, people, case) -> str:
    """Rename, delete, add a stray row, change a case's state. Returns the stray id."""
    stray = str(uuid.uuid4())
    _behind_the_apps_back(d, "UPDATE residents SET name = '冒名' WHERE id = ?", (people[0]["id"],))
    _behind_the_apps_back(d, "DELETE FROM residents WHERE id = ?", (people[2]["id"],))
    _behind_the_apps_back(
        d, "INSERT INTO residents (id, grid_id, name, id_type, residence_type, path, "
           "created_at, version, updated_at) VALUES (?, ?, '幽灵', 'resident_id', 'registered', "
           "?, '2026-12-01T09:00:00+08:00', 3, '2026-12-01T09:00:00+08:00')",
        (stray, org.ids["g1"], org.codes["g1"]))
    _behind_the_apps_back(d, "UPDATE cases SET state = 'closed' WHERE id = ?", (case["id"],))
    return stray


def _found(d, text: str) -> set[str]:
    rids, _ = query_page(d.store.conn, RosterQuery(text=text), None, limit=50)
    if not rids:
        return set()
    marks = ",".join("?" * len(rids))
    return {r[0] for r in d.q(f"SELECT id FROM residents WHERE rid IN ({marks})", rids)}


def test_corrupted_rows_are_repaired_and_an_unpushed_edit_is_untouched(any_city, any_org,
                                                                         desk):
    city, org = any_city, any_org
    sup, people, case = _street(city, org, desk)
    versions = dict(sup.q("SELECT id, version FROM residents"))
    stray = _corrupt(sup, org, people, case)
    # an edit made in the app and not pushed yet, on a row that differs from the server
    sup.roster().update_resident(people[3]["id"], {"notes": "本地未同步"})
    assert sup.outbox("pending")
    # the content differs although every version the server knows is unchanged
    assert dict(sup.q("SELECT id, version FROM residents WHERE id != ?", (stray,))) == {
        k: v for k, v in versions.items() if k != people[2]["id"]}
    server = sup.client.verify()["tables"]
    local = local_verify(sup, ["residents", "cases", "resident_tags"])
    assert local["residents"] != server["residents"] and local["cases"] != server["cases"]
    assert local["resident_tags"] == server["resident_tags"]

    report = verifying.run(sup.store, sup.client)

    assert report.different == ["residents", "cases"]
    # only the rows that differ were fetched: the renamed and the deleted resident, the case
    assert report.fetched == {"residents": 2, "cases": 1}
    assert report.erased == {"residents": 1}
    assert report.skipped == {"residents": 1}
    assert sup.row("residents", people[0]["id"])["name"] == "赵一"
    assert sup.row("residents", people[2]["id"])["name"] == "孙三"
    assert sup.row("residents", stray) is None
    assert sup.row("cases", case["id"])["state"] == city.row("cases", case["id"])["state"]
    # the search index follows: the real name is found again, the impostor is gone
    assert _found(sup, "赵一") == {people[0]["id"]} and not _found(sup, "冒名")
    assert _found(sup, "孙三") == {people[2]["id"]} and not _found(sup, "幽灵")
    # the unpushed edit is still there, still waiting to be sent
    assert sup.row("residents", people[3]["id"])["notes"] == "本地未同步"
    assert [o["entity_id"] for o in sup.outbox("pending")] == [people[3]["id"]]
    # once it is sent, the desktop equals the server by content
    sup.sync()
    assert city.row("residents", people[3]["id"])["notes"] == "本地未同步"
    assert_equals_server(city, sup)


def test_the_engine_verifies_periodically_and_records_counts_only(any_city, any_org, desk):
    city, org = any_city, any_org
    sup, people, case = _street(city, org, desk)
    stray = _corrupt(sup, org, people, case)
    # the first sync's full download was verified; an ordinary sync within the day is not
    sup.sync()
    assert sup.row("residents", stray) is not None
    # a day later it is
    _behind_the_apps_back(sup, "UPDATE meta SET value = ? WHERE key = ?", (
        (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=25)).isoformat(),
        verifying.VERIFIED_AT))
    result = sup.sync()
    assert {"residents", "cases"} <= result.changed
    assert sup.row("residents", stray) is None
    assert sup.row("residents", people[0]["id"])["name"] == "赵一"
    assert_equals_server(city, sup)
    kind, repaired, error = sup.q("SELECT kind, repaired, error FROM sync_log "
                                  "ORDER BY id DESC LIMIT 1")[0]
    assert (kind, repaired, error) == ("verify", 4, None)
    (detail,) = [json.loads(r[0]) for r in sup.q(
        "SELECT detail FROM audit_log WHERE action = 'sync.verify' ORDER BY seq")]
    assert detail == {"different": ["residents", "cases"],
                      "fetched": {"residents": 2, "cases": 1}, "erased": {"residents": 1}}
    names = [p["name"] for p in people] + ["冒名", "幽灵"]
    assert not any(n in json.dumps(detail, ensure_ascii=False) for n in names)
    # nothing differs any more: the next verify repairs nothing and records no audit
    assert verifying.run(sup.store, sup.client).repaired == 0


def test_verify_hours_zero_verifies_only_after_a_full_resync(city, org, desk):
    sup, people, case = _street(city, org, desk)
    app_settings.set(sup.store, "sync.verify_hours", 0)
    _corrupt(sup, org, people, case)
    _behind_the_apps_back(sup, "DELETE FROM meta WHERE key = ?", (verifying.VERIFIED_AT,))
    sup.sync()
    assert sup.row("residents", people[0]["id"])["name"] == "冒名"
    assert verifying.due(sup.store.conn, resynced=True)
    # a full resync (here: the server's retention passed) is always verified after
    _behind_the_apps_back(sup, "UPDATE sync_state SET resync_reason = 'retention'")
    assert sup.sync().resynced == "retention"
    assert_equals_server(city, sup)


def test_a_worker_without_key_group_rights_matches_without_repairs(city, org, desk):
    """Verify covers what a desktop may hold: a worker's desktop, which never gets the
    key-group tags of its grid, equals the server and is never "repaired"."""
    sup, people, _ = _street(city, org, desk)
    w1 = desk(city.url, org.user("w1"))
    assert w1.row("resident_tags", sup.q("SELECT id FROM resident_tags WHERE tag = "
                                         "'community_correction'")[0][0]) is None
    assert verifying.run(w1.store, w1.client).different == []
    assert_equals_server(city, w1)


def test_server_nulls_equal_desktop_defaults(city, org, desk):
    """The server may hold NULL where the desktop's NOT NULL column holds its default
    (a row that came without the field): the same content, no repair."""
    sup, people, case = _street(city, org, desk)
    t = db.ENTITIES["residents"]
    with city.db.write() as conn:
        conn.execute(t.update().where(t.c.id == people[1]["id"]).values(
            status=None, in_service_party_member=None))
    assert sup.row("residents", people[1]["id"])["status"] == "living"
    assert verifying.run(sup.store, sup.client).different == []


def test_content_columns_are_the_columns_both_sides_hold(tmp_path):
    """The canonical encoding covers exactly the columns the desktop and the server
    share, and its defaults are the desktop schema's."""
    from app.models.store.database import open_store
    store = open_store(tmp_path / "d")
    server_only = {"id", "version", "deleted_at", "updated_at", "updated_by", "updated_device",
                   "server_seq",
                   "scope_path", "scope_path2"}
    local_only = {"id", "rid", "version", "deleted_at", "updated_at", "kept_author_name",
                  "other_author_name"}
    try:
        assert set(content.ENTITIES) == set(db.ENTITIES) | {"conflicts"}
        for entity, cols in content.COLUMNS.items():
            table = db.conflicts if entity == "conflicts" else db.ENTITIES[entity]
            assert set(cols) == {c.name for c in table.c} - server_only, entity
            info = store.conn.execute(f"PRAGMA table_info({entity})").fetchall()
            assert set(cols) == {r[1] for r in info} - local_only, entity
            defaults = {r[1]: _literal(r[4]) for r in info
                        if r[3] and r[4] is not None and r[1] in cols}
            assert content.DEFAULTS.get(entity, {}) == defaults, entity
        assert store.schema_version == migrations.LATEST
    finally:
        store.close()


def test_one_encoding_on_both_sides():
    """What means the same encodes the same; what differs does not."""
    cols = content.COLUMNS
    event = dict.fromkeys(cols["case_events"])
    event.update(case_id="c", seq=1, action="note", role="grid_worker", photos=None,
                 data='{"b": 1, "a": [1, 2]}', conflict=False)
    desk_event = {**event, "photos": "[]", "data": '{"a":[1,2],"b":1}', "conflict": 0}
    assert content.row_digest("case_events", "e", 2, [event[c] for c in cols["case_events"]],
                              decoded=True) == \
        content.row_digest("case_events", "e", 2, [desk_event[c] for c in cols["case_events"]],
                           decoded=False)
    conflict = dict.fromkeys(cols["conflicts"])
    conflict.update(entity="residents", entity_id="r", kind="field", state="open",
                    kept_value="13800000001", other_value={"deleted": True})
    local = {**conflict, "kept_value": json.dumps("13800000001"),
             "other_value": '{"deleted": true}'}
    assert content.digest_of("conflicts", {"id": "k", "version": 1, **conflict}, decoded=True) \
        == content.digest_of("conflicts", {"id": "k", "version": 1, **local}, decoded=False)
    # a number where the server holds the text of it is a difference
    assert content.digest_of("conflicts", {"id": "k", "version": 1, **conflict}, decoded=True) \
        != content.digest_of("conflicts", {"id": "k", "version": 1, **conflict,
                                           "kept_value": "13800000001"}, decoded=False)
    case = dict.fromkeys(cols["cases"], None)
    a = content.digest_of("cases", {"id": "c", "version": 1, **case, "lon": 113.0}, decoded=True)
    b = content.digest_of("cases", {"id": "c", "version": 1, **case, "lon": 113}, decoded=False)
    assert a == b
    assert a != content.digest_of("cases", {"id": "c", "version": 2, **case, "lon": 113},
                                  decoded=False)
    assert a != content.digest_of("cases", {"id": "c", "version": 1, **case, "lon": 113.5},
                                  decoded=True)
    # a table's hash does not depend on the order its rows are read in
    s1, s2 = content.Summary(), content.Summary()
    rows = [(f"id{i}", content.digest_of("cases", {"id": f"id{i}", "version": i, **case},
                                         decoded=True)) for i in range(50)]
    for r in rows:
        s1.add(*r)
    for r in reversed(rows):
        s2.add(*r)
    assert s1.table() == s2.table() and s1.buckets() == s2.buckets()


def test_stray_child_rows_of_a_vanished_parent_go_too(city, org, desk):
    """Rows the server does not have are erased whatever their table, children
    included, without tripping over foreign keys."""
    sup, people, case = _street(city, org, desk)
    ghost, tag = str(uuid.uuid4()), str(uuid.uuid4())
    _behind_the_apps_back(
        sup, "INSERT INTO residents (id, grid_id, name, id_type, residence_type, path, "
             "created_at, version, updated_at) VALUES (?, ?, '幽灵', 'resident_id', "
             "'registered', ?, '2026-12-01T09:00:00+08:00', 1, '2026-12-01T09:00:00+08:00')",
        (ghost, org.ids["g1"], org.codes["g1"]))
    _behind_the_apps_back(sup, "INSERT INTO resident_tags (id, resident_id, tag, version, "
                               "updated_at) VALUES (?, ?, 'elderly_alone', 1, '2026-12-01')",
                          (tag, ghost))
    report = verifying.run(sup.store, sup.client)
    assert report.erased == {"residents": 1, "resident_tags": 1}
    assert sup.row("residents", ghost) is None and sup.row("resident_tags", tag) is None
    assert sup.q("PRAGMA foreign_key_check(resident_tags)") == []
    assert_equals_server(city, sup)


def test_server_rows_match_server_digests(city, org, desk):
    """A row fetched with /sync/rows and encoded on the desktop has the digest the
    server lists for it: the two sides compute one encoding."""
    sup, people, case = _street(city, org, desk)
    for entity in ("residents", "resident_tags", "cases", "case_events", "org_units"):
        ids = [r[0] for r in sup.q(f"SELECT id FROM {entity}")]
        listed = sup.client.verify_digests(entity, list(range(content.BUCKETS)))
        assert set(listed) == set(ids), entity
        for row in sup.client.rows(entity, ids)["rows"]:
            fetched = {**row["data"], "id": row["id"], "version": row["version"]}
            assert content.digest_of(entity, fetched, decoded=True) == listed[row["id"]], entity
        assert listed and verifying.local_digests(sup.store.conn, entity) == listed, entity


def test_a_resyncs_verify_runs_at_the_next_sync(city, org, desk):
    """A full resync does not check the rows it just wrote in the same run (as long
    again for a street); the next sync owes and runs that verify, and repairs what
    went wrong in between."""
    sup, people, case = _street(city, org, desk)
    app_settings.set(sup.store, "sync.verify_hours", 0)

    def verifies():
        return sup.q("SELECT count(*) FROM sync_log WHERE kind = 'verify'")[0][0]
    _behind_the_apps_back(sup, "UPDATE sync_state SET resync_reason = 'retention'")
    before = verifies()
    assert sup.sync().resynced == "retention"
    assert verifies() == before
    _corrupt(sup, org, people, case)
    sup.sync()                                  # the owed verify: it repairs
    assert verifies() == before + 1
    assert_equals_server(city, sup)
    sup.sync()                                  # paid: verify_hours 0 asks no more
    assert verifies() == before + 1
