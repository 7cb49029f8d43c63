"""Initial sync as snapshot pages at a fixed server_seq, then changes after it;
retention (prune → 410 → snapshot again); a new scope and a new epoch tell the
desktop to rebuild; resolving a conflict is itself a synced op."""
from __future__ import annotations

import sqlalchemy as sa

from server import db
from server.__main__ import main as cli
from srvhelpers import apply, replay, resident, snapshot_all

G1, G2 = "410105003001001", "410105003001002"


def make_roster(device, units):
    """Rows in two grids, a deleted one, tags, a case and a conflict."""
    w1, w2, head = device("w1"), device("w2"), device("head1")
    a = w1.op("residents", "create", resident(units[G1], "甲"))
    b = w1.op("residents", "create", resident(units[G1], "乙"))
    c = w2.op("residents", "create", resident(units[G2], "丙", path=G2))
    w1.push(a, b)
    w2.push(c)
    w1.push(w1.op("resident_tags", "create", {"resident_id": a["entity_id"],
                                              "tag": "elderly_alone"}))
    w1.push(w1.op("residents", "delete", {}, entity_id=b["entity_id"], base_version=1))
    w1.push(w1.op("residents", "patch", {"notes": "甲改"}, entity_id=a["entity_id"],
                  base_values={"notes": None}))
    res = head.push(head.op("residents", "patch", {"notes": "乙改"}, entity_id=a["entity_id"],
                            base_values={"notes": None}))[0]
    assert res["status"] == "conflict"
    return a["entity_id"], b["entity_id"], c["entity_id"]


def test_snapshot_equals_the_replayed_feed_for_each_scope(device, units):
    a, b, c = make_roster(device, units)
    for name in ("w1", "w2", "sup", "dept", "root"):
        dev = device(name)
        plan, rows = snapshot_all(dev)
        assert plan["entities"][0] == "org_units"      # parents first
        assert rows == replay(dev), name
        # and the verify counts agree with what the snapshot delivered
        tables = dev.get("/sync/verify").json()["tables"]
        for entity, check in tables.items():
            assert check["count"] == sum(1 for k in rows if k[0] == entity), (name, entity)
    _, rows = snapshot_all(device("w1"))
    assert {k[1] for k in rows if k[0] == "residents"} == {a}      # b deleted, c elsewhere
    assert rows[("residents", a)]["data"]["notes"] == "乙改"
    assert any(k[0] == "conflicts" for k in rows)
    _, sup_rows = snapshot_all(device("sup"))
    assert {k[1] for k in sup_rows if k[0] == "residents"} == {a, c}


def test_changes_made_during_the_snapshot_arrive_after_at(device, units):
    w1, sup = device("w1"), device("sup")
    first = [w1.op("residents", "create", resident(units[G1], f"人{i}")) for i in range(5)]
    w1.push(*first)
    plan = w1.get("/sync/snapshot/entities").json()
    assert plan == w1.get("/sync/snapshot").json()
    at = plan["at"]
    # while the desktop pages, others keep working: an edit, a new row, a deletion
    page = w1.get("/sync/snapshot", params={"entity": "residents", "limit": 2, "at": at}).json()
    sup.push(sup.op("residents", "patch", {"notes": "改"}, entity_id=first[0]["entity_id"],
                    base_values={"notes": None}))
    late = sup.op("residents", "create", resident(units[G1], "后来"))
    sup.push(late)
    sup.push(sup.op("residents", "delete", {}, entity_id=first[4]["entity_id"], base_version=1))
    state = {("residents", r["id"]): r for r in page["rows"]}
    after = page["next_after"]
    while page["has_more"]:
        page = w1.get("/sync/snapshot", params={"entity": "residents", "limit": 2, "at": at,
                                                "after": after}).json()
        assert page["at"] == at
        state.update({("residents", r["id"]): r for r in page["rows"]})
        after = page["next_after"]
    changes, _ = w1.pull_all(at)
    apply(state, [c for c in changes if c["entity"] == "residents"])
    want = {k: v for k, v in replay(w1).items() if k[0] == "residents"}
    assert state == want
    assert ("residents", late["entity_id"]) in state
    assert ("residents", first[4]["entity_id"]) not in state
    assert state[("residents", first[0]["entity_id"])]["data"]["notes"] == "改"


