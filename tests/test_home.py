"""工作台 (app/models/reports/home.py and app/ui/reports/home_page.py): what each role has to do."""
from __future__ import annotations

import datetime as dt

import pytest

from app.models.reports import home
from app.models.domain import rules
from app.models.cases.repository import Cases
from app.models.write.unit import Actor
from app.models.roster.repository import Roster
from uihelpers import drive_modal

TODAY = dt.date(2026, 11, 28)      # the roster fixture's today (tests/conftest.py)

TZ = dt.timezone(dt.timedelta(hours=8))
MON = dt.datetime(2026, 11, 23, 9, 0, tzinfo=TZ)           # a Monday, a working day


def at(moment):
    return lambda: moment


@pytest.fixture
def world(store, roster, street):
    """A community with two grids, a department, another community, and cases at each
    step, made through the real write path at fixed times."""
    dept = roster.create_org_unit("410105901", "城管局", "department", street["district"]["id"])
    other = roster.create_org_unit("410105003002", "农科路社区", "community", street["street"]["id"])
    far = roster.create_org_unit("410105003002001", "第一网格", "grid", other["id"])
    g1, g2 = street["grid1"], street["grid2"]
    worker = Actor("local:王网格", "王网格", "grid_worker", g1["code"])
    sup = Actor("local:李书记", "李书记", "community_supervisor", street["community"]["code"])
    handler = Actor("local:赵处置", "赵处置", "dept_handler", "410105901")

    def repo(actor, moment=MON):
        return Cases(store, actor, now=at(moment))

    made = {}
    # reported, waiting for acceptance (grid 1)
    made["to_accept"] = repo(worker).create(title="楼道乱堆杂物", category="piled_materials",
                                            grid_id=g1["id"])["id"]
    # dispatched to the grid itself: the grid worker signs for it and handles it
    c = repo(worker).create(title="暴露垃圾", category="exposed_garbage", grid_id=g1["id"])
    repo(sup).act(c["id"], "accept")
    repo(sup).act(c["id"], "dispatch", unit=g1["id"])
    made["grid_job"] = c["id"]
    # dispatched to the department, being handled there
    c = repo(worker).create(title="路灯不亮", category="streetlight_out", grid_id=g2["id"])
    repo(sup).act(c["id"], "accept")
    repo(sup).act(c["id"], "dispatch", unit=dept["id"])
    repo(handler).act(c["id"], "sign")
    made["dept_job"] = c["id"]
    # handled by the department, waiting for verification (grid 2)
    c = repo(worker).create(title="道路破损", category="damaged_road", grid_id=g2["id"])
    repo(sup).act(c["id"], "accept")
    repo(sup).act(c["id"], "dispatch", unit=dept["id"])
    repo(handler).act(c["id"], "sign")
    repo(handler).act(c["id"], "feedback")
    made["to_verify"] = c["id"]
    # another community's report: outside the supervisor's scope
    made["far"] = repo(worker).create(title="噪音扰民", category="neighbour_dispute",
                                      grid_id=far["id"])["id"]
    return dict(dept=dept, worker=worker, sup=sup, handler=handler, made=made, repo=repo,
                far=far)


def ids(rows):
    return {r["id"] for r in rows}


def test_cases_to_handle_per_role(store, world):
    conn, m = store.conn, world["made"]
    rows, total = home.cases_to_handle(conn, world["sup"])
    assert ids(rows) == {m["to_accept"], m["to_verify"]} and total == 2
    rows, _ = home.cases_to_handle(conn, world["worker"])
    assert ids(rows) == {m["grid_job"]}                 # dispatched to their grid
    rows, _ = home.cases_to_handle(conn, world["handler"])
    assert ids(rows) == {m["dept_job"]}
    head = Actor("local:网格长", "网格长", "grid_head", world["worker"].scope_code)
    rows, _ = home.cases_to_handle(conn, head)
    assert ids(rows) == {m["to_accept"], m["grid_job"]}   # its grid's report and job
    assert home.cases_to_handle(conn, Actor("a", "审计", "auditor"))[1] == 0
    # an extension request waits for the supervisor
    world["repo"](world["handler"]).act(m["dept_job"], "request_extension", days=2)
    rows, _ = home.cases_to_handle(conn, world["sup"])
    assert m["dept_job"] in ids(rows)


