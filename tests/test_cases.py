"""Cases (domain.md §5) on a real encrypted store with a fixed clock: numbers,
the closed loop with the right roles, the projection, the one write path
(events are 'transition' ops), photos, queues, time limits and visits."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re

import pytest
from PIL import Image

from app.models.cases.repository import QUEUES, CaseQuery, Cases
from app.models.domain.calendar import TZ
from app.models.domain.case_fields import SOURCES, URGENCY
from app.models.domain.workflow import TransitionError
from app.models.roster.repository import ValidationError
from app.models.store.database import open_store
from app.models.write.unit import Actor

GRID1 = "410105003001001"
ZSF_ID = "11010519491231002X"


class Clock:
    def __init__(self, start: dt.datetime):
        self.t = start

    def __call__(self) -> dt.datetime:
        return self.t

    def set(self, *args):
        self.t = dt.datetime(*args, tzinfo=TZ)

    def advance(self, **kw):
        self.t += dt.timedelta(**kw)


WORKER = Actor("worker-1", "王网格", "grid_worker", GRID1)
HEAD = Actor("head-1", "李网格长", "grid_head", GRID1)
SUPERVISOR = Actor("sup-1", "张书记", "community_supervisor", "410105003001")
HANDLER = Actor("dept-1", "赵执法", "dept_handler", "410105901")


@pytest.fixture
def clock():
    return Clock(dt.datetime(2026, 11, 27, 10, 0, tzinfo=TZ))   # Friday 10:00


@pytest.fixture
def world(store, roster, street, clock):
    dept = roster.create_org_unit("410105901", "金水区城管局", "department",
                                  street["district"]["id"])
    gas = roster.create_org_unit("410105905", "金水区燃气", "department", street["district"]["id"])
    make = lambda actor: Cases(store, actor, now=clock)  # noqa: E731
    return dict(street, dept=dept, gas=gas, worker=make(WORKER), head=make(HEAD),
                sup=make(SUPERVISOR), handler=make(HANDLER), make=make)


def count(conn, table, where="1", params=()):
    return conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0]


def totals(conn):
    return {t: count(conn, t) for t in ("cases", "case_events", "case_residents", "outbox",
                                         "audit_log", "blobs")}


def report(world, **kw):
    args = dict(title="小区门口暴露垃圾", category="exposed_garbage", grid_id=world["grid1"]["id"])
    args.update(kw)
    return world["worker"].create(**args)


def jpeg_bytes(size=(640, 480), color=(200, 30, 30), fmt="JPEG", **save):
    img = Image.new("RGBA" if fmt == "PNG" else "RGB", size, color)
    out = io.BytesIO()
    img.save(out, fmt, **save)
    return out.getvalue()


# ------------------------------------------------------------------ dictionaries in the API

def test_sources_and_urgency_choices():
    assert list(SOURCES) == ["patrol", "walk_in", "hotline", "snapshot", "resident_snapshot",
                             "assigned", "video"]
    assert SOURCES["resident_snapshot"].zh == "居民随手拍"
    assert SOURCES["hotline"].zh == "12345热线" and SOURCES["patrol"].zh == "网格员巡查"
    assert URGENCY["normal"].zh == "一般" and URGENCY["urgent"].zh == "紧急"
    assert CaseQuery().states == () and CaseQuery().queue is None


# ------------------------------------------------------------------ numbers

def test_number_format_and_uniqueness(world, store, clock):
    cases = world["worker"]
    short = store.device_id.replace("-", "")[-6:]
    numbers = [report(world, title=f"垃圾{i}")["number"] for i in range(40)]
    assert len(set(numbers)) == 40
    assert numbers[0] == f"{GRID1}-20261127-{short}-0001"
    assert numbers[-1] == f"{GRID1}-20261127-{short}-0040"
    assert all(re.fullmatch(rf"{GRID1}-20261127-[0-9a-f]{{6}}-\d{{4}}", n) for n in numbers)
    # another grid shares the device's daily counter; the next day starts again at 1
    other = report(world, grid_id=world["grid2"]["id"])
    assert other["number"] == f"410105003001002-20261127-{short}-0041"
    clock.set(2026, 11, 28, 9, 0)
    assert report(world)["number"] == f"{GRID1}-20261128-{short}-0001"
    # a clock set back to a day already used never repeats a number
    store.conn.execute("DELETE FROM meta WHERE key = 'case_seq.20261127'")
    clock.set(2026, 11, 27, 18, 0)
    again = report(world)["number"]
    assert again not in numbers and again.startswith(f"{GRID1}-20261127-{short}-")
    assert cases.by_number(numbers[5])["title"] == "垃圾5"
    assert cases.by_number("nope") is None


def test_numbers_differ_between_devices(tmp_path):
    a, b = open_store(tmp_path / "a"), open_store(tmp_path / "b")
    try:
        ca, cb = Cases(a, WORKER), Cases(b, WORKER)
        assert re.fullmatch(r"[0-9a-f]{6}", ca.device_short)
        assert ca.device_short != cb.device_short
    finally:
        a.close()
        b.close()


# ------------------------------------------------------------------ create

def test_create_writes_case_links_and_report_in_one_unit(world, store, roster):
    res = roster.create_resident({"name": "张三丰", "id_number": ZSF_ID,
                                  "residence_type": "registered"},
                                 household_id=world["household1"]["id"], relation="self")
    before = totals(store.conn)
    seq = count(store.conn, "outbox")
    case = report(world, description="三号楼东侧", source="walk_in", address_id=world["room501"]["id"],
                  location_text="3号楼东", lon=113.68, lat=34.79, reporter_name="刘女士",
                  reporter_phone="138 1234 5678", resident_ids=[res["id"], res["id"]])
    assert case["state"] == "reported" and case["source"] == "walk_in"
    assert case["reporter_phone"] == "13812345678"
    assert case["path"] == GRID1 and case["created_by"] == "worker-1"
    assert case["reported_at"] == "2026-11-27T10:00:00+08:00"
    assert case["level_unit_id"] == world["grid1"]["id"] == case["holder_unit_id"]
    assert case["clock_start"] is None and case["deadline"] is None
    after = totals(store.conn)
    assert after["cases"] - before["cases"] == 1
    assert after["case_residents"] - before["case_residents"] == 1
    assert after["case_events"] - before["case_events"] == 1
    ops = store.conn.execute("SELECT entity, op, tx_id FROM outbox WHERE device_seq > ? "
                             "ORDER BY device_seq", (seq,)).fetchall()
    assert [(e, o) for e, o, _ in ops] == [("cases", "create"), ("case_residents", "create"),
                                           ("case_events", "transition")]
    assert len({t for _, _, t in ops}) == 1          # one transaction
    assert [r["name"] for r in world["worker"].residents(case["id"])] == ["张三丰"]
    ev = world["worker"].events(case["id"])
    assert [(e["action"], e["role"], e["actor_id"], e["seq"]) for e in ev] == [
        ("report", "grid_worker", "worker-1", 1)]


def test_create_validates_and_writes_nothing(world, store):
    before = totals(store.conn)
    with pytest.raises(ValidationError) as exc:
        world["worker"].create(title="  ", category="no_such", grid_id="missing",
                               reporter_phone="12345", source="fax", urgency="now")
    fields = {(i.field, i.code) for i in exc.value.issues}
    assert fields == {("title", "required"), ("category", "choice.invalid"),
                      ("grid_id", "not_found"), ("reporter_phone", "phone.invalid"),
                      ("source", "choice.invalid"), ("urgency", "choice.invalid")}
    with pytest.raises(ValidationError) as exc:
        report(world, grid_id=world["community"]["id"])          # not a grid
    assert exc.value.issues[0].code == "not_found"
    with pytest.raises(ValidationError) as exc:
        report(world, resident_ids=["ghost"], title="x" * 101)
    assert {(i.field, i.code) for i in exc.value.issues} == {
        ("resident_ids", "not_found"), ("title", "text.too_long")}
    assert totals(store.conn) == before


def test_urgency_defaults_to_the_category(world):
    assert report(world, category="gas_hazard", title="燃气味")["urgency"] == "urgent"
    assert report(world)["urgency"] == "normal"
    assert report(world, urgency="urgent")["urgency"] == "urgent"


def test_create_without_report_is_a_draft(world, store):
    case = report(world, report=False)
    assert case["state"] == "draft" and world["worker"].events(case["id"]) == []
    assert world["worker"].allowed_actions(case["id"]) == ["report"]
    case = world["worker"].act(case["id"], "report")
    assert case["state"] == "reported" and case["level_unit_id"] == world["grid1"]["id"]


def test_role_that_may_not_report_cannot_create(world, store):
    before = totals(store.conn)
    with pytest.raises(TransitionError) as exc:
        world["handler"].create(title="x", category="exposed_garbage",
                                grid_id=world["grid1"]["id"])
    assert exc.value.code == "role_not_allowed"
    assert totals(store.conn) == before


# ------------------------------------------------------------------ the closed loop

def test_whole_loop_with_rework(world, store, clock):
    w, head, sup, handler = world["worker"], world["head"], world["sup"], world["handler"]
    dept = world["dept"]["id"]
    case_id = report(world)["id"]
    assert sup.allowed_actions(case_id) == ["accept", "reject", "escalate", "supervise",
                                            "reply"]
    assert w.allowed_actions(case_id) == ["self_handle"]       # 暴露垃圾 may be self-handled

    clock.set(2026, 11, 27, 10, 15)
    c = sup.act(case_id, "accept", note="属实")
    assert (c["state"], c["clock_start"], c["deadline"]) == ("accepted", None, None)

    clock.set(2026, 11, 27, 10, 30)
    c = sup.act(case_id, "dispatch", unit=dept)
    assert c["state"] == "dispatched" and c["holder_unit_id"] == dept
    assert c["holder_user_id"] is None
    assert c["clock_start"] == "2026-11-27T10:30:00+08:00"
    assert c["deadline"] == "2026-11-30T10:30:00+08:00"         # 1 working day, over the weekend
    assert handler.allowed_actions(case_id) == ["return", "sign"]

    clock.set(2026, 11, 27, 11, 0)
    c = handler.act(case_id, "sign")
    assert c["state"] == "handling" and c["holder_user_id"] == "dept-1"
    assert c["holder_unit_id"] == dept

    clock.set(2026, 11, 27, 15, 0)
    c = handler.act(case_id, "feedback", note="已清运", photos=[jpeg_bytes()])
    assert c["state"] == "handled" and c["rework_count"] == 0

    c = head.act(case_id, "verify_fail", note="仍有残留")
    assert c["state"] == "handling" and c["rework_count"] == 1

    clock.set(2026, 11, 27, 16, 0)
    c = handler.act(case_id, "feedback", note="已彻底清理")
    assert c["state"] == "handled"

    clock.set(2026, 11, 27, 16, 30)
    c = sup.act(case_id, "verify_pass")
    assert c["state"] == "closed" and c["closed_at"] == "2026-11-27T16:30:00+08:00"
    assert c["rework_count"] == 1
    assert sup.allowed_actions(case_id) == ["evaluate", "reply"]

    c = sup.act(case_id, "evaluate", satisfaction="satisfied")
    assert c["state"] == "evaluated" and c["satisfaction"] == "satisfied"
    assert c["has_conflict"] == 0 and c["deadline"] == "2026-11-30T10:30:00+08:00"
    assert sup.level(c) == "normal" and sup.remaining(c) is None

    events = sup.events(case_id)
    assert [(e["action"], e["role"]) for e in events] == [
        ("report", "grid_worker"), ("accept", "community_supervisor"),
        ("dispatch", "community_supervisor"), ("sign", "dept_handler"),
        ("feedback", "dept_handler"), ("verify_fail", "grid_head"), ("feedback", "dept_handler"),
        ("verify_pass", "community_supervisor"), ("evaluate", "community_supervisor")]
    assert [e["seq"] for e in events] == list(range(1, 10))
    assert events[1]["note"] == "属实" and events[2]["data"] == {"unit": dept}
    assert len(events[4]["photos"]) == 1 and re.fullmatch(r"[0-9a-f]{64}", events[4]["photos"][0])
    assert all(e["device_time"].endswith("+08:00") for e in events)

    # the projection equals a fresh replay of the log
    state = sup.state_of(case_id)
    assert (state.state, state.rework_count, state.verified_fail) == ("evaluated", 1, True)

    # every event left exactly one outbox op, a 'transition', and an audit record
    for e in events:
        ops = store.conn.execute("SELECT entity, op FROM outbox WHERE entity_id = ?",
                                 (e["id"],)).fetchall()
        assert ops == [("case_events", "transition")]
    assert count(store.conn, "outbox", "op = 'transition'") == count(store.conn, "case_events")
    actions = [r[0] for r in store.conn.execute(
        "SELECT action FROM audit_log WHERE entity = 'cases' AND entity_id = ? ORDER BY seq",
        (case_id,))]
    assert actions == ["create"] + [f"case.{e['action']}" for e in events]


def test_wrong_role_raises_and_writes_nothing(world, store):
    case_id = report(world)["id"]
    before = totals(store.conn)
    for cases, action, data in ((world["worker"], "accept", {}),
                                (world["handler"], "accept", {}),
                                (world["worker"], "dispatch", {"unit": world["dept"]["id"]}),
                                (world["head"], "reject", {})):
        with pytest.raises(TransitionError) as exc:
            cases.act(case_id, action, note="x", **data)
        assert exc.value.code in ("role_not_allowed", "wrong_state")
    with pytest.raises(TransitionError) as exc:
        world["worker"].act(case_id, "accept", note="x", photos=[jpeg_bytes()])
    assert exc.value.code == "role_not_allowed"
    assert totals(store.conn) == before
    assert world["sup"].get(case_id)["state"] == "reported"


def test_closed_case_refuses_late_dispatch(world, store):
    w, sup = world["worker"], world["sup"]
    case_id = report(world)["id"]
    w.act(case_id, "self_handle", note="当场清理")
    sup.act(case_id, "verify_pass")
    before = totals(store.conn)
    with pytest.raises(TransitionError) as exc:
        sup.act(case_id, "dispatch", unit=world["dept"]["id"])
    assert exc.value.code == "case_closed"
    with pytest.raises(TransitionError):
        world["handler"].act(case_id, "feedback")
    assert totals(store.conn) == before
    # notes stay possible on a closed case and do not reopen it
    c = sup.act(case_id, "note", note="回访：居民满意")
    assert c["state"] == "closed"
    with pytest.raises(ValidationError):
        sup.act(case_id, "note")


def test_data_guards(world):
    sup, handler = world["sup"], world["handler"]
    case_id = report(world)["id"]
    sup.act(case_id, "accept")
    with pytest.raises(TransitionError) as exc:
        sup.act(case_id, "dispatch")
    assert exc.value.code == "dispatch_needs_target"
    with pytest.raises(ValidationError) as exc:
        sup.act(case_id, "dispatch", unit="no-such-unit")
    assert exc.value.issues[0].field == "unit"
    sup.act(case_id, "dispatch", unit=world["dept"]["id"])
    handler.act(case_id, "sign")
    with pytest.raises(TransitionError) as exc:
        handler.act(case_id, "request_extension", days=31)
    assert exc.value.code == "extension_days"
    with pytest.raises(TransitionError) as exc:
        handler.act(case_id, "request_extension", days=True)     # a JSON true is not 1 day
    assert exc.value.code == "extension_days"
    with pytest.raises(TransitionError) as exc:
        sup.act(case_id, "supervise", level="orange")
    assert exc.value.code == "supervision_level"
    with pytest.raises(TransitionError) as exc:
        sup.act(case_id, "fly")
    assert exc.value.code == "unknown_action"


def test_self_handle_only_for_small_categories(world):
    w, sup = world["worker"], world["sup"]
    big = report(world, category="illegal_construction", title="楼顶加盖")
    assert "self_handle" not in w.allowed_actions(big["id"])
    with pytest.raises(TransitionError) as exc:
        w.act(big["id"], "self_handle")
    assert exc.value.code == "self_handle_not_allowed"

    small = report(world)
    c = w.act(small["id"], "self_handle", note="已清理", photos=[jpeg_bytes()])
    assert c["state"] == "handled" and c["holder_user_id"] == "worker-1"
    # the clock of a self-handled case starts at the report
    assert c["clock_start"] == c["reported_at"] == "2026-11-27T10:00:00+08:00"
    assert c["deadline"] == "2026-11-30T10:00:00+08:00"
    assert sup.list(CaseQuery(queue="to_verify"))[0][0]["id"] == small["id"]


def test_escalate_and_return(world):
    sup, handler = world["sup"], world["handler"]
    case_id = report(world)["id"]
    c = sup.act(case_id, "escalate", unit=world["street"]["id"])
    assert c["state"] == "reported" and c["level_unit_id"] == world["street"]["id"]
    sup.act(case_id, "accept")
    sup.act(case_id, "dispatch", unit=world["gas"]["id"])
    c = handler.act(case_id, "return", note="不属本部门")
    assert c["state"] == "accepted" and c["holder_unit_id"] == world["street"]["id"]
    assert c["clock_start"] is not None      # the clock keeps running from the first dispatch
    c = sup.act(case_id, "dispatch", unit=world["dept"]["id"])
    assert c["state"] == "dispatched" and c["holder_unit_id"] == world["dept"]["id"]
    assert sup.suggest_department(case_id)["id"] == world["dept"]["id"]


# ------------------------------------------------------------------ time limits

def _dispatched(world, clock, category="exposed_garbage", **kw):
    case_id = report(world, category=category, **kw)["id"]
    world["sup"].act(case_id, "accept")
    world["sup"].act(case_id, "dispatch", unit=world["dept"]["id"])
    return case_id


def test_deadline_level_and_overdue_with_fixed_clock(world, clock):
    sup = world["sup"]
    clock.set(2026, 11, 27, 15, 0)                            # Friday 15:00
    case_id = _dispatched(world, clock, category="dirty_road", title="道路油污")
    c = sup.get(case_id)
    assert c["deadline"] == "2026-11-30T12:00:00+08:00"      # 5 working hours
    assert sup.level(c) == "normal"
    assert sup.remaining(c) == dt.timedelta(days=2, hours=21)
    clock.set(2026, 11, 29, 20, 0)                            # Sunday night: still 2 h of 5
    assert sup.level(c) == "normal"
    clock.set(2026, 11, 30, 11, 0)                            # 4 h of 5 = 80 %
    assert sup.level(c) == "yellow"
    assert sup.list(CaseQuery(overdue=True))[0] == []
    assert sup.queue_counts()["overdue"] == 0
    clock.set(2026, 11, 30, 12, 1)
    assert sup.level(c) == "red"
    assert sup.remaining(c) == -dt.timedelta(minutes=1)
    assert [r["id"] for r in sup.list(CaseQuery(overdue=True))[0]] == [case_id]
    assert sup.queue_counts()["overdue"] == 1
    # closed late: red by when it was closed, and no longer in the overdue queue
    world["handler"].act(case_id, "sign")
    world["handler"].act(case_id, "feedback")
    c = sup.act(case_id, "verify_pass")
    assert sup.level(c) == "red" and sup.remaining(c) is None
    assert sup.queue_counts()["overdue"] == 0


def test_urgent_override_applies_to_deadline(world, clock):
    case_id = _dispatched(world, clock, urgency="urgent")
    assert world["sup"].get(case_id)["deadline"] == "2026-11-27T15:00:00+08:00"   # 4 h over lunch


def test_extension_adds_working_days(world, clock):
    sup, handler = world["sup"], world["handler"]
    case_id = _dispatched(world, clock)
    handler.act(case_id, "sign")
    assert sup.get(case_id)["deadline"] == "2026-11-30T10:00:00+08:00"
    c = handler.act(case_id, "request_extension", days="2", note="需协调物业")
    assert c["extension_pending"] == 2 and c["extra_days"] == 0
    assert sup.queue_counts()["extension_requests"] == 1
    assert "approve_extension" in sup.allowed_actions(case_id)
    c = sup.act(case_id, "approve_extension")
    assert c["extension_pending"] is None and c["extra_days"] == 2
    assert c["deadline"] == "2026-12-02T10:00:00+08:00"
    handler.act(case_id, "request_extension", days=1)
    c = sup.act(case_id, "deny_extension")
    assert c["extra_days"] == 2 and c["deadline"] == "2026-12-02T10:00:00+08:00"
    assert sup.queue_counts()["extension_requests"] == 0


def test_illegal_construction_stop_then_demolish(world, clock):
    sup, handler = world["sup"], world["handler"]
    case_id = _dispatched(world, clock, category="illegal_construction", title="楼顶加盖")
    c = sup.get(case_id)
    assert c["deadline"] == "2026-11-27T15:00:00+08:00"      # stop within 4 working hours
    clock.set(2026, 11, 27, 15, 30)
    assert sup.level(c) == "red"
    c = handler.act(case_id, "sign", note="已责令停工")
    assert c["deadline"] == "2026-12-25T10:00:00+08:00"      # 20 working days from dispatch
    assert sup.level(c) == "normal"
    assert sup.final_deadline(c).isoformat() == c["deadline"]


def test_supervise_raises_card(world, clock):
    sup = world["sup"]
    case_id = _dispatched(world, clock)
    assert sup.act(case_id, "supervise", level="yellow")["supervision"] == "yellow"
    assert sup.act(case_id, "supervise", level="red")["supervision"] == "red"
    assert sup.act(case_id, "supervise", level="yellow")["supervision"] == "red"


# ------------------------------------------------------------------ lists and queues

def _mixed(world, clock):
    w, sup, handler = world["worker"], world["sup"], world["handler"]
    dept = world["dept"]["id"]
    ids = {}
    ids["reported"] = [report(world, title=f"待受理{i}")["id"] for i in range(3)]
    ids["accepted"] = []
    for i in range(2):
        cid = report(world, title=f"待派遣{i}", category="damaged_road")["id"]
        sup.act(cid, "accept")
        ids["accepted"].append(cid)
    ids["dispatched"] = []
    for i in range(2):
        cid = report(world, title=f"已派遣{i}", source="hotline")["id"]
        sup.act(cid, "accept")
        sup.act(cid, "dispatch", unit=dept)
        ids["dispatched"].append(cid)
    cid = report(world, title="处置中", category="dirty_road")["id"]
    sup.act(cid, "accept")
    sup.act(cid, "dispatch", unit=world["gas"]["id"], user="dept-1")
    handler.act(cid, "sign")
    handler.act(cid, "request_extension", days=3)
    ids["handling"] = [cid]
    ids["handled"] = [report(world, title="自处置")["id"]]
    w.act(ids["handled"][0], "self_handle")
    rej = report(world, title="无效")["id"]
    sup.act(rej, "reject")
    other = world["make"](Actor("worker-2", "孙网格", "grid_worker"))
    ids["other_grid"] = [other.create(title="第二网格", category="exposed_garbage",
                                      grid_id=world["grid2"]["id"])["id"]]
    return ids


def test_queue_counts_agree_with_list(world, clock):
    ids = _mixed(world, clock)
    clock.set(2026, 11, 30, 16, 0)      # the 道路不洁 (5 h) and 1-day cases are overdue now
    for cases in (world["sup"], world["handler"], world["worker"], world["head"]):
        counts = cases.queue_counts()
        assert set(counts) == set(QUEUES)
        for queue in QUEUES:
            rows, cursor = cases.list(CaseQuery(queue=queue), limit=1000)
            assert cursor is None
            assert counts[queue] == len(rows), (cases.actor.role, queue)
    counts = world["sup"].queue_counts()
    assert counts["to_accept"] == 4 and counts["to_dispatch"] == 2
    assert counts["to_verify"] == 1 and counts["extension_requests"] == 1
    assert counts["overdue"] == 4       # 2 dispatched + handling + self-handled; not to-dispatch
    # dept handler's "mine": dispatched to their department, or to them by name
    mine = {r["id"] for r in world["handler"].list(CaseQuery(mine=True))[0]}
    assert set(ids["dispatched"] + ids["handling"]) <= mine
    # 上级交办: cases handed down from above, while open
    assert counts["assigned"] == 0
    handed = report(world, title="12345转办：噪音扰民", source="assigned")
    assert world["sup"].queue_counts()["assigned"] == 1
    assert [r["id"] for r in world["sup"].list(CaseQuery(queue="assigned"))[0]] == [handed["id"]]
    assert world["sup"].queue_counts(path_prefix="410105003001002")["to_accept"] == 1


def test_list_filters_and_keyset_pages(world, clock):
    ids = _mixed(world, clock)
    w, sup = world["worker"], world["sup"]
    everything, cursor = sup.list(CaseQuery(), limit=1000)
    assert cursor is None and len(everything) == 11
    assert [r["rid"] for r in everything] == sorted((r["rid"] for r in everything), reverse=True)
    pages, cursor, seen = [], None, []
    while True:
        rows, cursor = sup.list(CaseQuery(), cursor, limit=5)
        seen += [r["id"] for r in rows]
        pages.append(len(rows))
        if cursor is None:
            break
    assert pages == [5, 5, 1] and seen == [r["id"] for r in everything]
    assert {r["id"] for r in sup.list(CaseQuery(states=("accepted",)))[0]} == set(ids["accepted"])
    assert len(sup.list(CaseQuery(category="damaged_road"))[0]) == 2
    assert len(sup.list(CaseQuery(category="设施管理"))[0]) == 2        # by major
    assert len(sup.list(CaseQuery(source="hotline"))[0]) == 2
    assert [r["title"] for r in sup.list(CaseQuery(text="处置中"))[0]] == ["处置中"]
    number = sup.get(ids["handled"][0])["number"]
    assert [r["id"] for r in sup.list(CaseQuery(text=number))[0]] == ids["handled"]
    assert sup.list(CaseQuery(text="100%"))[0] == []
    assert {r["id"] for r in sup.list(CaseQuery(path_prefix="410105003001002"))[0]} == \
        set(ids["other_grid"])
    assert len(w.list(CaseQuery(mine=True))[0]) == 10          # created by worker-1
    # a department handler's own: what they signed for, and what waits at their department
    assert {r["id"] for r in world["handler"].list(CaseQuery(mine=True))[0]} == \
        set(ids["handling"] + ids["dispatched"])
    assert sup.count(CaseQuery(states=("reported",))) == 4


# ------------------------------------------------------------------ photos

def test_photo_downscaled_thumbnailed_and_stored_once(world, store, tmp_path):
    cases = world["worker"]
    src = tmp_path / "big.jpg"
    src.write_bytes(jpeg_bytes((3000, 2000)))
    sha = cases.add_photo(src)
    path = cases.photo_path(sha)
    assert path == store.path.parent / "blobs" / sha[:2] / f"{sha}.jpg"
    data = cases.photo_bytes(sha)   # decrypted in memory: the file itself is sealed
    assert hashlib.sha256(data).hexdigest() == sha
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "JPEG" and img.size == (2048, 1365)
    with Image.open(io.BytesIO(cases.photo_bytes(sha, thumb=True))) as img:
        assert max(img.size) == 256
    row = store.conn.execute("SELECT size, mime, width, height, path, thumb_path, state "
                             "FROM blobs WHERE sha256 = ?", (sha,)).fetchone()
    assert row == (len(data), "image/jpeg", 2048, 1365, f"blobs/{sha[:2]}/{sha}.jpg",
                   f"blobs/{sha[:2]}/{sha}.thumb.jpg", "local")
    # the same photo again (as a path or as bytes) is stored once
    assert cases.add_photo(src) == sha == cases.add_photo(src.read_bytes())
    assert count(store.conn, "blobs") == 1
    assert len(list((store.path.parent / "blobs").rglob("*.jpg"))) == 2
    # no outbox op for the bytes: the event's photo list is what syncs
    assert count(store.conn, "outbox", "entity = 'blobs'") == 0


def test_png_with_alpha_and_small_photo_kept_small(world):
    cases = world["worker"]
    sha = cases.add_photo(jpeg_bytes((300, 500), (0, 128, 0, 128), fmt="PNG"))
    with Image.open(io.BytesIO(cases.photo_bytes(sha))) as img:
        assert img.format == "JPEG" and img.mode == "RGB" and img.size == (300, 500)
    with Image.open(io.BytesIO(cases.photo_bytes(sha, thumb=True))) as img:
        assert img.size == (154, 256)


def test_exif_orientation_applied_and_metadata_stripped(world):
    img = Image.new("RGB", (400, 200), (10, 20, 30))
    exif = Image.Exif()
    exif[0x0112] = 6                      # rotate 90° on display
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    sha = world["worker"].add_photo(out.getvalue())
    with Image.open(io.BytesIO(world["worker"].photo_bytes(sha))) as stored:
        assert stored.size == (200, 400)
        assert not stored.getexif()


def test_non_image_rejected(world, store, tmp_path):
    cases = world["worker"]
    fake = tmp_path / "x.jpg"
    fake.write_text("this is not a photo", "utf-8")
    with pytest.raises(ValidationError) as exc:
        cases.add_photo(fake)
    assert [(i.field, i.code) for i in exc.value.issues] == [("photos", "photo.not_image")]
    truncated = jpeg_bytes((800, 600))[:400]
    with pytest.raises(ValidationError) as exc:
        cases.add_photo(truncated)
    assert exc.value.issues[0].code == "photo.not_image"
    huge = tmp_path / "huge.jpg"
    with open(huge, "wb") as fh:
        fh.truncate(30 * 1024 * 1024 + 1)
    with pytest.raises(ValidationError) as exc:
        cases.add_photo(huge)
    assert exc.value.issues[0].code == "photo.too_large"
    with pytest.raises(ValidationError) as exc:
        cases.add_photo(tmp_path / "missing.jpg")
    assert exc.value.issues[0].code == "photo.unreadable"
    # a bad photo stops the whole case: nothing written
    before = totals(store.conn)
    with pytest.raises(ValidationError) as exc:
        report(world, photos=[jpeg_bytes(), fake])
    assert [i.code for i in exc.value.issues] == ["photo.not_image"]
    assert totals(store.conn) == before


def test_photos_on_report_event(world, store, tmp_path):
    good = tmp_path / "a.png"
    good.write_bytes(jpeg_bytes((100, 80), fmt="PNG"))
    pre = world["worker"].add_photo(jpeg_bytes((120, 90), (1, 2, 3)))
    case = report(world, photos=[good, pre, str(good)])
    ev = world["worker"].events(case["id"])
    assert ev[0]["action"] == "report" and len(ev[0]["photos"]) == 2 and ev[0]["photos"][1] == pre
    assert count(store.conn, "blobs") == 2
    draft = report(world, report=False, photos=[good])
    assert [e["action"] for e in world["worker"].events(draft["id"])] == ["photo"]
    assert world["worker"].get(draft["id"])["state"] == "draft"


# ------------------------------------------------------------------ visits

def test_from_visit_links_resident_grid_address(world, roster, store):
    res = roster.create_resident({"name": "张三丰", "id_number": ZSF_ID,
                                  "residence_type": "registered"},
                                 household_id=world["household1"]["id"], relation="self")
    visit = roster.record_visit(resident_id=res["id"], kind="care",
                                findings="独居老人家中燃气管老化，有异味")
    case = world["worker"].from_visit(visit["id"], title="燃气管老化", category="gas_hazard")
    assert case["state"] == "reported"
    assert case["grid_id"] == world["grid1"]["id"] and case["path"] == GRID1
    assert case["address_id"] == world["room501"]["id"]
    assert case["description"] == "独居老人家中燃气管老化，有异味"
    assert case["urgency"] == "urgent" and case["source"] == "patrol"
    assert [r["id"] for r in world["worker"].residents(case["id"])] == [res["id"]]
    ev = world["worker"].events(case["id"])[0]
    assert ev["data"] == {"unit": world["grid1"]["id"], "visit_id": visit["id"]}
    # overrides and household-only visits
    hh_visit = roster.record_visit(household_id=world["household2"]["id"], findings="楼道堆物")
    case = world["worker"].from_visit(hh_visit["id"], title="楼道堆物", category="piled_materials",
                                      urgency="urgent", description="楼道堆放纸箱")
    assert case["address_id"] == world["room502"]["id"] and case["urgency"] == "urgent"
    assert case["description"] == "楼道堆放纸箱" and world["worker"].residents(case["id"]) == []


# ------------------------------------------------------------------ conflicts from sync

def test_refresh_flags_invalid_synced_event_without_reopening(world, store, clock):
    sup = world["sup"]
    case_id = report(world)["id"]
    world["worker"].act(case_id, "self_handle")
    sup.act(case_id, "verify_pass")
    # a late dispatch from another device arrives through sync (written as server state)
    store.conn.execute(
        "INSERT INTO case_events(id, case_id, seq, action, actor_id, role, device_time, photos, "
        "data, conflict, version, updated_at) VALUES ('late', ?, 4, 'dispatch', 'sup-2', "
        "'community_supervisor', '2026-11-27T09:00:00+08:00', '[]', ?, 0, 1, 'x')",
        (case_id, json.dumps({"unit": world["dept"]["id"]})))
    c = sup.refresh(case_id)
    assert c["state"] == "closed" and c["has_conflict"] == 1
    assert [e["conflict"] for e in sup.events(case_id)] == [0, 0, 0, 1]
