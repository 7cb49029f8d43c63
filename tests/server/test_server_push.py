"""Push under load: the fast path (no savepoints, rows written behind) gives the same
outcomes as the careful one, and pushes of many devices at once lose no field, no
change and never apply two dispatches of one case."""
from __future__ import annotations

import json
import threading
import time
import uuid

import sqlalchemy as sa

from server import auth, db
from server.sync.engine import Engine
from srvhelpers import resident

G1 = "410105003001001"


def test_duplicates_in_and_across_pushes_are_rejected_alone(device, units):
    w1 = device("w1")
    first = w1.op("residents", "create", resident(units[G1], "甲"))
    assert w1.push(first)[0]["status"] == "applied"
    # one push: a new row, the same id again, an id stored by an earlier push, a tag
    a = w1.op("residents", "create", resident(units[G1], "乙"))
    again = w1.op("residents", "create", resident(units[G1], "乙二"),
                  entity_id=a["entity_id"])
    stored = w1.op("residents", "create", resident(units[G1], "甲二"),
                   entity_id=first["entity_id"])
    tag = w1.op("resident_tags", "create", {"resident_id": a["entity_id"], "tag": "disabled"})
    results = w1.push(a, again, stored, tag)
    assert [(r["status"], r.get("code")) for r in results] == [
        ("applied", None), ("rejected", "duplicate_id"), ("rejected", "duplicate_id"),
        ("applied", None)]
    seen, _ = w1.pull_all()
    names = {c["id"]: c["data"]["name"] for c in seen if c["entity"] == "residents"}
    assert names == {first["entity_id"]: "甲", a["entity_id"]: "乙"}
    seqs = [c["server_seq"] for c in seen]
    assert seqs == sorted(set(seqs))


def test_a_rejected_op_leaves_nothing_behind_in_a_batch(device, units):
    w1 = device("w1")
    ok = w1.op("residents", "create", resident(units[G1], "甲"))
    bad = w1.op("residents", "create", resident(units[G1], "坏", id_number="110105194912310021"))
    later = w1.op("residents", "patch", {"notes": "改"}, entity_id=ok["entity_id"],
                  base_values={"notes": None})
    results = w1.push(ok, bad, later)
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert results[2]["version"] == 2 and results[2]["server_seq"] > results[0]["server_seq"]
    assert w1.get("/sync/verify").json()["tables"]["residents"]["count"] == 1


def principal(store, username, device_id):
    with store.write() as conn:
        user = conn.execute(sa.select(db.users).where(db.users.c.username == username)
                            ).mappings().one()
        auth.register_device(conn, device_id, device_id, user["id"], time.time())
        o = db.ENTITIES["org_units"]
        path = conn.execute(sa.select(o.c.path).where(o.c.id == user["scope_unit_id"])
                            ).scalar()
    return auth.Principal(user["id"], username, user["role"], user["scope_unit_id"], path,
                          1, device_id, "")


def op(seq, entity, kind, entity_id, changed, base_values=None):
    if kind in ("create", "transition"):
        changed = {"id": entity_id, **changed}
    return dict(op_id=str(uuid.uuid4()), device_seq=seq, tx_id=str(uuid.uuid4()),
                entity=entity, entity_id=entity_id, op=kind, changed=changed,
                base_version=0, base_values=base_values or {})


def run_together(*jobs):
    errors = []

    def wrap(job):
        try:
            job()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=wrap, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors


def test_concurrent_edits_of_one_row_lose_no_field(store, settings, units):
    engine = Engine(store, settings)
    w1, head = principal(store, "w1", "pc-w1"), principal(store, "head1", "pc-head")
    rid = str(uuid.uuid4())
    engine.push(w1, [op(1, "residents", "create", rid, resident(units[G1]))], time.time())
    rounds = 25

    def editor(p, field, first_seq):
        for i in range(rounds):
            res = engine.push(p, [op(first_seq + i, "residents", "patch", rid,
                                     {field: f"{field}-{i}"})], time.time())
            assert res[0]["status"] == "applied", res

    run_together(lambda: editor(w1, "notes", 2), lambda: editor(head, "occupation", 1))
    with store.read() as conn:
        row = engine.get_row(conn, "residents", rid)
        feed = conn.execute(sa.select(db.changes.c.server_seq).where(
            db.changes.c.entity_id == rid)).scalars().all()
    assert (row["notes"], row["occupation"]) == (f"notes-{rounds - 1}",
                                                 f"occupation-{rounds - 1}")
    assert row["version"] == 1 + 2 * rounds
    assert len(feed) == 1 + 2 * rounds and row["server_seq"] == max(feed)


