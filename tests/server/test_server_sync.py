"""Push and pull per sync-protocol.md: scope on every read and write, idempotent
op ids, device_seq gaps held, conflicts, case transitions via the shared state
machine."""
from __future__ import annotations

import json
import uuid

from srvhelpers import resident

G1, G2 = "410105003001001", "410105003001002"


def ids(changes, entity):
    return {c["id"] for c in changes if c["entity"] == entity and not c.get("deleted")}


def test_worker_sees_own_grid_only(device, units):
    w1, w2, sup = device("w1"), device("w2"), device("sup")
    r1 = w1.op("residents", "create", resident(units[G1], "张三"))
    r2 = w2.op("residents", "create", resident(units[G2], "李四", path=G2))
    assert w1.push(r1)[0]["status"] == "applied"
    assert w2.push(r2)[0]["status"] == "applied"
    seen1, _ = w1.pull_all()
    assert ids(seen1, "residents") == {r1["entity_id"]}
    # the org tree: own grid, its ancestors and the departments; not the neighbour grid
    orgs = ids(seen1, "org_units")
    assert units[G1] in orgs and units["4101"] in orgs and units["410105D01"] in orgs
    assert units[G2] not in orgs
    seen_sup, _ = sup.pull_all()
    assert ids(seen_sup, "residents") == {r1["entity_id"], r2["entity_id"]}


def test_worker_cannot_write_outside_grid(device, units):
    w1, w2 = device("w1"), device("w2")
    # create in another grid
    res = w1.push(w1.op("residents", "create", resident(units[G2], "越界", path=G2)))[0]
    assert res["status"] == "rejected" and res["code"] == "out_of_scope"
    # patch / delete a row of another grid
    r2 = w2.op("residents", "create", resident(units[G2], "李四", path=G2))
    w2.push(r2)
    # (a row never in the writer's scope is "not found": its existence is not told)
    for op in (w1.op("residents", "patch", {"name": "改名"}, entity_id=r2["entity_id"]),
               w1.op("residents", "delete", {}, entity_id=r2["entity_id"])):
        res = w1.push(op)[0]
        assert res["status"] == "rejected" and res["code"] == "not_found"
    # move an own row into another grid
    r1 = w1.op("residents", "create", resident(units[G1], "张三"))
    w1.push(r1)
    res = w1.push(w1.op("residents", "patch", {"grid_id": units[G2], "path": G2},
                        entity_id=r1["entity_id"]))[0]
    assert res["status"] == "rejected" and res["code"] == "out_of_scope"
    # a tag on someone else's resident, a transition on someone else's case
    res = w1.push(w1.op("resident_tags", "create", {"resident_id": r2["entity_id"],
                                                    "tag": "elderly_alone"}))[0]
    assert res["code"] == "parent_not_found"
    # the org tree is the admin's
    res = w1.push(w1.op("org_units", "create", {"code": "410105003001009", "name": "x",
                                                "kind": "grid", "parent_id": units[G1[:12]]}))[0]
    assert res["code"] == "forbidden"
    seen2, _ = w2.pull_all()
    names = {c["data"]["name"] for c in seen2 if c["entity"] == "residents" and "data" in c}
    assert names == {"李四"}


def test_client_supplied_filter_is_ignored(client, device, units):
    w2 = device("w2")
    w2.push(w2.op("residents", "create", resident(units[G2], "李四", path=G2)))
    w1 = device("w1")
    r = client.get("/sync/changes", params={"cursor": 0, "scope": "/4101/", "path": "/"},
                   headers=w1.headers)
    assert not ids(r.json()["changes"], "residents")


