"""Houses and organizations on the desktop (docs/domain-houses.md): the street-shaped
address tree, the write path (row + outbox op + audit record, nothing half-saved),
the findings a grid worker sees, inspections and a hazard turned into a case, and the
migration of an existing store to schema 12 with its data unchanged."""
from __future__ import annotations

import json

import pytest

from app.models.cases.repository import Cases
from app.models.domain import credit_code
from app.models.places.repository import Places
from app.models.roster.repository import ValidationError
from app.models.store import migrations
from app.models.store.database import open_store

from tests.conftest import TODAY

GOOD_CODE = "91350100M000100Y43"


@pytest.fixture
def places(store, actor):
    return Places(store, actor, today=TODAY)


@pytest.fixture
def road(roster, street):
    """红专路 › 12号 › 12号院 › a 平房 room, and 13号 (a shop at the door)."""
    road = roster.create_address("road", "001", "红专路", grid_id=street["grid1"]["id"])
    door = roster.create_address("door", "0012", "12号", parent_id=road["id"])
    yard = roster.create_address("yard", "01", "院", parent_id=door["id"])
    room = roster.create_address("room", "0001", "东屋", parent_id=yard["id"])
    shop = roster.create_address("door", "0013", "13号", parent_id=road["id"])
    return dict(road=road, door=door, yard=yard, room=room, shop=shop)


def _person(roster, street, name, id_number):
    return roster.create_resident({"name": name, "id_number": id_number,
                                   "residence_type": "floating"},
                                  grid_id=street["grid1"]["id"])


def _outbox(store, entity):
    return store.conn.execute("SELECT op, changed FROM outbox WHERE entity = ? "
                              "ORDER BY device_seq", (entity,)).fetchall()


def test_the_street_shape_lives_beside_estates(roster, street, road):
    assert road["room"]["full_name"] == "红专路 12号 院 东屋"
    assert road["room"]["code"].startswith(road["yard"]["code"])
    tops = roster.address_children(grid_id=street["grid1"]["id"])
    assert {a["kind"] for a in tops} == {"estate", "road"}
    with pytest.raises(ValidationError) as err:          # a unit under a yard: no such shape
        roster.create_address("unit", "01", "1单元", parent_id=road["yard"]["id"])
    assert err.value.issues[0].code == "address.parent"
    with pytest.raises(ValidationError) as err:
        roster.create_address("door", "0012", "12号", parent_id=road["road"]["id"])
    assert err.value.issues[0].code == "address.exists"


def test_a_rental_with_tenants_goes_through_the_write_path(store, roster, street, road, places):
    a = _person(roster, street, "赵一", "11010519491231002X")
    b = _person(roster, street, "钱二", "440524188001010014")
    house = places.create_house(road["room"]["id"], {
        "use": "rental", "area": "18.5", "owner_name": "孙房东", "owner_phone": "138 0013 8000",
        "registered_on": "2026-03-01"})
    assert house["path"] == road["room"]["code"] and house["grid_id"] == street["grid1"]["id"]
    assert house["owner_phone"] == "13800138000" and house["area"] == 18.5
    assert places.findings(house["id"]) == ["rental_no_tenants"]
    places.add_tenant(house["id"], a["id"], moved_in="2026-03-05")
    places.add_tenant(house["id"], b["id"], moved_in="2026-04-01", moved_out="2026-10-01")
    assert places.findings(house["id"]) == []
    assert [t["name"] for t in places.tenants(house["id"], current_only=True)] == ["赵一"]
    assert [op for op, _ in _outbox(store, "houses")] == ["create"]
    assert [op for op, _ in _outbox(store, "house_tenants")] == ["create", "create"]
    audit = store.conn.execute("SELECT count(*) FROM audit_log WHERE entity IN "
                               "('houses', 'house_tenants')").fetchone()[0]
    assert audit == 3
    # a move-out before the move-in is refused beside the field, nothing written
    tenant = places.tenants(house["id"])[0]
    with pytest.raises(ValidationError) as err:
        places.end_tenancy(tenant["id"], "2026-01-01")
    assert [(i.field, i.code) for i in err.value.issues] == [("moved_out", "date.before_start")]
    assert len(_outbox(store, "house_tenants")) == 2
    places.update_house(house["id"], {"use": "group_rental"})
    assert "group_rental" in places.findings(house["id"])
    rows = places.houses(path_prefix=street["grid1"]["code"], use="group_rental")
    assert [r["id"] for r in rows] == [house["id"]] and rows[0]["findings"] == ["group_rental"]