def test_two_supervisors_dispatching_at_once_apply_one(store, settings, units):
    from app.models.domain import categories
    engine = Engine(store, settings)
    w1 = principal(store, "w1", "pc-w1")
    sups = [principal(store, "sup", "pc-sup-a"), principal(store, "center", "pc-center")]
    case_id = str(uuid.uuid4())
    at = "2026-11-27T09:00:00+08:00"

    def event(seq, action, data=None):
        return op(seq, "case_events", "transition", str(uuid.uuid4()), dict(
            case_id=case_id, action=action, device_time=at, data=json.dumps(data or {})))

    res = engine.push(w1, [
        op(1, "cases", "create", case_id, dict(
            number=f"{G1}-20261127-abc123-0001", grid_id=units[G1], path=G1, title="垃圾",
            category=categories.load().all()[0].code, source="patrol", created_at=at)),
        event(2, "report", {"unit": units[G1]})], time.time())
    assert [r["status"] for r in res] == ["applied", "applied"]
    assert engine.push(sups[0], [event(1, "accept")], time.time())[0]["status"] == "applied"
    outcomes = []

    def dispatch(p, seq):
        outcomes.append(engine.push(p, [event(seq, "dispatch",
                                              {"unit": units["410105D01"]})], time.time())[0])

    run_together(lambda: dispatch(sups[0], 2), lambda: dispatch(sups[1], 1))
    assert sorted(o["status"] for o in outcomes) == ["applied", "conflict"]
    with store.read() as conn:
        events = engine.case_events(conn, case_id)
    assert [e["seq"] for e in events] == [1, 2, 3, 4]
    assert [e["conflict"] for e in events].count(1) == 1


def test_one_id_number_per_scope_within_and_across_pushes(device, units):
    """The server refuses an ID number another live resident of the scope holds, and
    judges the rows a push holds back as they stand (moved away, deleted, new)."""
    w1 = device("w1")
    held = resident(units[G1], "甲")
    number = held["id_number"]
    first = w1.op("residents", "create", held)
    assert w1.push(first)[0]["status"] == "applied"

    def outcomes(*ops):
        return [(r["status"], r.get("message")) for r in w1.push(*ops)]

    # stored by an earlier push: refused; twice in one push: the second refused
    twin = w1.op("residents", "create", resident(units[G1], "乙", id_number=number))
    other = resident(units[G1], "丙")
    new, new_twin = (w1.op("residents", "create", other),
                     w1.op("residents", "create", resident(units[G1], "丁",
                                                           id_number=other["id_number"])))
    assert outcomes(twin, new, new_twin) == [
        ("rejected", "id_number: id.duplicate"), ("applied", None),
        ("rejected", "id_number: id.duplicate")]
    # the holder's number corrected in the same push: the number is free again
    fix = w1.op("residents", "patch", {"id_number": resident(G1)["id_number"]},
                entity_id=first["entity_id"], base_values={"id_number": number})
    taker = w1.op("residents", "create", resident(units[G1], "戊", id_number=number))
    # a resident created and deleted in one push frees its number too
    gone = resident(units[G1], "己")
    made = w1.op("residents", "create", gone)
    deleted = w1.op("residents", "delete", {}, entity_id=made["entity_id"])
    after = w1.op("residents", "create", resident(units[G1], "庚", id_number=gone["id_number"]))
    assert [s for s, _ in outcomes(fix, taker, made, deleted, after)] == ["applied"] * 5
    # and one that is taken again in that push is refused again
    late = w1.op("residents", "create", resident(units[G1], "辛", id_number=number))
    assert outcomes(late) == [("rejected", "id_number: id.duplicate")]
    seen, _ = w1.pull_all()
    live = [c["data"]["id_number"] for c in seen
            if c["entity"] == "residents" and c.get("data") and not c["data"].get("deleted_at")
            and c.get("op", "upsert") == "upsert"]
    assert len(live) == len(set(live))
