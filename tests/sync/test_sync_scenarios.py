"""The scenarios of sync-protocol.md "Tests that must pass", each against a real
city server process over real HTTP, with desktops on real SQLCipher stores
writing through the roster and case repositories as a user would."""
from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import threading
from contextlib import contextmanager

import pytest

from app.models.store import clock
from app.sync import session
from app.sync.client import AuthError, Offline
from app.sync import conflicts as inbox
from app.sync import engine as engine_mod
from synchelpers import (Desk, assert_case_history_valid, assert_equals_server, assert_in_scope,
                         assert_one_effect, assert_outbox_settled, copy_sqlite, heal,
                         resident_values)

PHONE_A, PHONE_B, PHONE_C = "13800000001", "13900000002", "13700000003"


def converged(city, desks) -> None:
    """What a user would check after everything synced: nothing waiting, every
    desktop shows exactly the server's data for its scope."""
    heal(desks)
    for d in desks:
        assert_outbox_settled(d)
        assert_one_effect(city, d)
        assert_equals_server(city, d)
        assert_in_scope(city, d)


# ---------------------------------------------------------------- basics
def test_offline_edits_on_two_desktops_converge(any_city, any_org, desk):
    city, org = any_city, any_org
    w1 = desk(city.url, org.user("w1"))
    w1b = desk(city.url, org.user("w1b"))
    w2 = desk(city.url, org.user("w2"))
    sup = desk(city.url, org.user("sup"))
    for d in (w1, w1b, w2, sup):
        d.sync()
    # offline on all three worker desktops
    a = w1.roster().create_resident(resident_values("赵一"), grid_id=org.ids["g1"])
    b = w1.roster().create_resident(resident_values("钱二", phone=PHONE_A), grid_id=org.ids["g1"])
    c = w1b.roster().create_resident(resident_values("孙三"), grid_id=org.ids["g1"])
    d2 = w2.roster().create_resident(resident_values("李四"), grid_id=org.ids["g2"])
    w1.roster().add_tag(a["id"], "elderly_alone")
    converged(city, [w1, w1b, w2, sup])
    # different fields of one resident edited on two desktops: merged, nothing to resolve
    w1.roster().update_resident(b["id"], {"phone": PHONE_B})
    w1b.roster().update_resident(b["id"], {"occupation": "教师"})
    converged(city, [w1, w1b, w2, sup])
    for d in (w1, w1b, sup):
        row = d.row("residents", b["id"])
        assert (row["phone"], row["occupation"]) == (PHONE_B, "教师")
        assert d.open_conflicts() == []
    names = {r[0] for r in sup.q("SELECT name FROM residents")}
    assert names >= {"赵一", "钱二", "孙三", "李四"}
    # each worker sees their own grid only; the supervisor sees the community
    assert w2.row("residents", a["id"]) is None and w1.row("residents", d2["id"]) is None
    assert w1b.row("residents", c["id"])["name"] == "孙三"


@pytest.mark.parametrize("fault", ["drop_response", "duplicate", "replay_later", "cut_response",
                                   "reset_after"])
def test_push_answer_lost_after_commit(any_city, any_org, desk, proxy, fault):
    """The server committed the push; the desktop never heard. Sending again must
    not apply anything twice."""
    city, org = any_city, any_org
    p = proxy(city.url)
    w1 = desk(p.url, org.user("w1"))
    sup = desk(city.url, org.user("sup"))
    w1.sync()
    r = w1.roster().create_resident(resident_values("周五"), grid_id=org.ids["g1"])
    w1.roster().update_resident(r["id"], {"phone": PHONE_A})
    w1.roster().add_tag(r["id"], "disabled")
    kind = "reset" if fault == "reset_after" else fault
    p.queue(kind, path="/sync/push", after=fault == "reset_after", fraction=0.5)
    first = w1.try_sync()
    if fault in ("drop_response", "cut_response", "reset_after"):
        assert isinstance(first, Offline)
        # the server has it, the desktop does not know yet
        assert city.row("residents", r["id"])["phone"] == PHONE_A
        assert {o["state"] for o in w1.outbox()} == {"inflight"}
    converged(city, [w1, sup])
    assert p.faults(kind, "/sync/push"), "the fault really happened"
    server_row = city.row("residents", r["id"])
    assert server_row["version"] == 2, "create + one patch, each applied once"
    assert len(city.rows("resident_tags", resident_id=r["id"])) == 1
    assert sup.row("residents", r["id"])["phone"] == PHONE_A
    assert [o["state"] for o in w1.outbox()] == ["applied"] * 3


# ---------------------------------------------------------------- crash inside a page
def test_crash_between_page_apply_and_cursor_save(city, org, desk):
    w1 = desk(city.url, org.user("w1"))
    sup = desk(city.url, org.user("sup"))
    w1.sync()
    sup.sync()
    made = [w1.roster().create_resident(resident_values(f"吴{i}"), grid_id=org.ids["g1"])
            for i in range(3)]
    w1.sync()
    before = sup.cursor()
    real = sup.engine._set_state

    def crash(conn, **values):
        if "cursor" in values:   # the page's rows are written; the cursor is next
            raise KeyboardInterrupt("power cut")
        return real(conn, **values)
    sup.engine._set_state = crash
    with pytest.raises(KeyboardInterrupt):
        sup.sync()
    sup.reopen()
    # nothing of the page landed without its cursor
    assert sup.cursor() == before
    assert all(sup.row("residents", r["id"]) is None for r in made)
    assert sup.one("SELECT count(*) FROM resident_search WHERE rowid IN "
                   "(SELECT rid FROM residents WHERE name LIKE '吴%')") == 0
    converged(city, [w1, sup])
    assert {sup.row("residents", r["id"])["name"] for r in made} == {"吴0", "吴1", "吴2"}


