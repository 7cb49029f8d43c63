"""Houses' and organizations' figures in 统计 and the monthly report
(app/models/reports/places_metrics.py, docs/domain-houses.md "Statistics"): 出租屋
count and registration rate, 九小场所 inspected on time, hazards closed, per grid and
community, each with the records behind it; real stores, the real statistics page."""
from __future__ import annotations

import datetime as dt

import pytest

from app.models.cases.repository import Cases as CaseRepo
from app.models.places.repository import Places
from app.models.reports import places_metrics as pm
from app.models.reports import report
from app.models.roster.repository import Roster
from app.models.write.unit import Actor
from test_metrics import G1, G2, G3, NOV, STREET, store  # noqa: F401 - the org units
from uihelpers import drive_modal

COMMUNITY = "410105003001"
ACTOR = Actor("s1", "李书记", "community_supervisor", STREET)
TODAY = dt.date(2026, 11, 28)


def _grid_places(store, grid: str, tag: str) -> dict:
    r = Roster(store, ACTOR, today=TODAY)
    road = r.create_address("road", "001", f"{tag}路", grid_id=grid)
    doors = [r.create_address("door", f"{n:04d}", f"{n}号", parent_id=road["id"])
             for n in range(1, 9)]
    return {"road": road, "doors": doors}


def _hazard(places, org_id, day):
    items = places.checklist_for(org_id)
    return places.record_inspection(org_id, {**{k: "ok" for k in items},
                                             "escape_routes": "hazard"}, inspected_on=day)


@pytest.fixture
def street_places(store):
    """G1: three rentals (two registered), a group rental, a flat lived in; 九小场所
    inspected on time, overdue, never; a hazard in November turned into a case and
    closed, one not. G2: one unregistered rental and a 九小场所 on time. G3 (another
    street): a registered rental."""
    p = Places(store, ACTOR, today=TODAY)
    cases = CaseRepo(store, ACTOR)
    g1, g2, g3 = (_grid_places(store, g, t) for g, t in ((G1, "红专"), (G2, "经三"),
                                                          (G3, "纬五")))
    d1 = g1["doors"]
    made = {"rentals_g1": [], "registered_g1": []}
    for i, values in enumerate(({"use": "rental", "registration_no": "ZZ001"},
                                {"use": "rental", "registered_on": "2026-05-01"},
                                {"use": "rental"}, {"use": "group_rental"})):
        h = p.create_house(d1[i]["id"], values)
        made["rentals_g1"].append(h["id"])
        if i < 2:
            made["registered_g1"].append(h["id"])
    p.create_house(d1[4]["id"], {"use": "own"})
    made["rental_g2"] = p.create_house(g2["doors"][0]["id"], {"use": "rental"})["id"]
    p.create_house(g3["doors"][0]["id"], {"use": "rental", "registration_no": "ZZ9"})

    def shop(doors, i, name):
        return p.create_organization({"name": name, "kind": "nine_small", "category": "shop",
                                      "address_id": doors[i]["id"]})["id"]
    made["on_time"] = shop(d1, 5, "按时便利店")
    p.record_inspection(made["on_time"], {k: "ok" for k in p.checklist_for(made["on_time"])},
                        inspected_on="2026-11-10")
    made["overdue"] = shop(d1, 6, "过期便利店")
    p.record_inspection(made["overdue"], {k: "ok" for k in p.checklist_for(made["overdue"])},
                        inspected_on="2026-07-01")               # due 2026-09-29
    made["never"] = shop(d1, 7, "从未检查便利店")
    p.create_organization({"name": "某某有限公司", "kind": "enterprise",
                           "address_id": d1[7]["id"]})          # not a 九小场所
    made["on_time_g2"] = shop(g2["doors"], 1, "经三便利店")
    p.record_inspection(made["on_time_g2"], {k: "ok" for k in p.checklist_for(
        made["on_time_g2"])}, inspected_on="2026-11-20")
    # hazards found in November: one turned into a case that was closed, one into a
    # case still open; one found in October (not November's)
    closed = _hazard(p, made["overdue"], "2026-11-05")
    case = p.hazard_to_case(closed["id"], cases)
    store.conn.execute("UPDATE cases SET state = 'closed', closed_at = "
                       "'2026-11-20T10:00:00+08:00' WHERE id = ?", (case["id"],))
    still = _hazard(p, made["never"], "2026-11-26")
    p.hazard_to_case(still["id"], cases)
    _hazard(p, made["on_time_g2"], "2026-10-15")
    made["hazard_closed"], made["hazard_open"] = closed["id"], still["id"]
    made["places"] = p
    made["g1"] = g1
    return made