def test_bad_house_values_are_refused_and_nothing_is_saved(store, road, places):
    before = store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    for values, expected in [({"use": "castle"}, ("use", "choice.invalid")),
                             ({"use": "own", "area": "-3"}, ("area", "area.invalid")),
                             ({"use": "own", "owner_phone": "555"},
                              ("owner_phone", "phone.invalid"))]:
        with pytest.raises(ValidationError) as err:
            places.create_house(road["room"]["id"], values)
        assert (err.value.issues[0].field, err.value.issues[0].code) == expected
    assert store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == before
    assert store.conn.execute("SELECT count(*) FROM houses").fetchone()[0] == 0


def test_an_organization_and_its_credit_code(store, road, places):
    org = places.create_organization({"name": "老王烩面馆", "kind": "nine_small",
                                      "category": "restaurant", "credit_code": " 91350100m000100y43",
                                      "contact_phone": "13900001111",
                                      "address_id": road["shop"]["id"]})
    assert org["credit_code"] == GOOD_CODE and org["path"] == road["shop"]["code"]
    with pytest.raises(ValidationError) as err:
        places.create_organization({"name": "别家", "kind": "enterprise",
                                    "credit_code": GOOD_CODE[:17] + "0",
                                    "address_id": road["shop"]["id"]})
    assert [(i.field, i.code) for i in err.value.issues] == [("credit_code", "credit.checksum")]
    with pytest.raises(ValidationError) as err:
        places.create_organization({"name": "重复", "kind": "enterprise", "credit_code": GOOD_CODE,
                                    "address_id": road["shop"]["id"]})
    assert err.value.issues[0].code == "credit.duplicate"
    found = places.organizations(text=GOOD_CODE[-6:])
    assert [o["name"] for o in found] == ["老王烩面馆"]
    assert places.organizations(kind="nine_small", due_only=True)[0]["id"] == org["id"]


def test_an_inspection_hazard_becomes_a_case_in_one_click(store, roster, street, road, places,
                                                          actor):
    org = places.create_organization({"name": "老王烩面馆", "kind": "nine_small",
                                      "category": "restaurant", "address_id": road["shop"]["id"]})
    items = places.checklist_for(org["id"])
    assert "gas" in items and "escape_routes" in items
    results = {k: "ok" for k in items}
    results["escape_routes"] = "hazard"
    insp = places.record_inspection(org["id"], results, findings="后门堆放纸箱",
                                    inspected_on="2026-11-27")
    assert insp["next_due"] == "2026-12-04"          # a hazard: re-inspect in 7 days
    assert not places.organizations(due_only=True)   # due in the future, not overdue
    cases = Cases(store, actor)
    case = places.hazard_to_case(insp["id"], cases)
    assert case["category"] == "fire_hazard" and case["grid_id"] == street["grid1"]["id"]
    assert "疏散通道畅通" in case["description"] and "后门堆放纸箱" in case["description"]
    assert case["state"] == "reported"
    assert places.inspection(insp["id"])["case_id"] == case["id"]
    patch = _outbox(store, "inspections")[-1]
    assert patch[0] == "patch" and json.loads(patch[1]) == {"case_id": case["id"]}
    with pytest.raises(ValidationError):             # one case per inspection
        places.hazard_to_case(insp["id"], cases)
    clean = places.record_inspection(org["id"], {k: "ok" for k in items},
                                     inspected_on="2026-11-28")
    assert clean["next_due"] == "2027-02-26"
    with pytest.raises(ValidationError) as err:
        places.hazard_to_case(clean["id"], cases)
    assert err.value.issues[0].code == "inspection.no_hazard"