def test_crash_inside_a_snapshot_page_resumes_the_snapshot(city, org, desk, monkeypatch):
    w1 = desk(city.url, org.user("w1"))
    w1.sync()
    for i in range(7):
        w1.roster().create_resident(resident_values(f"郑{i}"), grid_id=org.ids["g1"])
    w1.sync()
    monkeypatch.setattr(engine_mod, "SNAPSHOT_LIMIT", 3)
    sup = desk(city.url, org.user("sup"), initial=False)
    real = sup.engine._set_state
    calls = {"pages": 0}

    def crash(conn, **values):
        if "snapshot_entity" in values and "snapshot_at" not in values:
            calls["pages"] += 1
            if calls["pages"] == 4:
                raise KeyboardInterrupt("killed mid-snapshot")
        return real(conn, **values)
    sup.engine._set_state = crash
    with pytest.raises(KeyboardInterrupt):
        sup.sync()
    st = sup.engine.state()
    assert st["snapshot_at"] is not None and st["snapshot_entity"], "the snapshot resumes"
    sup.reopen()
    converged(city, [w1, sup])
    assert sup.one("SELECT count(*) FROM residents WHERE name LIKE '郑%'") == 7


@contextmanager
def while_pulling(p, action):
    """Run ``action`` (in the proxy's thread) when the desktop asks for changes: the
    push is done, the apply is next."""
    state = {"done": False}

    def hook(req):
        if req.path.startswith("/sync/changes") and not state["done"]:
            state["done"] = True
            action()
    p.on_request = hook
    try:
        yield state
    finally:
        p.on_request = None


def test_database_locked_during_apply(city, org, desk, proxy):
    """Another connection (say a long export on the GUI side) holds the write lock
    while the sync wants to apply a page: the sync fails cleanly, the next converges."""
    p = proxy(city.url)
    w1 = desk(city.url, org.user("w1"))
    sup = desk(p.url, org.user("sup"))
    w1.sync()
    sup.sync()
    made = w1.roster().create_resident(resident_values("冯六"), grid_id=org.ids["g1"])
    w1.sync()
    mine = sup.roster().create_resident(resident_values("陈七"), grid_id=org.ids["g2"])
    sup.store.conn.execute("PRAGMA busy_timeout = 300")
    other = sup.store.open_connection()
    before = sup.cursor()
    with while_pulling(p, lambda: other.execute("BEGIN IMMEDIATE")):
        with pytest.raises(Exception) as err:
            sup.sync()
    assert "locked" in str(err.value)
    other.execute("ROLLBACK")
    other.close()
    assert sup.cursor() == before and sup.row("residents", made["id"]) is None
    # the push before the pull went through; nothing is lost on the desktop either
    assert city.row("residents", mine["id"]) is not None
    converged(city, [w1, sup])
    assert sup.row("residents", made["id"])["name"] == "冯六"


def _fill_disk_while_pulling(city, org, desk, proxy):
    p = proxy(city.url)
    w1 = desk(city.url, org.user("w1"))
    sup = desk(p.url, org.user("sup"))
    w1.sync()
    sup.sync()
    made = [w1.roster().create_resident(resident_values(f"褚{i}", notes="备注" * 500),
                                        grid_id=org.ids["g1"]) for i in range(20)]
    w1.sync()
    conn = sup.store.conn
    before = sup.cursor()

    def fill_disk():
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
    with while_pulling(p, fill_disk):
        with pytest.raises(Exception) as err:
            sup.sync()
    conn.execute("PRAGMA max_page_count = 1073741823")
    return w1, sup, made, before, err.value


def test_disk_full_during_apply(city, org, desk, proxy):
    """The disk fills up while a page is applied (max_page_count stands in for the
    disk): the sync fails, nothing is half-applied, the next sync converges."""
    w1, sup, made, before, _error = _fill_disk_while_pulling(city, org, desk, proxy)
    assert sup.cursor() == before
    assert all(sup.row("residents", r["id"]) is None for r in made)
    converged(city, [w1, sup])
    assert sup.one("SELECT count(*) FROM residents WHERE name LIKE '褚%'") == 20


def test_disk_full_is_reported_as_disk_full(city, org, desk, proxy):
    *_, error = _fill_disk_while_pulling(city, org, desk, proxy)
    assert "full" in str(error)


# ---------------------------------------------------------------- conflicts
def _three(city, org, desk):
    w1 = desk(city.url, org.user("w1"))
    w1b = desk(city.url, org.user("w1b"))
    sup = desk(city.url, org.user("sup"))
    for d in (w1, w1b, sup):
        d.sync()
    r = w1.roster().create_resident(resident_values("蒋八", phone=PHONE_A), grid_id=org.ids["g1"])
    heal([w1, w1b, sup])
    return w1, w1b, sup, r


def test_same_field_edited_on_two_desktops_goes_to_the_supervisor(any_city, any_org, desk):
    city, org = any_city, any_org
    w1, w1b, sup, r = _three(city, org, desk)
    w1.roster().update_resident(r["id"], {"phone": PHONE_B})
    w1b.roster().update_resident(r["id"], {"phone": PHONE_C})
    w1.sync()
    w1b.sync()                       # received later: its value is kept...
    converged(city, [w1, w1b, sup])
    assert city.row("residents", r["id"])["phone"] == PHONE_C
    assert w1.row("residents", r["id"])["phone"] == PHONE_C
    (c,) = sup.open_conflicts()      # ...and the other one is in the supervisor's inbox
    assert (c["entity"], c["entity_id"], c["kind"], c["field"]) == (
        "residents", r["id"], "field", "phone")
    assert (c["kept_value"], c["other_value"]) == (PHONE_C, PHONE_B)
    assert c["kept_author"] == w1b.me["user_id"] and c["other_author"] == w1.me["user_id"]
    assert c["label"] == "蒋八"
    assert [o["state"] for o in w1b.outbox() if o["entity"] == "residents"][-1] == "conflict"
    # the supervisor takes the other value: a synced op like any edit
    inbox.resolve(sup.store, sup.actor, c["id"], "take_other")
    assert sup.row("residents", r["id"])["phone"] == PHONE_B
    converged(city, [sup, w1, w1b])
    for d in (w1, w1b, sup):
        assert d.row("residents", r["id"])["phone"] == PHONE_B
        assert d.open_conflicts() == []
    assert city.row("conflicts", c["id"])["resolution"] == "take_other"


