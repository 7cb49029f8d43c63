"""Key-group tags (重点人群, PIPL sensitive) reach only roles holding 防 (domain.md
§2–§3: the community supervisor and the centre operator): not in changes, not in
snapshots, not in verify counts, not through conflicts, and a worker can neither
make nor touch one."""
from __future__ import annotations

from app.models.domain import content

from srvhelpers import replay, resident, snapshot_all

G1 = "410105003001001"


def tagged_resident(device, units):
    sup = device("sup")
    person = sup.op("residents", "create", resident(units[G1], "王五"))
    care = sup.op("resident_tags", "create", {"resident_id": person["entity_id"],
                                              "tag": "elderly_alone"})
    key = sup.op("resident_tags", "create", {"resident_id": person["entity_id"],
                                             "tag": "community_correction",
                                             "notes": "矫正期至2027年"})
    assert [r["status"] for r in sup.push(person, care, key)] == ["applied"] * 3
    return sup, person["entity_id"], care["entity_id"], key["entity_id"]


def tag_ids(rows):
    return {k[1] for k in rows if k[0] == "resident_tags"}


def test_key_group_tags_only_for_roles_with_prevent(device, units):
    sup, _, care, key = tagged_resident(device, units)
    for name, sees in (("w1", False), ("head1", False), ("sup", True), ("center", True)):
        dev = device(name)
        want = {care, key} if sees else {care}
        changes, _ = dev.pull_all()
        assert {c["id"] for c in changes if c["entity"] == "resident_tags"
                and "data" in c} == want, name
        assert "矫正期" not in str(changes) or sees
        _, rows = snapshot_all(dev)
        assert tag_ids(rows) == want, name
        # verify counts and hashes what the desktop can hold, so a worker's desktop
        # agrees with the server instead of "repairing" forever
        check = dev.get("/sync/verify").json()["tables"]["resident_tags"]
        held = content.Summary()
        for i in want:
            row = rows[("resident_tags", i)]
            values = {**row["data"], "id": i, "version": row["version"]}
            held.add(i, content.digest_of("resident_tags", values, decoded=True))
        assert check == held.table(), name


def test_worker_can_neither_make_nor_touch_key_group_tags(device, units):
    sup, person, care, key = tagged_resident(device, units)
    w1 = device("w1")
    res = w1.push(w1.op("resident_tags", "create", {"resident_id": person,
                                                    "tag": "drug_user"}))[0]
    assert (res["status"], res["code"]) == ("rejected", "forbidden")
    for op in (w1.op("resident_tags", "patch", {"notes": "看看"}, entity_id=key),
               w1.op("resident_tags", "delete", {}, entity_id=key, base_version=1)):
        res = w1.push(op)[0]
        assert (res["status"], res["code"]) == ("rejected", "not_found")
    res = w1.push(w1.op("resident_tags", "patch", {"tag": "severe_mental"},
                        entity_id=care))[0]
    assert (res["status"], res["code"]) == ("rejected", "forbidden")
    # nothing changed for the supervisor
    tags = {k[1]: v["data"] for k, v in replay(sup).items() if k[0] == "resident_tags"}
    assert tags[key]["notes"] == "矫正期至2027年" and tags[care]["tag"] == "elderly_alone"


def test_a_tag_that_becomes_key_group_is_removed_from_a_worker(device, units):
    sup, _, care, _ = tagged_resident(device, units)
    w1 = device("w1")
    _, cursor = w1.pull_all()
    sup.push(sup.op("resident_tags", "patch", {"tag": "key_petitioner"}, entity_id=care))
    changes, _ = w1.pull_all(cursor)
    mine = [c for c in changes if c["id"] == care]
    assert mine and mine[-1].get("removed") and "data" not in mine[-1]
    assert care not in {k[1] for k in replay(w1) if k[0] == "resident_tags"}