def test_replayed_op_id_has_one_effect(device, units):
    w1 = device("w1")
    op = w1.op("residents", "create", resident(units[G1], "张三"))
    first = w1.push(op)[0]
    again = w1.push(op)[0]
    assert first == again and first["status"] == "applied"
    patch = w1.op("residents", "patch", {"notes": "一次"}, entity_id=op["entity_id"],
                  base_values={"notes": None})
    a, b = w1.push(patch)[0], w1.push(patch, patch)[0]
    assert a == b
    seen, _ = w1.pull_all()
    row = [c for c in seen if c["id"] == op["entity_id"]][-1]
    assert row["version"] == 2 and row["data"]["notes"] == "一次"


def test_device_seq_gap_is_held_until_filled(device, units):
    w1 = device("w1")
    a = w1.op("residents", "create", resident(units[G1], "甲"), device_seq=1)
    c = w1.op("residents", "create", resident(units[G1], "丙"), device_seq=3)
    b = w1.op("residents", "create", resident(units[G1], "乙"), device_seq=2)
    assert [r["status"] for r in w1.push(a, c)] == ["applied", "held"]
    assert ids(w1.pull_all()[0], "residents") == {a["entity_id"]}
    results = w1.push(b)
    assert results[0]["status"] == "applied"
    assert w1.push(c)[0]["status"] == "applied"       # the held op was applied with the gap
    seen, _ = w1.pull_all()
    assert ids(seen, "residents") == {a["entity_id"], b["entity_id"], c["entity_id"]}
    seqs = [x["server_seq"] for x in seen if x["entity"] == "residents"]
    assert seqs == sorted(seqs)


def test_same_field_conflict_keeps_later_and_records_both(device, units):
    w1, head, sup = device("w1"), device("head1"), device("sup")
    op = w1.op("residents", "create", resident(units[G1], "张三", notes="原"))
    w1.push(op)
    rid = op["entity_id"]
    assert w1.push(w1.op("residents", "patch", {"notes": "甲改"}, entity_id=rid, base_version=1,
                         base_values={"notes": "原"}))[0]["status"] == "applied"
    res = head.push(head.op("residents", "patch", {"notes": "乙改", "phone": "13812345678"},
                            entity_id=rid, base_version=1,
                            base_values={"notes": "原", "phone": None}))[0]
    assert res["status"] == "conflict"
    rows = sup.get("/sync/conflicts", params={"state": "open"}).json()
    assert len(rows) == 1
    c = rows[0]
    assert (c["field"], c["kept_value"], c["other_value"]) == ("notes", "乙改", "甲改")
    seen, _ = sup.pull_all()
    data = [x for x in seen if x["id"] == rid][-1]["data"]
    assert data["notes"] == "乙改" and data["phone"] == "13812345678"
    assert any(x["entity"] == "conflicts" for x in seen)     # synced to desktops too
    # a worker may not resolve; the supervisor takes the other value
    assert w1.post(f"/sync/conflicts/{c['id']}/resolve",
                   json={"resolution": "take_other"}).status_code == 403
    r = sup.post(f"/sync/conflicts/{c['id']}/resolve", json={"resolution": "take_other"})
    assert r.status_code == 200, r.text
    seen, _ = sup.pull_all()
    assert [x for x in seen if x["id"] == rid][-1]["data"]["notes"] == "甲改"
    assert sup.get("/sync/conflicts", params={"state": "open"}).json() == []


def test_different_fields_merge_without_conflict(device, units):
    w1, head = device("w1"), device("head1")
    op = w1.op("residents", "create", resident(units[G1], "张三"))
    w1.push(op)
    rid = op["entity_id"]
    w1.push(w1.op("residents", "patch", {"notes": "甲"}, entity_id=rid, base_version=1,
                  base_values={"notes": None}))
    res = head.push(head.op("residents", "patch", {"occupation": "教师"}, entity_id=rid,
                            base_version=1, base_values={"occupation": None}))[0]
    assert res["status"] == "applied"
    data = [x for x in w1.pull_all()[0] if x["id"] == rid][-1]["data"]
    assert (data["notes"], data["occupation"]) == ("甲", "教师")


