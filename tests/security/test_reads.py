"""Issue 13, read side: what a reader can learn from the change feed, photos and the
Open311 intake about rows they may not read. Each finding is reproduced against a
real server (TestClient on SQLite and PostgreSQL, through the ``db_url`` fixtures)
the way an attacker would try it.

- #2 key-group tags (重点人群) leak to roles without 防 through the change feed:
  removals, ids that sort next to their resident, counts, page boundaries.
- #8 photos: auditor and admin download resident photos; anyone gains read access
  to a photo by attaching its known sha256 to a row of their own.
- #12 Open311: any key reads any case by its (sequential) number, with the
  description, the address and the coordinates.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import time
import uuid

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from app.models.domain.ids import uuid7
from server import db, migrations
from server.app import create_app
from server.config import Settings
from srvfixtures import seed
from srvhelpers import fresh_id_number, PG_URL, Clock, Device, pg_schema_url, resident

G1, G2 = "410105003001001", "410105003001002"
KEY_TAGS = ("community_correction", "released_prisoner", "severe_mental", "drug_user")
NAMES = ("王一", "李二", "张三", "赵四")


# ---------------------------------------------------------------- helpers
@pytest.fixture
def twin(db_url, tmp_path, clock):
    """A second, independent server with the same org tree, users and clock: the
    state the worker should see "as if the key-group tags never existed"."""
    drop = None
    if db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'twin.db'}"
    else:
        schema = "t_" + uuid.uuid4().hex[:12]
        admin = sa.create_engine(db.normalize_url(PG_URL))
        with admin.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        url = pg_schema_url(PG_URL, schema)

        def drop():
            with admin.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
            admin.dispose()
    settings = Settings(db_url=url, blob_dir=str(tmp_path / "twin-blobs"), argon2_time_cost=1,
                        argon2_memory_kib=1024, max_chunk=64 * 1024)
    store = db.Store(url)
    migrations.migrate(store)
    units = seed(store, settings)
    twin_clock = Clock()
    twin_clock.t = clock.t
    app = create_app(settings, store=store, clock=twin_clock)
    with TestClient(app) as client:
        yield client, units
    store.dispose()
    if drop:
        drop()


def names_of(client) -> dict:
    """Ids the two servers make differently (org units, users) -> a stable name, so
    two servers' feeds can be compared."""
    store = client.app.state.store
    with store.read() as conn:
        o, u = db.ENTITIES["org_units"], db.users
        out = {i: f"unit:{c}" for i, c in conn.execute(sa.select(o.c.id, o.c.code))}
        out.update({i: f"user:{n}" for i, n in conn.execute(sa.select(u.c.id, u.c.username))})
    return out


def normalized(value, names: dict):
    if isinstance(value, dict):
        return {k: normalized(v, names) for k, v in value.items()
                if not (k == "updated_at" and "code" in value)}   # org units: seeded now
    if isinstance(value, list):
        return [normalized(v, names) for v in value]
    if isinstance(value, str):
        return names.get(value, value)
    return value


def pages(dev: Device, cursor: int = 0, limit: int = 3) -> list[dict]:
    out = []
    while True:
        r = dev.get("/sync/changes", params={"cursor": cursor, "limit": limit})
        assert r.status_code == 200, r.text
        page = r.json()
        page.pop("epoch")          # each server's own
        out.append({"cursor": cursor, **page})
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return out


NUMBERS = [fresh_id_number() for _ in range(8)]   # the same people on both servers