def test_snapshot_refusals(device, units):
    w1, root = device("w1"), device("root")
    at = w1.get("/sync/snapshot").json()["at"]
    r = w1.get("/sync/snapshot", params={"entity": "residents", "at": at + 100})
    assert r.status_code == 410 and r.json()["detail"]["code"] == "at_ahead"
    r = w1.get("/sync/snapshot", params={"entity": "users"})
    assert r.status_code == 422
    # the admin gets the org tree only: no roster, no conflicts (PII)
    assert root.get("/sync/snapshot").json()["entities"] == ["org_units"]
    assert root.get("/sync/snapshot", params={"entity": "residents"}).status_code == 403
    assert root.get("/sync/conflicts").status_code == 403
    assert w1.client.get("/sync/snapshot").status_code == 401


def test_prune_then_old_cursor_gets_410_and_a_fresh_snapshot_works(device, units, store,
                                                                   settings):
    w1 = device("w1")
    keep = w1.op("residents", "create", resident(units[G1], "留"))
    gone = w1.op("residents", "create", resident(units[G1], "删"))
    w1.push(keep, gone)
    w1.push(w1.op("residents", "delete", {}, entity_id=gone["entity_id"], base_version=1))
    _, cursor = w1.pull_all()
    old_at = w1.get("/sync/snapshot").json()["at"]
    # everything so far is years old
    with store.write() as conn:
        conn.execute(db.changes.update().values(at="2000-01-01T00:00:00+08:00"))
        t = db.ENTITIES["residents"]
        conn.execute(t.update().where(t.c.id == gone["entity_id"])
                     .values(deleted_at="2000-01-01T00:00:00+08:00"))
    assert cli(["--db", settings.db_url, "prune", "--days", "90"]) == 0
    with store.read() as conn:
        t = db.ENTITIES["residents"]
        assert conn.execute(sa.select(t.c.id).where(t.c.id == gone["entity_id"])).first() \
            is None                                       # the tombstone is forgotten
        assert int(store.meta(conn, "retained_from")) >= cursor
        # ...but not its id: a late edit of it still meets the deletion (issue 14, F3)
        assert conn.execute(sa.select(db.graveyard.c.id).where(
            db.graveyard.c.id == gone["entity_id"])).first() is not None
    late = w1.push(w1.op("residents", "patch", {"notes": "迟到的修改"},
                         entity_id=gone["entity_id"], base_version=1))[0]
    assert late["status"] == "conflict"
    # a desktop behind the retention is told to resync, by changes and by snapshot
    r = w1.get("/sync/changes", params={"cursor": cursor - 1})
    assert r.status_code == 410 and r.json()["detail"]["code"] == "cursor_expired"
    assert w1.get("/sync/changes", params={"cursor": 0}).status_code == 410
    r = w1.get("/sync/snapshot", params={"entity": "residents", "at": old_at - 1})
    assert r.status_code == 410 and r.json()["detail"]["code"] == "cursor_expired"
    # a fresh snapshot works, and changes follow from its `at`
    plan, rows = snapshot_all(w1)
    assert {k[1] for k in rows if k[0] == "residents"} == {keep["entity_id"]}
    later = w1.op("residents", "create", resident(units[G1], "新"))
    w1.push(later)
    changes, _ = w1.pull_all(plan["at"])
    assert [c["id"] for c in changes] == [later["entity_id"]]
    # a desktop offline past the retention re-pushes an op: still exactly one effect
    assert w1.push(keep)[0]["status"] == "applied"
    assert w1.get("/sync/verify").json()["tables"]["residents"]["count"] == 2