def test_delete_then_edit_is_a_conflict_not_a_silent_loss(city, org, desk):
    w1, w1b, sup, r = _three(city, org, desk)
    w1.roster().delete_resident(r["id"])
    w1b.roster().update_resident(r["id"], {"occupation": "厨师"})
    w1.sync()        # the delete arrives first
    w1b.sync()       # then the edit of a row that is gone
    converged(city, [w1, w1b, sup])
    (c,) = sup.open_conflicts()
    assert (c["kind"], c["entity_id"]) == ("edit_delete", r["id"])
    assert c["other_value"] == {"occupation": "厨师"}, "the edit is kept in the conflict"
    inbox.resolve(sup.store, sup.actor, c["id"], "take_other")   # bring it back, edited
    converged(city, [sup, w1, w1b])
    for d in (w1, w1b, sup):
        row = d.row("residents", r["id"])
        assert row["deleted_at"] is None and row["occupation"] == "厨师"
    assert w1.one("SELECT count(*) FROM resident_search s JOIN residents r ON r.rid = s.rowid "
                  "WHERE r.id = ?", (r["id"],)) == 1, "back in the search index"


def test_edit_then_delete_is_a_conflict_not_delete_wins(city, org, desk):
    w1, w1b, sup, r = _three(city, org, desk)
    w1b.roster().update_resident(r["id"], {"occupation": "司机"})
    w1.roster().delete_resident(r["id"])
    w1b.sync()       # the edit arrives first
    w1.sync()        # then a delete made without seeing it
    converged(city, [w1, w1b, sup])
    (c,) = sup.open_conflicts()
    assert (c["kind"], c["entity_id"]) == ("delete_edit", r["id"])
    for d in (w1, w1b, sup):  # still there, with the edit, until the supervisor decides
        row = d.row("residents", r["id"])
        assert row["deleted_at"] is None and row["occupation"] == "司机"
    inbox.resolve(sup.store, sup.actor, c["id"], "take_other")   # the delete wins after all
    converged(city, [sup, w1, w1b])
    for d in (w1, w1b, sup):
        assert d.row("residents", r["id"])["deleted_at"] is not None


def _case_to(city, org, desk, state: str):
    """A case reported by w1 and brought to ``state`` by the supervisor; all synced."""
    w1 = desk(city.url, org.user("w1"))
    sup = desk(city.url, org.user("sup"))
    center = desk(city.url, org.user("center"))
    dept = desk(city.url, org.user("dept"))
    for d in (w1, sup, center, dept):
        d.sync()
    case = w1.cases().create(title="井盖缺失", category="manhole_cover",
                             grid_id=org.ids["g1"], description="路口井盖没了")
    heal([w1, sup, center, dept])
    steps = {"accepted": [("sup", "accept", {})],
             "dispatched": [("sup", "accept", {}), ("sup", "dispatch", {"unit": org.ids["dept"]})]}
    who = {"sup": sup, "center": center, "dept": dept}
    for actor, action, data in steps.get(state, []):
        who[actor].cases().act(case["id"], action, **data)
        heal([w1, sup, center, dept])
    return case, w1, sup, center, dept


def test_two_dispatches_of_one_case(any_city, any_org, desk):
    city, org = any_city, any_org
    case, w1, sup, center, dept = _case_to(city, org, desk, "accepted")
    # both dispatch while offline: to the department, and back to the grid
    sup.cases().act(case["id"], "dispatch", unit=org.ids["dept"])
    center.cases().act(case["id"], "dispatch", unit=org.ids["g1"])
    sup.sync()
    center.sync()        # arrives second: kept in the log, flagged, a conflict
    desks = [w1, sup, center, dept]
    converged(city, desks)
    state = assert_case_history_valid(city, case["id"])
    assert state.state == "dispatched" and state.holder_unit == org.ids["dept"]
    (c,) = sup.open_conflicts()
    assert (c["kind"], c["entity"], c["entity_id"], c["field"]) == (
        "transition", "cases", case["id"], "dispatch")
    for d in desks:
        actions = d.q("SELECT action, conflict FROM case_events WHERE case_id = ? ORDER BY seq",
                      (case["id"],))
        assert actions == [("report", 0), ("accept", 0), ("dispatch", 0), ("dispatch", 1)]
        assert d.row("cases", case["id"])["state"] == "dispatched"
        assert d.row("cases", case["id"])["holder_unit_id"] == org.ids["dept"]
    assert dept.row("cases", case["id"]) is not None, "the department got its case"
    # a conflict about a transition can only be acknowledged
    inbox.resolve(sup.store, sup.actor, c["id"], "keep")
    converged(city, desks)
    assert center.open_conflicts() == []


