"""The 三率 of 12345 (issue 21: app/models/domain/three_rates.py, counted on the desktop
by app/models/reports/three_rates.py) over constructed cases in a real encrypted store,
the way test_metrics builds them: 响应率, 解决率 and 满意率 over residents' demands, per
grid and department, and the cases behind every figure."""
from __future__ import annotations

import datetime as dt

from app.models.domain import three_rates as domain_rates
from app.models.reports import three_rates
from app.models.reports.metrics import Ratio
from test_metrics import DEPT, G1, G2, NOV, Cases, flow, store, t  # noqa: F401

AS_OF = t("11-30 23:45")


def build(store):
    c = Cases()
    ids = {}
    ids["snap_ok"] = c.add(flow("report", "11-02 09:00", "accept", "11-02 09:30",
                                "dispatch", "11-02 10:00", "sign", "11-02 10:00",
                                "feedback", "11-03 10:00", "verify_pass", "11-03 11:00")
                           + [("evaluate", "11-04 09:00", {"satisfaction": "satisfied"})],
                           override={"source": "resident_snapshot"})
    ids["hotline_late"] = c.add(flow("report", "11-03 09:00", "accept", "11-03 11:30",
                                     "dispatch", "11-03 12:00", "sign", "11-03 12:00",
                                     "feedback", "11-04 10:00", "verify_pass", "11-04 11:00")
                                + [("evaluate", "11-05 09:00",
                                    {"satisfaction": "dissatisfied"})],
                                override={"source": "hotline"})
    ids["walkin_rejected"] = c.add(flow("report", "11-04 09:00", "reject", "11-04 09:20"),
                                   override={"source": "walk_in"})
    ids["patrol"] = c.add(flow("report", "11-04 09:00", "accept", "11-04 09:10"))
    # the grid worker's own 随手拍 (quick report) is not a resident's demand
    ids["worker_snap"] = c.add(flow("report", "11-04 09:00", "accept", "11-04 13:00"),
                               override={"source": "snapshot"})
    ids["snap_waiting"] = c.add(flow("report", "11-05 09:00"),
                                override={"source": "resident_snapshot"})
    ids["channel"] = c.add(flow("report", "11-06 09:00", "accept", "11-06 09:40"),
                           grid=G2, override={"source": "assigned"})
    ids["october"] = c.add(flow("report", "10-20 09:00", "accept", "10-20 09:05",
                                "dispatch", "10-20 10:00", "sign", "10-20 10:00",
                                "feedback", "10-21 10:00", "verify_pass", "10-21 11:00")
                           + [("evaluate", "11-02 15:00",
                               {"satisfaction": "basically_satisfied"})],
                           override={"source": "resident_snapshot"})
    ids["just_now"] = c.add(flow("report", "11-30 23:30"), override={"source": "resident_snapshot"})
    # the 12345 transfer came through the Open311 channel: its report step is intake's
    for e in c.events:
        if e["case_id"] == ids["channel"] and e["action"] == "report":
            e["role"] = "intake"
    c.load(store)
    return ids


def test_the_three_rates_over_residents_demands(store):
    ids = build(store)
    r = three_rates.three_rates(store, as_of=AS_OF, **NOV)
    # answered within 1 h: snap_ok, walkin_rejected, channel; late: hotline_late; past the
    # limit unanswered: snap_waiting; just_now is still within its hour; patrol is no demand
    assert r["response_rate"] == Ratio(3, 5, 60.0)
    # closed and not rated 不满意 ÷ reported and not rejected
    assert r["resolution_rate"] == Ratio(1, 5, 20.0)
    # rated in November: snap_ok 满意, hotline_late 不满意, october 基本满意
    assert r["resident_satisfaction_rate"] == Ratio(2, 3, 66.67)
    drill = three_rates.case_ids(store, "response_rate", "rest", as_of=AS_OF, **NOV)
    assert set(drill) == {ids["hotline_late"], ids["snap_waiting"]}
    assert set(three_rates.case_ids(store, "response_rate", "numerator", as_of=AS_OF, **NOV)
               ) == {ids["snap_ok"], ids["walkin_rejected"], ids["channel"]}
    for not_demand in (ids["patrol"], ids["worker_snap"]):
        assert not_demand not in three_rates.case_ids(store, "resolution_rate", as_of=AS_OF,
                                                      **NOV)
    # an hour later just_now is judged too (unanswered, late)
    later = three_rates.three_rates(store, as_of=t("12-01 01:00"), **NOV)
    assert later["response_rate"] == Ratio(3, 6, 50.0)