def test_conflicts_about_key_group_tags_stay_with_prevent(device, units):
    sup, _, _, key = tagged_resident(device, units)
    center = device("center")
    center.push(center.op("resident_tags", "patch", {"notes": "甲"}, entity_id=key,
                          base_values={"notes": "矫正期至2027年"}))
    res = sup.push(sup.op("resident_tags", "patch", {"notes": "乙"}, entity_id=key,
                          base_values={"notes": "矫正期至2027年"}))[0]
    assert res["status"] == "conflict"
    assert len(sup.get("/sync/conflicts").json()) == 1
    w1 = device("w1")
    assert w1.get("/sync/conflicts").json() == []
    assert not [c for c in w1.pull_all()[0] if c["entity"] == "conflicts" and "data" in c]
    _, rows = snapshot_all(w1)
    assert not [k for k in rows if k[0] == "conflicts"]
    assert w1.get("/sync/verify").json()["tables"]["conflicts"]["count"] == 0


def test_an_upgraded_database_stops_showing_its_key_group_changes(db_url, tmp_path):
    """A city database from before migration step 6 holds changes of key-group tags
    written for everyone: the upgrade marks them for 防 only, and carries who
    uploaded each photo over to the per-user uploads."""
    import uuid

    import sqlalchemy as sa
    from fastapi.testclient import TestClient

    from server import db, migrations
    from server.app import create_app
    from server.config import Settings
    from srvfixtures import seed
    from srvhelpers import Device

    settings = Settings(db_url=db_url, blob_dir=str(tmp_path / "blobs"), argon2_time_cost=1,
                        argon2_memory_kib=1024)
    store = db.Store(db_url)
    try:
        migrations.migrate(store, target=4)
        units = seed(store, settings)
        with TestClient(create_app(settings, store=store, migrate=False)) as client:
            sup = Device(client, "sup")
            person = sup.op("residents", "create", resident(units[G1], "王五"))
            key = sup.op("resident_tags", "create", {"resident_id": person["entity_id"],
                                                     "tag": "drug_user"},
                         entity_id=str(uuid.uuid4()))
            care = sup.op("resident_tags", "create", {"resident_id": person["entity_id"],
                                                      "tag": "elderly_alone"})
            assert [r["status"] for r in sup.push(person, key, care)] == ["applied"] * 3
            w1_id = Device(client, "w1").get("/auth/me").json()["user_id"]
        sha = "ab" * 32
        with store.write() as conn:   # back to the shape before step 6
            conn.execute(db.blobs.insert().values(
                sha256=sha, size=3, received=3, state="available", uploaded_by=w1_id,
                created_at="2026-11-01T00:00:00+00:00"))
            conn.execute(sa.text("ALTER TABLE changes DROP COLUMN audience"))
            conn.execute(sa.text("ALTER TABLE changes DROP COLUMN version"))
            conn.execute(sa.text("DROP TABLE blob_uploads"))
            conn.execute(sa.text("DROP TABLE open311_requests"))
        assert migrations.migrate(store) == [s for s in migrations.step_numbers() if s > 4]
        with TestClient(create_app(settings, store=store)) as client:
            changes, _ = Device(client, "w1").pull_all()
            assert key["entity_id"] not in str(changes)
            assert care["entity_id"] in {c["id"] for c in changes if "data" in c}
            assert key["entity_id"] in str(Device(client, "sup").pull_all()[0])
        with store.read() as conn:
            ch = db.changes
            audience = dict(conn.execute(sa.select(ch.c.entity_id, ch.c.audience).where(
                ch.c.entity == "resident_tags")).all())
            assert audience == {key["entity_id"]: db.FOR_PREVENT,
                                care["entity_id"]: db.FOR_ALL}
            up = db.blob_uploads
            assert conn.execute(sa.select(up.c.user_id, up.c.completed_at.is_not(None))
                                .where(up.c.sha256 == sha)).all() == [(w1_id, True)]
        assert migrations.migrate(store) == []
    finally:
        store.dispose()