def test_a_v11_store_keeps_its_addresses_and_takes_the_new_kinds(tmp_path, monkeypatch):
    monkeypatch.setattr(migrations, "LATEST", 11)
    monkeypatch.setattr(migrations, "STEPS", [s for s in migrations.STEPS if s[0] <= 11])
    s = open_store(tmp_path / "d")
    assert s.conn.execute("PRAGMA user_version").fetchone()[0] == 11
    from app.models.roster.repository import Roster
    from app.models.write.unit import Actor
    r = Roster(s, Actor("w", "w"), today=TODAY)
    city = r.create_org_unit("4101", "郑州市", "city")
    grid = r.create_org_unit("410105003001001", "第一网格", "grid", city["id"])
    est = r.create_address("estate", "001", "幸福小区", grid_id=grid["id"])
    room = r.create_address("room", "0501", "501室", parent_id=r.create_address(
        "unit", "02", "2单元", parent_id=r.create_address(
            "building", "003", "3号楼", parent_id=est["id"])["id"])["id"])
    before = s.conn.execute("SELECT * FROM addresses ORDER BY id").fetchall()
    outbox = s.conn.execute("SELECT * FROM outbox ORDER BY device_seq").fetchall()
    with pytest.raises(Exception):          # 11 takes no street shape
        s.conn.execute("UPDATE addresses SET kind = 'road' WHERE id = ?", (est["id"],))
    s.close()
    monkeypatch.undo()
    s = open_store(tmp_path / "d")
    try:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST   # 12 and on
        assert s.conn.execute("SELECT * FROM addresses ORDER BY id").fetchall() == before
        assert s.conn.execute("SELECT * FROM outbox ORDER BY device_seq").fetchall() == outbox
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert s.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        r = Roster(s, Actor("w", "w"), today=TODAY)
        road = r.create_address("road", "001", "红专路", grid_id=grid["id"])
        assert road["code"] == "410105003001001R001"
        assert room["code"] == "410105003001001-001003020501"
        p = Places(s, Actor("w", "w"), today=TODAY)
        assert p.create_house(room["id"], {"use": "own"})["path"] == room["code"]
        assert credit_code.is_valid(GOOD_CODE)
    finally:
        s.close()


def test_the_demo_street_has_houses_and_organizations_the_server_would_take(tmp_path):
    """./dev demo shows them: rentals with tenants, group rentals, vacant flats, a
    rental nobody registered, 九小场所 with inspections (one with a hazard, one
    overdue, one never inspected); every row passes the rules the server applies."""
    import datetime as dt

    from app.models.demo import street as demo
    from app.models.domain import validation
    from app.models.write.unit import Actor
    s = open_store(tmp_path / "d")
    try:
        demo.generate(s, 2000, today=dt.date(2026, 12, 6), geometry=False)
        p = Places(s, Actor("w", "w"), today=dt.date(2026, 12, 6))
        uses = p.use_counts()
        assert {"own", "rental", "group_rental", "vacant", "business"} <= set(uses)
        found = {f for h in p.houses(limit=10**6) for f in h["findings"]}
        assert {"group_rental", "rental_no_tenants", "rental_unregistered"} <= found
        orgs = p.organizations()
        nine = [o for o in orgs if o["kind"] == "nine_small"]
        assert len(nine) >= 9 and any(o["due"] for o in nine)
        assert any(o["last_inspected"] is None for o in nine)
        assert any(o["last_checklist"] and "hazard" in o["last_checklist"] for o in nine)
        for table in ("houses", "house_tenants", "organizations", "org_employees",
                      "inspections", "addresses"):
            cur = s.conn.execute(f"SELECT * FROM {table}")
            cols = [c[0] for c in cur.description]
            for r in cur.fetchall():
                row = dict(zip(cols, r))
                assert validation.validate_row(table, row, today=dt.date(2026, 12, 6),
                                               categories=None) == [], (table, row)
        assert s.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        s.close()