def test_the_three_figures_per_street_grid_and_their_records(store, street_places):
    made = street_places
    conn = store.conn
    whole = pm.indicators(conn, **NOV, org=STREET, as_of=TODAY)
    assert whole["rental_registration_rate"] == pm.Ratio(2, 5, 40.0)      # G3 is elsewhere
    # 按时 (G1, inspected 11-10), 经三 (G2, 11-20 → its October hazard is older):
    # on time; 过期 re-inspected on 11-05 after a hazard → due 11-12, past; 从未 → its
    # hazard inspection of 11-26 is due 12-03: on time as of 11-28
    assert whole["nine_small_on_time_rate"] == pm.Ratio(3, 4, 75.0)
    assert whole["hazard_closure_rate"] == pm.Ratio(1, 2, 50.0)
    by_grid = pm.indicators_by(conn, 15, **NOV, org=STREET, as_of=TODAY)
    assert set(by_grid) == {G1, G2}
    assert by_grid[G1]["rental_registration_rate"] == pm.Ratio(2, 4, 50.0)
    assert by_grid[G2]["rental_registration_rate"] == pm.Ratio(0, 1, 0.0)
    assert by_grid[G2]["hazard_closure_rate"] == pm.Ratio(0, 0, None)       # none found
    for grid in (G1, G2):
        assert by_grid[grid] == pm.indicators(conn, **NOV, org=grid, as_of=TODAY)
    by_community = pm.indicators_by(conn, 12, **NOV, as_of=TODAY)
    assert by_community[COMMUNITY] == whole
    # the records behind each figure
    ids = {part: [r["id"] for r in pm.records(conn, "rental_registration_rate", part, **NOV,
                                               org=G1, as_of=TODAY)]
           for part in ("numerator", "denominator", "rest")}
    assert sorted(ids["numerator"]) == sorted(made["registered_g1"])
    assert sorted(ids["denominator"]) == sorted(made["rentals_g1"])
    assert sorted(ids["rest"]) == sorted(set(made["rentals_g1"]) - set(made["registered_g1"]))
    late = pm.records(conn, "nine_small_on_time_rate", "rest", **NOV, org=STREET, as_of=TODAY)
    assert [r["id"] for r in late] == [made["overdue"]]
    hazards = pm.records(conn, "hazard_closure_rate", "numerator", **NOV, org=STREET,
                         as_of=TODAY)
    assert [r["inspection_id"] for r in hazards] == [made["hazard_closed"]]
    # October: its hazard counted there, not closed; as of October's last day no
    # 九小场所 was on time (the November inspections had not happened, 经三's hazard of
    # 10-15 was due again on 10-22)
    october = pm.indicators(conn, start=dt.date(2026, 10, 1), end=dt.date(2026, 11, 1),
                            org=STREET, as_of=TODAY)
    assert october["hazard_closure_rate"] == pm.Ratio(0, 1, 0.0)
    assert october["nine_small_on_time_rate"] == pm.Ratio(0, 4, 0.0)


def test_the_figures_follow_the_records_added(store, street_places):
    p = street_places["places"]
    conn = store.conn
    before = pm.indicators(conn, **NOV, org=G1, as_of=TODAY)
    p.update_house(street_places["rentals_g1"][2], {"registration_no": "ZZ777"})
    p.record_inspection(street_places["overdue"], {
        k: "ok" for k in p.checklist_for(street_places["overdue"])}, inspected_on="2026-11-27")
    after = pm.indicators(conn, **NOV, org=G1, as_of=TODAY)
    assert before["rental_registration_rate"] == pm.Ratio(2, 4, 50.0)
    assert after["rental_registration_rate"] == pm.Ratio(3, 4, 75.0)
    assert before["nine_small_on_time_rate"].numerator + 1 == \
        after["nine_small_on_time_rate"].numerator
    with p.store.transaction():
        store.conn.execute("UPDATE houses SET deleted_at = '2026-11-28' WHERE id = ?",
                           (street_places["rentals_g1"][0],))
    assert pm.indicators(conn, **NOV, org=G1, as_of=TODAY)["rental_registration_rate"] == \
        pm.Ratio(2, 3, 66.67)