def test_overdue_and_nearly_overdue_by_the_work_calendar(store, world):
    conn, m = store.conn, world["made"]
    cal = world["repo"](world["sup"]).calendar
    # 暴露垃圾 has 1 working day (7 working hours) from the dispatch at Monday 09:00
    overdue, total, nearly = home.deadline_cases(conn, world["sup"], cal, MON +
                                                 dt.timedelta(hours=1))
    assert total == 0 and nearly == []
    late_afternoon = MON.replace(hour=16, minute=30)       # 6.5 of 7 hours used: yellow
    overdue, total, nearly = home.deadline_cases(conn, world["sup"], cal, late_afternoon)
    assert total == 0 and m["grid_job"] in ids(nearly)
    wednesday = MON + dt.timedelta(days=2)
    overdue, total, nearly = home.deadline_cases(conn, world["sup"], cal, wednesday)
    assert m["grid_job"] in ids(overdue) and total == len(overdue)
    assert m["far"] not in ids(overdue)
    # the grid worker sees the overdue cases they hold
    overdue, total, _ = home.deadline_cases(conn, world["worker"], cal, wednesday)
    assert ids(overdue) == {m["grid_job"]}


_seq = iter(range(101, 999, 2))


def id_number(birth="19400101", gender="M") -> str:
    """A valid resident ID (odd sequence = male, even = female)."""
    n = next(_seq) + (0 if gender == "M" else 1)
    first = f"410105{birth}{n:03d}"
    return first + rules.id_check_char(first)


def _resident(roster, name, household, relation="other", **values):
    values.setdefault("id_number", id_number())
    return roster.create_resident(dict(name=name, residence_type="registered", **values),
                                  household_id=household["id"], relation=relation)


def test_visits_due_by_tag_frequency(store, roster, street):
    h1, h2 = street["household1"], street["household2"]
    alone = _resident(roster, "独居甲", h1, "self")
    roster.add_tag(alone["id"], "elderly_alone", since="2025-01-01")          # weekly
    roster.record_visit(resident_id=alone["id"], visited_on="2026-11-18")     # 10 days ago
    old = _resident(roster, "高龄乙", h1)
    roster.add_tag(old["id"], "very_old", since="2025-01-01")                 # monthly
    roster.record_visit(resident_id=old["id"], visited_on="2026-11-20")
    never = _resident(roster, "从未丙", h1)
    roster.add_tag(never["id"], "elderly_alone", since="2026-11-01")
    by_household = _resident(roster, "同户丁", h2, "self")
    roster.add_tag(by_household["id"], "empty_nest", since="2025-01-01")      # fortnightly
    roster.record_visit(household_id=h2["id"], visited_on="2026-11-26")       # counts for 丁
    key = _resident(roster, "矫正戊", h1)
    roster.add_tag(key["id"], "community_correction", since="2026-06-01")
    ended = _resident(roster, "结束己", h2)
    tag = roster.add_tag(ended["id"], "elderly_alone", since="2025-01-01")
    roster.end_tag(tag["id"], "2026-10-01")
    gone = _resident(roster, "迁出庚", h2, status="moved_out")
    roster.add_tag(gone["id"], "elderly_alone", since="2025-01-01")

    worker = Actor("w", "王网格", "grid_worker", street["grid1"]["code"])
    due, total = home.visits_due(store.conn, worker, TODAY)
    by_name = {v.name: v for v in due}
    assert set(by_name) == {"独居甲", "从未丙"} and total == 2
    assert by_name["独居甲"].days_overdue == 3 and by_name["独居甲"].every_days == 7
    assert by_name["独居甲"].last_visit == "2026-11-18"
    assert by_name["从未丙"].last_visit is None
    # key-group follow-ups are for roles holding 防
    sup = Actor("s", "李书记", "community_supervisor", street["community"]["code"])
    due, total = home.visits_due(store.conn, sup, TODAY)
    assert {v.name for v in due} == {"独居甲", "从未丙", "矫正戊"}
    # a grid outside the scope sees nobody
    other = Actor("w2", "x", "grid_worker", "410105003001999")
    assert home.visits_due(store.conn, other, TODAY) == ([], 0)