def test_a_late_event_never_reopens_a_closed_case(city, org, desk):
    case, w1, sup, center, dept = _case_to(city, org, desk, "dispatched")
    desks = [w1, sup, center, dept]
    center.cases().act(case["id"], "supervise", level="red")   # offline, days old
    dept.cases().act(case["id"], "sign")
    dept.cases().act(case["id"], "feedback", note="已更换井盖")
    heal([dept, sup])
    sup.cases().act(case["id"], "verify_pass")
    sup.sync()
    center.cases().act(case["id"], "note", note="注意安全")   # add-only: never a conflict
    center.sync()
    converged(city, desks)
    state = assert_case_history_valid(city, case["id"])
    assert state.state == "closed"
    events = center.q("SELECT action, conflict FROM case_events WHERE case_id = ? ORDER BY seq",
                      (case["id"],))
    assert events[-2:] == [("supervise", 1), ("note", 0)]
    assert [c["field"] for c in sup.open_conflicts()] == ["supervise"]
    assert all(d.row("cases", case["id"])["state"] == "closed" for d in desks)


# ---------------------------------------------------------------- tokens
def test_access_token_expires_mid_sync(new_city, desk, proxy, monkeypatch):
    city = new_city({"GRIDDESK_SERVER_ACCESS_TTL": "1"})
    org = city.new_org()
    p = proxy(city.url)
    w1b = desk(city.url, org.user("w1b"))
    w1 = desk(p.url, org.user("w1"))
    w1.sync()
    w1b.sync()
    for i in range(12):
        w1b.roster().create_resident(resident_values(f"卫{i}"), grid_id=org.ids["g1"])
    w1b.sync()
    monkeypatch.setattr(engine_mod, "PULL_LIMIT", 5)
    tokens = dict(w1.client.tokens.__dict__)
    # the second page waits on the network longer than the access token lives
    p.queue("delay", path="/sync/changes", skip=1, seconds=1.6)
    w1.sync()
    assert w1.one("SELECT count(*) FROM residents WHERE name LIKE '卫%'") == 12
    assert p.requests("/auth/refresh"), "the desktop refreshed its token on the way"
    saved = session.load(w1.store).tokens
    assert saved.access_token != tokens["access_token"]
    assert saved.refresh_token == w1.client.tokens.refresh_token, "rotated tokens are kept"
    converged(city, [w1, w1b])


def test_signed_out_by_the_server_keeps_the_outbox(new_city, desk):
    """The refresh token ran out (or the admin revoked it): the user must sign in
    again, and nothing typed meanwhile is lost."""
    city = new_city()
    org = city.new_org()
    w1 = desk(city.url, org.user("w1"))
    w1.sync()
    r = w1.roster().create_resident(resident_values("蒋九"), grid_id=org.ids["g1"])
    city.cli("set-user", org.user("w1"), "--revoke-tokens")
    with pytest.raises(AuthError):
        w1.sync()
    assert w1.status()["pending"] == len(w1.outbox()) > 0, "still waiting to be sent"
    session.sign_in(w1.store, city.url, org.user("w1"), "correct horse 1")
    w1.reopen()
    converged(city, [w1])
    assert city.row("residents", r["id"])["name"] == "蒋九"


# ---------------------------------------------------------------- scope
def test_worker_moved_to_another_grid_while_offline(city, org, desk):
    w1 = desk(city.url, org.user("w1"))
    w1b = desk(city.url, org.user("w1b"))
    w2 = desk(city.url, org.user("w2"))
    old = w1b.roster().create_resident(resident_values("沈十"), grid_id=org.ids["g1"])
    new = w2.roster().create_resident(resident_values("韩十一"), grid_id=org.ids["g2"])
    heal([w1, w1b, w2])
    assert w1.row("residents", old["id"]) is not None
    # offline work in the old grid...
    typed = w1.roster().create_resident(resident_values("杨十二"), grid_id=org.ids["g1"])
    w1.roster().update_resident(old["id"], {"phone": PHONE_A})
    # ...while the admin moves the worker to grid 2
    city.cli("set-user", org.user("w1"), "--scope", org.codes["g2"])
    w1.sync()
    heal([w1, w1b, w2])
    # the old grid's data is gone from this desktop, the new grid's is there
    assert w1.row("residents", old["id"]) is None
    assert w1.row("residents", new["id"])["name"] == "韩十一"
    assert w1.actor.scope_code == org.codes["g2"], "the status bar shows the new scope"
    # what was typed is not lost and not stranded: it went to the old grid's holders,
    # who can act on it (issue 14, F2); the worker's outbox says where it went
    sent = {(o["entity_id"], o["op"]): o for o in w1.outbox("conflict")}
    assert set(sent) == {(typed["id"], "create"), (old["id"], "patch")}
    assert all("moved_out_of_scope" in o["last_error"] for o in sent.values())
    assert w1.status()["needs_attention"] == 0
    assert city.row("residents", typed["id"]) is None       # not yet: a person decides
    sup = desk(city.url, org.user("sup"))
    forwarded = {c["entity_id"]: c for c in sup.open_conflicts() if c["kind"] == "moved"}
    assert forwarded[typed["id"]]["other_value"]["name"] == "杨十二"
    assert forwarded[old["id"]]["other_value"] == {"phone": PHONE_A}
    for c in forwarded.values():
        inbox.resolve(sup.store, sup.actor, c["id"], "take_other")
    heal([sup, w1, w1b, w2])
    assert city.row("residents", typed["id"])["name"] == "杨十二"
    assert city.row("residents", old["id"])["phone"] == PHONE_A
    assert w1b.row("residents", typed["id"])["name"] == "杨十二"
    assert w1.row("residents", typed["id"]) is None
    for d in (w1, w1b, w2, sup):
        assert_equals_server(city, d)
        assert_in_scope(city, d)


# ---------------------------------------------------------------- time
@contextmanager
def device_clock(days: float):
    """This desktop's clock is ``days`` off: every write it makes says so."""
    real = clock.now

    def skewed():
        return real() + dt.timedelta(days=days)
    clock.now = skewed
    try:
        yield skewed
    finally:
        clock.now = real


