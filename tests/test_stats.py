"""统计: indicator breakdowns and drill-down (app/models/reports/metrics.py ``indicators_by`` and
``case_ids``) on constructed data, and the statistics page with its charts."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from app.models.reports import metrics
from app.models.cases.repository import Cases as CaseRepo
from app.models.write.unit import Actor
from app.ui.common import threads
from test_metrics import (  # noqa: F401 - ``store`` is the fixture with the org units
    DEPT, G1, G2, G3, NOV, OTHER_STREET, STREET, Cases, dispatched, flow, ratio, store,
)
from uihelpers import Watch, drive_modal

DEC = dict(start=dt.date(2026, 12, 1), end=dt.date(2027, 1, 1))


def constructed(store):
    """A month of cases over three grids, two workers and a department."""
    c = Cases()
    ids = {}
    ids["on_time_g1"] = [c.add(dispatched(), grid=G1, deadline="11-05 17:00", created_by="w1")
                         for _ in range(3)]
    ids["late_g1"] = [c.add(dispatched(feedback="11-06 10:00", close="11-06 11:00"), grid=G1,
                            deadline="11-05 17:00", created_by="w2")]
    ids["open_g2"] = [c.add(dispatched(close=None), grid=G2, deadline="11-20 17:00",
                            created_by="w2") for _ in range(2)]
    ids["eval_g2"] = [c.add(dispatched(evaluate="11-04 09:00"), grid=G2, deadline="11-05 17:00",
                            created_by="w1")]
    ids["other_street"] = [c.add(dispatched(), grid=G3, deadline="11-05 17:00",
                                 created_by="w1")]
    # held by a user (the worker grouping counts it for the reporter and the holder)
    ids["held_by_w3"] = [c.add(dispatched(), grid=G2, deadline="11-05 17:00", created_by="w1",
                               override={"holder_user_id": "w3"})]
    c.load(store)
    return ids


def test_breakdowns_agree_with_the_filtered_indicators(store):
    constructed(store)
    conn = store.conn
    by_grid = metrics.indicators_by(conn, "org", depth=15, **NOV, org=STREET)
    assert set(by_grid) == {G1, G2}
    for grid in (G1, G2):
        assert by_grid[grid] == metrics.indicators(conn, **NOV, org=grid)
    assert by_grid[G1]["closure_rate"] == ratio(4, 4, 100.0)
    assert by_grid[G1]["on_time_closure_rate"] == ratio(3, 4, 75.0)
    assert by_grid[G2]["closure_rate"] == ratio(2, 4, 50.0)
    # streets under the district
    by_street = metrics.indicators_by(conn, "org", depth=9, **NOV)
    assert set(by_street) == {STREET, OTHER_STREET}
    assert by_street[OTHER_STREET]["closure_rate"] == ratio(1, 1, 100.0)
    # departments (every case here was dispatched to DEPT)
    by_unit = metrics.indicators_by(conn, "unit", **NOV)
    assert set(by_unit) == {DEPT}
    assert by_unit[DEPT] == metrics.indicators(conn, **NOV, unit=DEPT)
    # workers: reporter or holder (d1 signed for the others), as the worker filter
    by_worker = metrics.indicators_by(conn, "worker", **NOV)
    assert set(by_worker) == {"w1", "w2", "w3", "d1"}
    for worker in ("w1", "w2", "w3", "d1"):
        assert by_worker[worker] == metrics.indicators(conn, **NOV, worker=worker)
    assert by_worker["w3"]["closure_rate"] == ratio(1, 1, 100.0)
    assert by_worker["w2"]["closure_rate"] == ratio(1, 3, 33.33)
    # nothing in December: every group is there, with nothing to divide
    december = metrics.indicators_by(conn, "org", depth=15, **DEC)
    assert set(december) == {G1, G2, G3}
    assert all(r.value is None for g in december.values() for r in g.values())
    with pytest.raises(ValueError):
        metrics.indicators_by(conn, "org", **NOV)            # org needs a depth
    with pytest.raises(ValueError):
        metrics.indicators_by(conn, "colour", **NOV)


def test_case_ids_are_the_cases_each_figure_counts(store):
    ids = constructed(store)
    conn = store.conn
    args = dict(**NOV, org=STREET)
    figures = metrics.indicators(conn, **args)
    for name in metrics.INDICATORS:
        num = metrics.case_ids(conn, name, "numerator", **args)
        den = metrics.case_ids(conn, name, "denominator", **args)
        rest = metrics.case_ids(conn, name, "rest", **args)
        assert len(den) == figures[name].denominator, name
        if name != "mean_handling_hours":
            assert len(num) == figures[name].numerator, name
            assert set(rest) == set(den) - set(num)
        assert len(set(den)) == len(den)
    closed_late = set(metrics.case_ids(conn, "on_time_closure_rate", "rest", **args))
    assert closed_late == set(ids["late_g1"] + ids["open_g2"])
    assert set(metrics.case_ids(conn, "satisfaction_rate", "denominator", **args)) == \
        set(ids["eval_g2"])
    assert ids["other_street"][0] not in metrics.case_ids(conn, "closure_rate", **args)
    # by group, as the page drills down from a bar
    assert set(metrics.case_ids(conn, "closure_rate", "denominator", **NOV, org=G1)) == \
        set(ids["on_time_g1"] + ids["late_g1"])
    assert metrics.case_ids(conn, "closure_rate", "numerator", **NOV, worker="w3") == \
        ids["held_by_w3"]
    with pytest.raises(ValueError):
        metrics.case_ids(conn, "closure_rate", "half")


def test_case_ids_for_timely_acceptance_with_a_calendar(store):
    from test_metrics import HalfCalendar
    c = Cases()
    rep = "11-02 09:00"
    timely = c.add(flow("report", rep, "accept", "11-02 10:30"))   # 1.5 h wall = 0.75 h work
    late = c.add(flow("report", rep, "accept", "11-02 12:00"))     # 1.5 h of work: late
    c.load(store)
    cal = HalfCalendar()
    assert metrics.case_ids(store, "timely_acceptance_rate", "numerator", **NOV,
                            calendar=cal) == [timely]
    assert metrics.case_ids(store, "timely_acceptance_rate", "rest", **NOV,
                            calendar=cal) == [late]
    # without the calendar both were more than an hour
    assert metrics.case_ids(store, "timely_acceptance_rate", "numerator", **NOV) == []


def test_months_and_period_bounds():
    assert metrics.period_bounds(2026, 12) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert metrics.months_back(2026, 2, 3) == [(2025, 12), (2026, 1), (2026, 2)]


# -- the page -------------------------------------------------------------------------------

@pytest.fixture
def stats_page(qtbot, store):
    from app.ui.shell.app import create_application
    from app.ui.reports.stats_page import StatsPage
    from app.models.roster.repository import Roster
    create_application("zh_CN")
    ids = constructed(store)
    actor = Actor("s1", "李书记", "community_supervisor", STREET)
    now = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    cases = CaseRepo(store, actor, now=lambda: now)
    page = StatsPage(store, cases, Roster(store, actor))
    page.resize(1200, 800)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.result is not None and not page.is_busy(), timeout=20000)
    page.ids = ids
    yield page
    page.close()


def test_page_shows_the_indicators_of_the_scope_with_charts(stats_page):
    page = stats_page
    assert page.org.currentData() == STREET                    # the user's scope
    assert page.period.currentData() == "2026-11"
    card = page.cards["closure_rate"]
    assert card.value.text() == "75.00%"                       # 6 of 8 in the street
    assert "6</a>" in card.parts.text() and "8</a>" in card.parts.text()
    assert page.cards["on_time_closure_rate"].value.text() == "62.50%"
    # the trend: six months, November has the figure
    assert page.trend.labels[-1] == "2026-11" and len(page.trend.labels) == 6
    assert page.trend.values[-1] == 62.5 and page.trend.values[0] is None
    # the comparison: the street's communities; the table lists them with their figures
    assert page.compare.labels == ["410105003001"]             # the community (named by code)
    assert page.table.rowCount() == 1
    assert page.table.item(0, 1).text() == "8"                 # due


def test_choosing_a_community_compares_its_grids(qtbot, stats_page):
    page = stats_page
    page.org.setCurrentIndex(page.org.findData("410105003001"))
    qtbot.waitUntil(lambda: page.result["query"].org == "410105003001"
                    and not page.is_busy(), timeout=20000)
    assert page.compare.labels == [G1, G2]
    assert page.compare.values == [75.0, 50.0]                  # 按期结案率 per grid
    page.indicator.setCurrentIndex(page.indicator.findData("closure_rate"))
    assert page.compare.values == [100.0, 50.0]
    assert "结案率" in page.compare.title


def test_every_figure_drills_down_to_its_cases(qtbot, stats_page):
    page = stats_page
    seen = {}

    def look(dlg):
        seen["rows"] = {dlg.model.row(r)["id"] for r in range(dlg.model.rowCount())}
        seen["title"] = dlg.windowTitle()
        dlg.reject()

    # the numerator link of 按期结案率: the cases closed on time
    drive_modal(lambda: page.cards["on_time_closure_rate"].parts.linkActivated.emit(
        "numerator"), look)
    qtbot.waitUntil(lambda: "rows" in seen, timeout=20000)
    expected = set(page.ids["on_time_g1"] + page.ids["eval_g2"] + page.ids["held_by_w3"])
    assert seen["rows"] == expected
    assert "按期结案率" in seen["title"]
    # a point of the trend: November's denominator
    seen.clear()
    drive_modal(lambda: page.trend.clicked.emit(len(page.trend.labels) - 1), look)
    qtbot.waitUntil(lambda: "rows" in seen, timeout=20000)
    assert len(seen["rows"]) == 8
    # by worker: a bar opens that worker's cases
    page.by.setCurrentIndex(page.by.findData("worker"))
    qtbot.waitUntil(lambda: page.result["query"].by == "worker" and not page.is_busy(),
                    timeout=20000)
    names = page.compare.labels
    assert set(names) == {"w1", "w2", "w3", "d1"}
    seen.clear()
    drive_modal(lambda: page.compare.clicked.emit(names.index("w3")), look)
    qtbot.waitUntil(lambda: "rows" in seen, timeout=20000)
    assert seen["rows"] == set(page.ids["held_by_w3"])
    # a table cell: the row's group and the column's indicator
    row = next(r for r in range(page.table.rowCount())
               if page.table.item(r, 0).text() == "w2")
    seen.clear()
    drive_modal(lambda: page.drill_table(row, 2), look)         # 结案率 of w2
    qtbot.waitUntil(lambda: "rows" in seen, timeout=20000)
    assert seen["rows"] == set(page.ids["late_g1"] + page.ids["open_g2"])


def test_charts_have_clickable_geometry(qtbot):
    from app.ui.reports.charts import BarChart, LineChart
    bar = BarChart()
    bar.resize(600, 300)
    qtbot.addWidget(bar)
    bar.set_data("t", ["a", "b", "c"], [50.0, None, 100.0])
    assert bar.bar_rect(1) is None
    r0, r2 = bar.bar_rect(0), bar.bar_rect(2)
    assert r2.height() == pytest.approx(2 * r0.height(), rel=0.02)
    with qtbot.waitSignal(bar.clicked) as got:
        qtbot.mouseClick(bar, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.LeftButton,
                         pos=r2.center().toPoint())
    assert got.args == [2]
    line = LineChart()
    line.resize(600, 300)
    qtbot.addWidget(line)
    line.set_data("t", ["a", "b"], [None, 20.0])
    assert line.point_at(0) is None and line.index_at(line.point_at(1)) == 1
    line.set_data("t", ["a"], [None])
    assert not line.has_data()
    assert not line.grab().isNull()                  # the empty state paints


# -- 统计: switching the month while the previous month still computes ----------------------

def test_switching_the_month_stops_the_month_still_computing(qtbot, stats_page,
                                                             monkeypatch):
    page = stats_page
    assert page.result["query"].month == 11 and not page.is_busy()
    watch = Watch()
    real = metrics.indicators
    october = metrics.period_bounds(2026, 10)[0]
    armed = [True]

    def indicators(conn, **kw):
        # October's figures take 20 s here (a big area), once; everything else is quick
        slow = 20.0 if armed[0] and kw.get("start") == october else 0.0
        if slow:
            armed[0] = False
        return watch.run(conn, lambda: real(conn, **kw), slow=slow, label=("month", 10))
    monkeypatch.setattr(metrics, "indicators", indicators)

    shown = []
    page.period.setCurrentIndex(page.period.findData("2026-10"))
    assert watch.slow_started.wait(10)          # October is computing
    asked = time.monotonic()
    page.period.setCurrentIndex(page.period.findData("2026-09"))
    qtbot.waitUntil(lambda: page.result["query"].month == 9 and not page.is_busy(),
                    timeout=15000)
    assert time.monotonic() - asked < 10, "September waited for October to finish"
    # let every task end and deliver: October's late result must not replace September's
    assert threads.settle(15000)
    qtbot.wait(50)
    shown.append(page.result["query"].month)
    assert shown == [9]
    assert page.period.currentData() == "2026-09"
    assert watch.interrupted == [("month", 10)]
    assert watch.most_at_once == 1, "two queries ran on one connection at once"
    assert page.cards["closure_rate"].value.text() == "—"     # no cases in September
