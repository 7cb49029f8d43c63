"""Issue 13: the write paths. Every finding of the attack run that concerns what a
person can make the server write, reproduced against the real server application
(TestClient) on SQLite and PostgreSQL, and a Hypothesis test that random ops from
a grid worker never change anything outside their scope or rights.

- finding 1: ops held behind a device_seq gap run with their sender's rights;
- finding 3: a conflict resolution can't carry a row out of anyone's scope;
- finding 6: one poisoned held op never blocks a device;
- finding 11: case steps a role may never take are refused with nothing written,
  admin adds nothing to cases, refusals don't reveal a case's state or existence;
- finding 15 (server part): lat/long = Infinity or NaN is refused.
"""
from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa

from server import db
from srvhelpers import PASSWORD, resident

G1, G2, G3 = "410105003001001", "410105003001002", "410105003002001"


def rows(store, entity, **where):
    t = db.ENTITIES[entity] if entity in db.ENTITIES else getattr(db, entity)
    q = sa.select(t)
    for k, v in where.items():
        q = q.where(t.c[k] == v)
    with store.read() as conn:
        return [dict(r) for r in conn.execute(q).mappings()]


def row(store, entity, row_id):
    found = rows(store, entity, id=row_id)
    return found[0] if found else None


def event(dev, case_id, action, data=None):
    return dev.op("case_events", "transition", dict(
        case_id=case_id, action=action, seq=1, actor_name="x", role="community_supervisor",
        device_time="2026-11-28T09:00:00+08:00", data=json.dumps(data or {}), photos="[]"))


def new_case(dev, units, grid=G1):
    case_id = str(uuid.uuid4())
    create = dev.op("cases", "create", dict(
        number=f"{grid}-20261128-sec-{uuid.uuid4().hex[:6]}", grid_id=units[grid], path=grid,
        title="井盖缺失", category="exposed_garbage", source="patrol",
        created_at="2026-11-28T09:00:00+08:00"), entity_id=case_id)
    report = event(dev, case_id, "report", {"unit": units[grid]})
    assert [r["status"] for r in dev.push(create, report)] == ["applied", "applied"]
    return case_id


# ---------------------------------------------------------------- finding 1
def test_held_ops_run_with_their_senders_rights_not_the_gap_fillers(client, device, units,
                                                                     store):
    """A grid worker leaves ops behind a gap on a device; whoever fills the gap, the
    ops run as the worker: no key-group tag, nothing outside grid 1."""
    w1, w2 = device("w1"), device("w2")
    theirs = w2.op("residents", "create", resident(units[G2], "邻格", path=G2))
    w2.push(theirs)
    mine = w1.op("residents", "create", resident(units[G1], "本格"))
    w1.push(mine)
    tag = w1.op("resident_tags", "create", {"resident_id": mine["entity_id"],
                                            "tag": "drug_user"}, device_seq=3)
    rename = w1.op("residents", "patch", {"name": "改名"}, entity_id=theirs["entity_id"],
                   device_seq=4)
    assert [r["status"] for r in w1.push(tag, rename)] == ["held", "held"]
    # a supervisor signs in presenting the worker's device id and fills the gap
    r = client.post("/auth/login", json=dict(username="sup", password=PASSWORD,
                                             device_id=w1.device_id, device_name="PC w1"))
    assert r.status_code == 200, r.text
    sup_token = r.json()["access_token"]
    filler = w1.op("residents", "patch", {"notes": "补"}, entity_id=mine["entity_id"],
                   device_seq=2)
    client.post("/sync/push", json={"ops": [filler]},
                headers={"Authorization": f"Bearer {sup_token}"})
    # and the worker itself, as its desktop would (refused if the device was taken)
    w1.client.post("/sync/push", json={"ops": [filler]}, headers=w1.headers)
    assert not rows(store, "resident_tags", resident_id=mine["entity_id"]), \
        "a key-group tag was made with someone else's rights"
    assert row(store, "residents", theirs["entity_id"])["name"] == "邻格"
    outcomes = {r["op_id"]: r for r in rows(store, "applied_ops")}
    assert outcomes[tag["op_id"]]["outcome"]["status"] == "rejected"
    assert outcomes[rename["op_id"]]["outcome"]["status"] == "rejected"
    assert outcomes[tag["op_id"]]["user_id"] == outcomes[mine["op_id"]]["user_id"]