def test_client_clock_off_by_days_decides_nothing(city, org, desk):
    w1, w1b, sup, r = _three(city, org, desk)
    with device_clock(+10) as ahead:
        w1.roster().update_resident(r["id"], {"phone": PHONE_B})
        case = w1.cases(now=ahead).create(title="路灯不亮", category="streetlight_out",
                                          grid_id=org.ids["g1"])
    w1.sync()
    with device_clock(-10):
        # made later, but its clock says three weeks earlier
        w1b.roster().update_resident(r["id"], {"phone": PHONE_C})
    w1b.sync()
    sup.sync()
    sup.cases().act(case["id"], "accept")     # the device time of this is before the report
    converged(city, [w1, w1b, sup])
    assert city.row("residents", r["id"])["phone"] == PHONE_C, "the later-received edit is kept"
    (c,) = sup.open_conflicts()
    assert (c["kept_value"], c["other_value"]) == (PHONE_C, PHONE_B)
    state = assert_case_history_valid(city, case["id"])
    assert state.state == "accepted"
    events = w1.q("SELECT action, device_time FROM case_events WHERE case_id = ? ORDER BY seq",
                  (case["id"],))
    assert [e[0] for e in events] == ["report", "accept"]
    assert events[0][1] > events[1][1], "device times are kept as they were typed"


# ---------------------------------------------------------------- retention and backups
def _age_change_log(city, days: int) -> None:
    """Pretend the change log was written ``days`` ago (the server has no clock to
    turn, so the test ages the rows the prune looks at)."""
    at = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)).astimezone()
    with sqlite3.connect(city.sqlite_path) as conn:
        conn.execute("UPDATE changes SET at = ?", (at.isoformat(timespec="seconds"),))


def test_offline_longer_than_retention_resyncs(new_city, desk):
    city = new_city()
    org = city.new_org()
    w1 = desk(city.url, org.user("w1"))
    w1b = desk(city.url, org.user("w1b"))
    keep = w1b.roster().create_resident(resident_values("朱十三"), grid_id=org.ids["g1"])
    gone = w1b.roster().create_resident(resident_values("秦十四"), grid_id=org.ids["g1"])
    heal([w1, w1b])
    # w1 goes offline for months; meanwhile...
    mine = w1.roster().create_resident(resident_values("尤十五"), grid_id=org.ids["g1"])
    w1.roster().update_resident(keep["id"], {"occupation": "保安"})
    w1b.roster().delete_resident(gone["id"])
    added = w1b.roster().create_resident(resident_values("许十六"), grid_id=org.ids["g1"])
    w1b.sync()
    _age_change_log(city, 120)
    out = city.cli("prune", "--days", "90")
    assert json.loads(out.stdout.strip().splitlines()[-1])["changes"] > 0
    later = w1b.roster().create_resident(resident_values("何十七"), grid_id=org.ids["g1"])
    w1b.sync()
    result = w1.sync()
    assert result.resynced == "retention"
    converged(city, [w1, w1b])
    assert w1.row("residents", gone["id"]) is None, "the pruned tombstone's row is gone"
    for r in (added, later, mine):
        assert w1.row("residents", r["id"]) is not None
    assert city.row("residents", keep["id"])["occupation"] == "保安"


def test_server_restored_from_backup(new_city, desk):
    city = new_city()
    org = city.new_org()
    w1 = desk(city.url, org.user("w1"))
    w1b = desk(city.url, org.user("w1b"))
    w2 = desk(city.url, org.user("w2"))
    sup = desk(city.url, org.user("sup"))
    desks = [w1, w1b, w2, sup]
    before = w1.roster().create_resident(resident_values("吕十八", phone=PHONE_A),
                                         grid_id=org.ids["g1"])
    w1.roster().add_tag(before["id"], "community_correction")    # refused: needs 防
    heal(desks)
    backup = city.dir / "backup.db"
    copy_sqlite(city.sqlite_path, backup)
    # a day of work the backup does not have
    a = w1.roster().create_resident(resident_values("施十九"), grid_id=org.ids["g1"])
    b = w2.roster().create_resident(resident_values("张二十"), grid_id=org.ids["g2"])
    w1b.roster().update_resident(before["id"], {"phone": PHONE_B})
    w1b.sync()
    w1.roster().update_resident(before["id"], {"phone": PHONE_C})   # a conflict
    w1.sync()
    w1.roster().update_resident(a["id"], {"occupation": "园丁"})
    w1.roster().add_tag(a["id"], "drug_user")                    # refused as well
    case = w1.cases().create(title="乱堆物料", category="piled_materials",
                             grid_id=org.ids["g1"])
    heal(desks)
    assert sup.open_conflicts()
    # the disk died; the admin restores last night's backup
    city.stop()
    city.restore(backup)
    city.cli("new-epoch")
    city.start(port=city.live.port)
    for d in desks:
        d.sync()
    # after the restore the server hands out versions again that desktops already
    # hold with other values: the resync must not keep its own copy
    w1b.roster().update_resident(before["id"], {"occupation": "木匠"})
    w1b.sync()
    w1b.roster().update_resident(before["id"], {"occupation": "瓦匠"})
    w1b.sync()
    converged(city, desks)
    assert city.row("residents", a["id"])["occupation"] == "园丁"
    assert city.row("residents", b["id"])["name"] == "张二十"
    assert city.row("cases", case["id"]) is not None
    assert_case_history_valid(city, case["id"])
    assert city.row("residents", before["id"])["phone"] in (PHONE_B, PHONE_C)
    refused = w1.outbox("rejected")
    assert [o["entity"] for o in refused] == ["resident_tags", "resident_tags"]
    assert all("forbidden" in o["last_error"] for o in refused)