def test_edit_vs_delete_is_a_conflict(device, units):
    w1, head = device("w1"), device("head1")
    op = w1.op("residents", "create", resident(units[G1], "张三"))
    w1.push(op)
    rid = op["entity_id"]
    head.push(head.op("residents", "patch", {"notes": "新"}, entity_id=rid, base_version=1,
                      base_values={"notes": None}))
    res = w1.push(w1.op("residents", "delete", {}, entity_id=rid, base_version=1))[0]
    assert res["status"] == "conflict"
    data = [x for x in w1.pull_all()[0] if x["id"] == rid][-1]
    assert "data" in data and data["data"]["notes"] == "新"      # not deleted


def case_ops(dev, grid_id, grid_code=G1, category="exposed_garbage"):
    case_id = str(uuid.uuid4())
    tx = str(uuid.uuid4())
    create = dev.op("cases", "create", dict(
        number=f"{grid_code}-20261128-abc123-{uuid.uuid4().hex[:4]}", grid_id=grid_id,
        path=grid_code, title="垃圾", category=category, source="patrol",
        created_at="2026-11-28T09:00:00+08:00"), entity_id=case_id, tx_id=tx)
    report = event(dev, case_id, "report", {"unit": grid_id}, tx=tx)
    return case_id, create, report


def event(dev, case_id, action, data=None, tx=None):
    return dev.op("case_events", "transition", dict(
        case_id=case_id, action=action, seq=1, actor_name="x", role="admin",
        device_time="2026-11-28T09:00:00+08:00", data=json.dumps(data or {}), photos="[]"),
        tx_id=tx)


def test_case_transitions_checked_in_order_of_receipt(device, units):
    from app.models.domain import categories
    cat = categories.load().all()[0].code
    w1, sup, sup2 = device("w1"), device("sup"), device("sup")
    case_id, create, report = case_ops(w1, units[G1], category=cat)
    assert [r["status"] for r in w1.push(create, report)] == ["applied", "applied"]
    assert sup.push(event(sup, case_id, "accept"))[0]["status"] == "applied"
    d1 = event(sup, case_id, "dispatch", {"unit": units["410105D01"]})
    d2 = event(sup2, case_id, "dispatch", {"unit": units["410105D01"]})
    assert sup.push(d1)[0]["status"] == "applied"
    second = sup2.push(d2)[0]
    assert second["status"] == "conflict" and second["code"] == "wrong_state"
    # the department now sees the case (held by it) and may sign for it
    dept = device("dept")
    seen, _ = dept.pull_all()
    assert case_id in ids(seen, "cases")
    assert dept.push(event(dept, case_id, "sign"))[0]["status"] == "applied"
    # a worker's role comes from the token: a worker can't verify by claiming a role,
    # and a step the role can never take is refused with nothing written
    bad = w1.push(event(w1, case_id, "verify_pass"))[0]
    assert bad["status"] == "rejected" and bad["code"] == "forbidden"
    case = [x for x in sup.pull_all()[0] if x["id"] == case_id][-1]["data"]
    assert case["state"] == "handling" and case["has_conflict"] == 1
    events = [x["data"] for x in sup.pull_all()[0] if x["entity"] == "case_events"
              and "data" in x]
    assert [e["seq"] for e in sorted(events, key=lambda e: e["seq"])] == [1, 2, 3, 4, 5]
    assert all(e["role"] != "admin" for e in events)


def test_moved_row_arrives_as_removal(device, units):
    w1, sup = device("w1"), device("sup")
    op = sup.op("residents", "create", resident(units[G1], "张三"))
    sup.push(op)
    seen, cursor = w1.pull_all()
    assert op["entity_id"] in ids(seen, "residents")
    sup.push(sup.op("residents", "patch", {"grid_id": units[G2], "path": G2},
                    entity_id=op["entity_id"]))
    more, _ = w1.pull_all(cursor)
    removed = [c for c in more if c["id"] == op["entity_id"]]
    assert removed and removed[-1]["deleted"] and removed[-1]["removed"]
    assert "data" not in removed[-1]