def street(client, units, *, key_tags: str, ids: dict) -> dict:
    """The supervisor records four residents of grid 1 with a care tag and a visit
    each. ``key_tags``: "none", "last" (one push after everything else) or
    "interleaved" (each resident's key-group tag pushed with the resident, right
    after it, as a desktop does)."""
    sup = Device(client, "sup")
    for i, name in enumerate(NAMES):
        rid = ids["residents"][i]
        ops = [sup.op("residents", "create", resident(units[G1], name, id_number=NUMBERS[i]),
                      entity_id=rid)]
        if key_tags == "interleaved":
            ops.append(sup.op("resident_tags", "create", {"resident_id": rid,
                                                          "tag": KEY_TAGS[i]},
                              entity_id=ids["key"][i]))
        ops.append(sup.op("resident_tags", "create", {"resident_id": rid,
                                                      "tag": "elderly_alone"},
                          entity_id=ids["care"][i]))
        ops.append(sup.op("visits", "create", {"resident_id": rid, "grid_id": units[G1],
                                               "visited_on": "2026-11-20", "kind": "care"},
                          entity_id=ids["visits"][i]))
        assert {r["status"] for r in sup.push(*ops)} == {"applied"}
    if key_tags == "last":
        ops = [sup.op("resident_tags", "create", {"resident_id": ids["residents"][i],
                                                  "tag": KEY_TAGS[i], "notes": "矫正期"},
                      entity_id=ids["key"][i]) for i in range(len(NAMES))]
        assert {r["status"] for r in sup.push(*ops)} == {"applied"}
    return ids


def fresh_ids() -> dict:
    return {"residents": [uuid7() for _ in NAMES], "care": [str(uuid.uuid4()) for _ in NAMES],
            "visits": [uuid7() for _ in NAMES], "key": [str(uuid.uuid4()) for _ in NAMES]}


def assert_nothing_about(page_list: list[dict], hidden: list[str]) -> None:
    text = json.dumps(page_list, ensure_ascii=False)
    for i in hidden:
        assert i not in text, "a key-group tag's id reached a role without 防"
    assert "矫正" not in text


def assert_cursors_reveal_nothing(page_list: list[dict]) -> None:
    """Each next_cursor is the cursor asked with or a change the reader received:
    never the number of a change they could not see."""
    for page in page_list:
        seen = {c["server_seq"] for c in page["changes"]}
        assert page["next_cursor"] == page["cursor"] or page["next_cursor"] in seen, page


# ---------------------------------------------------------------- finding 2: the feed
@pytest.mark.parametrize("limit", [1, 3, 500])
def test_worker_feed_is_the_same_as_if_key_group_tags_never_existed(client, units, twin,
                                                                     limit):
    """The attack of the report: a grid worker pulls from cursor 0. With the key-group
    tags pushed last (the order that leaves every other number alone), every page,
    every cursor and has_more must equal those of a server that never had them."""
    ids = fresh_ids()
    street(client, units, key_tags="last", ids=ids)
    twin_client, twin_units = twin
    street(twin_client, twin_units, key_tags="none", ids=ids)

    mine = pages(Device(client, "w1"), limit=limit)
    other = pages(Device(twin_client, "w1"), limit=limit)
    assert_nothing_about(mine, ids["key"])
    assert normalized(mine, names_of(client)) == normalized(other, names_of(twin_client))
    assert_cursors_reveal_nothing(mine)
    # the grid head (also without 防) the same; the supervisor gets them
    assert_nothing_about(pages(Device(client, "head1"), limit=limit), ids["key"])
    sup_feed = json.dumps(pages(Device(client, "sup"), limit=limit))
    assert all(i in sup_feed for i in ids["key"])