def test_organizations_are_found_by_name_pinyin_credit_tail_and_address(road, places):
    org = places.create_organization({"name": "老王烩面馆", "kind": "nine_small",
                                      "category": "restaurant", "credit_code": GOOD_CODE,
                                      "address_id": road["shop"]["id"]})
    places.create_organization({"name": "好邻居便利店", "kind": "nine_small", "category": "shop",
                                "address_id": road["door"]["id"]})
    for text in ("烩面", "lwhmg", "huimian", "LWHM", "00Y43", "y43", "红专路13号", "红专路 13"):
        assert [o["id"] for o in places.organizations(text=text)] == [org["id"]], text
    assert places.organizations(text="zzz") == []
    assert len(places.organizations(text="hl")) == 1         # 好邻居


def test_the_home_page_lists_the_inspections_due(store, road, places, actor):
    import datetime as dt

    from app.models.domain import calendar as cal
    from app.models.reports import home
    org = places.create_organization({"name": "星空网咖", "kind": "nine_small",
                                      "category": "internet_cafe",
                                      "address_id": road["shop"]["id"]})
    now = dt.datetime(2026, 11, 28, 9, 0, tzinfo=cal.TZ)

    def due():
        s = home.summary(store.conn, actor, calendar=cal.WorkCalendar(), now=now)
        return [(o["name"], o["next_due"]) for o in s.inspections_due]
    assert due() == [("星空网咖", None)]                       # never inspected
    items = places.checklist_for(org["id"])
    places.record_inspection(org["id"], {k: "ok" for k in items}, inspected_on="2026-11-20")
    assert due() == []                                          # next in 90 days
    places.record_inspection(org["id"], {**{k: "ok" for k in items}, "minors": "hazard"},
                             inspected_on="2026-11-27")
    assert due() == [("星空网咖", "2026-12-04")]                # a hazard: in a week


def test_indicators_of_rentals_and_small_venues(store, roster, street, road, places, actor):
    from app.models.places import stats
    empty = stats.compute(store.conn, street["grid1"]["code"], TODAY)
    assert (empty.rentals, empty.registration_rate, empty.on_time_rate) == (0, None, None)
    a = _person(roster, street, "赵一", "11010519491231002X")
    h = places.create_house(road["room"]["id"], {"use": "rental", "registered_on": "2026-03-01"})
    places.add_tenant(h["id"], a["id"], moved_in="2026-03-05")
    places.create_house(road["door"]["id"], {"use": "group_rental"})
    places.create_house(road["yard"]["id"], {"use": "own"})
    cafe = places.create_organization({"name": "星空网咖", "kind": "nine_small",
                                       "category": "internet_cafe",
                                       "address_id": road["shop"]["id"]})
    places.create_organization({"name": "好邻居", "kind": "nine_small", "category": "shop",
                                "address_id": road["shop"]["id"]})
    items = places.checklist_for(cafe["id"])
    insp = places.record_inspection(cafe["id"], {**{k: "ok" for k in items},
                                                 "minors": "hazard"}, inspected_on="2026-11-27")
    case = places.hazard_to_case(insp["id"], Cases(store, actor))
    s = stats.compute(store.conn, street["grid1"]["code"], TODAY)
    assert (s.houses, s.rentals, s.rentals_registered, s.group_rentals, s.tenants_now) == \
        (3, 2, 1, 1, 1)
    assert s.registration_rate == 0.5 and s.rentals_without_tenants == 1
    assert (s.nine_small, s.inspected_on_time, s.on_time_rate) == (2, 1, 0.5)
    assert (s.hazards_found, s.hazards_to_cases, s.hazards_closed) == (1, 1, 0)
    store.conn.execute("UPDATE cases SET state = 'closed' WHERE id = ?", (case["id"],))
    assert stats.compute(store.conn, street["grid1"]["code"], TODAY).hazards_closed == 1
    # another grid's place: none of it
    other = stats.compute(store.conn, street["grid2"]["code"], TODAY)
    assert (other.houses, other.nine_small, other.hazards_found) == (0, 0, 0)