def test_verify_counts_and_hashes_scope(device, units):
    w1, w2 = device("w1"), device("w2")
    w1.push(w1.op("residents", "create", resident(units[G1], "甲")))
    w2.push(w2.op("residents", "create", resident(units[G2], "乙", path=G2)))
    v1 = w1.get("/sync/verify").json()["tables"]
    assert v1["residents"]["count"] == 1
    assert v1["residents"]["hash"] != w2.get("/sync/verify").json()["tables"]["residents"]["hash"]


def test_admin_and_auditor_get_no_roster(device, units):
    w1, root = device("w1"), device("root")
    w1.push(w1.op("residents", "create", resident(units[G1], "甲")))
    seen, _ = root.pull_all()
    assert not ids(seen, "residents") and ids(seen, "org_units")


def test_bad_ops_are_rejected_not_500(device, units):
    w1 = device("w1")
    bad = [w1.op("nope", "create", {}), w1.op("residents", "create", {"bogus": 1}),
           w1.op("residents", "create", {**resident(units[G1]), "name": 5}),
           w1.op("residents", "create", {**resident(units[G1]), "name": "a\x00b"}),
           w1.op("residents", "patch", {"name": "x"}),
           w1.op("case_events", "create", {}), w1.op("cases", "patch", {"state": "closed"})]
    for res in w1.push(*bad):
        assert res["status"] == "rejected", res


def test_visit_participants_sync_as_a_json_list(device, units):
    """Party members who took part in a visit (desktop schema v7) reach the server."""
    w1 = device("w1")
    person = w1.op("residents", "create", resident(units[G1], "党员甲", political_status="01"))
    visit = dict(resident_id=person["entity_id"], grid_id=units[G1], visited_on="2026-11-27",
                 kind="routine", findings="走访")
    with_members = w1.op("visits", "create", {**visit, "participants": json.dumps(
        [person["entity_id"]])})
    plain = w1.op("visits", "create", visit)
    bad = w1.op("visits", "create", {**visit, "participants": "甲,乙"})
    assert [r["status"] for r in w1.push(person, with_members, plain, bad)] == [
        "applied", "applied", "applied", "rejected"]
    rows = {c["id"]: c["data"] for c in w1.pull_all()[0] if c["entity"] == "visits"}
    assert json.loads(rows[with_members["entity_id"]]["participants"]) == [person["entity_id"]]
    assert rows[plain["entity_id"]]["participants"] == "[]"
    res = w1.push(w1.op("visits", "patch", {"participants": None},
                        entity_id=plain["entity_id"]))[0]
    assert (res["status"], res["code"]) == ("rejected", "bad_value")


# ---------------------------------------------------------------- verify by content
def _digests(dev, entity):
    return dev.get("/sync/verify", params={"entity": entity,
                                           "bucket": list(range(256))}).json()["rows"]


def _two_residents(device, units):
    w1 = device("w1")
    a = w1.op("residents", "create", resident(units[G1], "甲"))
    b = w1.op("residents", "create", resident(units[G1], "乙"))
    w1.push(a, b)
    return w1, a["entity_id"]


def _edit_behind_the_servers_back(store, row_id):
    """Content only, the version stays: what a stale or corrupted copy looks like."""
    from server import db
    t = db.ENTITIES["residents"]
    with store.write() as conn:
        conn.execute(t.update().where(t.c.id == row_id).values(name="甲改"))


def test_verify_hashes_content_not_versions(store, device, units):
    """Issue 14 F1: a row whose content differs at an equal version must not match."""
    w1, a = _two_residents(device, units)
    before = w1.get("/sync/verify").json()
    _edit_behind_the_servers_back(store, a)
    after = w1.get("/sync/verify").json()
    assert after["tables"]["residents"]["count"] == before["tables"]["residents"]["count"] == 2
    assert after["tables"]["residents"]["hash"] != before["tables"]["residents"]["hash"]
    assert {k: v for k, v in after["tables"].items() if k != "residents"} == \
        {k: v for k, v in before["tables"].items() if k != "residents"}