# ---------------------------------------------------------------- photos
def _photo_bytes(seed: int) -> bytes:
    """A noisy photo that stays over 2 MB after the desktop's downscale: several
    upload chunks."""
    import io

    from PIL import Image
    rnd = random.Random(seed)
    img = Image.frombytes("RGB", (2048, 2048), rnd.randbytes(2048 * 2048 * 3))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=95)
    return out.getvalue()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_photo_upload_cut_and_corrupted_resumes(city, org, desk, proxy, seed, monkeypatch):
    from app.sync import photos
    # smaller chunks than on a real link, so every planned fault finds a chunk to hit
    monkeypatch.setattr(photos, "CHUNK", 256 * 1024)
    p = proxy(city.url)
    w1 = desk(p.url, org.user("w1"))
    sup = desk(city.url, org.user("sup"))
    w1.sync()
    case = w1.cases().create(title="暴露垃圾", category="exposed_garbage",
                             grid_id=org.ids["g1"], photos=[_photo_bytes(seed)])
    (sha,) = json.loads(w1.one("SELECT photos FROM case_events WHERE case_id = ?",
                               (case["id"],)))
    size = w1.one("SELECT size FROM blobs WHERE sha256 = ?", (sha,))
    assert size > 6 * photos.CHUNK, "the photo takes several chunks"
    rnd = random.Random(seed)
    # cut at random offsets, a damaged chunk, an answer lost after the chunk was stored
    for kind in rnd.sample(["cut_request", "cut_request", "corrupt_body", "cut_response",
                            "drop_request"], 5):
        p.queue(kind, path="/blobs/", method="PATCH", skip=rnd.randint(0, 1),
                fraction=rnd.uniform(0.05, 0.95))
    p.queue("reset", path="/blobs/", method="HEAD", skip=1)
    for _ in range(20):
        if not isinstance(w1.try_sync(), Exception) and not w1.q(
                "SELECT 1 FROM blobs WHERE state = 'local'"):
            break
    assert p.pending() == 0, "every planned fault happened"
    assert w1.one("SELECT state FROM blobs WHERE sha256 = ?", (sha,)) == "uploaded"
    stored = (city.blob_dir / sha[:2] / sha).read_bytes()
    assert stored == w1.cases().photo_bytes(sha)   # the plaintext; sealed on the desktop
    # resumed, not restarted: chunks after a failure continue from the server's offset
    offsets = [int(dict(e.get("headers", {})).get("Upload-Offset", 0))
               for e in p.requests("/blobs/", "PATCH")]
    assert offsets.count(0) < len(offsets)
    converged(city, [w1, sup])
    assert photos.ensure_local(sup.store, sup.client, sup.dir, sha) is not None
    assert sup.cases().photo_bytes(sha) == stored