def test_worker_feed_interleaved_with_key_group_tags(client, units, twin):
    """Key-group tags pushed with their residents (what desktops do): the worker's
    pages hold the same changes, in the same sizes, as on a server without them; no
    page ends on a number the worker cannot see, whatever cursor is asked for."""
    ids = fresh_ids()
    street(client, units, key_tags="interleaved", ids=ids)
    twin_client, twin_units = twin
    street(twin_client, twin_units, key_tags="none", ids=ids)
    w1, twin_w1 = Device(client, "w1"), Device(twin_client, "w1")

    def shape(page_list, names):
        return [([normalized({k: v for k, v in c.items() if k != "server_seq"}, names)
                  for c in p["changes"]], p["has_more"]) for p in page_list]

    for limit in (1, 2, 5):
        mine = pages(w1, limit=limit)
        assert_nothing_about(mine, ids["key"])
        assert_cursors_reveal_nothing(mine)
        assert shape(mine, names_of(client)) == shape(pages(twin_w1, limit=limit),
                                                      names_of(twin_client))
    # every cursor a crafted client could send, including the numbers of hidden changes
    head = client.app.state.store
    with head.read() as conn:
        top = conn.execute(sa.select(sa.func.max(db.changes.c.server_seq))).scalar()
    for cursor in range(0, top + 1):
        for limit in (1, 2):
            r = w1.get("/sync/changes", params={"cursor": cursor, "limit": limit})
            page = {"cursor": cursor, **r.json()}
            assert_nothing_about([page], ids["key"])
            assert_cursors_reveal_nothing([page])


def test_snapshot_pages_match_the_feed_for_a_worker(client, units):
    ids = street(client, units, key_tags="interleaved", ids=fresh_ids())
    from srvhelpers import snapshot_all
    w1 = Device(client, "w1")
    plan, rows = snapshot_all(w1, limit=1)
    assert not {i for (e, i) in rows if e == "resident_tags"} & set(ids["key"])
    assert set(ids["care"]) <= {i for (e, i) in rows if e == "resident_tags"}
    assert_nothing_about([rows and {k[1]: v for k, v in rows.items()}], ids["key"])


def test_tag_turned_key_group_reaches_the_worker_as_a_removal_and_back(client, units):
    """care -> key: the worker loses the row it held (a removal, carrying the version
    it was removed at, not a count of later hidden edits); key -> care: it comes
    back as a new row."""
    ids = street(client, units, key_tags="none", ids=fresh_ids())
    sup, w1 = Device(client, "sup"), Device(client, "w1")
    tag = ids["care"][0]
    _, cursor = w1.pull_all()
    res = sup.push(sup.op("resident_tags", "patch", {"tag": "drug_user"}, entity_id=tag,
                          base_version=1))[0]
    assert res["status"] == "applied", res
    removed_at = res["version"]
    for n in range(3):      # edits of the now hidden row
        res = sup.push(sup.op("resident_tags", "patch", {"notes": f"随访{n}"},
                              entity_id=tag))[0]
        assert res["status"] == "applied", res
    changes, cursor2 = w1.pull_all(cursor)
    mine = [c for c in changes if c["id"] == tag]
    assert [(c.get("removed"), c["version"], "data" in c) for c in mine] == [
        (True, removed_at, False)]
    assert "随访" not in json.dumps(changes, ensure_ascii=False)
    # the supervisor ends the key-group tag: it is a care tag again
    back = sup.push(sup.op("resident_tags", "patch", {"tag": "elderly_alone", "notes": None},
                           entity_id=tag))[0]
    changes, _ = w1.pull_all(cursor2)
    mine = [c for c in changes if c["id"] == tag]
    assert len(mine) == 1 and mine[0]["data"]["tag"] == "elderly_alone"
    assert mine[0]["version"] == back["version"]


def test_conflicts_about_key_group_tags_leave_no_trace_for_a_worker(client, units):
    ids = street(client, units, key_tags="last", ids=fresh_ids())
    sup, center = Device(client, "sup"), Device(client, "center")
    key = ids["key"][0]
    center.push(center.op("resident_tags", "patch", {"notes": "甲"}, entity_id=key,
                          base_values={"notes": "矫正期"}))
    res = sup.push(sup.op("resident_tags", "patch", {"notes": "乙"}, entity_id=key,
                          base_values={"notes": "矫正期"}))[0]
    assert res["status"] == "conflict"
    w1 = Device(client, "w1")
    feed = pages(w1, limit=2)
    assert_nothing_about(feed, ids["key"] + [res["conflict_id"]])
    assert_cursors_reveal_nothing(feed)
    assert res["conflict_id"] in json.dumps(pages(Device(client, "sup")))