def test_conflict_count_reads_the_conflicts_table_when_there_is_one(store):
    conn = store.conn
    if not home.has_table(conn, "conflicts"):
        assert home.conflict_count(conn) == 0
        conn.execute("CREATE TABLE conflicts (id TEXT PRIMARY KEY, state TEXT)")
    cols = {r[1] for r in conn.execute("PRAGMA table_info(conflicts)")}
    row = {c: None for c in cols}
    for i, state in enumerate(("open", "open", "resolved")):
        values = dict(row, id=f"c{i}", state=state)
        for required in ("entity", "entity_id", "kind"):
            if required in values:
                values[required] = "x"
        names = [k for k, v in values.items() if v is not None]
        conn.execute(f"INSERT INTO conflicts ({', '.join(names)}) VALUES "
                     f"({', '.join('?' * len(names))})", [values[k] for k in names])
    assert home.conflict_count(conn) == 2


def test_summary_puts_it_together(store, world):
    s = home.summary(store, world["sup"], calendar=world["repo"](world["sup"]).calendar,
                     now=MON + dt.timedelta(days=2))
    assert s.to_handle_total == 2 and s.overdue_total >= 1
    assert s.conflicts == home.conflict_count(store.conn)
    w = home.summary(store, world["worker"], calendar=world["repo"](world["sup"]).calendar,
                     now=MON)
    assert w.reported_by_me_open == 5 and w.conflicts == 0   # workers do not resolve


# -- the page -------------------------------------------------------------------------------

@pytest.fixture
def home_page(qtbot, store, world):
    from app.ui.shell.app import create_application
    from app.ui.reports.home_page import HomePage
    create_application("zh_CN")

    def make(actor, moment):
        cases = Cases(store, actor, now=at(moment))
        page = HomePage(store, cases, Roster(store, actor, today=TODAY))
        page.resize(1200, 760)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: page.summary is not None and not page.is_loading(),
                        timeout=20000)
        return page
    return make


def _table_ids(table):
    return {table.item(r, 0).data(256 + 1) for r in range(table.rowCount())}


def test_home_page_lists_what_the_supervisor_has_to_do(qtbot, home_page, world):
    m = world["made"]
    page = home_page(world["sup"], MON + dt.timedelta(days=2))
    assert page.tiles["to_handle"].count == 2
    assert _table_ids(page.handle_table) == {m["to_accept"], m["to_verify"]}
    assert m["grid_job"] in _table_ids(page.deadline_table)
    assert page.tiles["overdue"].count >= 1
    assert page.tiles["conflicts"].isVisible()
    assert "李书记" in page.greeting.text()
    # double-click opens the case
    seen = {}

    def look(dlg):
        seen["case"] = dlg.case_id
        dlg.reject()
    row = next(r for r in range(page.handle_table.rowCount())
               if page.handle_table.item(r, 0).data(257) == m["to_verify"])
    drive_modal(lambda: page.open_case(page.handle_table.item(row, 0).data(257)), look)
    assert seen["case"] == m["to_verify"]


def test_home_page_of_a_grid_worker_and_the_quick_report(qtbot, home_page, world):
    m = world["made"]
    page = home_page(world["worker"], MON)
    assert _table_ids(page.handle_table) == {m["grid_job"]}
    assert not page.tiles["conflicts"].isVisible()
    assert page.tiles["visits"].isVisible()
    seen = {}

    def quick(dlg):
        seen["title"] = dlg.windowTitle()
        dlg.reject()
    drive_modal(page.report_button.click, quick)
    assert seen["title"] == "随手拍"


def test_home_page_opens_a_resident_whose_visit_is_due(qtbot, home_page, world, roster, street):
    alone = _resident(roster, "独居甲", street["household1"], "self")
    roster.add_tag(alone["id"], "elderly_alone", since="2025-01-01")
    page = home_page(world["worker"], MON)
    assert page.tiles["visits"].count == 1
    assert page.visit_table.item(0, 0).text() == "独居甲"
    seen = {}

    def look(dlg):
        seen["id"] = dlg.resident_id
        dlg.reject()
    drive_modal(lambda: page.open_visit(page.visit_table.item(0, 0).data(257)), look)
    assert seen["id"] == alone["id"]


