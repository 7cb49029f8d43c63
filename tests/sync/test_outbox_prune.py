"""Issue 15: the outbox keeps no personal data of confirmed ops longer than needed.

An op the server answered keeps what the person typed (names, ID numbers, phones in
``changed``/``base_values``, the record's ``label``) for a safety window after the
answer (setting ``sync.outbox_keep_days``, default 30), then the sync's daily prune
clears it and keeps the row's metadata (app/models/write/outbox.py). Real desktops
against a real city server process; time moves by patching the desktop's one clock
(app/models/store/clock.py).
"""
from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager

from app.models.store import clock
from app.models.store import settings as app_settings
from app.models.write import outbox
from app.models.write.unit import unit_of_work
from app.sync import inbox as outbox_view
from synchelpers import (assert_equals_server, assert_in_scope, assert_one_effect,
                         assert_outbox_settled, copy_sqlite, heal, resident_values)

PHONE_A, PHONE_B, PHONE_C, PHONE_D = "13800000011", "13900000012", "13700000013", "13600000014"
META = ("op_id", "device_seq", "tx_id", "entity", "entity_id", "op", "state", "server_seq",
        "conflict_id", "created_at", "confirmed_at", "last_error", "retried_by", "attempts",
        "base_version")


@contextmanager
def days_later(days: float):
    """The desktop's clock ``days`` ahead: its writes, answers and the daily prune."""
    real = clock.now

    def later():
        return real() + dt.timedelta(days=days)
    clock.now = later
    try:
        yield later
    finally:
        clock.now = real


def converged(city, desks) -> None:
    heal(desks)
    for d in desks:
        assert_outbox_settled(d)
        assert_one_effect(city, d)
        assert_equals_server(city, d)
        assert_in_scope(city, d)


def _outbox_text(desk, where: str = "1") -> str:
    return json.dumps(desk.q(f"SELECT * FROM outbox WHERE {where}"), ensure_ascii=False)


def test_answered_ops_keep_personal_data_only_for_the_safety_window(any_city, any_org, desk):
    city, org = any_city, any_org
    w1 = desk(city.url, org.user("w1"))
    w1b = desk(city.url, org.user("w1b"))
    sup = desk(city.url, org.user("sup"))
    person = resident_values("窦三", phone=PHONE_A)
    r = w1.roster().create_resident(person, grid_id=org.ids["g1"])          # applied
    w1.roster().update_resident(r["id"], {"phone": PHONE_B})                # applied
    heal([w1, w1b, sup])
    w1b.roster().update_resident(r["id"], {"phone": PHONE_C})
    w1b.sync()
    w1.roster().update_resident(r["id"], {"phone": PHONE_D})                # a conflict
    w1.sync()
    with unit_of_work(w1.store, w1.actor) as w:         # key-group tags need 防: refused
        kept = w.create("resident_tags", {"resident_id": r["id"], "tag": "key_petitioner",
                                          "since": "2026-11-01"})
    with unit_of_work(w1.store, w1.actor) as w:
        w.create("resident_tags", {"resident_id": r["id"], "tag": "drug_user",
                                   "since": "2026-11-02"})
    w1.sync()
    refused = {json.loads(o["changed"])["tag"]: o for o in w1.outbox("rejected")}
    assert set(refused) == {"key_petitioner", "drug_user"}
    city.cli("set-user", org.user("w1"), "--role", "community_supervisor",
             "--scope", org.codes["c1"])
    assert outbox_view.retry(w1.store, w1.actor, refused["key_petitioner"]["op_id"])
    heal([w1, w1b, sup])
    assert city.row("resident_tags", kept["id"]) is not None
    w1.roster().update_resident(r["id"], {"occupation": "厨师"})            # not sent yet
    before = {o["op_id"]: o for o in w1.outbox()}
    states = {o["state"] for o in before.values()}
    assert states == {"applied", "conflict", "rejected", "pending"}, states
    assert person["id_number"] in _outbox_text(w1)

    # inside the window nothing is cleared
    with days_later(29):
        assert w1.engine.prune_outbox() == 0
    assert {o["op_id"]: o for o in w1.outbox()} == before

    with days_later(31):
        pruned = w1.engine.prune_outbox()
        assert w1.engine.prune_outbox() is None, "once a day"
    after = {o["op_id"]: o for o in w1.outbox()}
    assert after.keys() == before.keys(), "the prune keeps every row"
    waiting = {i for i, o in before.items() if o["state"] == "pending" or (
        o["state"] == "rejected" and not o["retried_by"])}
    assert {i for i, o in after.items() if not o["pruned_at"]} == waiting
    assert pruned == len(before) - len(waiting)
    for op_id, o in after.items():
        assert {k: o[k] for k in META} == {k: before[op_id][k] for k in META}, "metadata kept"
        if op_id in waiting:
            assert (o["changed"], o["base_values"]) == (before[op_id]["changed"],
                                                        before[op_id]["base_values"])
        else:
            assert (o["changed"], o["base_values"], o["label"]) == ("{}", "{}", None)
    cleared = _outbox_text(w1, "pruned_at IS NOT NULL")
    for secret in (person["id_number"], PHONE_A, PHONE_B, PHONE_D, "窦三"):
        assert secret not in cleared, secret
    # what waits keeps everything the person typed: the unsent edit, the refusal
    assert json.loads(after[refused["drug_user"]["op_id"]]["changed"])["tag"] == "drug_user"
    (note,) = w1.q("SELECT actor, detail FROM audit_log WHERE action = 'outbox.prune'")
    assert note[0] == "system" and json.loads(note[1]) == {"ops": pruned, "keep_days": 30}

    # the 同步 page still lists what it lists, sync goes on and converges
    assert w1.status()["needs_attention"] == 1
    assert [o["op_id"] for o in outbox_view.outbox(w1.store.conn, outbox_view.ATTENTION)] == [
        refused["drug_user"]["op_id"]]
    assert not outbox_view.retry(w1.store, w1.actor, refused["key_petitioner"]["op_id"])
    w1.roster().update_resident(r["id"], {"phone": PHONE_A})
    converged(city, [w1, w1b, sup])
    assert city.row("residents", r["id"])["occupation"] == "厨师"
    assert city.row("residents", r["id"])["phone"] == PHONE_A

    # the sync runs the prune once a day; the window is a setting
    app_settings.set(w1.store, outbox.KEEP_DAYS_SETTING, 90)
    with days_later(62):
        w1.sync()
    assert w1.one("SELECT count(*) FROM outbox WHERE pruned_at IS NULL AND state = 'applied'")
    app_settings.set(w1.store, outbox.KEEP_DAYS_SETTING, 30)
    with days_later(63):
        w1.sync()
    assert w1.one("SELECT count(*) FROM outbox WHERE pruned_at IS NULL AND state = 'applied'"
                  ) == 0
    converged(city, [w1, w1b, sup])


