"""POST /sync/rows: the server's current state of specific rows, with exactly the
visibility of a snapshot page. A row the caller may not see (another grid, a
key-group tag without 防, an entity the role does not receive) is answered exactly
like an id that never existed."""
from __future__ import annotations

import json
import uuid

import sqlalchemy as sa

from server import db
from server.sync.scope import PULL_ENTITIES
from srvhelpers import resident, snapshot_all

G1, G2 = "410105003001001", "410105003001002"
ROLES = ("w1", "w2", "head1", "sup", "center", "dept", "root", "audit")


def world(device, units) -> dict:
    """Rows in two grids, a deleted resident, a care tag, a key-group tag and a
    deleted key-group tag, a case with its events, and a conflict."""
    w1, w2, sup, head = device("w1"), device("w2"), device("sup"), device("head1")
    a = w1.op("residents", "create", resident(units[G1], "甲"))
    b = w1.op("residents", "create", resident(units[G1], "乙"))
    c = w2.op("residents", "create", resident(units[G2], "丙", path=G2))
    assert {r["status"] for r in w1.push(a, b) + w2.push(c)} == {"applied"}
    w1.push(w1.op("residents", "delete", {}, entity_id=b["entity_id"], base_version=1))
    care = sup.op("resident_tags", "create", {"resident_id": a["entity_id"],
                                              "tag": "elderly_alone"})
    key = sup.op("resident_tags", "create", {"resident_id": a["entity_id"],
                                             "tag": "community_correction", "notes": "矫正"})
    gone_key = sup.op("resident_tags", "create", {"resident_id": a["entity_id"],
                                                  "tag": "drug_user"})
    assert {r["status"] for r in sup.push(care, key, gone_key)} == {"applied"}
    sup.push(sup.op("resident_tags", "delete", {}, entity_id=gone_key["entity_id"],
                    base_version=1))
    case_id, tx = str(uuid.uuid4()), str(uuid.uuid4())
    create = w1.op("cases", "create", dict(
        number=f"{G1}-20261128-rows01-{uuid.uuid4().hex[:4]}", grid_id=units[G1], path=G1,
        title="垃圾", category="exposed_garbage", source="patrol",
        created_at="2026-11-28T09:00:00+08:00"), entity_id=case_id, tx_id=tx)
    report = w1.op("case_events", "transition", dict(
        case_id=case_id, action="report", seq=1, actor_name="x", role="grid_worker",
        device_time="2026-11-28T09:00:00+08:00", data=json.dumps({"unit": units[G1]}),
        photos="[]"), tx_id=tx)
    assert [r["status"] for r in w1.push(create, report)] == ["applied", "applied"]
    w1.push(w1.op("residents", "patch", {"notes": "甲改"}, entity_id=a["entity_id"],
                  base_values={"notes": None}))
    res = head.push(head.op("residents", "patch", {"notes": "乙改"}, entity_id=a["entity_id"],
                            base_values={"notes": None}))[0]
    assert res["status"] == "conflict"
    return {"a": a["entity_id"], "b": b["entity_id"], "c": c["entity_id"],
            "care": care["entity_id"], "key": key["entity_id"],
            "gone_key": gone_key["entity_id"], "case": case_id}


def all_ids(store, entity: str) -> list[str]:
    t = db.conflicts if entity == "conflicts" else db.ENTITIES[entity]
    with store.read() as conn:
        return sorted(conn.execute(sa.select(t.c.id)).scalars())


def ask(dev, entity: str, ids: list[str]):
    return dev.post("/sync/rows", json={"entity": entity, "ids": ids})


def tombstones(dev) -> set:
    """(entity, id) of the deletions the change feed told this user about."""
    changes, _ = dev.pull_all()
    last = {}
    for ch in changes:
        last[(ch["entity"], ch["id"])] = ch
    return {k for k, ch in last.items() if ch.get("deleted") and not ch.get("removed")}


def test_rows_have_the_visibility_of_a_snapshot_page(store, device, units):
    world(device, units)
    for name in ROLES:
        dev = device(name)
        plan, snap = snapshot_all(dev, limit=50)
        dead = tombstones(dev)
        for entity in PULL_ENTITIES:
            ids = all_ids(store, entity)
            r = ask(dev, entity, ids)
            if entity not in plan["entities"]:
                # the same refusal as a snapshot page of that entity
                page = dev.get("/sync/snapshot", params={"entity": entity})
                assert (r.status_code, r.json()) == (page.status_code, page.json()), name
                continue
            assert r.status_code == 200, (name, r.text)
            body = r.json()
            live = {row["id"]: row for row in body["rows"] if not row.get("deleted")}
            want = {k[1]: v for k, v in snap.items() if k[0] == entity}
            assert live == want, (name, entity)
            deleted = {row["id"] for row in body["rows"] if row.get("deleted")}
            assert deleted == {k[1] for k in dead if k[0] == entity}, (name, entity)
            assert sorted(body["missing"]) == sorted(set(ids) - set(live) - deleted)