def _houses_seen_long_ago(store, roster, street):
    """A rental in room 502 (grid 1), an owner-occupied flat in room 501 and a rental in
    grid 2, all registered on 2026-09-01 and not visited since."""
    from app.models.places.repository import Places
    p = Places(store, roster.actor, today=TODAY)
    rental = p.create_house(street["room502"]["id"], {"use": "rental", "owner_name": "孙房东",
                                                      "owner_phone": "13800138000"})
    own = p.create_house(street["room501"]["id"], {"use": "own"})
    est = roster.create_address("estate", "009", "远方小区", grid_id=street["grid2"]["id"])
    room = roster.create_address("room", "0101", "101室", parent_id=roster.create_address(
        "building", "001", "1号楼", parent_id=est["id"])["id"])
    far = p.create_house(room["id"], {"use": "rental"})
    with store.transaction():        # as the rows would arrive from the server
        store.conn.execute("UPDATE houses SET updated_at = '2026-09-01T10:00:00+08:00'")
    return rental, own, far


def test_houses_are_due_for_a_visit_by_their_use(store, roster, street, world):
    rental, own, far = _houses_seen_long_ago(store, roster, street)
    worker = world["worker"]
    due, total = home.houses_due(store.conn, worker, MON.date())
    # monthly for a rental: due 2026-10-01; a flat lived in by its owner every 90 days
    # (2026-11-30, not yet); the other grid's rental is outside the worker's scope
    assert [(h.house_id, h.due_on, h.days_overdue, h.last_seen) for h in due] == [
        (rental["id"], "2026-10-01", 53, None)]
    assert total == 1 and due[0].every_days == 30 and due[0].phone == "13800138000"
    assert home.summary(store.conn, worker, calendar=world["repo"](worker).calendar,
                        now=MON).houses_due_total == 1
    # a visit to the household living in the room counts for the house
    roster.record_visit(household_id=street["household2"]["id"], visited_on="2026-11-20")
    assert home.houses_due(store.conn, worker, MON.date()) == ([], 0)
    # a group rental is visited weekly: due again on 11-27, overdue on 12-01; by then
    # the owner's flat is due too (90 days after 09-01)
    from app.models.places.repository import Places
    Places(store, roster.actor, today=TODAY).update_house(rental["id"], {"use": "group_rental"})
    assert home.houses_due(store.conn, worker, MON.date())[1] == 0
    late, _ = home.houses_due(store.conn, worker, dt.date(2026, 12, 1))
    assert [(h.house_id, h.due_on, h.days_overdue) for h in late] == [
        (rental["id"], "2026-11-27", 4), (own["id"], "2026-11-30", 1)]
    # the community supervisor sees both grids' (and the owner's flat once it is due)
    ids = {h.house_id for h in home.houses_due(store.conn, world["sup"],
                                               dt.date(2026, 12, 1))[0]}
    assert ids == {rental["id"], own["id"], far["id"]}


def test_the_home_page_lists_a_house_to_visit_and_opens_it(qtbot, home_page, world, store,
                                                          roster, street):
    rental, _own, _far = _houses_seen_long_ago(store, roster, street)
    page = home_page(world["worker"], MON)
    assert page.tiles["visits"].count == 1
    assert page.visit_table.item(0, 0).text() == "房屋：出租 · 孙房东"
    assert page.visit_table.item(0, 2).text() == "138****8000"
    assert page.visit_table.item(0, 6).text() == "从未走访"
    page.tabs.setCurrentIndex(page.TAB_VISITS)
    page.resize(1366, 768)
    page.grab().save("/tmp/wth-home.png")
    seen = {}

    def look(dlg):
        seen["id"] = dlg.house_id
        dlg.reject()
    drive_modal(lambda: page.open_visit(page.visit_table.item(0, 0).data(257)), look)
    assert seen["id"] == rental["id"]