def test_rentals_and_organizations_export_masked_watermarked_and_audited(
        store, roster, street, road, places, actor, tmp_path):
    import openpyxl

    from app.models.places import export
    from app.models.write.unit import Actor
    a = _person(roster, street, "赵一", "11010519491231002X")
    h = places.create_house(road["room"]["id"], {"use": "rental", "owner_name": "孙房东",
                                                 "owner_phone": "13800138000"})
    places.add_tenant(h["id"], a["id"], moved_in="2026-03-05")
    places.create_house(road["yard"]["id"], {"use": "own"})
    places.create_organization({"name": "老王烩面馆", "kind": "nine_small",
                                "category": "restaurant", "credit_code": GOOD_CODE,
                                "contact_phone": "13900001111",
                                "address_id": road["shop"]["id"]})
    out = tmp_path / "rentals.xlsx"
    result = export.export(store, "rentals", str(out), actor, today=TODAY)
    ws = openpyxl.load_workbook(out).active
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    assert result.rows == 1 and result.masked
    assert "王网格" in cells[0][0] and "脱敏" in cells[0][0]
    assert cells[1][0] == "地址" and cells[2][0] == "红专路 12号 院 东屋"
    assert "138****8000" in cells[2] and "13800138000" not in str(cells)
    assert "赵一" in cells[2] and "出租屋未登记" in cells[2]
    out2 = tmp_path / "orgs.xlsx"
    export.export(store, "organizations", str(out2), actor, today=TODAY)
    text = str([[c.value for c in row] for row in openpyxl.load_workbook(out2).active.iter_rows()])
    assert GOOD_CODE in text and "139****1111" in text and "13900001111" not in text
    notes = store.conn.execute("SELECT entity, detail FROM audit_log WHERE action = 'export' "
                               "ORDER BY seq").fetchall()
    assert [n[0] for n in notes] == ["houses", "organizations"]
    with pytest.raises(export.ExportRefused):           # full values need a reason
        export.export(store, "organizations", str(out2), Actor("s", "书记",
                      "community_supervisor"), full_values=True)
    with pytest.raises(export.ExportRefused):           # a grid worker never takes them
        export.export(store, "organizations", str(out2), actor, full_values=True,
                      reason="核对")
    with pytest.raises(export.ExportRefused):
        export.export(store, "rentals", str(out), Actor("d", "部门", "dept_handler"))


def test_a_place_typed_either_way_finds_its_address(store, roster, street, road):
    from app.models.places.repository import match_address
    conn = store.conn
    for text in ("金水区 花园路街道 红专路社区 红专路 12号 院 东屋", "红专路12号院东屋"):
        assert match_address(conn, text)["id"] == road["room"]["id"], text
    assert match_address(conn, "红专路13号")["id"] == road["shop"]["id"]
    assert match_address(conn, "幸福小区3号楼2单元501")["id"] == street["room501"]["id"]
    assert match_address(conn, "幸福小区 3号楼 2单元 502室")["id"] == street["room502"]["id"]
    assert match_address(conn, "红专路99号") is None
    assert match_address(conn, "") is None


def test_the_due_filter_looks_past_the_first_page(road, places):
    """Organizations past the page's limit are still found when only the due ones
    are asked for (the filter used to run after the limit)."""
    for i in range(4):
        o = places.create_organization({"name": f"A商店{i}", "kind": "nine_small",
                                        "category": "shop", "address_id": road["door"]["id"]})
        places.record_inspection(o["id"], {k: "ok" for k in places.checklist_for(o["id"])},
                                 inspected_on="2026-11-20")
    late = places.create_organization({"name": "Z小旅馆", "kind": "nine_small",
                                       "category": "hotel", "address_id": road["shop"]["id"]})
    assert [o["name"] for o in places.organizations(due_only=True, limit=2)] == ["Z小旅馆"]
    assert [o["name"] for o in places.organizations(text="xlg", due_only=True, limit=2)] == \
        ["Z小旅馆"]
    assert places.organizations(limit=2)[0]["due"] is False
    assert late["id"] in {o["id"] for o in places.organizations(due_only=True)}