def test_hidden_rows_are_answered_like_rows_that_never_existed(device, units):
    w = world(device, units)
    w1, sup = device("w1"), device("sup")
    never = str(uuid.uuid4())
    for entity, hidden in (("resident_tags", w["key"]), ("resident_tags", w["gone_key"]),
                           ("residents", w["c"])):
        a, b = ask(w1, entity, [hidden]), ask(w1, entity, [never])
        assert a.status_code == b.status_code == 200
        assert a.json() == {"rows": [], "missing": [hidden]}
        assert b.json() == {"rows": [], "missing": [never]}
        assert len(a.content) == len(b.content)
    # with 防 the same ids are there: the key-group tag live, the deleted one a tombstone
    body = ask(sup, "resident_tags", [w["key"], w["gone_key"], never]).json()
    assert body["missing"] == [never]
    assert body["rows"][0]["id"] == w["key"] and body["rows"][0]["data"]["notes"] == "矫正"
    assert body["rows"][1] == {"id": w["gone_key"], "version": 2, "deleted": True}
    # the conflict about an ordinary field: the supervisor sees it with the authors' names
    conflicts = ask(sup, "conflicts", _conflict_ids(sup)).json()["rows"]
    assert conflicts and all(row["data"]["kept_author_name"] for row in conflicts)


def _conflict_ids(dev) -> list[str]:
    return [c["id"] for c in dev.get("/sync/conflicts").json()]


def test_rows_come_in_the_order_asked_and_once(device, units):
    w = world(device, units)
    w1 = device("w1")
    body = ask(w1, "residents", [w["b"], w["a"], w["c"], w["a"]]).json()
    assert [row["id"] for row in body["rows"]] == [w["b"], w["a"]]
    assert body["rows"][0] == {"id": w["b"], "version": 2, "deleted": True}
    assert body["rows"][1]["data"]["name"] == "甲" and "scope_path" not in body["rows"][1]["data"]
    assert body["missing"] == [w["c"]]


def test_bad_requests_get_a_clear_4xx(client, device, units):
    w1 = device("w1")
    cases = [({"entity": "residents", "ids": [str(uuid.uuid4()) for _ in range(501)]}, 422),
             ({"entity": "residents", "ids": ["a b"]}, 422),
             ({"entity": "residents", "ids": ["x" * 65]}, 422),
             ({"entity": "nope", "ids": []}, 422),
             ({"entity": "users", "ids": ["x"]}, 422),
             ({"entity": "Residents", "ids": ["x"]}, 422),
             ({"entity": "residents"}, 422),
             ({"entity": "residents", "ids": "abc"}, 422)]
    for body, status in cases:
        r = w1.post("/sync/rows", json=body)
        assert r.status_code == status, (body, r.text)
        assert r.json()["detail"]
    assert client.post("/sync/rows", json={"entity": "residents", "ids": []}).status_code == 401
    assert ask(w1, "residents", []).json() == {"rows": [], "missing": []}
    assert ask(device("root"), "residents", ["x"]).status_code == 403


def test_desktop_client_reads_rows_from_a_real_server(live_server, store, units):
    """app.sync.client.Client.rows against a real server process."""
    from app.sync.client import Client, ServerRefused
    from srvhelpers import PASSWORD
    w1 = Client(live_server)
    w1.login("w1", PASSWORD, device_id="pc-rows-1", device_name="PC")
    never = str(uuid.uuid4())
    body = w1.rows("org_units", [units[G1], units[G2], never])
    assert [r["id"] for r in body["rows"]] == [units[G1]]
    assert body["missing"] == [units[G2], never]
    assert body["rows"][0]["data"]["code"] == G1 and "scope_path" not in body["rows"][0]["data"]
    try:
        w1.rows("nope", [never])
    except ServerRefused as exc:
        assert exc.status == 422 and exc.code == "unknown_entity"
    else:
        raise AssertionError("an unknown entity is refused")