def test_the_monthly_report_has_the_figures_per_grid(store, street_places, tmp_path):
    rep = report.build(store.conn, STREET, 2026, 11, as_of=TODAY)
    assert rep.places["rental_registration_rate"] == pm.Ratio(2, 5, 40.0)
    rows = {row.key: row for row in rep.place_grids}
    assert set(rows) == {G1, G2}
    assert rows[G1].figures["hazard_closure_rate"] == pm.Ratio(1, 2, 50.0)
    from openpyxl import load_workbook

    from app.ui.reports.report_export import report_html, xlsx_labels
    path = report.write_xlsx(rep, tmp_path / "r.xlsx", xlsx_labels(rep))
    sheet = load_workbook(path).worksheets[6]          # after the cases' six sheets
    got = {r[1]: r[2:] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert got[G1] == (50.0, 2, 4, 66.67, 2, 3, 50.0, 1, 2)
    assert got[G2] == (0.0, 0, 1, 100.0, 1, 1, None, 0, 0)
    assert sheet.title == xlsx_labels(rep)["places"]
    assert "50.00% (1/2)" in report_html(rep)


# -- the page -------------------------------------------------------------------------------

@pytest.fixture
def page(qtbot, store, street_places):
    from app.ui.reports.stats_page import StatsPage
    from app.ui.shell.app import create_application
    create_application("zh_CN")
    now = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    cases = CaseRepo(store, ACTOR, now=lambda: now)
    page = StatsPage(store, cases, Roster(store, ACTOR))
    page.resize(1366, 768)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.result is not None and not page.is_busy(), timeout=20000)
    yield page
    page.close()


def test_the_page_shows_them_compares_grids_and_opens_the_records(qtbot, page, street_places):
    card = page.cards["rental_registration_rate"]
    assert card.value.text() == "40.00%"
    assert "2</a>" in card.parts.text() and "5</a>" in card.parts.text()
    assert page.cards["nine_small_on_time_rate"].value.text() == "75.00%"
    assert page.cards["hazard_closure_rate"].value.text() == "50.00%"
    assert "出租屋" in card.title.text() and "九小场所" in \
        page.cards["nine_small_on_time_rate"].title.text()
    page.grab().save("/tmp/wth-stats-street.png")
    page.org.setCurrentIndex(page.org.findData(COMMUNITY))
    qtbot.waitUntil(lambda: page.result["query"].org == COMMUNITY and not page.is_busy(),
                    timeout=20000)
    page.indicator.setCurrentIndex(page.indicator.findData("rental_registration_rate"))
    assert page.compare.labels == [G1, G2] and page.compare.values == [50.0, 0.0]
    column = 2 + list(page.cards).index("rental_registration_rate")
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == G1)
    assert page.table.item(row, column).text() == "50.00%"
    page.grab().save("/tmp/wth-stats-community.png")
    seen = {}

    def look(dlg):
        seen["ids"] = [r["id"] for r in dlg.rows]
        seen["title"] = dlg.windowTitle()
        seen["cells"] = dlg.table.rowCount()
        dlg.grab().save("/tmp/wth-stats-records.png")
        dlg.reject()
    drive_modal(lambda: page.drill_table(row, column), look)          # G1's rentals
    qtbot.waitUntil(lambda: "ids" in seen, timeout=20000)
    assert sorted(seen["ids"]) == sorted(street_places["rentals_g1"])
    assert seen["cells"] == 4 and "出租屋" in seen["title"]
    seen.clear()
    drive_modal(lambda: page.cards["nine_small_on_time_rate"].parts.linkActivated.emit(
        "numerator"), look)
    qtbot.waitUntil(lambda: "ids" in seen, timeout=20000)
    assert sorted(seen["ids"]) == sorted([street_places["on_time"], street_places["never"],
                                          street_places["on_time_g2"]])