def test_conflict_about_a_tag_that_turns_key_group_is_removed_from_the_worker(client,
                                                                            units):
    ids = street(client, units, key_tags="none", ids=fresh_ids())
    sup, center, w1 = Device(client, "sup"), Device(client, "center"), Device(client, "w1")
    tag = ids["care"][1]
    center.push(center.op("resident_tags", "patch", {"notes": "甲"}, entity_id=tag,
                          base_values={"notes": None}))
    res = sup.push(sup.op("resident_tags", "patch", {"notes": "乙"}, entity_id=tag,
                          base_values={"notes": None}))[0]
    assert res["status"] == "conflict"
    held, cursor = w1.pull_all()
    assert res["conflict_id"] in {c["id"] for c in held if "data" in c}
    sup.push(sup.op("resident_tags", "patch", {"tag": "key_petitioner"}, entity_id=tag))
    changes, _ = w1.pull_all(cursor)
    assert {(c["entity"], c["id"]) for c in changes if c.get("removed")} >= {
        ("resident_tags", tag), ("conflicts", res["conflict_id"])}
    assert not [c for c in changes if "data" in c and c["id"] in (tag, res["conflict_id"])]


# ---------------------------------------------------------------- key-group tag ids
def test_desktop_makes_key_group_tags_with_random_ids(tmp_path):
    """A desktop's tag ids carry no time: a UUIDv7 tag id sorts right after its
    resident's id and names the tagged resident."""
    from app.models.write.unit import Actor
    from app.models.roster.repository import Roster
    from app.models.store.database import open_store

    local = open_store(tmp_path / "pc")
    try:
        roster = Roster(local, Actor("u-sup", "书记", "community_supervisor"))
        city = roster.create_org_unit("4101", "郑州市", "city")
        grid = roster.create_org_unit("410105003001001", "第一网格", "grid", city["id"])
        person = roster.create_resident({"name": "张三丰", "id_number": "11010519491231002X",
                                         "residence_type": "registered"}, grid_id=grid["id"])
        for tag in ("community_correction", "elderly_alone"):
            made = roster.add_tag(person["id"], tag)
            assert uuid.UUID(made["id"]).version == 4, made["id"]
            sent = local.conn.execute("SELECT changed FROM outbox WHERE entity_id = ?",
                                      (made["id"],)).fetchone()
            assert json.loads(sent[0])["tag"] == tag
    finally:
        local.close()


def test_server_refuses_time_ordered_ids_for_key_group_tags(client, units):
    sup = Device(client, "sup")
    person = sup.op("residents", "create", resident(units[G1], "钱五"))
    assert sup.push(person)[0]["status"] == "applied"
    rid = person["entity_id"]
    ordered = uuid7()
    res = sup.push(sup.op("resident_tags", "create", {"resident_id": rid,
                                                      "tag": "community_correction"},
                          entity_id=ordered))[0]
    assert (res["status"], res["code"]) == ("rejected", "ordered_id"), res
    assert "random" in res["message"]
    # a care tag made by an older desktop (UUIDv7) is fine, but it cannot become a
    # key-group tag under that id
    care = sup.op("resident_tags", "create", {"resident_id": rid, "tag": "elderly_alone"},
                  entity_id=uuid7())
    assert sup.push(care)[0]["status"] == "applied"
    res = sup.push(sup.op("resident_tags", "patch", {"tag": "drug_user"},
                          entity_id=care["entity_id"]))[0]
    assert (res["status"], res["code"]) == ("rejected", "ordered_id"), res
    # nor are other shapes that sort by creation (not a UUID at all, or UUIDv1/v6)
    for bad in (f"{rid}-k", str(uuid.uuid1())):
        res = sup.push(sup.op("resident_tags", "create", {"resident_id": rid,
                                                          "tag": "drug_user"},
                              entity_id=bad))[0]
        assert (res["status"], res["code"]) == ("rejected", "ordered_id"), (bad, res)
    ok = sup.push(sup.op("resident_tags", "create", {"resident_id": rid, "tag": "drug_user"},
                         entity_id=str(uuid.uuid4())))[0]
    assert ok["status"] == "applied"
    tags = {c["id"]: c["data"]["tag"] for c in Device(client, "sup").pull_all()[0]
            if c["entity"] == "resident_tags" and "data" in c}
    assert tags[care["entity_id"]] == "elderly_alone" and ordered not in tags