def test_held_ops_run_with_the_rights_their_sender_has_when_they_run(device, units, store,
                                                                     settings):
    """A supervisor's op waits behind a gap; meanwhile the supervisor loses 防 (now a
    grid worker): when the gap is filled the op runs with the rights of now."""
    from server import auth
    sup = device("sup")
    r = sup.op("residents", "create", resident(units[G1], "降级"))
    sup.push(r)
    tag = sup.op("resident_tags", "create", {"resident_id": r["entity_id"],
                                             "tag": "community_correction"}, device_seq=3)
    assert sup.push(tag)[0]["status"] == "held"
    with store.write() as conn:
        auth.update_user(conn, settings, "sup", role="grid_worker", scope_code=G1, now=0)
    filler = sup.op("residents", "patch", {"notes": "补"}, entity_id=r["entity_id"],
                    device_seq=2)
    assert sup.push(filler)[0]["status"] == "applied"
    assert not rows(store, "resident_tags", resident_id=r["entity_id"])
    outcome = {x["op_id"]: x["outcome"] for x in rows(store, "applied_ops")}[tag["op_id"]]
    assert outcome["status"] == "rejected" and outcome["code"] == "forbidden"


# ---------------------------------------------------------------- finding 6
def test_one_poisoned_held_op_never_blocks_a_device(device, units, store):
    w1 = device("w1")
    mine = w1.op("residents", "create", resident(units[G1], "毒"))
    w1.push(mine)
    same = str(uuid.uuid4())
    # the same op id at seq 3 (held) and then at seq 2
    a = w1.op("residents", "patch", {"notes": "A"}, entity_id=mine["entity_id"], device_seq=3)
    a["op_id"] = same
    assert w1.push(a)[0]["status"] == "held"
    # a lone surrogate and a 2 MB value in held ops
    bad_text = w1.op("residents", "patch", {"notes": "\ud800"}, entity_id=mine["entity_id"],
                     device_seq=4)
    huge = w1.op("residents", "patch", {"notes": "长" * (2 * 1024 * 1024)},
                 entity_id=mine["entity_id"], device_seq=5)
    inf = w1.op("residents", "patch", {"notes": "x"}, entity_id=mine["entity_id"],
                device_seq=6)
    inf["base_values"] = {"notes": float("inf")}
    body = json.dumps({"ops": [bad_text, huge, inf]}, allow_nan=True)
    r = w1.client.post("/sync/push", content=body.encode("utf-8", "surrogatepass"),
                       headers={**w1.headers, "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    assert [x["status"] for x in r.json()["results"]] == ["held"] * 3
    with store.read() as conn:    # the huge value was not kept
        kept = conn.execute(sa.select(db.held_ops.c.op).where(
            db.held_ops.c.op_id == huge["op_id"])).scalar_one()
        assert len(json.dumps(kept)) < 1000
    b = w1.op("residents", "patch", {"notes": "B"}, entity_id=mine["entity_id"], device_seq=2)
    b["op_id"] = same
    assert w1.push(b)[0]["status"] == "applied"
    # every later push works, and the ops after the poisoned ones ran
    w1.seq = 6
    for i in range(3):
        res = w1.push(w1.op("residents", "patch", {"notes": f"后{i}"},
                            entity_id=mine["entity_id"]))[0]
        assert res["status"] == "applied", res
    assert row(store, "residents", mine["entity_id"])["notes"] == "后2"
    outcomes = {r["op_id"]: r["outcome"] for r in rows(store, "applied_ops")}
    assert outcomes[bad_text["op_id"]]["code"] == "bad_value"
    assert outcomes[huge["op_id"]]["code"] in ("too_large", "bad_value")
    assert outcomes[inf["op_id"]]["code"] == "bad_value"
    assert not rows(store, "held_ops", device_id=w1.device_id)


def test_a_malformed_op_in_order_is_refused_alone(device, units, store):
    w1 = device("w1")
    mine = w1.op("residents", "create", resident(units[G1], "格式"))
    w1.push(mine)
    odd = w1.op("residents", "patch", {"notes": "ok"}, entity_id=mine["entity_id"])
    odd["changed"] = ["not", "an", "object"]
    fine = w1.op("residents", "patch", {"notes": "好"}, entity_id=mine["entity_id"])
    res = w1.push(odd, fine)
    assert res[0]["status"] == "rejected" and res[1]["status"] == "applied"


# ---------------------------------------------------------------- finding 3
def test_a_resolution_cannot_carry_a_row_out_of_scope(device, units, store):
    """Delete, then edit with another community's grid: the edit is refused (the
    worker couldn't move it there), and no resolution can put it there."""
    w1, sup = device("w1"), device("sup")
    r = w1.op("residents", "create", resident(units[G1], "越界"))
    w1.push(r)
    w1.push(w1.op("residents", "delete", {}, entity_id=r["entity_id"], base_version=1))
    escape = w1.op("residents", "patch", {"grid_id": units[G3], "path": G3},
                   entity_id=r["entity_id"], base_version=2)
    res = w1.push(escape)[0]
    assert res["status"] == "rejected" and res["code"] == "out_of_scope"
    assert not rows(store, "conflicts", entity_id=r["entity_id"])
    # a conflict that names another community is refused by the resolver's checks too
    with store.write() as conn:
        conn.execute(db.conflicts.insert().values(
            id="forged-1", entity="residents", entity_id=r["entity_id"], kind="edit_delete",
            field=None, kept_value=None, other_value={"grid_id": units[G3], "path": G3},
            state="open", version=1, server_seq=0, scope_path=row(store, "residents",
                                                                  r["entity_id"])["scope_path"],
            created_at="2026-11-28T09:00:00+08:00"))
    res = sup.push(sup.op("conflicts", "patch", {"resolution": "take_other"},
                          entity_id="forged-1"))[0]
    assert res["status"] == "rejected" and res["code"] == "out_of_scope"
    stored = row(store, "residents", r["entity_id"])
    assert stored["deleted_at"] and stored["grid_id"] == units[G1]


def test_resolve_over_http_gets_the_same_checks(device, units, store, client):
    w1, w1b, sup = device("w1"), device("w1"), device("sup")
    r = w1.op("residents", "create", resident(units[G1], "改电话", phone="13800000001"))
    w1.push(r)
    w1.push(w1.op("residents", "patch", {"phone": "13900000002"}, entity_id=r["entity_id"],
                  base_values={"phone": "13800000001"}))
    w1b.push(w1b.op("residents", "patch", {"phone": "13700000003"}, entity_id=r["entity_id"],
                    base_values={"phone": "13800000001"}))
    (c,) = rows(store, "conflicts", entity_id=r["entity_id"])
    bad = sup.post(f"/sync/conflicts/{c['id']}/resolve",
                   json={"resolution": "edit", "value": "12345"})
    assert bad.status_code == 422 and bad.json()["detail"]["code"] == "invalid"
    worker = w1.post(f"/sync/conflicts/{c['id']}/resolve", json={"resolution": "keep"})
    assert worker.status_code == 403
    assert row(store, "conflicts", c["id"])["state"] == "open"


# ---------------------------------------------------------------- finding 11
@pytest.mark.parametrize("action", ["accept", "dispatch", "verify_pass", "evaluate", "reject"])
def test_a_step_the_role_can_never_take_is_refused_with_nothing_written(device, units, store,
                                                                        action):
    w1 = device("w1")
    case_id = new_case(w1, units)
    before = rows(store, "case_events", case_id=case_id)
    data = {"dispatch": {"unit": units["410105D01"]},
            "evaluate": {"satisfaction": "satisfied"}}.get(action)
    res = w1.push(event(w1, case_id, action, data))[0]
    assert res["status"] == "rejected" and res["code"] == "forbidden"
    assert rows(store, "case_events", case_id=case_id) == before
    assert not rows(store, "conflicts", entity_id=case_id)
    assert row(store, "cases", case_id)["has_conflict"] == 0


def test_admin_adds_nothing_to_cases(device, units, store):
    w1, root = device("w1"), device("root")
    case_id = new_case(w1, units)
    for action, data in (("note", None), ("supervise", {"level": "red"})):
        res = root.push(event(root, case_id, action, data))[0]
        assert res["status"] == "rejected" and res["code"] == "forbidden"
    ev = rows(store, "case_events", case_id=case_id)[0]
    res = root.push(root.op("case_events", "attach", {"photos": ["a" * 64]},
                            entity_id=ev["id"]))[0]
    assert res["status"] == "rejected" and res["code"] == "forbidden"
    assert len(rows(store, "case_events", case_id=case_id)) == 1


def test_refusals_tell_nothing_about_a_case_out_of_scope(device, units, store):
    """The same answer for a case of another grid, closed or open, and for a case that
    does not exist."""
    w1, w2, sup = device("w1"), device("w2"), device("sup")
    open_case = new_case(w2, units, G2)
    closed = new_case(w2, units, G2)
    assert sup.push(event(sup, closed, "reject"))[0]["status"] == "applied"
    answers = set()
    for case_id in (open_case, closed, str(uuid.uuid4())):
        for action in ("note", "sign", "feedback"):
            res = w1.push(event(w1, case_id, action))[0]
            answers.add((res["status"], res.get("code"), res.get("message")))
    assert answers == {("rejected", "not_found", "case not found")}


# ---------------------------------------------------------------- finding 15 (server)
@pytest.mark.parametrize("lon,lat", [(float("inf"), 34.7), (113.6, float("nan")),
                                     (113.6, 95.0), (1e308 * 10, 0.0)])
def test_coordinates_must_be_finite_and_on_the_globe(device, units, store, lon, lat):
    w1 = device("w1")
    op = w1.op("cases", "create", dict(
        number=f"{G1}-20261128-inf-{uuid.uuid4().hex[:6]}", grid_id=units[G1], path=G1,
        title="坐标", category="exposed_garbage", source="patrol", lon=lon, lat=lat,
        created_at="2026-11-28T09:00:00+08:00"))
    body = json.dumps({"ops": [op]}, allow_nan=True)
    r = w1.client.post("/sync/push", content=body,
                       headers={**w1.headers, "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    assert r.json()["results"][0]["status"] == "rejected"
    assert row(store, "cases", op["entity_id"]) is None