# ---------------------------------------------------------------- upgrades
def _v1_fixture():
    import importlib.util
    from pathlib import Path
    data = Path(__file__).resolve().parents[1] / "data"
    spec = importlib.util.spec_from_file_location("make_v1_db", data / "make_v1_db.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_app_upgraded_with_a_non_empty_outbox(new_city, tmp_path):
    """A desktop of schema version 1 with unsent work is upgraded (the migration
    ladder runs on open), signs in and pushes: nothing typed before the upgrade is
    lost, and what the server refuses is listed with its reason."""
    import shutil
    import time

    from app.models.store import migrations
    from app.models.store.keys import StaticKeyProvider
    from app.models.store.database import DB_NAME, KEY_NAME, Store
    from server import auth, db
    from server.admin import SYSTEM
    from server.sync.context import Ctx, now_iso
    from server.sync.engine import Engine

    v1 = _v1_fixture()
    data_dir = tmp_path / "old-desktop"
    data_dir.mkdir()
    shutil.copy2(v1.V1_PATH, data_dir / DB_NAME)
    (data_dir / KEY_NAME).write_text(v1.V1_KEY.hex())
    old = Store(data_dir / DB_NAME, StaticKeyProvider(v1.V1_KEY), migrate=False)
    assert old.schema_version == 1
    org = [dict(zip([c[0] for c in cur.description], r)) for cur in
           [old.conn.execute("SELECT * FROM org_units ORDER BY length(code)")]
           for r in cur.fetchall()]
    pending = old.conn.execute("SELECT count(*) FROM outbox WHERE state = 'pending'"
                               ).fetchone()[0]
    old.close()
    assert pending > 10

    # the city server already has this org tree (same ids) and a worker for the grid
    city = new_city(start=False)
    engine = Engine(city.db, city.settings)
    now = time.time()
    with city.db.write() as conn:
        c = Ctx(conn, city.db, SYSTEM, now, now_iso(now))
        cols = set(db.ENTITIES["org_units"].c.keys())
        for row in org:
            engine.write_row(c, "org_units", {k: v for k, v in row.items() if k in cols},
                             old=None)
        auth.create_user(conn, city.settings, username="oldw", password="correct horse 1",
                         role="grid_worker", scope_code="410105003001001", now=now)
    city.start()

    w = Desk(data_dir, city.url, "oldw")          # opening it runs the migration ladder
    try:
        assert w.store.schema_version == migrations.LATEST
        assert len(w.outbox("pending")) == pending, "every unsent op survived the upgrade"
        converged(city, [w])
        roster_ops = [o for o in w.outbox() if o["entity"] != "org_units"]
        assert all(o["state"] == "applied" for o in roster_ops), \
            [(o["entity"], o["op"], o["last_error"]) for o in roster_ops if o["state"] != "applied"]
        # the org tree is the server's to change: refused, with the reason, not dropped
        for o in w.outbox():
            if o["entity"] == "org_units":
                assert o["state"] == "rejected" and "forbidden" in o["last_error"]
        names = {r["name"]: r for r in city.rows("residents")}
        assert set(names) == {"张三丰", "张翠山", "殷素素"}
        assert names["张翠山"]["phone"] == "13900001111", "the pending patch arrived too"
        assert [t["tag"] for t in city.rows("resident_tags")] == ["elderly_alone"]
        heads = [h["head_id"] for h in city.rows("households")]
        assert heads == [names["张三丰"]["id"]]
        assert w.one("SELECT count(*) FROM org_units WHERE deleted_at IS NULL") == len(org)
    finally:
        w.close()


# ---------------------------------------------------------------- more of the real world
def test_party_members_recorded_on_a_visit_reach_the_server(city, org, desk):
    from app.models.roster import party
    w1 = desk(city.url, org.user("w1"))
    member = w1.roster().create_resident(resident_values("党员甲", political_status="01"),
                                         grid_id=org.ids["g1"])
    visit = w1.roster().record_visit(resident_id=member["id"], findings="走访")
    party.record_visit_participation(w1.store, w1.actor, visit["id"], [member["id"]])
    w1.sync()
    assert w1.outbox("rejected") == []
    assert json.loads(city.row("visits", visit["id"])["participants"]) == [member["id"]]


def test_revoked_device_keeps_its_outbox(new_city, desk):
    """A lost PC is revoked by the admin: it can no longer sync; what it holds is
    not pushed, and signing in again on that device is refused."""
    city = new_city()
    org = city.new_org()
    w1 = desk(city.url, org.user("w1"))
    r = w1.roster().create_resident(resident_values("严二一"), grid_id=org.ids["g1"])
    city.cli("revoke-device", w1.device_id)
    with pytest.raises(AuthError):
        w1.sync()
    assert city.row("residents", r["id"]) is None
    assert w1.status()["pending"] == 1, "the desktop still shows the unsent work"
    with pytest.raises(AuthError):
        session.sign_in(w1.store, city.url, org.user("w1"), "correct horse 1")


def test_server_killed_mid_sync_then_restarted(new_city, desk, proxy, monkeypatch):
    city = new_city()
    org = city.new_org()
    p = proxy(city.url)
    w1b = desk(city.url, org.user("w1b"))
    w1 = desk(p.url, org.user("w1"))
    for i in range(9):
        w1b.roster().create_resident(resident_values(f"华{i}"), grid_id=org.ids["g1"])
    w1b.sync()
    mine = w1.roster().create_resident(resident_values("金二二"), grid_id=org.ids["g1"])
    monkeypatch.setattr(engine_mod, "PULL_LIMIT", 4)
    pages = {"n": 0}

    def kill_on_second_page(req):
        if req.path.startswith("/sync/changes"):
            pages["n"] += 1
            if pages["n"] == 2:
                city.kill()          # kill -9 of the server, between two pages
    p.on_request = kill_on_second_page
    with pytest.raises(Offline):
        w1.sync()
    p.on_request = None
    assert city.row("residents", mine["id"]) is not None, "the push before was committed"
    partial = w1.one("SELECT count(*) FROM residents WHERE name LIKE '华%'")
    assert partial == 4, "the first page is kept with its cursor"
    city.start(port=city.live.port)
    converged(city, [w1, w1b])
    assert w1.one("SELECT count(*) FROM residents WHERE name LIKE '华%'") == 9


def test_edit_made_while_a_pull_deletes_the_row(city, org, desk, proxy):
    """The user edits a resident on the GUI's connection while the sync thread pulls
    the page in which another desktop deleted that resident."""
    from app.models.write.unit import ConnectionStore
    from app.models.roster.repository import Roster
    p = proxy(city.url)
    w1 = desk(p.url, org.user("w1"))
    w1b = desk(city.url, org.user("w1b"))
    sup = desk(city.url, org.user("sup"))
    r = w1b.roster().create_resident(resident_values("鲍二三"), grid_id=org.ids["g1"])
    heal([w1, w1b, sup])
    w1b.roster().delete_resident(r["id"])
    w1b.sync()
    gui = ConnectionStore(w1.store.open_connection())

    def edit_in_the_gui():
        Roster(gui, w1.actor).update_resident(r["id"], {"occupation": "裁缝"})
    with while_pulling(p, edit_in_the_gui):
        w1.sync()
    gui.close()
    converged(city, [w1, w1b, sup])
    (c,) = sup.open_conflicts()
    assert (c["kind"], c["other_value"]) == ("edit_delete", {"occupation": "裁缝"})


def test_concurrent_pushes_never_skip_a_change_for_a_puller(any_city, any_org, desk):
    """Four desktops push at once while a fifth pulls over and over: on PostgreSQL
    sequence numbers could become visible out of commit order; the puller's cursor
    must never pass a change it has not seen."""
    city, org = any_city, any_org
    pushers = [desk(city.url, org.user(u)) for u in ("w1", "w1b", "head1", "sup")]
    puller = desk(city.url, org.user("center"))
    stop = threading.Event()
    errors: list[BaseException] = []

    def push(d, grid):
        try:
            for i in range(4):
                for j in range(4):
                    d.roster().create_resident(resident_values(f"并{i}{j}"), grid_id=grid)
                d.sync()
        except BaseException as exc:   # noqa: BLE001 - reported below
            errors.append(exc)

    def pull():
        while not stop.is_set():
            try:
                puller.sync()
            except BaseException as exc:   # noqa: BLE001
                errors.append(exc)
                return
    threads = [threading.Thread(target=push, args=(d, org.ids["g1"])) for d in pushers]
    watcher = threading.Thread(target=pull)
    watcher.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    stop.set()
    watcher.join(120)
    assert not errors, errors
    puller.sync()     # one more pull from where the cursor stands: nothing skipped?
    assert puller.one("SELECT count(*) FROM residents WHERE name LIKE '并%'") == 64
    converged(city, pushers + [puller])


def test_edit_made_while_the_row_leaves_the_scope(city, org, desk, proxy):
    """The supervisor moves a resident to grid 2 while the grid-1 worker is editing
    it: the worker's desktop lets go of the resident once its edit is refused, and
    the refused edit is listed with its reason."""
    from app.models.write.unit import ConnectionStore
    from app.models.roster.repository import Roster
    p = proxy(city.url)
    w1 = desk(p.url, org.user("w1"))
    w2 = desk(city.url, org.user("w2"))
    sup = desk(city.url, org.user("sup"))
    r = sup.roster().create_resident(resident_values("鲁二四"), grid_id=org.ids["g1"])
    home = sup.roster().create_household("H0099", grid_id=org.ids["g2"])
    heal([sup, w1, w2])
    sup.roster().move_member(r["id"], home["id"], "other")
    sup.sync()
    gui = ConnectionStore(w1.store.open_connection())

    def edit_in_the_gui():
        Roster(gui, w1.actor).update_resident(r["id"], {"occupation": "厨师"})
    with while_pulling(p, edit_in_the_gui):
        w1.sync()
    gui.close()
    converged(city, [w1, w2, sup])
    assert w1.row("residents", r["id"]) is None
    # the edit is not stranded: it reached the resident's present holders (issue 14, F2)
    (sent,) = [o for o in w1.outbox("conflict") if o["entity_id"] == r["id"]]
    assert "moved_out_of_scope" in sent["last_error"]
    assert json.loads(sent["changed"]) == {"occupation": "厨师"}
    assert w2.row("residents", r["id"])["occupation"] is None
    (c,) = [c for c in sup.open_conflicts() if c["entity_id"] == r["id"]]
    assert c["kind"] == "moved" and c["other_value"] == {"occupation": "厨师"}
    inbox.resolve(sup.store, sup.actor, c["id"], "take_other")
    converged(city, [w1, w2, sup])
    assert w2.row("residents", r["id"])["occupation"] == "厨师"


def test_restore_without_new_epoch_is_noticed(new_city, desk):
    city = new_city()
    org = city.new_org()
    w1 = desk(city.url, org.user("w1"))
    w1b = desk(city.url, org.user("w1b"))
    backup = city.dir / "backup.db"
    copy_sqlite(city.sqlite_path, backup)
    for i in range(3):
        w1.roster().create_resident(resident_values(f"滕{i}"), grid_id=org.ids["g1"])
    heal([w1, w1b])
    city.stop()
    city.restore(backup)               # the admin forgets `new-epoch`
    city.start(port=city.live.port)
    w1.sync()                          # w1 pushes its work again? it thinks it is applied
    late = w1b.roster().create_resident(resident_values("殷二五"), grid_id=org.ids["g1"])
    w1b.sync()
    w1.sync()
    assert w1.row("residents", late["id"]) is not None


def test_conflict_resolved_with_an_invalid_value_is_refused(city, org, desk):
    w1, w1b, sup, r = _three(city, org, desk)
    w1.roster().update_resident(r["id"], {"phone": PHONE_B})
    w1b.roster().update_resident(r["id"], {"phone": PHONE_C})
    heal([w1, w1b, sup])
    (c,) = sup.open_conflicts()
    # the desktop checks a typed value with the resident rules before anything is written
    with pytest.raises(inbox.ResolveError) as exc:
        inbox.resolve(sup.store, sup.actor, c["id"], "edit", "12345")
    assert exc.value.code == "invalid_value" and exc.value.issues[0].field == "phone"
    assert sup.outbox("pending") == []
    # a desktop without that check (an older version) is refused by the server as well
    from app.models.write import outbox as outbox_mod
    from app.models.domain.ids import uuid7
    with sup.store.transaction() as conn:
        outbox_mod.record(conn, tx_id=uuid7(), entity="conflicts", entity_id=c["id"],
                          op="patch", changed={"resolution": "edit", "value": "12345"},
                          created_at=clock.now_iso())
    heal([sup, w1, w1b])
    assert city.row("residents", r["id"])["phone"] in (PHONE_B, PHONE_C)
    (refused,) = sup.outbox("rejected")
    assert refused["entity"] == "conflicts"


@pytest.mark.parametrize("resolve", [False, True])
def test_two_offline_moves_leave_a_consistent_resident(city, org, desk, resolve):
    sup = desk(city.url, org.user("sup"))
    center = desk(city.url, org.user("center"))
    r = sup.roster().create_resident(resident_values("彭二六"), grid_id=org.ids["g1"])
    h1 = sup.roster().create_household("H1001", grid_id=org.ids["g1"])
    h2 = sup.roster().create_household("H2001", grid_id=org.ids["g2"])
    heal([sup, center])
    if resolve:       # the grid-1 move arrives first, then the grid-2 move
        sup.roster().move_member(r["id"], h1["id"], "other")
        center.roster().move_member(r["id"], h2["id"], "other")
        sup.sync()
        center.sync()
    else:             # the grid-2 move arrives first, then the in-grid move
        center.roster().move_member(r["id"], h2["id"], "other")
        sup.roster().move_member(r["id"], h1["id"], "other")
        center.sync()
        sup.sync()
    heal([sup, center])
    # a move is one value (grid, household, path, relation): the later move wins whole and
    # the earlier one waits in the inbox whole, never a mix of the two (issue 14)
    (c,) = sup.open_conflicts()
    assert c["field"] == "move"
    assert {c["kept_value"]["household_id"], c["other_value"]["household_id"]} == {h1["id"],
                                                                                  h2["id"]}
    if resolve:
        inbox.resolve(sup.store, sup.actor, c["id"], "take_other")
        heal([sup, center])
    row = city.row("residents", r["id"])
    home = city.row("households", row["household_id"])
    assert (home["grid_id"], home["path"]) == (row["grid_id"], row["path"]), \
        "the resident lives in a household of another grid"