# ---------------------------------------------------------------- finding 8: photos
def chunk_headers(dev, offset, total, data):
    return {**dev.headers, "Upload-Offset": str(offset), "Upload-Length": str(total),
            "Upload-Checksum": "sha256 " + base64.b64encode(hashlib.sha256(data).digest()
                                                            ).decode(),
            "Content-Type": "application/offset+octet-stream"}


def upload(client, dev, data: bytes, chunk: int = 40_000) -> None:
    """The desktop's upload: ask for the offset, then send the rest in chunks."""
    sha = hashlib.sha256(data).hexdigest()
    head = client.head(f"/blobs/{sha}", headers=dev.headers)
    if head.status_code == 200:
        return
    offset = int(head.headers["Upload-Offset"])
    while True:
        piece = data[offset:offset + chunk]
        r = client.patch(f"/blobs/{sha}", content=piece,
                         headers=chunk_headers(dev, offset, len(data), piece))
        assert r.status_code == 200, r.text
        offset = r.json()["offset"]
        if r.json()["state"] == "available":
            return


def new_case(dev, units, grid=G1, photos=()):
    case_id = str(uuid.uuid4())
    tx = str(uuid.uuid4())
    create = dev.op("cases", "create", dict(
        number=f"{grid}-20261127-abc123-{uuid.uuid4().hex[:6]}", grid_id=units[grid],
        path=grid, title="暴露垃圾", category="exposed_garbage", source="patrol",
        created_at="2026-11-27T09:00:00+08:00"), entity_id=case_id, tx_id=tx)
    report = dev.op("case_events", "transition", dict(
        case_id=case_id, action="report", device_time="2026-11-27T09:00:00+08:00",
        data=json.dumps({"unit": units[grid]}), photos=json.dumps(list(photos))), tx_id=tx)
    return case_id, report["entity_id"], dev.push(create, report)


def visit_with_photo(dev, units, sha, grid=G1) -> str:
    """A visit naming the photo, pushed before the bytes go up (the desktop pushes
    its ops first and uploads photos after)."""
    person = dev.op("residents", "create", resident(units[grid], "孙七", path=grid))
    visit = dev.op("visits", "create", {"resident_id": person["entity_id"],
                                         "grid_id": units[grid], "visited_on": "2026-11-20",
                                         "kind": "care", "photos": json.dumps([sha])})
    assert [r["status"] for r in dev.push(person, visit)] == ["applied"] * 2
    return visit["entity_id"]


def photo() -> tuple[bytes, str]:
    data = b"\xff\xd8\xff\xe0" + os.urandom(90_000)
    return data, hashlib.sha256(data).hexdigest()


def test_auditor_and_admin_cannot_download_resident_photos(client, device, units):
    w1 = device("w1")
    data, sha = photo()
    visit_with_photo(w1, units, sha)
    upload(client, w1, data)
    assert client.get(f"/blobs/{sha}", headers=device("sup").headers).content == data
    for name in ("audit", "root", "dept", "w2"):
        dev = device(name)
        assert client.get(f"/blobs/{sha}", headers=dev.headers).status_code == 404, name
        # and HEAD does not say the photo exists either
        assert client.head(f"/blobs/{sha}", headers=dev.headers).status_code == 404, name


