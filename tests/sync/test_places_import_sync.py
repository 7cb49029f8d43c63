"""A 出租房屋 and a 实有单位 file imported on a grid worker's desktop, with the street
addresses it needed made on the way, pushed to a real city server (SQLite and
PostgreSQL): the server takes every row (address codes, houses, tenants,
organizations, employees) and the other desktops of the grid's scope get them."""
from __future__ import annotations

import csv

import openpyxl

from app.models.io.places_commit import commit_places
from app.models.io.places_import import analyse_places
from app.models.io.plan import Options
from app.models.io.readers import read_file
from app.models.places.repository import Places
from synchelpers import assert_equals_server, assert_outbox_settled, heal, resident_values

GOOD_CODE = "91350100M000100Y43"


def _import(desk, path, kind, grid_id):
    analysis = analyse_places(desk.store.conn, read_file(str(path)), kind,
                              Options(grid_id, create_addresses=True), desk.actor)
    plan = analysis.plan()
    assert not plan.problems(), [(r.number, [i.code for i in i_]) for r, i_ in plan.problems()]
    return commit_places(desk.store, desk.actor, plan)


def test_imported_rentals_and_organizations_with_new_street_addresses_sync(
        any_city, any_org, desk, tmp_path):
    city, org = any_city, any_org
    w1 = desk(city.url, org.user("w1"))
    r = w1.roster()
    a = r.create_resident(resident_values("租客甲"), grid_id=org.ids["g1"])
    b = r.create_resident(resident_values("店员乙"), grid_id=org.ids["g1"])
    wb = openpyxl.Workbook()
    wb.active.append(["出租房屋地址", "用途", "面积", "房东", "房东电话", "租户身份证号", "入住日期"])
    wb.active.append(["纬五路15号院东屋", "出租", 18, "刘大爷", "13800138000", a["id_number"],
                      "2026-03-05"])
    wb.save(tmp_path / "rentals.xlsx")
    with open(tmp_path / "orgs.csv", "w", encoding="gbk", newline="") as fh:
        csv.writer(fh).writerows([["单位名称", "统一社会信用代码", "九小场所类别", "经营地址",
                                   "从业人员身份证号"],
                                  ["老王烩面馆", GOOD_CODE, "小餐饮", "纬五路17号", b["id_number"]]])
    got = _import(w1, tmp_path / "rentals.xlsx", "rentals", org.ids["g1"])
    assert got.created == 1 and got.people == 1 and got.new_addresses == 4
    got = _import(w1, tmp_path / "orgs.csv", "organizations", org.ids["g1"])
    assert got.created == 1 and got.people == 1 and got.new_addresses == 1
    w1.sync()
    w1b = desk(city.url, org.user("w1b"))
    heal([w1, w1b])
    assert_outbox_settled(w1)
    assert not w1.outbox("rejected")                     # the server took every row
    for d in (w1, w1b):
        assert_equals_server(city, d)
    p = Places(w1b.store, w1b.actor)
    house = p.houses(text="纬五路")[0]
    assert house["address"] == "纬五路 15号 院 东屋" and house["landlord_name"] == "刘大爷"
    assert [t["resident_id"] for t in p.tenants(house["id"])] == [a["id"]]
    shop = p.organization(p.find_by_credit_code(GOOD_CODE)["id"])
    assert shop["category"] == "restaurant" and shop["address"] == "纬五路 17号"
    assert [e["resident_id"] for e in p.employees(shop["id"])] == [b["id"]]
