"""Issue 14: sync that always converges. Each finding of the independent scenarios,
reproduced with real desktops (SQLCipher stores, the real engine) against a real
city server process; the stores are compared with the server by content
(synchelpers.assert_equals_server).

- F1 a refused resolution restores the server's rows (no silent divergence);
- F2 "try again" after the cause was fixed is a new op that can succeed;
- F3 an edit of a row deleted and pruned while a desktop was offline for months
  reaches a supervisor as an edit-vs-delete conflict;
- F4 one person on two PCs: a delete over an edit made on the other PC conflicts;
- F5 a typo and its correction made offline never conflict with each other.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

from app.sync import conflicts as inbox
from app.sync.apply import foreign_keys_off
from app.sync.progress import SyncResult
from app.sync import inbox as outbox_view
from synchelpers import (assert_equals_server, assert_in_scope, assert_one_effect,
                         assert_outbox_settled, heal, resident_values)

PHONE_A, PHONE_B, PHONE_C = "13800000001", "13900000002", "13700000003"


def converged(city, desks) -> None:
    heal(desks)
    for d in desks:
        assert_outbox_settled(d)
        assert_one_effect(city, d)
        assert_equals_server(city, d)
        assert_in_scope(city, d)


def _phone_conflict(city, org, desk):
    w1 = desk(city.url, org.user("w1"))
    w1b = desk(city.url, org.user("w1b"))
    sup = desk(city.url, org.user("sup"))
    center = desk(city.url, org.user("center"))
    r = w1.roster().create_resident(resident_values("冯一", phone=PHONE_A), grid_id=org.ids["g1"])
    heal([w1, w1b, sup, center])
    w1.roster().update_resident(r["id"], {"phone": PHONE_B})
    w1b.roster().update_resident(r["id"], {"phone": PHONE_C})
    heal([w1, w1b, sup, center])
    return w1, w1b, sup, center, r


# ---------------------------------------------------------------- F1
def test_two_supervisors_resolving_one_conflict_converge(any_city, any_org, desk):
    """One supervisor keeps, the other (offline) takes the other value: the second
    resolution is refused, and that desktop shows exactly what the server holds —
    the phone, the conflict resolved by the first — not its own preview."""
    city, org = any_city, any_org
    w1, w1b, sup, center, r = _phone_conflict(city, org, desk)
    (c,) = sup.open_conflicts()
    (c2,) = center.open_conflicts()
    assert c2["id"] == c["id"]
    inbox.resolve(sup.store, sup.actor, c["id"], "keep")
    sup.sync()
    inbox.resolve(center.store, center.actor, c["id"], "take_other")   # offline meanwhile
    assert center.row("residents", r["id"])["phone"] == PHONE_B        # its preview
    center.sync()
    converged(city, [w1, w1b, sup, center])
    assert city.row("residents", r["id"])["phone"] == PHONE_C
    assert center.row("residents", r["id"])["phone"] == PHONE_C
    mirror = center.row("conflicts", c["id"])
    assert (mirror["state"], mirror["resolution"]) == ("resolved", "keep")
    (refused,) = [o for o in center.outbox("rejected") if o["entity"] == "conflicts"]
    assert "resolved" in refused["last_error"]
    # the resolution was an op with its audit record, like every local change
    assert center.one("SELECT count(*) FROM audit_log WHERE action = 'conflict.resolve'") == 1


def test_a_resolution_preview_survives_pulls_until_the_server_answers(city, org, desk):
    w1, w1b, sup, center, r = _phone_conflict(city, org, desk)
    (c,) = sup.open_conflicts()
    inbox.resolve(sup.store, sup.actor, c["id"], "take_other")
    # another change of the same resident arrives before the resolution is pushed
    w1.roster().update_resident(r["id"], {"occupation": "厨师"})
    w1.sync()
    with foreign_keys_off(sup.store.conn):
        sup.engine.pull(SyncResult())            # a pull without a push first
    row = sup.row("residents", r["id"])
    assert (row["phone"], row["occupation"]) == (PHONE_B, "厨师")
    assert sup.row("conflicts", c["id"])["state"] == "resolved"
    converged(city, [w1, w1b, sup, center])
    assert city.row("residents", r["id"])["phone"] == PHONE_B


# ---------------------------------------------------------------- F2
def test_try_again_after_the_cause_was_fixed_succeeds(city, org, desk):
    """A change refused for the sender's rights is kept under "needs attention"; once
    the admin gives the rights, 'try again' sends a NEW op that the server judges
    afresh (the same op id would only replay the stored refusal, F2)."""
    w1 = desk(city.url, org.user("w1"))
    sup = desk(city.url, org.user("sup"))
    r = w1.roster().create_resident(resident_values("褚二"), grid_id=org.ids["g1"])
    heal([w1, sup])
    from app.models.write.unit import unit_of_work
    with unit_of_work(w1.store, w1.actor) as w:     # a key-group tag, which needs 防
        tag = w.create("resident_tags", {"resident_id": r["id"], "tag": "key_petitioner",
                                         "since": "2026-11-01"})
    w1.sync()
    (refused,) = w1.outbox("rejected")
    assert "forbidden" in refused["last_error"]
    assert w1.row("resident_tags", tag["id"]) is None, "the screen shows the server's state"
    assert w1.status()["needs_attention"] == 1
    city.cli("set-user", org.user("w1"), "--role", "community_supervisor",
             "--scope", org.codes["c1"])
    assert outbox_view.retry(w1.store, w1.actor, refused["op_id"])
    heal([w1, sup])
    assert city.row("resident_tags", tag["id"])["tag"] == "key_petitioner"
    assert w1.status()["needs_attention"] == 0
    assert sup.row("resident_tags", tag["id"]) is not None
    converged(city, [w1, sup])


# ---------------------------------------------------------------- F3
def _age(city, days: int) -> None:
    at = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)).astimezone()
    stamp = at.isoformat(timespec="seconds")
    with sqlite3.connect(city.sqlite_path) as conn:
        conn.execute("UPDATE changes SET at = ?", (stamp,))
        conn.execute("UPDATE residents SET deleted_at = ? WHERE deleted_at IS NOT NULL",
                     (stamp,))


def test_edits_of_rows_deleted_and_pruned_while_offline_reach_a_person(new_city, desk):
    city = new_city()
    org = city.new_org()
    w1 = desk(city.url, org.user("w1"))
    w1b = desk(city.url, org.user("w1b"))
    sup = desk(city.url, org.user("sup"))
    gone = [w1b.roster().create_resident(resident_values(f"蒋{i}"), grid_id=org.ids["g1"])
            for i in range(3)]
    heal([w1, w1b, sup])
    # w1 goes offline for most of a year and edits them; meanwhile they are deleted...
    for r in gone:
        w1.roster().update_resident(r["id"], {"occupation": "在家"})
    for r in gone:
        w1b.roster().delete_resident(r["id"])
    w1b.sync()
    _age(city, 200)
    out = city.cli("prune", "--days", "90")
    assert json.loads(out.stdout.strip().splitlines()[-1])["tombstones"]["residents"] == 3
    assert city.row("residents", gone[0]["id"]) is None          # ...and pruned
    result = w1.sync()
    assert result.resynced == "retention"            # told plainly: it was away too long
    heal([w1, w1b, sup])
    kinds = {(c["entity_id"], c["kind"], c["field"]) for c in sup.open_conflicts()}
    assert kinds == {(r["id"], "edit_delete", "pruned") for r in gone}
    (c, *_rest) = sup.open_conflicts()
    assert c["other_value"] == {"occupation": "在家"}
    assert inbox.resolutions(c) == ("keep",)
    inbox.resolve(sup.store, sup.actor, c["id"], "keep")
    converged(city, [w1, w1b, sup])
    assert all(w1.row("residents", r["id"]) is None for r in gone)


# ---------------------------------------------------------------- F4
def test_one_person_on_two_pcs_conflicts_with_themselves(city, org, desk):
    pc1 = desk(city.url, org.user("w1"))
    pc2 = desk(city.url, org.user("w1"))
    sup = desk(city.url, org.user("sup"))
    r = pc1.roster().create_resident(resident_values("韩四"), grid_id=org.ids["g1"])
    heal([pc1, pc2, sup])
    pc1.roster().update_resident(r["id"], {"occupation": "医生"})
    pc1.sync()
    pc2.roster().delete_resident(r["id"])      # a stale copy: never saw the edit
    pc2.sync()
    converged(city, [pc1, pc2, sup])
    (c,) = sup.open_conflicts()
    assert (c["kind"], c["entity_id"]) == ("delete_edit", r["id"])
    assert city.row("residents", r["id"])["deleted_at"] is None


# ---------------------------------------------------------------- F5
def test_a_typo_and_its_correction_never_conflict(any_city, any_org, desk):
    city, org = any_city, any_org
    w1 = desk(city.url, org.user("w1"))
    sup = desk(city.url, org.user("sup"))
    r = w1.roster().create_resident(resident_values("杨五", phone=PHONE_A), grid_id=org.ids["g1"])
    heal([w1, sup])
    w1.roster().update_resident(r["id"], {"phone": "13900000009"})    # typo
    w1.roster().update_resident(r["id"], {"phone": PHONE_B})          # corrected
    converged(city, [w1, sup])
    assert sup.open_conflicts() == []
    assert city.row("residents", r["id"])["phone"] == PHONE_B


def test_someone_elses_edit_between_typo_and_correction_still_conflicts(city, org, desk):
    w1 = desk(city.url, org.user("w1"))
    w1b = desk(city.url, org.user("w1b"))
    sup = desk(city.url, org.user("sup"))
    r = w1.roster().create_resident(resident_values("朱六", phone=PHONE_A), grid_id=org.ids["g1"])
    heal([w1, w1b, sup])
    w1b.roster().update_resident(r["id"], {"phone": PHONE_C})
    w1b.sync()
    w1.roster().update_resident(r["id"], {"phone": "13900000009"})
    w1.roster().update_resident(r["id"], {"phone": PHONE_B})
    converged(city, [w1, w1b, sup])
    (c,) = sup.open_conflicts()
    # the other side of the conflict is the other person's value, never the typo
    assert (c["kept_value"], c["other_value"]) == ("13900000009", PHONE_C)
    assert city.row("residents", r["id"])["phone"] == PHONE_B