def test_a_foreign_sha256_on_ones_own_rows_is_refused_and_grants_nothing(client, device,
                                                                         units):
    """w2 (grid 2) knows the sha256 of a photo on a grid-1 visit and names it on rows
    of their own, through every op that carries photos."""
    w1, w2 = device("w1"), device("w2")
    data, sha = photo()
    visit_with_photo(w1, units, sha)
    upload(client, w1, data)

    case_id, event_id, results = new_case(w2, units, grid=G2, photos=[sha])
    assert results[0]["status"] == "applied"
    assert (results[1]["status"], results[1]["code"]) == ("rejected", "photo_refused"), results
    case_id, event_id, results = new_case(w2, units, grid=G2)
    assert [r["status"] for r in results] == ["applied"] * 2
    mine = w2.op("residents", "create", resident(units[G2], "周八", path=G2))
    assert w2.push(mine)[0]["status"] == "applied"
    attempts = [
        w2.op("case_events", "attach", {"photos": [sha]}, entity_id=event_id),
        w2.op("case_events", "transition", dict(case_id=case_id, action="photo",
                                                device_time="2026-11-27T10:00:00+08:00",
                                                photos=json.dumps([sha]))),
        w2.op("visits", "create", {"resident_id": mine["entity_id"], "grid_id": units[G2],
                                   "visited_on": "2026-11-21", "kind": "routine",
                                   "photos": json.dumps([sha])}),
    ]
    for op in attempts:
        res = w2.push(op)[0]
        assert (res["status"], res.get("code")) == ("rejected", "photo_refused"), (op, res)
        assert "upload" in res["message"]
    visit = w2.op("visits", "create", {"resident_id": mine["entity_id"],
                                       "grid_id": units[G2], "visited_on": "2026-11-21",
                                       "kind": "routine", "photos": "[]"})
    assert w2.push(visit)[0]["status"] == "applied"
    res = w2.push(w2.op("visits", "patch", {"photos": json.dumps([sha])},
                        entity_id=visit["entity_id"]))[0]
    assert (res["status"], res.get("code")) == ("rejected", "photo_refused"), res
    assert client.get(f"/blobs/{sha}", headers=w2.headers).status_code == 404
    assert sha not in json.dumps(w2.pull_all()[0])


def test_a_squatted_upload_gives_no_claim_to_the_photo(client, device, units):
    """w2 starts an upload under the sha256 of a photo they do not have (garbage
    bytes); w1 then uploads the real photo. w1's upload is not disturbed, and w2
    can neither read the photo nor name it on a row."""
    w1, w2 = device("w1"), device("w2")
    data, sha = photo()
    junk = os.urandom(30_000)
    r = client.patch(f"/blobs/{sha}", content=junk, headers=chunk_headers(w2, 0, len(data),
                                                                         junk))
    assert r.status_code == 200
    visit_with_photo(w1, units, sha)
    head = client.head(f"/blobs/{sha}", headers=w1.headers)
    assert int(head.headers["Upload-Offset"]) == 0     # w1's own upload, not w2's bytes
    upload(client, w1, data)
    assert client.get(f"/blobs/{sha}", headers=device("sup").headers).content == data
    _, event_id, results = new_case(w2, units, grid=G2)
    res = w2.push(w2.op("case_events", "attach", {"photos": [sha]}, entity_id=event_id))[0]
    assert (res["status"], res.get("code")) == ("rejected", "photo_refused"), res
    assert client.get(f"/blobs/{sha}", headers=w2.headers).status_code == 404


def test_photos_are_read_through_rows_the_reader_may_read(client, device, units):
    w1, w1b = device("w1"), device("head1")
    data, sha = photo()
    visit_with_photo(w1, units, sha)
    upload(client, w1, data)
    # another reader of grid 1 may read it and name it on a case of their own
    assert client.get(f"/blobs/{sha}", headers=w1b.headers).content == data
    _, event_id, _ = new_case(w1b, units)
    res = w1b.push(w1b.op("case_events", "attach", {"photos": [sha]}, entity_id=event_id))[0]
    assert res["status"] == "applied", res
    # the same bytes, had by someone else, are theirs to name once they upload them
    w2 = device("w2")
    upload(client, w2, data)
    assert client.get(f"/blobs/{sha}", headers=w2.headers).status_code == 404
    _, event_id, _ = new_case(w2, units, grid=G2)
    res = w2.push(w2.op("case_events", "attach", {"photos": [sha]}, entity_id=event_id))[0]
    assert res["status"] == "applied", res
    assert client.get(f"/blobs/{sha}", headers=w2.headers).content == data


