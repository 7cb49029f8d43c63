"""Demo cases for the demo street: cases at every stage of the loop, written as
server state (no outbox ops) with their event logs, then projected with the
same replay the sync path uses. Deterministic per seed and ``today``.

Each case is reported by its grid's worker (user id ``local:<name>``, the id the
settings stand-in gives a user of that name), placed at a room of its grid, and
now and then dispatched to the grid itself rather than a department. Party members
of the grid take part in some cases (a note naming them) and some visits (the
visit's participants), for the 党建 view."""
from __future__ import annotations

import datetime as dt
import json
import random
import uuid

from app.models.cases.repository import Cases
from app.models.domain import calendar as cal
from app.models.roster.repository import load_rows
from app.models.store import clock
from app.models.write.unit import SYSTEM

TITLES = {
    "exposed_garbage": ["小区门口垃圾堆积", "绿化带内暴露垃圾"],
    "piled_materials": ["楼道乱堆杂物", "人行道堆放建材"],
    "illegal_ads": ["单元门张贴小广告", "电线杆小广告"],
    "dirty_road": ["路面油污未清理", "道路积灰严重"],
    "manhole_cover": ["井盖缺失", "雨水井盖破损"],
    "streetlight_out": ["路灯不亮", "小区路灯损坏"],
    "damaged_road": ["路面坑洼", "人行道砖松动"],
    "illegal_construction": ["楼顶私搭彩钢房", "一楼私自扩建"],
    "neighbour_dispute": ["楼上漏水引发邻里纠纷", "噪音扰民"],
    "property_dispute": ["物业费纠纷", "电梯维修责任纠纷"],
    "labour_dispute": ["装修工人讨薪", "商铺拖欠工资"],
    "fire_hazard": ["消防通道被占用", "楼道灭火器过期"],
    "gas_hazard": ["疑似燃气泄漏", "燃气管道老化"],
    "falling_objects": ["外墙瓷砖松动", "阳台花盆有坠落风险"],
    "ebike_indoor_charging": ["电动车入户充电", "楼道飞线充电"],
    "hardship_aid": ["独居老人生活困难", "困难家庭求助"],
    "policy_inquiry": ["咨询医保报销政策", "咨询养老补贴"],
    "document_proxy": ["代办居住证", "代办老年证"],
    "public_order_hazard": ["小区门禁损坏", "夜间有可疑人员"],
    "other": ["其他事项"],
}
# How far each demo case has come along the loop, with its share.
STAGES = [("reported", 10), ("accepted", 6), ("dispatched", 8), ("handling", 16),
          ("handled", 8), ("closed", 14), ("evaluated", 30), ("rejected", 3), ("self", 5)]