def test_new_scope_changes_scope_version_and_the_desktop_rebuilds(device, units, settings):
    """A worker moved to another grid: every response carries the new scope_version,
    which tells the desktop to drop its data and snapshot the new scope (the feed does
    not replay the old grid as removals)."""
    w1, w2, head = device("w1"), device("w2"), device("head1")
    mine = w1.op("residents", "create", resident(units[G1], "旧网格"))
    w1.push(mine)
    theirs = w2.op("residents", "create", resident(units[G2], "新网格", path=G2))
    w2.push(theirs)
    first = w1.get("/sync/changes", params={"cursor": 0}).json()
    _, cursor = w1.pull_all()
    assert cli(["--db", settings.db_url, "set-user", "w1", "--scope", G2]) == 0
    page = w1.get("/sync/changes", params={"cursor": cursor}).json()
    assert page["scope_version"] == first["scope_version"] + 1
    assert w1.get("/auth/me").json()["scope_version"] == page["scope_version"]
    # the same token now reads and writes the new grid only: a later edit in the old
    # grid does not reach it
    head.push(head.op("residents", "patch", {"notes": "后改"}, entity_id=mine["entity_id"]))
    assert not [c for c in w1.pull_all(cursor)[0] if c["id"] == mine["entity_id"]]
    plan, rows = snapshot_all(w1)
    assert plan["scope_version"] == page["scope_version"]
    assert {k[1] for k in rows if k[0] == "residents"} == {theirs["entity_id"]}
    # an edit of the old grid's row goes to its present holder, not into the new scope
    res = w1.push(w1.op("residents", "patch", {"notes": "x"}, entity_id=mine["entity_id"]))[0]
    assert res["status"] == "conflict" and res["code"] == "moved_out_of_scope"
    res = w1.push(w1.op("residents", "patch", {"notes": "y"}, entity_id=theirs["entity_id"]))[0]
    assert res["status"] == "applied"


def test_new_epoch_after_a_restore_shows_in_changes_and_snapshot(device, units, settings,
                                                                 client):
    w1 = device("w1")
    before = w1.get("/sync/changes").json()["epoch"]
    assert w1.get("/sync/snapshot").json()["epoch"] == before
    assert cli(["--db", settings.db_url, "new-epoch"]) == 0
    after = w1.get("/sync/changes").json()["epoch"]
    assert after != before
    assert w1.get("/sync/snapshot").json()["epoch"] == after
    page = w1.get("/sync/snapshot", params={"entity": "org_units"}).json()
    assert page["epoch"] == after and client.get("/status").json()["epoch"] == after


def test_conflict_resolved_by_a_pushed_op_once(device, units):
    w1, head, sup = device("w1"), device("head1"), device("sup")
    op = w1.op("residents", "create", resident(units[G1], "张三", notes="原"))
    w1.push(op)
    rid = op["entity_id"]
    w1.push(w1.op("residents", "patch", {"notes": "甲"}, entity_id=rid,
                  base_values={"notes": "原"}))
    cid = head.push(head.op("residents", "patch", {"notes": "乙"}, entity_id=rid,
                            base_values={"notes": "原"}))[0]["conflict_id"]
    _, cursor = sup.pull_all()
    # a worker's desktop may not resolve
    res = w1.push(w1.op("conflicts", "patch", {"resolution": "keep"}, entity_id=cid))[0]
    assert res["status"] == "rejected" and res["code"] == "forbidden"
    resolve = sup.op("conflicts", "patch", {"resolution": "edit", "value": "定"}, entity_id=cid)
    first = sup.push(resolve)[0]
    assert first["status"] == "applied"
    changes, cursor2 = sup.pull_all(cursor)
    conflict = [c for c in changes if c["entity"] == "conflicts"][-1]["data"]
    assert (conflict["state"], conflict["resolution"]) == ("resolved", "edit")
    assert [c for c in changes if c["id"] == rid][-1]["data"]["notes"] == "定"
    # the response was lost and the desktop sends the op again: same outcome, no effect
    assert sup.push(resolve)[0] == first
    assert sup.pull_all(cursor2)[0] == []
    # a second resolution (another desktop) is refused, not applied on top
    again = sup.push(sup.op("conflicts", "patch", {"resolution": "take_other"},
                            entity_id=cid))[0]
    assert again["status"] == "rejected" and again["code"] == "resolved"
    assert sup.get("/sync/conflicts", params={"state": "open"}).json() == []