def test_a_deleted_visit_no_longer_opens_its_photo(client, device, units):
    """Reads follow rows, for the uploader too: they had the bytes; what they may
    read now is decided by the rows they may read now."""
    w1, sup = device("w1"), device("sup")
    data, sha = photo()
    visit = visit_with_photo(w1, units, sha)
    upload(client, w1, data)
    assert client.get(f"/blobs/{sha}", headers=sup.headers).content == data
    res = w1.push(w1.op("visits", "delete", {}, entity_id=visit, base_version=1))[0]
    assert res["status"] == "applied", res
    for dev in (w1, sup):
        assert client.get(f"/blobs/{sha}", headers=dev.headers).status_code == 404


# ---------------------------------------------------------------- finding 12: Open311
def add_key(client, name, channel="hotline"):
    from server.open311 import add_api_key
    with client.app.state.store.write() as conn:
        return add_api_key(conn, name, channel, time.time())


def open311_request(client, key, **extra):
    services = client.get("/open311/v2/services.json").json()
    r = client.post("/open311/v2/requests.json", data={
        "api_key": key, "service_code": services[0]["service_code"],
        "attribute[grid_code]": G1, "description": "楼道里有人吸毒，在3号楼2单元",
        "address_string": "经三路 3 号楼 2 单元", "lat": "34.78", "long": "113.66",
        "first_name": "三", "last_name": "张", "phone": "13812345678", **extra})
    assert r.status_code == 200, r.text
    return r.json()[0]["service_request_id"]


def test_open311_keys_read_only_their_own_requests_and_only_public_fields(client, units):
    a, b = add_key(client, "12345 热线"), add_key(client, "随手拍", "snapshot")
    first, second = open311_request(client, a), open311_request(client, a)
    mine = client.get(f"/open311/v2/requests/{first}.json", params={"api_key": a})
    assert mine.status_code == 200
    [req] = mine.json()
    assert req["service_request_id"] == first and req["status"] == "open"
    assert req["requested_datetime"] and req["service_code"]
    text = json.dumps(mine.json(), ensure_ascii=False)
    for secret in ("吸毒", "3号楼", "经三路", "34.78", "113.66", "13812345678", "张"):
        assert secret not in text, secret
    assert not {"description", "address", "lat", "long"} & set(req)
    # key B learns nothing of key A's requests: not by id, not in a list
    other = client.get(f"/open311/v2/requests/{first}.json", params={"api_key": b})
    unknown = client.get(f"/open311/v2/requests/{uuid.uuid4().hex}.json", params={"api_key": b})
    assert other.status_code == unknown.status_code == 404
    assert other.json() == unknown.json()
    listed = client.get("/open311/v2/requests.json",
                        params={"api_key": b, "service_request_id": f"{first},{second}"})
    assert listed.status_code == 200 and listed.json() == []
    # the case number the workers see is no handle from outside
    store = client.app.state.store
    with store.read() as conn:
        numbers = list(conn.execute(sa.select(db.ENTITIES["cases"].c.number)).scalars())
    assert len(numbers) == 2
    for number in numbers:
        assert client.get(f"/open311/v2/requests/{number}.json",
                          params={"api_key": a}).status_code == 404


def test_open311_ids_are_unguessable(client, units):
    key = add_key(client, "12345 热线")
    ids = [open311_request(client, key) for _ in range(3)]
    assert len(set(ids)) == 3
    for i in ids:
        assert len(i) >= 22 and G1 not in i and "hot" not in i
    # no shared prefix that would make the next one guessable
    assert len(os.path.commonprefix(ids)) < 4