def generate_cases(store, count: int, *, seed: int = 1, today: dt.date | None = None) -> int:
    today = today or clock.today()
    rng = random.Random(seed * 7919 + 17)
    conn = store.conn
    grids = conn.execute("SELECT id, code, parent_id FROM org_units WHERE kind IN "
                         "('grid', 'dedicated') ORDER BY code").fetchall()
    # the grid's worker is the one who records its visits (demo.py)
    workers = dict(conn.execute("SELECT grid_id, min(visitor) FROM visits "
                                "WHERE visitor IS NOT NULL GROUP BY grid_id").fetchall())
    rooms: dict[str, list[str]] = {}
    for grid_id, room_id in conn.execute("SELECT grid_id, id FROM addresses WHERE kind = 'room' "
                                         "AND deleted_at IS NULL ORDER BY code"):
        rooms.setdefault(grid_id, []).append(room_id)
    party: dict[str, list[tuple[str, str]]] = {}
    for grid_id, rid, name in conn.execute(
            "SELECT grid_id, id, name FROM residents WHERE deleted_at IS NULL AND status = "
            "'living' AND (political_status IN ('01', '02') OR in_service_party_member = 1) "
            "ORDER BY rid"):
        party.setdefault(grid_id, []).append((rid, name))
    depts = {name: uid for uid, name in conn.execute(
        "SELECT id, name FROM org_units WHERE kind = 'department'")}
    if not grids:
        return 0
    cases_repo = Cases(store, SYSTEM)
    categories = [c for c in cases_repo.categories.all() if c.code in TITLES]
    calendar = cases_repo.calendar
    now = dt.datetime.combine(today, dt.time(16, 30), tzinfo=calendar.tz)
    if today == clock.today():  # a demo made today ends now, not later today
        now = min(now, clock.now())
    stages = [s for s, w in STAGES for _ in range(w)]
    # the seed is in the number: case numbers are unique city-wide, and the demos of two
    # seeds loaded into one server (``python -m server demo --seed 2 --force``) must not
    # share one (the same grid, day and sequence number gave the same number)
    device = f"d3m{seed % 1000:03d}"
    case_rows, event_rows = [], []
    for n in range(count):
        grid_id, grid_code, community_id = grids[rng.randrange(len(grids))]
        cat = categories[rng.randrange(len(categories))]
        stage = stages[rng.randrange(len(stages))]
        if stage == "self" and not cat.self_handle:
            stage = "evaluated"
        # Open cases are recent; finished ones spread over the last five months (so the
        # 统计 page has a trend to show).
        span = (0.1, 3.0) if stage in ("reported", "accepted", "dispatched", "handling",
                                       "handled") else (2.0, 150.0)
        reported = now - dt.timedelta(days=rng.uniform(*span))
        reported = reported.replace(hour=rng.randint(8, 18), minute=rng.randrange(60),
                                    second=0, microsecond=0)
        reported = min(reported, now - dt.timedelta(hours=1))
        case_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        number = f"{grid_code}-{reported:%Y%m%d}-{device}-{n + 1:04d}"
        source = rng.choice(["patrol"] * 5 + ["walk_in", "hotline", "snapshot", "assigned"])
        worker = workers.get(grid_id) or "王网格"
        worker_id = "local:" + worker
        grid_rooms = rooms.get(grid_id)
        room = grid_rooms[rng.randrange(len(grid_rooms))] if grid_rooms and \
            rng.random() < 0.85 else None
        case_rows.append(dict(
            id=case_id, number=number, grid_id=grid_id, path=grid_code,
            title=rng.choice(TITLES[cat.code]), description="", category=cat.code,
            source=source, urgency=cat.default_urgency, created_by=worker_id,
            address_id=room, state="draft", created_at=cal.to_iso(reported), deleted_at=None))
        dept = depts.get(cat.department_name) or (next(iter(depts.values())) if depts else None)
        # a share of the cases is handed back to the grid's own worker to handle
        to_grid = rng.random() < 0.2
        handler = ("grid_worker", worker_id, worker) if to_grid else (
            "dept_handler", "赵处置", "赵处置")
        t = reported
        seq = 0

        def event(action, role, actor, data=None, note=None, hours=(0.5, 4), name=None):
            nonlocal t, seq
            seq += 1
            if seq > 1:  # people act in working hours
                t = min(now, calendar.add_working_hours(t, rng.uniform(*hours)))
            event_rows.append(dict(
                id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), case_id=case_id,
                seq=seq, action=action, actor_id=actor, actor_name=name or actor, role=role,
                device_time=cal.to_iso(t), server_time=cal.to_iso(t), note=note, photos="[]",
                data=json.dumps(data or {}, ensure_ascii=False), conflict=0, deleted_at=None))

        event("report", "grid_worker", worker_id, {"unit": community_id}, name=worker)
        members = party.get(grid_id) or []
        if members and rng.random() < 0.25:
            who = rng.sample(members, min(len(members), rng.randint(1, 2)))
            event("note", "grid_worker", worker_id,
                  {"participants": [rid for rid, _ in who]},
                  note="党员参与：" + "、".join(name for _, name in who), hours=(0.2, 2),
                  name=worker)
        if stage == "self":
            event("self_handle", "grid_worker", worker_id, note="已现场处理", hours=(0.2, 3),
                  name=worker)
            event("verify_pass", "community_supervisor", "李书记", hours=(1, 20))
            continue
        if stage == "reported":
            continue
        if stage == "rejected":
            event("reject", "community_supervisor", "李书记", note="不属于受理范围", hours=(0.2, 4))
            continue
        event("accept", "community_supervisor", "李书记", hours=(0.1, 3))
        if stage == "accepted" or dept is None:
            continue
        event("dispatch", "community_supervisor", "李书记",
              {"unit": grid_id if to_grid else dept}, hours=(0.1, 4))
        if stage == "dispatched":
            continue
        role, actor, actor_name = handler
        event("sign", role, actor, hours=(0.5, 8), name=actor_name)
        if stage == "handling":
            if rng.random() < 0.2:
                event("request_extension", role, actor, {"days": 3},
                      note="需协调物业", hours=(1, 10), name=actor_name)
            continue
        event("feedback", role, actor, note="已处置完毕", hours=(1, 6), name=actor_name)
        if stage == "handled":
            continue
        if rng.random() < 0.15:
            event("verify_fail", "community_supervisor", "李书记", note="现场仍未整改到位")
            event("feedback", role, actor, note="已再次整改", hours=(1, 6), name=actor_name)
        event("verify_pass", "community_supervisor", "李书记", hours=(1, 24))
        if stage == "evaluated":
            event("evaluate", "community_supervisor", "李书记",
                  {"satisfaction": rng.choice(["satisfied"] * 8 + ["basically_satisfied"] * 3
                                              + ["dissatisfied"])}, hours=(1, 48))
    # Newest last, so the list (newest first) reads in time order.
    case_rows.sort(key=lambda r: r["created_at"])
    with store.transaction():
        load_rows(store, "cases", case_rows)
        load_rows(store, "case_events", event_rows)
    # The projection (state, holder, deadline, …) comes from replaying each log.
    for row in case_rows:
        cases_repo.refresh(row["id"])
    _visit_participants(store, rng, party)
    return len(case_rows)


def _visit_participants(store, rng: random.Random, party: dict) -> None:
    """Party members of the grid went along on some care visits (server state)."""
    conn = store.conn
    cols = {r[1] for r in conn.execute("PRAGMA table_info(visits)")}
    if "participants" not in cols:          # a store older than schema v7
        return
    updates = []
    for visit_id, grid_id in conn.execute("SELECT id, grid_id FROM visits "
                                          "WHERE deleted_at IS NULL ORDER BY id").fetchall():
        members = party.get(grid_id) or []
        if members and rng.random() < 0.12:
            who = rng.sample(members, min(len(members), rng.randint(1, 2)))
            updates.append((json.dumps([rid for rid, _ in who]), visit_id))
    with store.transaction() as tx:
        tx.executemany("UPDATE visits SET participants = ? WHERE id = ?", updates)