def test_per_grid_and_department_with_drill_down(store):
    ids = build(store)
    by_grid = three_rates.three_rates_by(store, "org", depth=15, as_of=AS_OF, **NOV)
    assert by_grid[G2]["response_rate"] == Ratio(1, 1, 100.0)
    assert by_grid[G1]["response_rate"] == Ratio(2, 4, 50.0)
    by_dept = three_rates.three_rates_by(store, "unit", as_of=AS_OF, **NOV)
    assert by_dept[DEPT]["resident_satisfaction_rate"] == Ratio(2, 3, 66.67)
    assert three_rates.three_rates(store, org=G2, as_of=AS_OF, **NOV) == by_grid[G2]
    assert three_rates.case_ids(store, "resolution_rate", "numerator", org=G1, as_of=AS_OF,
                                **NOV) == [ids["snap_ok"]]


def test_the_domain_formula_is_what_both_sides_count():
    at = dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone.utc)
    facts = domain_rates.CaseFacts("x", "evaluated", "resident_snapshot", at,
                                   at + dt.timedelta(minutes=59), "dissatisfied",
                                   at + dt.timedelta(days=2))
    got = domain_rates.counts(facts, as_of=at + dt.timedelta(days=3))
    assert got == {"response_rate": (True, True), "resolution_rate": (False, True),
                   "resident_satisfaction_rate": (False, True)}
    assert domain_rates.percent(2, 3) == 66.67 and domain_rates.percent(0, 0) is None
    patrol = facts.__class__(**{**facts.__dict__, "source": "patrol"})
    assert not any(d for _n, d in domain_rates.counts(patrol, as_of=at).values())


def test_the_statistics_page_shows_the_three_rates_and_opens_their_cases(qtbot, store):
    from app.models.cases.repository import Cases as CaseRepo
    from app.models.roster.repository import Roster
    from app.models.write.unit import Actor
    from app.ui.reports.stats_page import StatsPage
    from app.ui.shell.app import create_application
    from uihelpers import drive_modal
    create_application("zh_CN")
    ids = build(store)
    actor = Actor("s1", "李书记", "community_supervisor", "410105003")
    now = dt.datetime(2026, 11, 30, 23, 45, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    cases = CaseRepo(store, actor, now=lambda: now)
    page = StatsPage(store, cases, Roster(store, actor))
    page.resize(1280, 860)
    qtbot.addWidget(page)
    page.show()
    page.period.setCurrentIndex(page.period.findData("2026-11"))
    qtbot.waitUntil(lambda: page.result is not None and not page.is_busy()
                    and page.result["query"].month == 11, timeout=20000)
    assert page.cards["response_rate"].title.text() == "响应率（12345）"
    assert page.cards["response_rate"].ratio.denominator >= 5
    assert page.cards["resident_satisfaction_rate"].value.text() == "66.67%"
    assert page.cards["resolution_rate"].value.text() == "20.00%"
    # per grid in a community; the table has the three columns too
    page.org.setCurrentIndex(page.org.findData("410105003001"))
    qtbot.waitUntil(lambda: page.result["query"].org == "410105003001"
                    and not page.is_busy(), timeout=20000)
    page.indicator.setCurrentIndex(page.indicator.findData("response_rate"))
    assert page.compare.labels == [G1, G2]
    headers = [page.table.horizontalHeaderItem(c).text()
               for c in range(page.table.columnCount())]
    assert "解决率（12345）" in headers
    page.grab().save("/tmp/wtf_stats_three_rates.png")
    seen = {}

    def look(dlg):
        seen["rows"] = {dlg.model.row(r)["id"] for r in range(dlg.model.rowCount())}
        seen["title"] = dlg.windowTitle()
        dlg.reject()
    drive_modal(lambda: page.cards["resident_satisfaction_rate"].parts.linkActivated.emit(
        "denominator"), look)
    qtbot.waitUntil(lambda: "rows" in seen, timeout=20000)
    assert seen["rows"] == {ids["snap_ok"], ids["hotline_late"], ids["october"]}
    assert "满意" in seen["title"]
    page.close()