def test_a_conflict_naming_a_key_group_tag_stays_with_prevent(client, units):
    """The supervisor makes a care tag a drug-user tag; the centre, working from the
    care tag, makes it a disability tag. The row ends as a care tag, and the conflict
    keeps the other value, "drug_user": that conflict is for 防 only."""
    ids = street(client, units, key_tags="none", ids=fresh_ids())
    sup, center, w1 = Device(client, "sup"), Device(client, "center"), Device(client, "w1")
    tag = ids["care"][2]
    _, cursor = w1.pull_all()
    assert sup.push(sup.op("resident_tags", "patch", {"tag": "drug_user"}, entity_id=tag,
                           base_values={"tag": "elderly_alone"}))[0]["status"] == "applied"
    res = center.push(center.op("resident_tags", "patch", {"tag": "disabled"}, entity_id=tag,
                                base_values={"tag": "elderly_alone"}))[0]
    assert res["status"] == "conflict", res
    feed = pages(w1, cursor=cursor, limit=2)
    assert "drug_user" not in json.dumps(feed)
    assert res["conflict_id"] not in json.dumps(feed)
    assert_cursors_reveal_nothing(feed)
    assert res["conflict_id"] not in json.dumps(w1.get("/sync/conflicts").json())
    from srvhelpers import snapshot_all
    _, rows = snapshot_all(w1)
    assert ("conflicts", res["conflict_id"]) not in rows
    assert res["conflict_id"] in json.dumps(sup.get("/sync/conflicts").json())
    # the tag then turns key-group: the worker loses the tag, and hears nothing of the
    # conflict they never had
    turned = sup.push(sup.op("resident_tags", "patch", {"tag": "severe_mental"},
                             entity_id=tag))[0]
    assert turned["status"] == "applied", turned
    feed = pages(w1, cursor=cursor, limit=2)
    assert res["conflict_id"] not in json.dumps(feed)
    assert ("resident_tags", tag) in {(c["entity"], c["id"]) for p in feed
                                      for c in p["changes"] if c.get("removed")}


# ---------------------------------------------------------------- real desktops
def test_desktops_key_group_tags_reach_prevent_roles_only(any_city, any_org, desk):
    """End to end, real desktops and a real server: the supervisor's desktop records a
    key-group tag (its id made on the desktop is accepted by the server), the grid
    worker's desktop never holds it nor anything about it; a care tag turned key-group
    leaves the worker's desktop."""
    from synchelpers import resident_values
    sup, w1 = desk(any_city.url, any_org.user("sup")), desk(any_city.url, any_org.user("w1"))
    person = sup.roster().create_resident(resident_values("吴九"), grid_id=any_org.ids["g1"])
    key = sup.roster().add_tag(person["id"], "community_correction", notes="矫正期至2027年")
    care = sup.roster().add_tag(person["id"], "elderly_alone")
    sup.sync()
    assert {o["state"] for o in sup.outbox()} == {"applied"}, sup.outbox()
    w1.sync()
    assert w1.row("residents", person["id"]) is not None
    assert w1.row("resident_tags", care["id"]) is not None
    assert w1.row("resident_tags", key["id"]) is None
    # the pages the worker's desktop pulled held nothing of it either
    text = json.dumps(w1.client.changes(0, limit=1000), ensure_ascii=False)
    assert key["id"] not in text and "矫正" not in text
    # the supervisor makes the care tag a key-group tag: it leaves the worker's desktop
    from app.models.write.unit import unit_of_work
    with unit_of_work(sup.store, sup.actor) as w:
        w.patch("resident_tags", care["id"], {"tag": "drug_user"})
    sup.sync()
    assert {o["state"] for o in sup.outbox()} == {"applied"}, sup.outbox()
    w1.sync()
    assert w1.row("resident_tags", care["id"]) is None
    assert sup.row("resident_tags", care["id"])["tag"] == "drug_user"