def test_after_a_server_restore_pruned_ops_fill_their_places(new_city, desk):
    """A server restored from a backup (new epoch) is sent every op again. Pruned ops
    go without their content: the backup knows the ones it had (stored outcome); one
    it lacks (the backup is older than the window) is refused, says why, and does not
    hold up the ops after it."""
    city = new_city()
    org = city.new_org()
    w1 = desk(city.url, org.user("w1"))
    w1b = desk(city.url, org.user("w1b"))
    a = w1.roster().create_resident(resident_values("滕一"), grid_id=org.ids["g1"])
    heal([w1, w1b])
    backup = city.dir / "backup.db"
    copy_sqlite(city.sqlite_path, backup)
    b = w1.roster().create_resident(resident_values("滕二"), grid_id=org.ids["g1"])
    w1.roster().update_resident(a["id"], {"phone": PHONE_B})
    heal([w1, w1b])
    with days_later(31):
        assert w1.engine.prune_outbox() == 3
        c = w1.roster().create_resident(resident_values("滕三"), grid_id=org.ids["g1"])
    city.stop()
    city.restore(backup)
    city.cli("new-epoch")
    city.start(port=city.live.port)
    converged(city, [w1, w1b])
    assert city.row("residents", a["id"]) is not None, "in the backup: a stored outcome"
    assert city.row("residents", c["id"])["name"] == "滕三", "not held behind the pruned ops"
    assert city.row("residents", b["id"]) is None
    assert w1.row("residents", b["id"]) is None, "the desktop shows what the server holds"
    ops = {(o["entity_id"], o["op"]): o for o in w1.outbox()}
    assert ops[(a["id"], "create")]["state"] == "applied"
    lost = [ops[(b["id"], "create")], ops[(a["id"], "patch")]]
    for o in lost:
        assert o["state"] == "rejected" and o["last_error"].startswith("pruned_op_unknown"), o
        assert not outbox_view.retry(w1.store, w1.actor, o["op_id"]), "nothing to try again"
    assert w1.status()["needs_attention"] == 2