def test_verify_narrows_a_difference_down_to_the_row(store, device, units):
    w1, a = _two_residents(device, units)
    buckets_before = w1.get("/sync/verify", params={"entity": "residents"}).json()
    digests_before = _digests(w1, "residents")
    _edit_behind_the_servers_back(store, a)
    # one bucket differs, and in it one row, whose version did not change
    buckets_after = w1.get("/sync/verify", params={"entity": "residents"}).json()
    changed = [k for k in buckets_after["buckets"]
               if buckets_after["buckets"][k] != buckets_before["buckets"].get(k)]
    assert len(changed) == 1
    listed = w1.get("/sync/verify", params={"entity": "residents",
                                            "bucket": int(changed[0])}).json()["rows"]
    assert a in listed and listed[a] != digests_before[a]
    assert {k: v for k, v in _digests(w1, "residents").items() if k != a} == \
        {k: v for k, v in digests_before.items() if k != a}
    assert w1.post("/sync/rows", json={"entity": "residents", "ids": [a]}
                   ).json()["rows"][0]["version"] == 1


def test_verify_covers_exactly_a_snapshot(device, units):
    """Every level of verify lists the rows a snapshot gives the caller, no more (so a
    verify never reveals an id, a count or a digest of a row the caller cannot see)."""
    from srvhelpers import snapshot_all
    sup = device("sup")
    person = sup.op("residents", "create", resident(units[G1], "王五"))
    key = sup.op("resident_tags", "create", {"resident_id": person["entity_id"],
                                             "tag": "community_correction"})
    care = sup.op("resident_tags", "create", {"resident_id": person["entity_id"],
                                              "tag": "elderly_alone"})
    other = device("w2").op("residents", "create", resident(units[G2], "丙", path=G2))
    sup.push(person, key, care)
    device("w2").push(other)
    for name in ("w1", "w2", "head1", "sup", "center", "dept", "root", "audit"):
        dev = device(name)
        plan, rows = snapshot_all(dev, limit=100)
        summary = dev.get("/sync/verify").json()["tables"]
        assert sorted(summary) == sorted(plan["entities"]), name
        for entity in plan["entities"]:
            want = {k[1] for k in rows if k[0] == entity}
            levels = dev.get("/sync/verify", params={"entity": entity}).json()
            assert (levels["count"], levels["hash"]) == (summary[entity]["count"],
                                                         summary[entity]["hash"])
            assert sum(b["count"] for b in levels["buckets"].values()) == len(want)
            assert set(_digests(dev, entity)) == want, (name, entity)
        tags = set(_digests(dev, "resident_tags")) if "resident_tags" in summary else set()
        assert (key["entity_id"] in tags) == (name in ("sup", "center")), name


def test_verify_refuses_bad_requests_with_a_4xx(client, device, units):
    w1, root = device("w1"), device("root")
    for params, status in (({"entity": "residents", "bucket": 256}, 422),
                           ({"entity": "residents", "bucket": -1}, 422),
                           ({"entity": "residents", "bucket": "x"}, 422),
                           ({"bucket": 3}, 422), ({"entity": "nope"}, 422),
                           ({"entity": "users"}, 422),
                           ({"entity": "residents", "bucket": list(range(256)) * 2}, 422)):
        r = w1.get("/sync/verify", params=params)
        assert r.status_code == status and r.json()["detail"], (params, r.text)
    assert root.get("/sync/verify", params={"entity": "residents"}).status_code == 403
    assert root.get("/sync/verify").json()["tables"].keys() == {"org_units"}
    assert client.get("/sync/verify").status_code == 401
